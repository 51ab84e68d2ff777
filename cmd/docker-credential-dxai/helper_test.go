package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/docker/docker-credential-helpers/credentials"
	"github.com/dynamixs-ai/dxai/credstore"
	"github.com/dynamixs-ai/dxai/internal/state"
	"github.com/dynamixs-ai/dxai/tokenshape"
)

const testToken = "ghp_UnitTestToken000000000000000000_0000"

// newTestHelper returns a helper over an in-memory keyring serving ghcr.io
// and a loopback registry.
func newTestHelper(mem *credstore.Memory) (*helper, *bytes.Buffer) {
	var stderr bytes.Buffer
	return &helper{
		store:  &credstore.Store{Keyring: mem, Getenv: func(string) string { return "" }},
		served: []string{"ghcr.io", "127.0.0.1:5000"},
		stderr: &stderr,
	}, &stderr
}

// run is one protocol exchange, as serve does it.
func run(h *helper, action, in string) (string, error) {
	var out bytes.Buffer
	err := handle(h, action, strings.NewReader(in), &out)
	return out.String(), err
}

func TestRoundTrip(t *testing.T) {
	mem := &credstore.Memory{}
	h, stderr := newTestHelper(mem)
	if _, err := run(h, "store", `{"ServerURL":"https://ghcr.io","Username":"alice","Secret":"`+testToken+`"}`); err != nil {
		t.Fatal(err)
	}
	for _, url := range []string{"ghcr.io", "https://ghcr.io", "https://ghcr.io/v2/", "ghcr.io/dynamixs-ai/img", "ghcr.io\n", "ghcr.io:443", "127.0.0.1:5000"} {
		out, err := run(h, "get", url)
		if err != nil {
			t.Fatalf("get %q: %v", url, err)
		}
		if !strings.Contains(out, `"Username":"alice"`) || !strings.Contains(out, testToken) {
			t.Fatalf("get %q = %s", url, out)
		}
	}
	out, err := run(h, "list", "")
	if err != nil || strings.TrimSpace(out) != `{"127.0.0.1:5000":"alice","ghcr.io":"alice"}` {
		t.Fatalf("list = %s, %v", out, err)
	}
	for range 2 { // docker logout erases twice
		if _, err := run(h, "erase", "ghcr.io"); err != nil {
			t.Fatalf("erase: %v", err)
		}
	}
	if _, err := run(h, "get", "ghcr.io"); !credentials.IsErrCredentialsNotFound(err) {
		t.Fatalf("get after erase: %v", err)
	}
	out, err = run(h, "list", "")
	if err != nil || strings.TrimSpace(out) != "{}" {
		t.Fatalf("list after erase = %s, %v", out, err)
	}
	// erase says where it removed the token from, once: the second erase
	// finds nothing.
	if got := stderr.String(); got != name+": removed the token from the keyring\n" {
		t.Fatalf("stderr: %s", got)
	}
}

func TestForeignHostsGetNothing(t *testing.T) {
	mem := &credstore.Memory{}
	h, _ := newTestHelper(mem)
	if _, err := run(h, "store", `{"ServerURL":"ghcr.io","Username":"alice","Secret":"`+testToken+`"}`); err != nil {
		t.Fatal(err)
	}
	for _, url := range []string{"docker.io", "https://index.docker.io/v1/", "ghcr.io.evil.com", "evil.com/ghcr.io", "user@ghcr.io", "ghcr.io%2Fx", "127.0.0.1:5001", "127.0.0.1"} {
		out, err := run(h, "get", url)
		if err == nil || err.Error() != "credentials not found in native keychain" || strings.Contains(out, testToken) {
			t.Errorf("get %q = %q, %v; want not found", url, out, err)
		}
	}
	_, err := run(h, "store", `{"ServerURL":"docker.io","Username":"bob","Secret":"x"}`)
	if err == nil || !strings.Contains(err.Error(), "only for ghcr.io, 127.0.0.1:5000") {
		t.Fatalf("store foreign = %v", err)
	}
	if _, err := run(h, "erase", "docker.io"); err != nil {
		t.Fatalf("erase foreign = %v", err)
	}
	if e, _ := h.store.GetKeyring(); e.Token != testToken {
		t.Fatal("erase of a foreign host removed the entry")
	}
}

func TestStoreSkipsUnchanged(t *testing.T) {
	mem := &credstore.Memory{}
	h, _ := newTestHelper(mem)
	calls := 0
	h.onChange = func(event string) { calls++ }
	h.record = plaintextRecord
	in := `{"ServerURL":"ghcr.io","Username":"alice","Secret":"` + testToken + `"}`
	for range 3 {
		if _, err := run(h, "store", in); err != nil {
			t.Fatal(err)
		}
	}
	if calls != 1 {
		t.Fatalf("the handoff ran %d times, want 1", calls)
	}
	if _, err := run(h, "store", strings.Replace(in, "alice", "alice2", 1)); err != nil || calls != 2 {
		t.Fatalf("changed user: %v, %d calls", err, calls)
	}
}

func TestKeyringUnavailable(t *testing.T) {
	mem := &credstore.Memory{Err: credstore.Translate(errors.New(`exec: "dbus-launch": executable file not found in $PATH`))}
	h, stderr := newTestHelper(mem)
	out, err := run(h, "get", "ghcr.io")
	if !credentials.IsErrCredentialsNotFound(err) || out != "" {
		t.Fatalf("get = %q, %v; want not found", out, err)
	}
	msg := stderr.String()
	if !strings.Contains(msg, "no D-Bus session bus") || !strings.Contains(msg, "DXAI_TOKEN") {
		t.Fatalf("stderr lacks the explanation: %s", msg)
	}
	if out, err := run(h, "list", ""); err != nil || strings.TrimSpace(out) != "{}" {
		t.Fatalf("list = %q, %v", out, err)
	}
	if _, err := run(h, "store", `{"ServerURL":"ghcr.io","Username":"a","Secret":"`+testToken+`"}`); err == nil || !strings.Contains(err.Error(), "cannot use the keyring") {
		t.Fatalf("store = %v", err)
	}
}

func TestEnvTokenOverridesKeyring(t *testing.T) {
	h, _ := newTestHelper(&credstore.Memory{})
	env := map[string]string{"DXAI_TOKEN": testToken, "GITHUB_ACTOR": "ci-bot"}
	h.store.Getenv = func(k string) string { return env[k] }
	out, err := run(h, "get", "ghcr.io")
	if err != nil || !strings.Contains(out, `"Username":"ci-bot"`) {
		t.Fatalf("get = %s, %v", out, err)
	}
	env["DXAI_USERNAME"] = "alice"
	if out, _ := run(h, "get", "ghcr.io"); !strings.Contains(out, `"Username":"alice"`) {
		t.Fatalf("DXAI_USERNAME not preferred: %s", out)
	}
	delete(env, "DXAI_USERNAME")
	delete(env, "GITHUB_ACTOR")
	if out, _ := run(h, "get", "ghcr.io"); !strings.Contains(out, `"Username":"dxai"`) {
		t.Fatalf("placeholder not used: %s", out)
	}
}

func TestBadInput(t *testing.T) {
	h, _ := newTestHelper(&credstore.Memory{})
	huge := strings.Repeat("a", 4<<20)
	cases := []struct{ action, in, want string }{
		{"get", "", "no credentials server URL"},
		{"get", " \n\t", "no credentials server URL"},
		{"erase", "", "no credentials server URL"},
		{"store", "", "stdin was empty"},
		{"store", " \n", "stdin was empty"},
		{"store", `{"ServerURL":"ghcr.io"`, "stdin ended inside it"},
		{"store", "{not json", "invalid character"},
		{"store", `{"ServerURL":"ghcr.io","Secret":"x"}`, "no credentials username"},
		{"store", `{"Username":"a","Secret":"x"}`, "no credentials server URL"},
		{"store", `{"ServerURL":"ghcr.io","Username":"a","Secret":"  "}`, "empty token"},
		{"store", `{"ServerURL":"ghcr.io","Username":"a","Secret":"` + huge + `"}`, "more than 64 KiB"},
		{"get", huge, "more than 64 KiB"},
		{"frobnicate", "", "unknown action"},
	}
	for _, c := range cases {
		_, err := run(h, c.action, c.in)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s %.40q: err = %v, want %q", c.action, c.in, err, c.want)
		}
	}
	if _, err := h.store.GetKeyring(); !errors.Is(err, credstore.ErrNotFound) {
		t.Fatalf("bad input stored something: %v", err)
	}
}

func TestSetupError(t *testing.T) {
	t.Setenv("DXAI_REGISTRIES", "ghcr.io,user@evil")
	var stderr bytes.Buffer
	h := osHelper(&stderr)
	if _, err := run(h, "get", "ghcr.io"); !credentials.IsErrCredentialsNotFound(err) {
		t.Fatalf("get = %v", err)
	}
	if !strings.Contains(stderr.String(), "DXAI_REGISTRIES") || !strings.Contains(stderr.String(), name+": hint: set DXAI_REGISTRIES to registry hosts") {
		t.Fatalf("stderr: %s", stderr.String())
	}
	if _, err := run(h, "store", `{"ServerURL":"ghcr.io","Username":"a","Secret":"b"}`); err == nil {
		t.Fatal("store succeeded with a broken DXAI_REGISTRIES")
	}
}

func TestServe(t *testing.T) {
	h, _ := newTestHelper(&credstore.Memory{})
	for _, c := range []struct {
		args []string
		in   string
		code int
		out  string
	}{
		{[]string{name}, "", 2, "Usage: docker-credential-dxai <store|get|erase|list|version>\n"},
		{[]string{name, "get", "list"}, "", 2, "Usage: docker-credential-dxai <store|get|erase|list|version>\n"},
		{[]string{name, "bogus"}, "", 2, credentials.Name + ": unknown action: bogus\n"}, // the library's answer, as it is
		{[]string{name, "-h"}, "", 0, "Usage: docker-credential-dxai <store|get|erase|list|version>\n"},
		{[]string{name, "get"}, "ghcr.io", 1, "credentials not found in native keychain\n"},
		{[]string{name, "store"}, "", 1, `store reads {"ServerURL","Username","Secret"} as JSON on stdin, and stdin was empty` + "\n"},
		{[]string{name, "list"}, "", 0, "{}\n"},
	} {
		var out, errOut bytes.Buffer
		if code := serve(h, c.args, strings.NewReader(c.in), &out, &errOut); code != c.code || out.String() != c.out {
			t.Errorf("serve %q = %d, %q; want %d, %q", c.args, code, out.String(), c.code, c.out)
		}
		// A usage error, and stdin docker never sends, is said on stderr
		// too, in the helper's voice.
		if said := strings.HasPrefix(errOut.String(), name+": error: ") && strings.Contains(errOut.String(), "\n"+name+": hint: "); said != (c.code == exitUsage || c.args[1] == "store") {
			t.Errorf("serve %q: stderr %q", c.args, errOut.String())
		}
	}
	var out bytes.Buffer
	if code := serve(h, []string{name, "version"}, strings.NewReader(""), &out, io.Discard); code != 0 || !strings.HasPrefix(out.String(), name+" ") {
		t.Errorf("version = %d, %q", code, out.String())
	}
}

// quotingHelper fails every action with an error that quotes a token, as
// a parser quoting the input it choked on would.
type quotingHelper struct{ credentials.Helper }

func (quotingHelper) Get(string) (string, string, error) {
	return "", "", errors.New("no entry for token%3D" + testToken)
}

// TestServeMasksErrors: the protocol's error line on stdout, which docker
// shows to the user, used to be printed as it came; a token in it, even
// glued to the word before, is masked there as in every other message.
func TestServeMasksErrors(t *testing.T) {
	var out bytes.Buffer
	if code := serve(quotingHelper{}, []string{name, "get"}, strings.NewReader("ghcr.io"), &out, io.Discard); code != 1 {
		t.Fatalf("get = %d, want 1", code)
	}
	if got, want := out.String(), "no entry for token%3D"+tokenshape.Mask(testToken)+"\n"; got != want {
		t.Errorf("get printed %q, want %q", strings.ReplaceAll(got, testToken, "[the token]"), want)
	}
}

// plaintextRecord is init's record of a settings.xml holding the token.
var plaintextRecord = state.Record{Version: state.Version, Copies: []state.Copy{{
	Kind: state.MavenSettings, Path: "/home/alice/.m2/settings.xml",
	Servers: []state.Server{{ID: "dynamixs-ai", Form: state.FormToken, Created: true}},
}}}

// TestEraseHandsOff: erase removes the entry, says where from, and hands
// off to mvn-dxai only when init recorded a plain-text copy.
func TestEraseHandsOff(t *testing.T) {
	for _, c := range []struct {
		record state.Record
		want   []string
	}{{plaintextRecord, []string{"erase"}}, {state.Record{}, nil}} {
		mem := &credstore.Memory{}
		h, stderr := newTestHelper(mem)
		h.record = c.record
		var events []string
		h.onChange = func(e string) { events = append(events, e) }
		if _, err := h.store.Set(credstore.Entry{Username: "alice", Token: testToken}); err != nil {
			t.Fatal(err)
		}
		if _, err := run(h, "erase", "ghcr.io"); err != nil {
			t.Fatal(err)
		}
		if strings.Join(events, ",") != strings.Join(c.want, ",") {
			t.Errorf("handoffs = %q; want %q", events, c.want)
		}
		if !strings.Contains(stderr.String(), name+": removed the token from the keyring\n") {
			t.Errorf("stderr = %q; want where the token was removed from", stderr)
		}
		if _, err := h.store.GetKeyring(); !errors.Is(err, credstore.ErrNotFound) {
			t.Errorf("erase left the entry: %v", err)
		}
	}
}

// lines is stdin of endless "ghcr.io" lines, counting what was read.
type lines struct{ read, limit int }

func (l *lines) Read(p []byte) (int, error) {
	if l.read >= l.limit {
		return 0, io.EOF
	}
	n := 0
	for n+8 <= len(p) && l.read+n < l.limit {
		n += copy(p[n:], "ghcr.io\n")
	}
	l.read += n
	return n, nil
}

// TestStdinBounded: get, erase and store stop reading past a bound, so
// 100 MB of short lines cannot grow the helper by hundreds of MB (the
// library joins every line it reads); the answer says what was wrong.
func TestStdinBounded(t *testing.T) {
	h, _ := newTestHelper(&credstore.Memory{})
	for _, action := range []string{"get", "erase", "store"} {
		in := &lines{limit: 100 << 20}
		var out bytes.Buffer
		err := handle(h, action, in, &out)
		if err == nil || !strings.Contains(err.Error(), "stdin holds more than 64 KiB") {
			t.Errorf("%s of 100 MB: err = %v", action, err)
		}
		if in.read > 1<<20 {
			t.Errorf("%s read %d bytes of stdin; want it to stop near 64 KiB", action, in.read)
		}
	}
}

// TestStoreTakesOnlyWhatInitTakes: store replaces the one GitHub token that
// every served registry and settings.xml use, so it refuses whatever init
// would refuse. Each refusal leaves the stored token as it was, runs no
// sync, and never echoes the secret.
func TestStoreTakesOnlyWhatInitTakes(t *testing.T) {
	const refresh = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZWZyZXNoIn0.c2lnbmF0dXJl"
	cases := []struct{ user, secret, want string }{
		// docker login's identity-token form: the registry's token server
		// returned its own refresh token.
		{"<token>", refresh, "refresh token"},
		{"<token>", testToken, "refresh token"},
		// A Maven expression would be expanded by Maven and sent to GitHub.
		{"alice", "${env.AWS_SECRET_ACCESS_KEY}", "Maven expression"},
		{"alice", "ghp_${env.X}", "Maven expression"},
		// Control characters: the keyring and settings.xml would disagree.
		{"alice", testToken + "\x1b[2J", "character GitHub tokens never have"},
		{"alice", "ghp_Unit\x00TestToken00000000000000000000000", "character GitHub tokens never have"},
		{"alice", "ghp_UnitTestToken0000000000\n000000000000", "line break"},
		// Not a GitHub token at all, or one that cannot log in.
		{"alice", "hunter2CorrectHorse", "does not look like a GitHub token"},
		{"alice", "ghr_UnitTestRefresh000000000000000000000", "refresh token"},
		// init refuses a fine-grained token (GitHub Packages does), so
		// store does too: tokenshape.ForSharedEntry decides for both.
		{"alice", "github_pat_11UnitTest_FineGrained000000000", "fine-grained"},
		// A user name that is not a GitHub login.
		{"${env.USER}", testToken, "not a GitHub user name"},
		{"alice\nbob", testToken, "not a GitHub user name"},
		{"al\x7fice", testToken, "not a GitHub user name"},
	}
	for _, c := range cases {
		mem := &credstore.Memory{}
		h, stderr := newTestHelper(mem)
		if _, err := h.store.Set(credstore.Entry{Username: "alice", Token: testToken}); err != nil {
			t.Fatal(err)
		}
		synced := false
		h.onChange = func(string) { synced = true }
		h.record = plaintextRecord
		in, _ := json.Marshal(credentials.Credentials{ServerURL: "ghcr.io", Username: c.user, Secret: c.secret})
		out, err := run(h, "store", string(in))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("store %q/%q: err = %v; want %q", c.user, c.secret, err, c.want)
		}
		if err != nil && c.secret != testToken && strings.Contains(err.Error(), c.secret) || strings.Contains(out+stderr.String(), c.secret) {
			t.Errorf("store %q/%q: the secret was echoed: %v %s %s", c.user, c.secret, err, out, stderr)
		}
		// The answer on stdout says what is wrong; stderr repeats it with
		// the fix, through the printer mvn-dxai uses too.
		if err != nil && (strings.Contains(err.Error(), "https://") || !strings.Contains(stderr.String(), name+": error: "+err.Error()+"\n"+name+": hint: ")) {
			t.Errorf("store %q/%q: the fix is not carried as a hint: err %v, stderr %s", c.user, c.secret, err, stderr)
		}
		if e, _ := h.store.GetKeyring(); e.Token != testToken || e.Username != "alice" || synced {
			t.Errorf("store %q/%q replaced the GitHub token (%+v, synced %v)", c.user, c.secret, e, synced)
		}
	}

	// What init takes, store takes: a classic token for a GitHub login,
	// including a bot login as GITHUB_ACTOR has it.
	h, _ := newTestHelper(&credstore.Memory{})
	for _, user := range []string{"alice", "Octo-Cat", "github-actions[bot]"} {
		in := `{"ServerURL":"ghcr.io","Username":"` + user + `","Secret":"` + testToken + `"}`
		if _, err := run(h, "store", in); err != nil {
			t.Errorf("store for %s: %v", user, err)
		}
	}
}

// TestUnservedHostsSilent: on a machine without a keyring, docker asks the
// helper about every registry in credHelpers or a catch-all credsStore;
// for a host dxai does not serve there is nothing to explain (issue 15).
func TestUnservedHostsSilent(t *testing.T) {
	mem := &credstore.Memory{Err: credstore.Translate(errors.New(`exec: "dbus-launch": executable file not found in $PATH`))}
	h, stderr := newTestHelper(mem)
	h.served = []string{"ghcr.io"}
	for _, host := range []string{"docker.io", "https://index.docker.io/v1/", "ghcr.io.evil.com", "quay.io/x"} {
		if _, err := run(h, "get", host); !credentials.IsErrCredentialsNotFound(err) {
			t.Errorf("get %s = %v; want not found", host, err)
		}
	}
	if stderr.Len() != 0 {
		t.Errorf("get of hosts dxai does not serve printed:\n%s", stderr)
	}
	run(h, "get", "ghcr.io")
	if !strings.Contains(stderr.String(), "no D-Bus session bus") {
		t.Errorf("get of a served host without a keyring says nothing: %q", stderr)
	}
}

// TestErrorBeforeHint: a failure the helper can say how to fix reads as an
// error, then its hint, on stderr, which docker shows as it comes; docker
// prints the protocol answer (stdout) only after the helper exits.
func TestErrorBeforeHint(t *testing.T) {
	for _, c := range []struct{ action, in string }{
		{"erase", "ghcr.io"},
		{"store", `{"ServerURL":"ghcr.io","Username":"alice","Secret":"` + testToken + `"}`},
	} {
		mem := &credstore.Memory{Err: credstore.Translate(errors.New(`exec: "dbus-launch": executable file not found in $PATH`))}
		h, stderr := newTestHelper(mem)
		_, err := run(h, c.action, c.in)
		if err == nil {
			t.Fatalf("%s without a keyring succeeded", c.action)
		}
		lines := strings.Split(strings.TrimSuffix(stderr.String(), "\n"), "\n")
		if len(lines) != 2 || lines[0] != name+": error: "+err.Error() || !strings.HasPrefix(lines[1], name+": hint: ") {
			t.Errorf("%s: stderr = %q; want the error, then its hint", c.action, lines)
		}
	}
}
