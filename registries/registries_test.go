package registries

import (
	"strings"
	"testing"
)

func TestNormalize(t *testing.T) {
	cases := []struct {
		in, want string
		ok       bool
	}{
		{"ghcr.io", "ghcr.io", true},
		{"ghcr.io\n", "ghcr.io", true},
		{"  GHCR.IO  ", "ghcr.io", true},
		{"https://ghcr.io", "ghcr.io", true},
		{"https://ghcr.io/", "ghcr.io", true},
		{"https://ghcr.io/v2/", "ghcr.io", true},
		{"HTTPS://ghcr.io/v1/", "ghcr.io", true},
		// Plain http only to this machine: a token over it to ghcr.io
		// would cross the network in clear text.
		{"http://ghcr.io", "", false},
		{"HTTP://ghcr.io/v2/", "", false},
		{"http://ghcr.io:443", "", false},
		{"http://containers.ghe.example.com", "", false},
		{"http://localhost.evil.com:5000", "", false},
		{"http://127.0.0.1.nip.io", "", false},
		{"http://127.0.0.1:5000", "127.0.0.1:5000", true},
		{"http://127.1.2.3:5000/v2/", "127.1.2.3:5000", true},
		{"http://localhost:5000/v2/", "localhost:5000", true},
		{"Http://LOCALHOST", "localhost", true},
		{"http://[::1]:5000", "[::1]:5000", true},
		{"ghcr.io/dynamixs-ai/img", "ghcr.io", true},
		{"ghcr.io/dynamixs-ai/img:1.0", "ghcr.io", true},
		{"ghcr.io:443", "ghcr.io", true},
		{"https://ghcr.io:443/v2/", "ghcr.io", true},
		{"ghcr.io:5000", "ghcr.io:5000", true},
		{"127.0.0.1:5000", "127.0.0.1:5000", true},
		{"localhost:5000/x", "localhost:5000", true},
		{"[::1]:5000", "[::1]:5000", true},
		{"[::1]", "[::1]", true},
		// Things that must never map to a served host.
		{"ghcr.io.evil.com", "ghcr.io.evil.com", true},
		{"evil.com/ghcr.io", "evil.com", true},
		{"user@ghcr.io", "", false},
		{"https://user:pw@ghcr.io", "", false},
		{"ghcr.io%2Fevil.com", "", false},
		{"ghcr%2eio", "", false},
		{"ghсr.io", "", false}, // Cyrillic es
		{"xn--ghr-xxx.io", "xn--ghr-xxx.io", true},
		{"", "", false},
		{"   ", "", false},
		{"ftp://ghcr.io", "", false},
		{"ghcr.io:", "", false},
		{"ghcr.io:0", "", false},
		{"ghcr.io:65536", "", false},
		{"ghcr.io:+443", "", false},
		{"ghcr.io:0443", "", false},
		{"ghcr.io:443:443", "", false},
		{"ghcr..io", "", false},
		{"-ghcr.io", "", false},
		{"ghcr.io\\evil.com", "", false},
		{"[::1", "", false},
		{"[]", "", false},
		{"[::1]x", "", false},
		{"ghcr.io\x00", "", false},
		{"gh cr.io", "", false},
		// A query or fragment is where URL parsers disagree about the
		// authority: some take evil.com as the host here.
		{"https://ghcr.io#@evil.com", "", false},
		{"https://ghcr.io?@evil.com", "", false},
		{"ghcr.io?x=1", "", false},
		{"ghcr.io/v2/#x", "", false},
		// Case folding maps the Kelvin sign (U+212A) to ASCII k.
		{"containers.\u212Aelvin.example", "", false},
		{"\u212Aelvin.example/v2/", "", false},
		{"https://ghcr.io/\u212A", "", false},
		{"\u00a0ghcr.io\u0085", "", false}, // Unicode white space around it
	}
	for _, c := range cases {
		got, ok := Normalize(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("Normalize(%q) = %q, %v; want %q, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestParse(t *testing.T) {
	got, err := Parse("")
	if err != nil || len(got) != 1 || got[0] != Default {
		t.Fatalf("Parse(\"\") = %v, %v", got, err)
	}
	got, err = Parse(" ghcr.io, containers.example.com ,127.0.0.1:5000,ghcr.io,")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"ghcr.io", "containers.example.com", "127.0.0.1:5000"}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
	if _, err := Parse("ghcr.io,user@evil"); err == nil {
		t.Fatal("Parse accepted user@evil")
	}
}

func TestMatch(t *testing.T) {
	served := []string{"ghcr.io", "127.0.0.1:5000"}
	for in, want := range map[string]bool{
		"https://ghcr.io/v2/": true, "127.0.0.1:5000": true, "127.0.0.1": false,
		"ghcr.io.evil.com": false, "docker.io": false, "": false,
	} {
		if _, ok := Match(served, in); ok != want {
			t.Errorf("Match(%q) = %v, want %v", in, ok, want)
		}
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"ghcr.io", "https://ghcr.io/v2/", "ghcr.io.evil.com", "user@ghcr.io", "[::1]:5000", "ghcr.io%2F",
		"https://ghcr.io#@evil.com", "https://ghcr.io?@evil.com", "ghcr.io/x?y#z", "\u212Aelvin.example", "GHCR.IO\u212A", "\u0085ghcr.io",
		"http://ghcr.io", "HTTP://ghcr.io:443/v2/", "http://127.0.0.1:5000", "http://localhost.evil.com", "http://[::1]:5000/v2/", " http://ghcr.io"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		host, ok := Normalize(s)
		if !ok {
			return
		}
		// Only plain ASCII without a query or fragment is ever accepted.
		for i := 0; i < len(s); i++ {
			if s[i] >= 0x80 || s[i] == '?' || s[i] == '#' {
				t.Fatalf("Normalize(%q) = %q: accepted a non-ASCII byte, ? or #", s, host)
			}
		}
		// Plain http is accepted only for this machine.
		if h, _, _ := splitHostPort(host); strings.HasPrefix(strings.ToLower(strings.TrimSpace(s)), "http://") && !Loopback(h) {
			t.Fatalf("Normalize(%q) = %q: accepted plain http to a remote host", s, host)
		}
		// A normalized host is a fixed point and holds only host characters.
		again, ok2 := Normalize(host)
		if !ok2 || again != host {
			t.Fatalf("Normalize(%q) = %q, but Normalize(%q) = %q, %v", s, host, host, again, ok2)
		}
		if host == "ghcr.io" {
			// Only an authority of exactly ghcr.io (any case, :443) maps there.
			rest := strings.ToLower(strings.TrimSpace(s))
			rest = strings.TrimPrefix(strings.TrimPrefix(rest, "https://"), "http://")
			rest = strings.TrimPrefix(rest, "ghcr.io")
			rest = strings.TrimPrefix(rest, ":443")
			if rest != "" && rest[0] != '/' {
				t.Fatalf("Normalize(%q) mapped a foreign authority to ghcr.io", s)
			}
		}
	})
}

func TestLoopback(t *testing.T) {
	for h, want := range map[string]bool{
		"localhost": true, "127.0.0.1": true, "127.255.0.9": true, "[::1]": true,
		"ghcr.io": false, "localhost.evil.com": false, "127.0.0.1.nip.io": false, "[::2]": false, "128.0.0.1": false, "": false,
	} {
		if got := Loopback(h); got != want {
			t.Errorf("Loopback(%q) = %v, want %v", h, got, want)
		}
	}
}

func TestResolveAndRecord(t *testing.T) {
	noEnv := func(string) string { return "" }
	if FromEnv(noEnv) {
		t.Fatal("FromEnv with the variable empty")
	}
	for _, c := range []struct{ recorded, want string }{
		{"", "ghcr.io"},
		{"containers.ghe.example.com", "containers.ghe.example.com"},
		{"ghcr.io, Containers.GHE.example.com:443", "ghcr.io,containers.ghe.example.com"},
	} {
		got, err := Resolve(noEnv, c.recorded)
		if err != nil || strings.Join(got, ",") != c.want {
			t.Errorf("Resolve(%q) = %q, %v; want %q", c.recorded, got, err, c.want)
		}
	}
	if r := Record([]string{Default}); r != "" {
		t.Errorf("Record(default) = %q; want empty", r)
	}
	if r := Record([]string{"containers.ghe.example.com", "ghcr.io"}); r != "containers.ghe.example.com,ghcr.io" {
		t.Errorf("Record = %q", r)
	}
	env := func(k string) string {
		if k == EnvVar {
			return "registry.example.com"
		}
		return ""
	}
	if got, err := Resolve(env, "containers.ghe.example.com"); err != nil || strings.Join(got, ",") != "registry.example.com" {
		t.Errorf("Resolve with %s set = %q, %v; want the variable's list", EnvVar, got, err)
	}
	bad := func(string) string { return "user@evil" }
	if _, err := Resolve(bad, ""); err == nil || !strings.Contains(err.Error(), EnvVar) {
		t.Errorf("Resolve with a bad %s = %v; want an error naming the variable", EnvVar, err)
	}
	if _, err := Resolve(noEnv, "user@evil"); err == nil || !strings.Contains(err.Error(), "recorded by mvn-dxai init") {
		t.Errorf("Resolve with a bad record = %v; want an error naming the record", err)
	}
}
