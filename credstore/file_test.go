package credstore

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestFileStoreOptIn(t *testing.T) {
	dir := t.TempDir()
	f := &FileStore{Path: filepath.Join(dir, "dxai", FileName)}
	broken := &Memory{Err: &UnavailableError{Reason: "no bus"}}
	s := &Store{Keyring: broken, File: f, Getenv: func(string) string { return "" }}

	// Without the opt-in the file is never written: no silent fallback.
	if _, err := s.Set(Entry{Username: "a", Token: tok}); err == nil || f.Exists() {
		t.Fatalf("Set without opt-in = %v, file exists %v", err, f.Exists())
	}
	s.UseFile = true
	if changed, err := s.Set(Entry{Username: "a", Token: tok}); err != nil || !changed {
		t.Fatalf("Set with opt-in = %v, %v", changed, err)
	}
	fi, err := os.Stat(f.Path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("file: %v, %v", fi, err)
	}
	if di, _ := os.Stat(filepath.Dir(f.Path)); di.Mode().Perm() != 0o700 {
		t.Fatalf("folder mode %o", di.Mode().Perm())
	}
	// While the file exists it is the store, even without UseFile.
	s.UseFile = false
	e, src, err := s.Get()
	if err != nil || e.Token != tok || src != FromFile {
		t.Fatalf("Get = %v, %v, %v", e, src, err)
	}
	// Delete removes it, and the unreachable keyring is no failure then.
	if removed, err := s.Delete(); err != nil || !removed || f.Exists() {
		t.Fatalf("Delete = %v, %v; exists %v", removed, err, f.Exists())
	}
	if _, _, err := s.Get(); !errors.As(err, new(*UnavailableError)) {
		t.Fatalf("Get after Delete = %v", err)
	}
}

func TestMoveToKeyring(t *testing.T) {
	f := &FileStore{Path: filepath.Join(t.TempDir(), FileName)}
	mem := &Memory{}
	s := &Store{Keyring: mem, File: f, UseFile: true}
	e := Entry{Username: "a", Token: tok}
	if _, err := s.Set(e); err != nil {
		t.Fatal(err)
	}
	s.UseFile = false
	if err := s.MoveToKeyring(e); err != nil {
		t.Fatal(err)
	}
	if f.Exists() || s.Backend() != FromKeyring {
		t.Fatal("the file is still there")
	}
	if got, err := s.GetKeyring(); err != nil || got != e {
		t.Fatalf("keyring holds %v, %v", got, err)
	}
}

// TestFileDeleteFollowsOwnLink: the opt-in file reached through the user's
// own link (a dotfiles folder) is written through the link, so deleting it
// removes the token from the link's target, not only the link. Before the
// fix the token stayed in the target.
func TestFileDeleteFollowsOwnLink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "dotfiles", FileName)
	if err := os.MkdirAll(filepath.Dir(target), 0o700); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "dxai", FileName)
	if err := os.MkdirAll(filepath.Dir(link), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	s := &Store{Keyring: &Memory{}, File: &FileStore{Path: link}, UseFile: true, Getenv: func(string) string { return "" }}
	if _, err := s.Set(Entry{Username: "a", Token: tok}); err != nil {
		t.Fatal(err)
	}
	if data, err := os.ReadFile(target); err != nil || len(data) == 0 {
		t.Fatalf("the token did not go through the link: %q, %v", data, err)
	}
	s.UseFile = false
	if removed, err := s.Delete(); err != nil || !removed {
		t.Fatalf("Delete = %v, %v", removed, err)
	}
	for _, p := range []string{target, link} {
		if _, err := os.Lstat(p); !os.IsNotExist(err) {
			t.Errorf("%s is still there after Delete (%v)", p, err)
		}
	}
	if s.Backend() != FromKeyring {
		t.Error("the store still reads the opt-in file")
	}
}
