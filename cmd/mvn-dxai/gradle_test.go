package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dynamixs-ai/dxai/credstore"
	"github.com/dynamixs-ai/dxai/internal/doctor"
	"github.com/dynamixs-ai/dxai/internal/state"
)

// TestGradleHelperAsDockerFindsIt: the helper the Gradle script runs is
// found as init, status and doctor find it (doctor.Env.FindHelper), so a
// helper on PATH that cannot run is named with its chmod fix, and a
// missing one gets the same install fix as everywhere else; the script is
// not written either way.
func TestGradleHelperAsDockerFindsIt(t *testing.T) {
	home, bin := t.TempDir(), t.TempDir()
	env := []string{"HOME=" + home, "PATH=" + bin}
	for _, c := range []struct {
		name, problem, fix string
		noexec             bool
	}{
		{"missing", "docker-credential-dxai is not on PATH", doctor.HelperInstallFix, false},
		{"not executable", "is on PATH but not executable", "chmod +x " + filepath.Join(bin, helperBin), true},
	} {
		if c.noexec {
			if err := os.WriteFile(filepath.Join(bin, helperBin), []byte("#!/bin/sh\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		u, _, errOut := worldFor(env, home, "", &credstore.Memory{})
		cp, wrote, err := setupGradle(u, gradleFlags{force: true}, state.Record{}, "dynamixs-ai", "ghcr.io")
		if err != nil || wrote || cp.Path != "" {
			t.Errorf("%s: setupGradle = %+v, %v, %v; want nothing written", c.name, cp, wrote, err)
		}
		got := errOut.String()
		for _, want := range []string{c.problem, "hint: " + c.fix + `; then run "mvn-dxai init --gradle"`} {
			if !strings.Contains(got, want) {
				t.Errorf("%s: stderr does not say %q:\n%s", c.name, want, got)
			}
		}
	}
}
