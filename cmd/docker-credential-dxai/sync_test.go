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
)

// fakeCompanion puts an mvn-dxai on PATH that runs script.
func fakeCompanion(t *testing.T, script string) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, companion), []byte("#!/bin/sh\n"+script+"\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
}

// TestSyncHungCompanion: a companion that never finishes is stopped after
// handoffTimeout, and the hint says so instead of pointing at a message
// "above" that never came.
func TestSyncHungCompanion(t *testing.T) {
	defer func(d time.Duration) { handoffTimeout = d }(handoffTimeout)
	handoffTimeout = 200 * time.Millisecond
	fakeCompanion(t, "exec sleep 30")
	var stderr bytes.Buffer
	handOff(&stderr)(handoff.Store)
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

// TestSyncFailedCompanion: a companion that failed said why; the hint
// points there.
func TestSyncFailedCompanion(t *testing.T) {
	fakeCompanion(t, `echo "mvn-dxai: error: waited 10s for the lock" >&2; exit 1`)
	var stderr bytes.Buffer
	handOff(&stderr)(handoff.Store)
	got := stderr.String()
	if !strings.Contains(got, "mvn-dxai: error: waited 10s for the lock") || !strings.Contains(got, "fix what mvn-dxai said above") {
		t.Errorf("stderr:\n%s", got)
	}
}
