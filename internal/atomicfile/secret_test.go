//go:build unix

package atomicfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// watchTemp checks, right before the temporary file's first byte and
// right before its rename, that nobody but the owner can read it; it
// returns how many times it looked.
func watchTemp(t *testing.T) *int {
	t.Helper()
	n := new(int)
	look := func(when string) func(string) {
		return func(tmp string) {
			*n++
			fi, err := os.Stat(tmp)
			if err != nil {
				t.Errorf("%s: %v", when, err)
				return
			}
			if m := fi.Mode().Perm(); m&0o077 != 0 {
				t.Errorf("%s the temporary file has mode %04o: others can read the secret", when, m)
			}
		}
	}
	hookBeforeWrite, hookBeforeRename = look("before its first byte"), look("before its rename")
	t.Cleanup(func() { hookBeforeWrite, hookBeforeRename = nil, nil })
	return n
}

// TestSecretPrivateFromFirstByte is the attack of a user who watches the
// folder (inotify) and opens the temporary file while dxai writes the
// token into it: a Secret file is 0600 or narrower from its creation to
// its rename, whatever the old file's mode, and stays so. Before the fix
// the temporary file took the old mode (0644) before the first byte.
func TestSecretPrivateFromFirstByte(t *testing.T) {
	for _, old := range []fs.FileMode{0o644, 0o664, 0o604, 0o666, 0o640, 0o600, 0o400} {
		dir := t.TempDir()
		path := filepath.Join(dir, "settings.xml")
		writeFile(t, path, "<settings/>", old)
		looks := watchTemp(t)
		if err := WriteAs(path, []byte("secret"), 0o644, Secret); err != nil {
			t.Fatal(err)
		}
		if _, err := UpdateAs(path, 0o644, Secret, func([]byte, bool) ([]byte, error) { return []byte("secret 2"), nil }); err != nil {
			t.Fatal(err)
		}
		if *looks != 4 {
			t.Fatalf("the hooks ran %d times, want 4", *looks)
		}
		if got, want := mode(t, path), old&0o700; got != want {
			t.Errorf("old mode %04o: mode %04o after the write, want %04o", old, got, want)
		}
		noTemp(t, dir)
	}
	// A new file gets at most 0600, whatever perm says.
	dir := t.TempDir()
	watchTemp(t)
	path := filepath.Join(dir, "new", "insecure-credentials.json")
	if err := WriteAs(path, []byte("secret"), 0o644, Secret); err != nil {
		t.Fatal(err)
	}
	if got := mode(t, path); got != 0o600 {
		t.Errorf("new file mode %04o, want 0600", got)
	}
}

// TestPlainAndTrustedKeepMode: files without a secret keep their mode.
func TestPlainAndTrustedKeepMode(t *testing.T) {
	for _, kind := range []Kind{Plain, Trusted} {
		dir := t.TempDir()
		path := filepath.Join(dir, "config.json")
		writeFile(t, path, "{}", 0o644)
		if err := WriteAs(path, []byte("{ }"), 0o600, kind); err != nil {
			t.Fatal(err)
		}
		if got := mode(t, path); got != 0o644 {
			t.Errorf("kind %d: mode %04o, want the old 0644", kind, got)
		}
	}
}

// TestSecretFollowsOwnLinks: a dotfile manager's links, the user's own,
// are still followed and stay links.
func TestSecretFollowsOwnLinks(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "dotfiles", "settings.xml")
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, target, "old", 0o644)
	link := filepath.Join(dir, "settings.xml")
	if err := os.Symlink("dotfiles/settings.xml", link); err != nil {
		t.Fatal(err)
	}
	if _, err := UpdateAs(link, 0o600, Secret, func([]byte, bool) ([]byte, error) { return []byte("new"), nil }); err != nil {
		t.Fatal(err)
	}
	isLink(t, link, "dotfiles/settings.xml")
	if got := readFile(t, target); got != "new" {
		t.Errorf("target holds %q", got)
	}
	if got := mode(t, target); got != 0o600 {
		t.Errorf("target mode %04o, want 0600", got)
	}
}

// TestOwnOpenFolderRefused: a folder of the caller's that others can write
// (no sticky bit) is refused for the token, with the chmod that fixes it;
// the sticky bit (as on /tmp) makes it safe.
func TestOwnOpenFolderRefused(t *testing.T) {
	dir := t.TempDir()
	open := filepath.Join(dir, "shared")
	if err := os.Mkdir(open, 0o777); err != nil {
		t.Fatal(err)
	}
	os.Chmod(open, 0o777)
	path := filepath.Join(open, "settings.xml")
	err := WriteAs(path, []byte("secret"), 0o600, Secret)
	var ue *UnsafeError
	if !errors.As(err, &ue) || ue.Culprit != open || !contains(ue.Error(), "can be written by every user", "the token to "+path) || !contains(ue.Fix(), "chmod o-w "+open) {
		t.Fatalf("Write into a 0777 folder = %v (fix %q), want a refusal naming the folder", err, fixOf(err))
	}
	if fileExists(path) {
		t.Error("the refused file was created")
	}
	os.Chmod(open, 0o777|fs.ModeSticky)
	if err := WriteAs(path, []byte("secret"), 0o600, Secret); err != nil {
		t.Errorf("Write into a 1777 folder: %v", err)
	}
	// Plain files are written as before.
	os.Chmod(open, 0o777)
	if err := Write(filepath.Join(open, "plain.xml"), []byte("x"), 0o600); err != nil {
		t.Errorf("Plain Write into a 0777 folder: %v", err)
	}
}

func contains(s string, subs ...string) bool {
	for _, sub := range subs {
		if !containsOne(s, sub) {
			return false
		}
	}
	return true
}

func containsOne(s, sub string) bool { return strings.Contains(s, sub) }

func fixOf(err error) string {
	var f interface{ Fix() string }
	if errors.As(err, &f) {
		return f.Fix()
	}
	return ""
}
