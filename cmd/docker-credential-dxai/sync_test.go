//go:build unix

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dynamixs-ai/dxai/internal/handoff"
	"github.com/dynamixs-ai/dxai/internal/testing/hostile"
)

// fakeCompanion is an environment whose PATH holds an mvn-dxai that runs
// script, ahead of the process's PATH; the process's own PATH does not
// change.
func fakeCompanion(t *testing.T, script string) (getenv func(string) string, environ func() []string) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, companion), []byte("#!/bin/sh\n"+script+"\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"PATH": dir + string(os.PathListSeparator) + os.Getenv("PATH"), "DXAI_TEST_MARK": "given"}
	getenv = func(k string) string { return env[k] }
	environ = func() []string {
		var kv []string
		for k, v := range env {
			kv = append(kv, k+"="+v)
		}
		return kv
	}
	return getenv, environ
}

// TestSyncUsesTheGivenEnvironment: the companion is looked for on the
// PATH of the helper's environment, not the process's, and runs in that
// environment.
func TestSyncUsesTheGivenEnvironment(t *testing.T) {
	getenv, environ := fakeCompanion(t, `echo "mvn-dxai: error: mark $DXAI_TEST_MARK" >&2; exit 1`)
	t.Setenv("DXAI_TEST_MARK", "process")
	var stderr bytes.Buffer
	handOff(&stderr, getenv, environ)(handoff.Store)
	if got := stderr.String(); !strings.Contains(got, "mark given") {
		t.Errorf("stderr:\n%s\nwant the companion found on the given PATH, run in the given environment", got)
	}
	stderr.Reset()
	handOff(&stderr, func(string) string { return "" }, func() []string { return nil })(handoff.Store)
	if got := stderr.String(); !strings.Contains(got, companion+" is not on PATH") {
		t.Errorf("with no PATH given: stderr:\n%s\nwant it not found (the process's PATH is not the helper's)", got)
	}
}

// TestSyncHungCompanion: a companion that never finishes is stopped after
// handoffTimeout, and the hint says so instead of pointing at a message
// "above" that never came.
func TestSyncHungCompanion(t *testing.T) {
	defer func(d time.Duration) { handoffTimeout = d }(handoffTimeout)
	handoffTimeout = 200 * time.Millisecond
	getenv, environ := fakeCompanion(t, "exec sleep 30")
	var stderr bytes.Buffer
	handOff(&stderr, getenv, environ)(handoff.Store)
	got := stderr.String()
	if strings.Contains(got, "said above") {
		t.Errorf("hint refers to a message that never came:\n%s", got)
	}
	for _, want := range []string{"settings.xml was not updated", "did not finish within 200ms", `run "mvn-dxai sync"`} {
		if !strings.Contains(got, want) {
			t.Errorf("stderr does not say %q:\n%s", want, got)
		}
	}
}

// TestSyncFailedCompanion: a companion that failed said why, in the
// helper's voice (docker shows the helper's stderr); the hint points
// there.
func TestSyncFailedCompanion(t *testing.T) {
	getenv, environ := fakeCompanion(t, `echo "mvn-dxai: error: waited 10s for the lock" >&2; exit 1`)
	var stderr bytes.Buffer
	handOff(&stderr, getenv, environ)(handoff.Store)
	got := stderr.String()
	if !strings.HasPrefix(got, "docker-credential-dxai: error: waited 10s for the lock\n") || !strings.Contains(got, "fix what is said above") {
		t.Errorf("stderr:\n%s", got)
	}
}

// TestSyncSpeaksInTheHelpersVoice: every line the companion writes, on
// stdout or stderr, with or without mvn-dxai's prefix, ends and unended,
// reaches docker as the helper's, whole and in order.
func TestSyncSpeaksInTheHelpersVoice(t *testing.T) {
	getenv, environ := fakeCompanion(t, `echo "mvn-dxai: updated <server> x"; echo "mvn-dxai: hint: h" >&2; echo "bare line"; printf "mvn-dxai: no newline"`)
	var stderr bytes.Buffer
	handOff(&stderr, getenv, environ)(handoff.Store)
	want := "docker-credential-dxai: updated <server> x\ndocker-credential-dxai: hint: h\ndocker-credential-dxai: bare line\ndocker-credential-dxai: no newline\n"
	if got := stderr.String(); got != want {
		t.Errorf("stderr:\n%s\nwant:\n%s", got, want)
	}
}

// TestSyncRefusesOthersCompanion is the review's attack on the handoff:
// the helper's PATH leads first to a folder nobody owns and everyone can
// write, holding an mvn-dxai. It is not run: the helper warns, naming
// the program and the folder's owner, with the fix; the login itself is
// not failed (handOff returns nothing to fail it with).
func TestSyncRefusesOthersCompanion(t *testing.T) {
	hostile.NeedNobody(t)
	root, open := hostile.World(t)
	evil := filepath.Join(root, "evil")
	ran := filepath.Join(open, "ran")
	hostile.Plant(t, open, evil, "sh", "-c", `mkdir "$0" && chmod 777 "$0"`)
	if err := os.WriteFile(filepath.Join(evil, companion), []byte("#!/bin/sh\ntouch "+ran+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	getenv := func(k string) string {
		if k == "PATH" {
			return evil + string(os.PathListSeparator) + os.Getenv("PATH")
		}
		return ""
	}
	var stderr bytes.Buffer
	handOff(&stderr, getenv, os.Environ)(handoff.Store)
	got := stderr.String()
	for _, want := range []string{"warning: settings.xml was not updated: refusing to run " + filepath.Join(evil, companion), "nobody (uid ", "hint: ", `run "mvn-dxai sync"`} {
		if !strings.Contains(got, want) {
			t.Errorf("stderr does not say %q:\n%s", want, got)
		}
	}
	if _, err := os.Stat(ran); err == nil {
		t.Error("the helper ran the mvn-dxai in nobody's folder")
	}
}
