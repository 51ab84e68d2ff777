package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dynamixs-ai/dxai/credstore"
	"github.com/dynamixs-ai/dxai/internal/testing/scripttest"
)

// TestLogoutNoGradle: logout took --no-maven and --no-docker but not
// init's --no-gradle ("unknown flag"). With it, logout leaves the Gradle
// init script where it is, and a later plain logout removes it.
func TestLogoutNoGradle(t *testing.T) {
	home := t.TempDir()
	bin := scripttest.BinDir() // the helper the Gradle script pins
	env := []string{"HOME=" + home, "PATH=" + bin + ":/usr/bin:/bin", "GRADLE_USER_HOME=" + filepath.Join(home, ".gradle")}
	kr := &credstore.Memory{}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	run := func(stdin string, args ...string) inProcessRun {
		t.Helper()
		res, err := runInProcess(ctx, args, env, home, stdin, kr)
		if err != nil || res.code != 0 {
			t.Fatalf("mvn-dxai %v: exit %d, %v\n%s", args, res.code, err, res.stderr)
		}
		return res
	}
	run("ghp_LogoutGradle0000000000000000000_0000\n", "init", "--offline", "--username", "alice", "--token-stdin", "--no-maven", "--no-docker", "--gradle")
	script := filepath.Join(home, ".gradle", "init.d", "dxai.gradle")
	if _, err := os.Stat(script); err != nil {
		t.Fatalf("init wrote no Gradle script: %v", err)
	}
	res := run("", "logout", "--no-gradle")
	if _, err := os.Stat(script); err != nil {
		t.Fatalf("logout --no-gradle removed the Gradle script: %v\n%s", err, res.stderr)
	}
	if strings.Contains(res.stderr, "dxai.gradle") {
		t.Errorf("logout --no-gradle spoke of the script:\n%s", res.stderr)
	}
	res = run("", "logout")
	if _, err := os.Stat(script); err == nil {
		t.Fatalf("a plain logout left the Gradle script:\n%s", res.stderr)
	}
	help := run("", "help")
	for _, l := range strings.Split(help.stdout+help.stderr, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "logout ") && !strings.Contains(l, "Gradle") {
			t.Errorf("help's logout line does not mention Gradle: %q", l)
		}
	}
}
