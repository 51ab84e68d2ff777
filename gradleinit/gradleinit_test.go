package gradleinit

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var testConfig = Config{Helper: "/home/o'brien/bin/docker-credential-dxai", ServerID: "dynamixs-ai", URLPrefix: DefaultURLPrefix, Registry: "ghcr.io"}

func TestInstallReadRemove(t *testing.T) {
	path := ScriptPath(t.TempDir())
	changed, err := Install(path, testConfig)
	if err != nil || !changed {
		t.Fatalf("Install = %v, %v", changed, err)
	}
	if changed, err := Install(path, testConfig); err != nil || changed {
		t.Errorf("Install again = %v, %v; want unchanged", changed, err)
	}
	data, _ := os.ReadFile(path)
	if !strings.Contains(string(data), `def dxaiHelper = '/home/o\'brien/bin/docker-credential-dxai'`) {
		t.Errorf("the helper path is not quoted for Groovy:\n%s", data)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %o, want 0644 (it holds no secret)", fi.Mode().Perm())
	}
	in, err := Read(path)
	if err != nil || in.Config != testConfig || in.Edited {
		t.Errorf("Read = %+v, %v", in, err)
	}
	os.WriteFile(path, append(data, "// mine\n"...), 0o644)
	if in, err := Read(path); err != nil || !in.Edited {
		t.Errorf("an edited script reads as %+v, %v", in, err)
	}
	if removed, err := Remove(path); err != nil || !removed {
		t.Errorf("Remove = %v, %v", removed, err)
	}
	if removed, err := Remove(path); err != nil || removed {
		t.Errorf("Remove again = %v, %v", removed, err)
	}
	if _, err := Read(path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Read of a missing script: %v", err)
	}
}

// A script dxai did not write is never overwritten or removed.
func TestSomeoneElsesScript(t *testing.T) {
	path := filepath.Join(t.TempDir(), "init.d", "dxai.gradle")
	os.MkdirAll(filepath.Dir(path), 0o700)
	mine := []byte("allprojects { println 'mine' }\n")
	os.WriteFile(path, mine, 0o644)
	var notOurs *NotOursError
	if _, err := Install(path, testConfig); !errors.As(err, &notOurs) {
		t.Errorf("Install over someone else's script: %v", err)
	}
	if _, err := Remove(path); !errors.As(err, &notOurs) {
		t.Errorf("Remove of someone else's script: %v", err)
	}
	if data, _ := os.ReadFile(path); string(data) != string(mine) {
		t.Errorf("someone else's script changed:\n%s", data)
	}
}

func TestCheck(t *testing.T) {
	for _, c := range []struct {
		prefix string
		ok     bool
	}{
		{DefaultURLPrefix, true},
		{"http://127.0.0.1:8080/dynamixs-ai/", true},
		{"http://localhost/", true},
		{"http://[::1]:9/", true},
		{"http://maven.example.com/", false},
		{"http://127.0.0.1.evil.com/", false},
		{"http://localhostile.com/", false},
		{"https://", false},
		{"ftp://x/", false},
		// User info moves the host: Java's URI (and Go's) take evil.com
		// as the host of http://localhost:@evil.com/.
		{"http://localhost:@evil.com/", false},
		{"http://127.0.0.1:@evil.com/", false},
		{"http://localhost@evil.com/", false},
		{"https://user:pw@maven.pkg.github.com/", false},
		{"http://[::1]@evil.com/", false},
		{"https://maven.pkg.github.com/x?y/", false},
		{"https://maven.pkg.github.com/x#y/", false},
		{"http:///x/", false},
		{"https://nexus.corp", true}, // normalised to https://nexus.corp/
	} {
		cfg := testConfig
		cfg.URLPrefix = c.prefix
		if err := cfg.Check(); (err == nil) != c.ok {
			t.Errorf("prefix %q: Check = %v, want ok=%v", c.prefix, err, c.ok)
		}
	}
	for _, bad := range []Config{
		{Helper: "docker-credential-dxai", ServerID: "x", URLPrefix: DefaultURLPrefix, Registry: "ghcr.io"},
		{Helper: "/bin/h", ServerID: "x\nprintln 'injected'", URLPrefix: DefaultURLPrefix, Registry: "ghcr.io"},
		{Helper: "/bin/h", ServerID: "", URLPrefix: DefaultURLPrefix, Registry: "ghcr.io"},
	} {
		if _, err := Render(bad); err == nil {
			t.Errorf("Render(%+v) succeeded", bad)
		}
	}
}

// TestPrefixEndsInSlash: a prefix without a final / would match look-alike
// hosts (https://nexus.corp.evil.com for https://nexus.corp), so it is
// baked into the script with one.
func TestPrefixEndsInSlash(t *testing.T) {
	for in, want := range map[string]string{
		"https://nexus.corp":           "https://nexus.corp/",
		"http://127.0.0.1:8080":        "http://127.0.0.1:8080/",
		"https://nexus.corp/maven":     "https://nexus.corp/maven/",
		DefaultURLPrefix:               DefaultURLPrefix,
		"https://nexus.corp/releases/": "https://nexus.corp/releases/",
	} {
		if got := NormalizePrefix(in); got != want {
			t.Errorf("NormalizePrefix(%q) = %q, want %q", in, got, want)
		}
	}
	cfg := testConfig
	cfg.URLPrefix = "https://nexus.corp"
	data, err := Render(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "def dxaiUrlPrefix = 'https://nexus.corp/'") {
		t.Errorf("the script's prefix does not end in /:\n%s", data)
	}
}

func TestHome(t *testing.T) {
	env := map[string]string{"HOME": "/home/alice"}
	if h, _ := Home(func(k string) string { return env[k] }); h != "/home/alice/.gradle" {
		t.Errorf("Home = %s", h)
	}
	env["GRADLE_USER_HOME"] = "/opt/gradle-home"
	if h, _ := Home(func(k string) string { return env[k] }); h != "/opt/gradle-home" {
		t.Errorf("Home with GRADLE_USER_HOME = %s", h)
	}
	// Only the environment given counts: without HOME there, the process's
	// home is not taken instead.
	t.Setenv("HOME", "/home/process")
	if h, err := Home(func(string) string { return "" }); err == nil || h != "" {
		t.Errorf("Home without HOME = %q, %v; want an error", h, err)
	}
}
