package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dynamixs-ai/dxai/credstore"
)

// firstReadFails is a keyring whose first read is unavailable (a locked
// keyring whose unlock prompt is still open), as a user meets it, and
// which answers after that.
type firstReadFails struct {
	credstore.Memory
	reads int
}

func (k *firstReadFails) Get(service, user string) (string, error) {
	k.reads++
	if k.reads == 1 {
		return "", &credstore.UnavailableError{Reason: "the keyring is locked"}
	}
	return k.Memory.Get(service, user)
}

// TestInitUnreadKeyringIsNoChange: a keyring init could not read before it
// read the token is not "the stored token changed" once it can (review: a
// locked keyring's first read made every such init refuse falsely).
func TestInitUnreadKeyringIsNoChange(t *testing.T) {
	home := t.TempDir()
	env := []string{"HOME=" + home, "PATH=/usr/bin:/bin", "MAVEN_OPTS=-Duser.home=" + home}
	kr := &firstReadFails{}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	args := []string{"init", "--offline", "--username", "alice", "--token-stdin", "--no-docker", "--no-gradle"}
	// A token stored already, read fine; then init again with a new one,
	// the first read failing.
	if res, err := runInProcess(ctx, args, env, home, "ghp_InitLockRead0000000000000000000_0000\n", &kr.Memory); err != nil || res.code != 0 {
		t.Fatalf("first init: %v\n%s", err, res.stderr)
	}
	res, err := runInProcess(ctx, args, env, home, "ghp_InitLockRead0000000000000000000_0001\n", kr)
	if err != nil {
		t.Fatal(err)
	}
	if res.code != 0 || strings.Contains(res.stderr, "changed while init") {
		t.Fatalf("init: exit %d\n%s", res.code, res.stderr)
	}
	if data, err := os.ReadFile(filepath.Join(home, ".m2", "settings.xml")); err != nil || !strings.Contains(string(data), "<username>alice</username>") {
		t.Errorf("settings.xml: %v\n%s", err, data)
	}
}
