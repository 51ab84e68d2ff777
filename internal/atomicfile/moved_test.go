//go:build unix

package atomicfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// once sets *hook to run f the first time it is called, and clears it
// after the test.
func once(t *testing.T, hook *func(string), f func(path string)) {
	t.Helper()
	var done bool
	*hook = func(path string) {
		if !done {
			done = true
			f(path)
		}
	}
	t.Cleanup(func() { *hook = nil })
}

func gone(t *testing.T, paths ...string) {
	t.Helper()
	for _, p := range paths {
		if _, err := os.Lstat(p); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s is still there (%v)", p, err)
		}
	}
}

// TestUpdateWhileRemoved is the review's race, made certain with a hook:
// an update resolves the link to its target, then, before it takes the
// lock, a Remove (logout, or init moving the token back into the
// keyring) removes target and link. The update used to write the old
// target all the same, a token file nothing leads to; now it finds,
// under the lock, that the path leads elsewhere, and writes the path.
func TestUpdateWhileRemoved(t *testing.T) {
	dir := t.TempDir()
	target, link := filepath.Join(dir, "token.real"), filepath.Join(dir, "token")
	writeFile(t, target, "old", 0o600)
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	once(t, &hookBeforeLock, func(string) {
		if removed, err := Remove(link, Secret); err != nil || !removed {
			t.Errorf("Remove = %v, %v", removed, err)
		}
	})
	changed, err := UpdateAs(link, 0o600, Secret, func(_ []byte, exists bool) ([]byte, error) { return []byte("new"), nil })
	if err != nil || !changed {
		t.Fatalf("UpdateAs = %v, %v", changed, err)
	}
	gone(t, target)
	if fi, err := os.Lstat(link); err != nil || !fi.Mode().IsRegular() || readFile(t, link) != "new" {
		t.Errorf("%s: %v, %v; want the new file there", link, fi, err)
	}
}

// TestRemoveWhileLinkReplaced: while Remove holds the lock, another
// program puts a file holding a token where the link was. Remove used to
// skip it (no longer a link) and report the token removed; now it starts
// again and removes that file too.
func TestRemoveWhileLinkReplaced(t *testing.T) {
	dir := t.TempDir()
	target, link := filepath.Join(dir, "token.real"), filepath.Join(dir, "token")
	writeFile(t, target, "old", 0o600)
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	once(t, &hookLocked, func(string) {
		if err := os.Remove(link); err != nil {
			t.Fatal(err)
		}
		writeFile(t, link, "another token", 0o600)
	})
	removed, err := Remove(link, Secret)
	if err != nil || !removed {
		t.Fatalf("Remove = %v, %v", removed, err)
	}
	gone(t, link)
}

// TestUpdateGivesUpOnAPathThatKeepsMoving: a path that leads elsewhere
// every time the lock is taken is given up after updateTries tries, with
// an error that says so; nothing is written.
func TestUpdateGivesUpOnAPathThatKeepsMoving(t *testing.T) {
	dir := t.TempDir()
	a, b, link := filepath.Join(dir, "a"), filepath.Join(dir, "b"), filepath.Join(dir, "token")
	if err := os.Symlink(a, link); err != nil {
		t.Fatal(err)
	}
	tries := 0
	hookBeforeLock = func(string) {
		tries++
		next := a
		if tries%2 == 1 {
			next = b
		}
		os.Remove(link)
		if err := os.Symlink(next, link); err != nil {
			t.Error(err)
		}
	}
	t.Cleanup(func() { hookBeforeLock = nil })
	_, err := UpdateAs(link, 0o600, Secret, func([]byte, bool) ([]byte, error) { return []byte("new"), nil })
	if err == nil || !strings.Contains(err.Error(), "changed by another program") || tries != updateTries {
		t.Errorf("after %d tries: %v", tries, err)
	}
	gone(t, a, b)
}

// TestUpdateRacesRemove runs the race for real, many times: a Secret
// update and a Remove of the same link, at once. Whoever wins, no token
// file is left that the path does not lead to.
func TestUpdateRacesRemove(t *testing.T) {
	dir := t.TempDir()
	for i := range 100 {
		target, link := filepath.Join(dir, "token.real"), filepath.Join(dir, "token")
		writeFile(t, target, "old", 0o600)
		if err := os.Symlink(target, link); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		wg.Add(2)
		go func() {
			defer wg.Done()
			if _, err := UpdateAs(link, 0o600, Secret, func([]byte, bool) ([]byte, error) { return []byte("new"), nil }); err != nil {
				t.Error(err)
			}
		}()
		go func() {
			defer wg.Done()
			if _, err := Remove(link, Secret); err != nil {
				t.Error(err)
			}
		}()
		wg.Wait()
		if _, err := os.Lstat(target); err == nil {
			if real, err := Resolve(link); err != nil || real != target {
				t.Fatalf("round %d: %s holds a token, and %s leads to %s (%v)", i, target, link, real, err)
			}
		}
		os.Remove(target)
		os.Remove(link)
	}
}
