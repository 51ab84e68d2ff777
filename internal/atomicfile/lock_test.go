//go:build unix

package atomicfile

import (
	"bufio"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dynamixs-ai/dxai/internal/testing/hostile"
)

// TestOthersCannotHoldTheLock is the attack "flock -x ~/.m2 sleep 1000" by
// another user: before the fix the lock was a flock on the settings
// folder, which anyone who can read it can take, and Update waited for
// ever. Now the lock is in the caller's private lock folder and Update
// does not notice.
func TestOthersCannotHoldTheLock(t *testing.T) {
	hostile.NeedNobody(t)
	home, _ := hostile.World(t)
	path := filepath.Join(home, "settings.xml")
	writeFile(t, path, "old", 0o644)
	holder := hostile.Command("flock", "-x", home, "sh", "-c", "echo held; exec sleep 60")
	out, err := holder.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := holder.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { holder.Process.Kill(); holder.Wait() })
	if line, _ := bufio.NewReader(out).ReadString('\n'); line != "held\n" {
		t.Fatalf("nobody's flock said %q", line)
	}
	done := make(chan error, 1)
	go func() {
		_, err := Update(path, 0o600, func([]byte, bool) ([]byte, error) { return []byte("new"), nil })
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(2 * LockTimeout): // a hang detector, not a timing check
		t.Fatal("Update waited for nobody's flock on the folder")
	}
	if got := readFile(t, path); got != "new" {
		t.Errorf("file holds %q", got)
	}
}

// TestLockTimeout: a lock another process holds is waited for at most
// LockTimeout, and the error says which lock and that someone holds it.
func TestLockTimeout(t *testing.T) {
	defer func(d time.Duration) { LockTimeout = d }(LockTimeout)
	LockTimeout = 200 * time.Millisecond
	path := filepath.Join(t.TempDir(), "settings.xml")
	writeFile(t, path, "old", 0o600)
	unlock, err := Lock(path)
	if err != nil {
		t.Fatal(err)
	}
	// Another process: the lock is on an open file, so a second Lock in
	// this process waits as another process would.
	_, err = Update(path, 0o600, func([]byte, bool) ([]byte, error) { return []byte("new"), nil })
	var le *LockError
	if !errors.As(err, &le) {
		t.Fatalf("Update under a held lock = %v, want a *LockError", err)
	}
	msg := le.Error()
	for _, w := range []string{path, "another process holds it", le.LockFile} {
		if !strings.Contains(msg, w) {
			t.Errorf("%q does not say %q", msg, w)
		}
	}
	if !strings.Contains(le.Fix(), "fuser -v "+le.LockFile) {
		t.Errorf("fix %q does not say how to find the holder", le.Fix())
	}
	if got := readFile(t, path); got != "old" {
		t.Errorf("file holds %q", got)
	}
	unlock()
	if _, err := Update(path, 0o600, func([]byte, bool) ([]byte, error) { return []byte("new"), nil }); err != nil {
		t.Errorf("after the holder let go: %v", err)
	}
	if _, err := os.Lstat(le.LockFile); err == nil {
		t.Errorf("the lock file %s was left behind", le.LockFile)
	}
}

// TestLockFolderPrivate: the locks live in a 0700 folder of the caller's
// under the config folder, and one made wider is narrowed again.
func TestLockFolderPrivate(t *testing.T) {
	name, err := lockFile(filepath.Join(t.TempDir(), "settings.xml"))
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Dir(name)
	if want := filepath.Join(os.Getenv("XDG_CONFIG_HOME"), "dxai", "locks"); dir != want {
		t.Errorf("lock folder %s, want %s", dir, want)
	}
	os.Chmod(dir, 0o755)
	if _, err := lockFile("x"); err != nil {
		t.Fatal(err)
	}
	if got := mode(t, dir); got != 0o700 {
		t.Errorf("lock folder mode %04o, want 0700", got)
	}
}

// TestRemoveLockDir: the empty lock folder goes (a full logout leaves
// nothing of dxai behind), never while a lock is held in it, nor a folder
// that is not the lock folder; a lock taken after that makes it again.
func TestRemoveLockDir(t *testing.T) {
	path := filepath.Join(t.TempDir(), "settings.xml")
	unlock, err := Lock(path)
	if err != nil {
		t.Fatal(err)
	}
	dir := LockDir()
	if RemoveLockDir(dir) {
		t.Fatalf("removed %s while a lock was held in it", dir)
	}
	unlock()
	other := t.TempDir()
	if RemoveLockDir(other) {
		t.Fatalf("removed %s, which is not the lock folder", other)
	}
	removed := RemoveLockDir(dir)
	if _, err := os.Lstat(dir); !removed || !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("empty lock folder %s: removed %v, %v", dir, removed, err)
	}
	if RemoveLockDir(dir) {
		t.Fatal("removed a lock folder that was gone")
	}
	unlock, err = Lock(path)
	if err != nil {
		t.Fatalf("lock after the folder was removed: %v", err)
	}
	unlock()
}
