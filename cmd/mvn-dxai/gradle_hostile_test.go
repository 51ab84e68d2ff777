//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dynamixs-ai/dxai/credstore"
	"github.com/dynamixs-ai/dxai/internal/atomicfile"
	"github.com/dynamixs-ai/dxai/internal/hint"
	"github.com/dynamixs-ai/dxai/internal/state"
	"github.com/dynamixs-ai/dxai/internal/testing/hostile"
)

// TestGradleRefusesOthersHelper is the review's attack on init: PATH
// leads first to a folder nobody owns and everyone can write, holding a
// docker-credential-dxai. init used to pin it into the Gradle script,
// for every build to run; now it refuses with an error that names the
// program and the folder's owner, and a fix. The script is not written,
// and the helper beside mvn-dxai is not taken instead: docker would
// still run the other.
func TestGradleRefusesOthersHelper(t *testing.T) {
	hostile.NeedNobody(t)
	root, open := hostile.World(t)
	home := filepath.Join(root, "me")
	if err := os.MkdirAll(filepath.Join(home, ".gradle"), 0o755); err != nil {
		t.Fatal(err)
	}
	evil := filepath.Join(root, "evil")
	hostile.Plant(t, open, evil, "sh", "-c", `mkdir "$0" && chmod 777 "$0"`)
	planted := filepath.Join(evil, helperBin)
	if err := os.WriteFile(planted, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	u, _, errOut := worldFor([]string{"HOME=" + home, "PATH=" + evil + ":/usr/bin"}, home, "", &credstore.Memory{})
	cp, wrote, err := setupGradle(u, gradleFlags{}, state.Record{}, "dynamixs-ai", "ghcr.io")
	if err == nil || wrote || cp.Path != "" {
		t.Fatalf("setupGradle = %+v, %v, %v; want a refusal", cp, wrote, err)
	}
	msg, fix := err.Error(), hint.Of(err)
	for _, want := range []string{"refusing to use " + planted, "nobody (uid ", "was not written into ~/.gradle/init.d/dxai.gradle"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not say %q", msg, want)
		}
	}
	if !strings.Contains(fix, "take "+evil+" off PATH") || !strings.Contains(fix, "mvn-dxai init --gradle") {
		t.Errorf("fix %q", fix)
	}
	if _, err := os.Stat(filepath.Join(home, ".gradle", "init.d", "dxai.gradle")); err == nil {
		t.Error("the script was written")
	}
	if errOut.Len() != 0 {
		t.Errorf("stderr besides the error: %s", errOut)
	}
	// exec and kube-secret --apply look programs up the same way.
	if p, err := u.lookPath(helperBin); !atomicfile.SelfExplained(err) {
		t.Errorf("lookPath = %q, %v; want a refusal", p, err)
	}
}
