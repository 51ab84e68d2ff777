//go:build unix

package atomicfile

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestHoldKeepsOthersOutAcrossUpdates: a Held lock serves any number of
// updates without taking the lock again (a second flock in the same
// process would wait for itself), and every other Lock or Update waits
// for it and gives up with a *LockError until Release.
func TestHoldKeepsOthersOutAcrossUpdates(t *testing.T) {
	defer func(d time.Duration) { LockTimeout = d }(LockTimeout)
	LockTimeout = 50 * time.Millisecond
	path := filepath.Join(t.TempDir(), "state.json")
	h, err := Hold(path, Trusted)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Release()
	for _, data := range []string{"one", "two"} {
		if _, err := h.Update(0o600, func([]byte, bool) ([]byte, error) { return []byte(data), nil }); err != nil {
			t.Fatalf("update %q under the held lock: %v", data, err)
		}
	}
	var le *LockError
	if _, err := UpdateAs(path, 0o600, Trusted, func([]byte, bool) ([]byte, error) { return []byte("other"), nil }); !errors.As(err, &le) {
		t.Errorf("another update while the lock is held: %v, want a *LockError", err)
	}
	if got := readFile(t, path); got != "two" {
		t.Errorf("file holds %q, want the held updates' %q", got, "two")
	}
	h.Release()
	h.Release() // a second Release is harmless
	if _, err := h.Update(0o600, func([]byte, bool) ([]byte, error) { return []byte("late"), nil }); !errors.Is(err, ErrReleased) {
		t.Errorf("update after Release: %v, want ErrReleased", err)
	}
	if _, err := UpdateAs(path, 0o600, Trusted, func([]byte, bool) ([]byte, error) { return []byte("other"), nil }); err != nil {
		t.Errorf("update after Release: %v", err)
	}
}

// TestHoldRefusesBeforeLocking: Hold runs its kind's checks first, so a
// file another user could redirect is refused before anything is locked
// or written.
func TestHoldRefusesBeforeLocking(t *testing.T) {
	dir := t.TempDir()
	open := filepath.Join(dir, "open")
	if err := os.Mkdir(open, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(open, 0o777); err != nil {
		t.Fatal(err)
	}
	var ue *UnsafeError
	if _, err := Hold(filepath.Join(open, "state.json"), Trusted); !errors.As(err, &ue) {
		t.Fatalf("Hold in a folder all can write: %v, want an *UnsafeError", err)
	}
}

// TestHeldUpdateRefusesARedirectedPath: a path that leads elsewhere after
// Hold (a link put there meanwhile) is not written, as the held lock does
// not guard the file it now leads to.
func TestHeldUpdateRefusesARedirectedPath(t *testing.T) {
	dir := t.TempDir()
	path, elsewhere := filepath.Join(dir, "state.json"), filepath.Join(dir, "elsewhere.json")
	h, err := Hold(path, Trusted)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Release()
	if err := os.Symlink(elsewhere, path); err != nil {
		t.Fatal(err)
	}
	if _, err := h.Update(0o600, func([]byte, bool) ([]byte, error) { return []byte("x"), nil }); err == nil {
		t.Error("update through a link put there after Hold succeeded")
	}
	if _, err := os.Lstat(elsewhere); !os.IsNotExist(err) {
		t.Errorf("the link's target was written: %v", err)
	}
}
