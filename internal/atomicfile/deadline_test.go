//go:build unix

package atomicfile

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestUpdateAsOneDeadline: the lock's wait bounds the whole UpdateAs, not
// each of its new starts. Before, each start waited LockTimeout afresh,
// so five starts could wait five times as long, past the helper's bound
// on the handoff. Here the first start uses up the whole bound (its path
// is changed, so it starts again), and the second finds the lock held
// for a moment: it fails at once instead of waiting again.
func TestUpdateAsOneDeadline(t *testing.T) {
	defer func(d time.Duration) { LockTimeout = d }(LockTimeout)
	LockTimeout = 100 * time.Millisecond
	dir := t.TempDir()
	a, b, link := filepath.Join(dir, "a"), filepath.Join(dir, "b"), filepath.Join(dir, "token")
	if err := os.Symlink(a, link); err != nil {
		t.Fatal(err)
	}
	tries := 0
	hookBeforeLock = func(string) {
		tries++
		if tries == 1 {
			time.Sleep(LockTimeout + 50*time.Millisecond) // the bound passes
			os.Remove(link)
			if err := os.Symlink(b, link); err != nil {
				t.Error(err)
			}
			return
		}
		unlock, err := Lock(b)
		if err != nil {
			t.Error(err)
			return
		}
		time.AfterFunc(20*time.Millisecond, unlock) // well within a fresh bound
	}
	t.Cleanup(func() { hookBeforeLock = nil })
	_, err := UpdateAs(link, 0o600, Secret, func([]byte, bool) ([]byte, error) { return []byte("new"), nil })
	var le *LockError
	if !errors.As(err, &le) || tries != 2 || le.Waited != LockTimeout {
		t.Errorf("after %d tries: %v; want the lock error of the one bound", tries, err)
	}
	gone(t, a, b)
}

// TestLimitWaits: a process bounded as a whole (mvn-dxai run by the
// helper's handoff) ends every wait for a lock by its limit, and says how
// long it could wait.
func TestLimitWaits(t *testing.T) {
	path := filepath.Join(t.TempDir(), "settings.xml")
	unlock, err := Lock(path)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	lift := LimitWaits(time.Now()) // already over: no wait at all
	_, err = UpdateAs(path, 0o600, Plain, func([]byte, bool) ([]byte, error) { return []byte("x"), nil })
	lift()
	var le *LockError
	if !errors.As(err, &le) || le.Waited != 0 {
		t.Fatalf("UpdateAs under an expired limit = %v; want a lock error that waited 0s", err)
	}
	if !waitLimit.IsZero() {
		t.Errorf("the limit stayed after lift: %v", waitLimit)
	}
	gone(t, path)
}
