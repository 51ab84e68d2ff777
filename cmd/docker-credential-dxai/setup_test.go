package main

// The helper's setup: the record it reads its registries from, and the
// environment and config folder main hands it.

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/docker/docker-credential-helpers/credentials"
	"github.com/dynamixs-ai/dxai/credstore"
	"github.com/dynamixs-ai/dxai/internal/state"
	"github.com/dynamixs-ai/dxai/registries"
)

// osHelper is the helper main makes, in this test's environment.
func osHelper(stderr io.Writer) *helper {
	cfg, _ := os.UserConfigDir()
	return newHelper(stderr, os.Getenv, os.Environ, cfg)
}

// writeRecord makes r the record osHelper reads, and returns its path.
func writeRecord(t *testing.T, r state.Record) string {
	cfg := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", cfg)
	t.Setenv("HOME", t.TempDir())
	p := state.PathIn(cfg)
	if err := state.SaveTo(p, r); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestRegistriesFromRecord: the registries init recorded (--github-host)
// replace ghcr.io; DXAI_REGISTRIES replaces them for one process and is
// never stored, so a store under it widens nothing for the next get.
func TestRegistriesFromRecord(t *testing.T) {
	writeRecord(t, state.Record{Registries: "containers.ghe.example.com"})
	t.Setenv("DXAI_REGISTRIES", "")
	mem := &credstore.Memory{}
	fresh := func() *helper {
		h := osHelper(&bytes.Buffer{})
		if h.setup != nil {
			t.Fatal(h.setup)
		}
		h.store = &credstore.Store{Keyring: mem, Getenv: func(string) string { return "" }}
		h.onChange = nil
		return h
	}
	h := fresh()
	if got := strings.Join(h.served, ","); got != "containers.ghe.example.com" {
		t.Fatalf("served = %s; want the recorded registry", got)
	}
	if _, err := run(h, "store", `{"ServerURL":"containers.ghe.example.com","Username":"alice","Secret":"`+testToken+`"}`); err != nil {
		t.Fatal(err)
	}
	if out, err := run(h, "get", "https://containers.ghe.example.com/v2/"); err != nil || !strings.Contains(out, testToken) {
		t.Fatalf("get of the recorded registry = %q, %v", out, err)
	}
	if out, err := run(h, "get", "ghcr.io"); err == nil || strings.Contains(out, testToken) {
		t.Fatalf("get ghcr.io with an enterprise record = %q, %v; want not found", out, err)
	}
	if _, err := run(h, "erase", "ghcr.io"); err != nil {
		t.Fatal(err)
	}
	if e, _ := h.store.GetKeyring(); e.Token != testToken {
		t.Fatal("erase ghcr.io removed the enterprise entry")
	}

	t.Setenv("DXAI_REGISTRIES", "ghcr.io,localhost:5000")
	h = fresh()
	if out, err := run(h, "get", "containers.ghe.example.com"); err == nil || strings.Contains(out, testToken) {
		t.Fatalf("get with DXAI_REGISTRIES set = %q, %v; want not found", out, err)
	}
	if _, err := run(h, "store", `{"ServerURL":"localhost:5000","Username":"alice","Secret":"`+testToken+`"}`); err != nil {
		t.Fatal(err)
	}
	if raw := mem.Items[credstore.Service+"/"+credstore.Account]; strings.Contains(raw, "localhost") || strings.Contains(raw, "registries") {
		t.Fatalf("store kept the per-process list in the entry: %s", raw)
	}
	t.Setenv("DXAI_REGISTRIES", "")
	h = fresh()
	if out, err := run(h, "get", "localhost:5000"); err == nil || strings.Contains(out, testToken) {
		t.Fatalf("get localhost:5000 after the variable was unset = %q, %v; want not found", out, err)
	}
}

// TestSetupErrorsCarryTheirFix: each way the helper cannot start reaches
// get's warning with its own fix, then what happens until it is made: a
// record it cannot read or that fails validation is deleted and written
// again by init; one refused as unsafe keeps its refusal's fix (here, the
// folder's mode); a bad DXAI_KEYRING_TIMEOUT or DXAI_REGISTRIES is set
// right or unset (re-running init would change nothing).
func TestSetupErrorsCarryTheirFix(t *testing.T) {
	const noCreds = "; until then docker gets no credentials from dxai"
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T)
		want  string
		fix   string // a regexp
	}{
		{"unreadable record", func(t *testing.T) {
			p := writeRecord(t, state.Record{Registries: "ghcr.io"})
			if err := os.WriteFile(p, []byte("{not json"), 0o600); err != nil {
				t.Fatal(err)
			}
		}, "state.json", `delete \S+/dxai/state\.json and run "mvn-dxai init" again`},
		{"recorded registries", func(t *testing.T) {
			writeRecord(t, state.Record{Registries: "ghcr.io,user@evil"})
		}, "user@evil", `delete \S+/dxai/state\.json and run "mvn-dxai init" again`},
		{"record in a folder all can write", func(t *testing.T) {
			p := writeRecord(t, state.Record{Registries: "ghcr.io"})
			if err := os.Chmod(filepath.Dir(p), 0o777); err != nil {
				t.Fatal(err)
			}
		}, "can be written by every user", `run "chmod o-w \S+/dxai" if nobody else needs to write there, or use a file in a folder that only you can change`},
		{"keyring timeout", func(t *testing.T) {
			writeRecord(t, state.Record{})
			t.Setenv(credstore.EnvTimeout, "soon")
		}, credstore.EnvTimeout + `="soon" is not a duration`, `set DXAI_KEYRING_TIMEOUT to whole seconds or a Go duration, e\.g\. DXAI_KEYRING_TIMEOUT=90s, or unset it to use the default`},
		{"served registries", func(t *testing.T) {
			writeRecord(t, state.Record{})
			t.Setenv("DXAI_REGISTRIES", "user@evil")
		}, `DXAI_REGISTRIES: "user@evil" is not a registry host`, `set DXAI_REGISTRIES to registry hosts .*, or unset it to serve what init set up`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("DXAI_REGISTRIES", "")
			tc.setup(t)
			var stderr bytes.Buffer
			h := osHelper(&stderr)
			if _, err := run(h, "get", "ghcr.io"); !credentials.IsErrCredentialsNotFound(err) {
				t.Fatalf("get = %v", err)
			}
			lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
			fix := regexp.MustCompile("^" + name + ": hint: " + tc.fix + regexp.QuoteMeta(noCreds) + "$")
			if len(lines) != 2 || !strings.HasPrefix(lines[0], name+": warning: ") || !strings.Contains(lines[0], tc.want) ||
				!fix.MatchString(lines[1]) {
				t.Errorf("stderr:\n%s", stderr.String())
			}
		})
	}
}

// TestNewHelperEnvironment: the helper reads the environment and config
// folder main gives it, not the process's.
func TestNewHelperEnvironment(t *testing.T) {
	// The process's own folder holds a record that names a registry, and
	// its variables are bad: none of it may reach the helper.
	writeRecord(t, state.Record{Registries: "containers.process.example.com"})
	t.Setenv("DXAI_REGISTRIES", "ghcr.io,user@evil")
	t.Setenv(credstore.EnvTimeout, "soon")
	dir := t.TempDir()
	env := map[string]string{}
	getenv := func(k string) string { return env[k] }
	h := newHelper(&bytes.Buffer{}, getenv, nil, dir)
	if h.setup != nil {
		t.Fatalf("setup = %v; the process's variables leaked in", h.setup)
	}
	if got := strings.Join(h.served, ","); got != registries.Default {
		t.Errorf("served = %s with no record in the given folder; want %s, not the process folder's record", got, registries.Default)
	}
	if h.store.File == nil || !strings.HasPrefix(h.store.File.Path, dir+string(os.PathSeparator)) {
		t.Errorf("opt-in file = %+v; want it under %s", h.store.File, dir)
	}
	// The record is read from the given folder.
	if err := state.SaveTo(state.PathIn(dir), state.Record{Registries: "containers.ghe.example.com"}); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(newHelper(&bytes.Buffer{}, getenv, nil, dir).served, ","); got != "containers.ghe.example.com" {
		t.Errorf("served = %s; want the registries of the record in the given folder", got)
	}
	env[credstore.EnvTimeout] = "soon"
	if h := newHelper(&bytes.Buffer{}, getenv, nil, dir); h.setup == nil || !strings.Contains(h.setup.Error(), credstore.EnvTimeout) {
		t.Errorf("setup with the given %s=soon = %v", credstore.EnvTimeout, h.setup)
	}
}

// TestEntry: get and list read the entry the same way: none is silent, a
// keyring that fails is explained once on stderr, and neither answers.
func TestEntry(t *testing.T) {
	mem := &credstore.Memory{}
	h, stderr := newTestHelper(mem)
	if _, ok := h.entry(); ok || stderr.Len() != 0 {
		t.Errorf("no entry: ok = %v, stderr %q", ok, stderr)
	}
	mem.Set(credstore.Service, credstore.Account, "not json")
	if _, ok := h.entry(); ok || strings.Count(stderr.String(), "\n") != 2 || !strings.Contains(stderr.String(), "warning: ") {
		t.Errorf("corrupt entry: ok = %v, stderr %q; want the warning and its hint", ok, stderr)
	}
	stderr.Reset()
	if _, err := h.store.Set(credstore.Entry{Username: "alice", Token: testToken}); err != nil {
		t.Fatal(err)
	}
	if e, ok := h.entry(); !ok || e.Token != testToken || stderr.Len() != 0 {
		t.Errorf("entry = %+v, %v, stderr %q", e, ok, stderr)
	}
}
