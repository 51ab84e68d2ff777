//go:build unix

package atomicfile

// Update: a read-modify-write that writes nothing when nothing changes,
// leaves the file as it was when the change fails, and cleans up after an
// interrupted writer.

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
)

// countWrites counts the renames Write makes until the test ends.
func countWrites(t *testing.T) *atomic.Int32 {
	var n atomic.Int32
	hookBeforeRename = func(string) { n.Add(1) }
	t.Cleanup(func() { hookBeforeRename = nil })
	return &n
}

func TestUpdateEqualBytesWritesNothing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "settings.xml")
	writeFile(t, path, "same\n", 0o644)
	before, _ := os.Stat(path)
	writes := countWrites(t)
	changed, err := Update(path, 0o600, func(old []byte, exists bool) ([]byte, error) {
		return bytes.Clone(old), nil
	})
	if err != nil || changed {
		t.Fatalf("Update = %v, %v; want false, nil", changed, err)
	}
	after, _ := os.Stat(path)
	if !os.SameFile(before, after) || !after.ModTime().Equal(before.ModTime()) {
		t.Error("the file was replaced although its bytes did not change")
	}
	if n := writes.Load(); n != 0 {
		t.Errorf("%d writes, want 0", n)
	}
	// Different bytes are written, once.
	changed, err = Update(path, 0o600, func([]byte, bool) ([]byte, error) { return []byte("other\n"), nil })
	if err != nil || !changed || writes.Load() != 1 {
		t.Fatalf("Update = %v, %v with %d writes; want true, nil, 1", changed, err, writes.Load())
	}
	if got := mode(t, path); got != 0o644 {
		t.Errorf("mode %04o, want 0644", got)
	}
}

func TestUpdateMissingFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.json")
	changed, err := Update(path, 0o600, func(old []byte, exists bool) ([]byte, error) {
		if old != nil || exists {
			t.Errorf("fn got %q, %v for a missing file; want nil, false", old, exists)
		}
		return []byte("{}\n"), nil
	})
	if err != nil || !changed {
		t.Fatalf("Update = %v, %v", changed, err)
	}
	if got := readFile(t, path); got != "{}\n" {
		t.Errorf("file holds %q", got)
	}
	if got := mode(t, path); got != 0o600 {
		t.Errorf("mode %04o, want 0600", got)
	}
}

func TestUpdateFnErrorLeavesFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "settings.xml")
	writeFile(t, path, "keep me\n", 0o644)
	before, _ := os.Stat(path)
	writes := countWrites(t)
	boom := errors.New("boom")
	changed, err := Update(path, 0o600, func([]byte, bool) ([]byte, error) { return []byte("partial"), boom })
	if !errors.Is(err, boom) || changed {
		t.Fatalf("Update = %v, %v; want false, boom", changed, err)
	}
	after, _ := os.Stat(path)
	if !os.SameFile(before, after) || readFile(t, path) != "keep me\n" {
		t.Error("fn failed but the file changed")
	}
	if writes.Load() != 0 {
		t.Error("fn failed but Update wrote")
	}
	noTemp(t, dir)

	// A missing file stays missing.
	missing := filepath.Join(dir, "new.json")
	if _, err := Update(missing, 0o600, func([]byte, bool) ([]byte, error) { return nil, boom }); !errors.Is(err, boom) {
		t.Fatalf("Update = %v, want boom", err)
	}
	if fileExists(missing) {
		t.Error("fn failed but a missing file was created")
	}
}

func TestUpdateRemovesStaleTemps(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "settings.xml")
	writeFile(t, path, "current\n", 0o600)
	stale := []string{
		".settings.xml" + tmpMarker + "123456789",
		".settings.xml" + tmpMarker + "abc",
	}
	for _, s := range stale {
		writeFile(t, filepath.Join(dir, s), "half a fi", 0o600)
	}
	// Other files' temporaries, and look-alikes, are not ours to remove.
	keep := []string{
		".config.json" + tmpMarker + "42",
		"settings.xml.bak",
		".settings.xml.swp",
		"settings.xml" + tmpMarker + "1", // no leading dot: not a name Write makes
	}
	for _, k := range keep {
		writeFile(t, filepath.Join(dir, k), "keep", 0o600)
	}
	// Even an Update that writes nothing cleans up.
	changed, err := Update(path, 0o600, func(old []byte, _ bool) ([]byte, error) { return old, nil })
	if err != nil || changed {
		t.Fatalf("Update = %v, %v", changed, err)
	}
	for _, s := range stale {
		if fileExists(filepath.Join(dir, s)) {
			t.Errorf("stale %s survived the Update", s)
		}
	}
	for _, k := range keep {
		if !fileExists(filepath.Join(dir, k)) {
			t.Errorf("Update removed %s, which is not a temporary of settings.xml", k)
		}
	}
	if got := readFile(t, path); got != "current\n" {
		t.Errorf("file holds %q", got)
	}
}

func TestUpdateRemovesStaleTempsNextToTarget(t *testing.T) {
	root := t.TempDir()
	real := filepath.Join(root, "real")
	if err := os.Mkdir(real, 0o700); err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(real, "config.json")
	writeFile(t, target, "{}", 0o600)
	link := filepath.Join(root, "config.json")
	os.Symlink("real/config.json", link)
	stale := filepath.Join(real, ".config.json"+tmpMarker+"7")
	writeFile(t, stale, "{", 0o600)
	if _, err := Update(link, 0o600, func(old []byte, _ bool) ([]byte, error) { return old, nil }); err != nil {
		t.Fatal(err)
	}
	if fileExists(stale) {
		t.Error("a stale temporary next to the link's target survived")
	}
}

func TestWriteFailureLeavesNoTemp(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "settings.xml")
	writeFile(t, path, "old", 0o600)
	// Renaming over a folder fails after the temporary file was written.
	if err := Write(dir, []byte("x"), 0o600); err == nil {
		t.Fatal("Write over a folder succeeded")
	}
	noTemp(t, filepath.Dir(dir))
	if got := readFile(t, path); got != "old" {
		t.Errorf("file holds %q", got)
	}
}
