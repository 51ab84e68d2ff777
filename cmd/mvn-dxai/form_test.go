package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dynamixs-ai/dxai/credstore"

	"github.com/dynamixs-ai/dxai/internal/hint"
	"github.com/dynamixs-ai/dxai/internal/state"
)

// TestSettingsForm: init writes the <server> in the form a flag names,
// else the one recorded for that file, else the one it last wrote into any
// file, else the token itself; an env-form copy never turns into plain
// text without --plaintext, and without a keyring there is no token to
// write.
func TestSettingsForm(t *testing.T) {
	const def, ci = "/home/a/.m2/settings.xml", "/home/a/ci/settings.xml"
	copyOf := func(path string, f state.Form) state.Copy {
		return state.Copy{Kind: state.MavenSettings, Path: path, Servers: []state.Server{{ID: "dynamixs-ai", Form: f}}}
	}
	envDef := state.Record{Copies: []state.Copy{copyOf(def, state.FormEnv)}}
	tokenCIFirst := state.Record{Copies: []state.Copy{copyOf(ci, state.FormToken), copyOf(def, state.FormEnv)}}
	// An env-only init (DXAI_TOKEN, no keyring) wrote the env form for
	// want of a token, not by choice: a later init with a keyring wrote
	// it again, "remembered" as if the user had asked for it.
	envOnlyDef := state.Record{Copies: []state.Copy{copyOf(def, state.FormEnv)}}
	envOnlyDef.Copies[0].Servers[0].EnvOnly = true
	// The newest copy is first (state.Record.Put): its form is the one
	// remembered for a file not recorded.
	var putEnvLast state.Record
	putEnvLast.Put(copyOf(ci, state.FormToken))
	putEnvLast.Put(copyOf(def, state.FormEnv))
	plain, noPlain := formFlags{plaintext: true}, formFlags{noPlaintext: true}
	for _, c := range []struct {
		name           string
		flags          formFlags
		rec            state.Record
		settings       string
		envOnly        bool
		want           state.Form
		wantRemembered bool
	}{
		{"nothing recorded", formFlags{}, state.Record{}, def, false, state.FormToken, false},
		{"--no-plaintext", noPlain, state.Record{}, def, false, state.FormEnv, false},
		{"env recorded for the file", formFlags{}, envDef, def, false, state.FormEnv, true},
		{"env recorded, another file", formFlags{}, envDef, ci, false, state.FormEnv, true},
		{"the file's own form over the last one", formFlags{}, tokenCIFirst, def, false, state.FormEnv, true},
		{"the last one for a file not recorded", formFlags{}, tokenCIFirst, "/elsewhere.xml", false, state.FormToken, false},
		{"--plaintext over a recorded env", plain, envDef, def, false, state.FormToken, false},
		{"no keyring", formFlags{}, state.Record{}, def, true, state.FormEnv, false},
		{"env written without a keyring is no choice", formFlags{}, envOnlyDef, def, false, state.FormToken, false},
		{"env written without a keyring, another file", formFlags{}, envOnlyDef, ci, false, state.FormToken, false},
		{"the newest copy's form for a file not recorded", formFlags{}, putEnvLast, "/elsewhere.xml", false, state.FormEnv, true},
		{"no keyring, token recorded", formFlags{}, tokenCIFirst, ci, true, state.FormEnv, false},
	} {
		got, remembered, err := settingsForm(c.flags, c.rec, c.settings, c.envOnly)
		if err != nil || got != c.want || remembered != c.wantRemembered {
			t.Errorf("%s: settingsForm = %q, %v, %v; want %q, %v", c.name, got, remembered, err, c.want, c.wantRemembered)
		}
	}
	if _, _, err := settingsForm(plain, envDef, def, true); !hint.IsUsage(err) {
		t.Errorf("--plaintext without a keyring: %v, want a usage error", err)
	}
	if err := (formFlags{plaintext: true, noPlaintext: true}).check(); !hint.IsUsage(err) {
		t.Errorf("--plaintext --no-plaintext: %v, want a usage error", err)
	}
}

// TestEnvOnlyFormNotRemembered: an init with DXAI_TOKEN and no keyring
// writes ${env.DXAI_TOKEN}, as it has no token to write; a later init
// once the keyring works writes the token, where it used to keep the
// env form as if the user had chosen it. --no-plaintext is remembered.
func TestEnvOnlyFormNotRemembered(t *testing.T) {
	home := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	kr := &credstore.Memory{Err: &credstore.UnavailableError{Reason: "no session bus"}}
	const tok = "ghp_EnvOnlyForm00000000000000000000_0000"
	base := []string{"HOME=" + home, "PATH=/usr/bin:/bin"}
	settings := filepath.Join(home, "settings.xml")
	run := func(env []string, stdin string, args ...string) {
		t.Helper()
		args = append(args, "--settings", settings)
		res, err := runInProcess(ctx, args, env, home, stdin, kr)
		if err != nil || res.code != 0 {
			t.Fatalf("mvn-dxai %v: exit %d, %v\n%s", args, res.code, err, res.stderr)
		}
	}
	run(append(base, "DXAI_TOKEN="+tok, "DXAI_USERNAME=alice"), "", "init", "--offline", "--no-docker", "--no-gradle")
	if data, _ := os.ReadFile(settings); !strings.Contains(string(data), EnvPassword) {
		t.Fatalf("the env-only init wrote no %s:\n%s", EnvPassword, data)
	}
	kr.Err = nil
	run(base, tok+"\n", "init", "--offline", "--username", "alice", "--token-stdin", "--no-docker", "--no-gradle")
	if data, _ := os.ReadFile(settings); !strings.Contains(string(data), "<password>"+tok+"</password>") {
		t.Fatalf("init with a keyring kept the env-only form:\n%s", data)
	}
	run(base, "", "init", "--offline", "--no-docker", "--no-gradle", "--no-plaintext")
	run(base, "", "init", "--offline", "--no-docker", "--no-gradle")
	if data, _ := os.ReadFile(settings); !strings.Contains(string(data), EnvPassword) {
		t.Fatalf("init forgot --no-plaintext:\n%s", data)
	}
}
