package atomicfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestEdit: what Edit writes, leaves alone, and how its errors come back.
func TestEdit(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "new", "f")
	same := func(old []byte, _ bool) ([]byte, bool, error) { return old, false, nil }
	if changed, err := Edit(path, Plain, same); err != nil || changed {
		t.Fatalf("unedited missing file: Edit = %v, %v", changed, err)
	}
	if _, err := os.Lstat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("an unedited missing file was created: %v", err)
	}
	add := func(old []byte, _ bool) ([]byte, bool, error) { return append(old, 'x'), true, nil }
	if changed, err := Edit(path, Plain, add); err != nil || !changed {
		t.Fatalf("edited missing file: Edit = %v, %v", changed, err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("new file: %v, %v; want mode 0600", fi, err)
	}
	if fi, err := os.Stat(filepath.Dir(path)); err != nil || fi.Mode().Perm() != 0o700 {
		t.Fatalf("new folder: %v, %v; want mode 0700", fi, err)
	}
	if changed, err := Edit(path, Plain, same); err != nil || changed {
		t.Fatalf("unedited file: Edit = %v, %v", changed, err)
	}

	// fn's own error comes back as it is, and nothing is written.
	mine := errors.New("parse error")
	if _, err := Edit(path, Plain, func([]byte, bool) ([]byte, bool, error) { return []byte("y"), true, mine }); err != mine {
		t.Errorf("fn's error came back as %v", err)
	}
	if data, _ := os.ReadFile(path); string(data) != "x" {
		t.Errorf("a failed edit wrote %q", data)
	}

	// A refused file and a held lock come back as they are, unwrapped:
	// they name the file and the way out themselves.
	open := filepath.Join(dir, "open")
	if err := os.Mkdir(open, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(open, 0o777); err != nil { // others may write, no sticky bit
		t.Fatal(err)
	}
	if _, err := Edit(filepath.Join(open, "f"), Trusted, add); !isType[*UnsafeError](err) {
		t.Errorf("Edit in a folder others can write = %#v; want an unwrapped *UnsafeError", err)
	}
	defer func(d time.Duration) { LockTimeout = d }(LockTimeout)
	LockTimeout = 50 * time.Millisecond
	unlock, err := Lock(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Edit(path, Plain, add); !isType[*LockError](err) {
		t.Errorf("Edit under a held lock = %#v; want an unwrapped *LockError", err)
	}
	unlock()

	// Any other failure names the file.
	under := filepath.Join(path, "below")
	if _, err := Edit(under, Plain, add); err == nil || !strings.HasPrefix(err.Error(), "updating "+under+": ") {
		t.Errorf("Edit below a file = %v; want it to name the file", err)
	}
}

// isType reports whether err is itself a T, not one wrapped.
func isType[T error](err error) bool {
	_, ok := err.(T)
	return ok
}

// TestLoad: a missing file is the fresh value, a parse error comes back
// as it is, a read failure names the file.
func TestLoad(t *testing.T) {
	dir := t.TempDir()
	bad := errors.New("malformed")
	parse := func(data []byte, _ string) (string, error) {
		if string(data) == "bad" {
			return "", bad
		}
		return "parsed " + string(data), nil
	}
	fresh := func() string { return "fresh" }
	path := filepath.Join(dir, "f")
	if v, exists, err := Load(path, parse, fresh); v != "fresh" || exists || err != nil {
		t.Errorf("missing: Load = %q, %v, %v", v, exists, err)
	}
	os.WriteFile(path, []byte("ok"), 0o600)
	if v, exists, err := Load(path, parse, fresh); v != "parsed ok" || !exists || err != nil {
		t.Errorf("Load = %q, %v, %v", v, exists, err)
	}
	os.WriteFile(path, []byte("bad"), 0o600)
	if _, exists, err := Load(path, parse, fresh); !exists || err != bad {
		t.Errorf("malformed: Load = %v, %v", exists, err)
	}
	if _, _, err := Load(dir, parse, fresh); err == nil || !strings.HasPrefix(err.Error(), "reading "+dir+": ") {
		t.Errorf("a folder: Load = %v; want it to name the file", err)
	}
}
