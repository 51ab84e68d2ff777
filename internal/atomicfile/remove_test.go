//go:build unix

package atomicfile

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/dynamixs-ai/dxai/internal/testing/hostile"
)

// TestUpdateNarrowsUnchangedSecret: a Secret file whose contents stay the
// same is still left with its owner bits only, by UpdateAs itself, under
// the lock. Before the fix UpdateAs left it as it was, and the caller
// narrowed it after the lock was let go.
func TestUpdateNarrowsUnchangedSecret(t *testing.T) {
	path := filepath.Join(t.TempDir(), "settings.xml")
	writeFile(t, path, "token", 0o644)
	changed, err := UpdateAs(path, 0o600, Secret, func(old []byte, _ bool) ([]byte, error) { return old, nil })
	if err != nil || changed {
		t.Fatalf("UpdateAs = %v, %v; want unchanged", changed, err)
	}
	if m := mode(t, path); m != 0o600 {
		t.Errorf("mode %04o after an unchanged Secret update, want 0600", m)
	}
	// A Plain file that keeps its contents keeps its mode too.
	plain := filepath.Join(t.TempDir(), "plain.xml")
	writeFile(t, plain, "no token", 0o644)
	if _, err := UpdateAs(plain, 0o600, Plain, func(old []byte, _ bool) ([]byte, error) { return old, nil }); err != nil {
		t.Fatal(err)
	}
	if m := mode(t, plain); m != 0o644 {
		t.Errorf("Plain file mode %04o, want 0644 kept", m)
	}
}

// TestRemoveFollowsOwnLink: removing a Secret file reached through the
// user's own link removes the file the link points to, where the token
// really is, and then the link. Before the fix only the link went, and
// the token stayed in its target.
func TestRemoveFollowsOwnLink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "dotfiles", "credentials.json")
	if err := os.Mkdir(filepath.Dir(target), 0o700); err != nil {
		t.Fatal(err)
	}
	writeFile(t, target, "token", 0o600)
	link := filepath.Join(dir, "credentials.json")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	removed, err := Remove(link, Secret)
	if err != nil || !removed {
		t.Fatalf("Remove = %v, %v", removed, err)
	}
	for _, p := range []string{target, link} {
		if _, err := os.Lstat(p); !os.IsNotExist(err) {
			t.Errorf("%s is still there (%v)", p, err)
		}
	}
	// Nothing there: nothing removed, no error.
	if removed, err := Remove(link, Secret); err != nil || removed {
		t.Errorf("second Remove = %v, %v", removed, err)
	}
	// A link whose target is gone goes too.
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if removed, err := Remove(link, Secret); err != nil || !removed {
		t.Errorf("Remove of a dangling link = %v, %v", removed, err)
	}
	if _, err := os.Lstat(link); !os.IsNotExist(err) {
		t.Errorf("the dangling link is still there (%v)", err)
	}
}

// TestHostileRemoveRefused: a file of another user's, or one reached
// through their link, is refused on removal as on writing, and stays.
func TestHostileRemoveRefused(t *testing.T) {
	hostile.NeedNobody(t)
	home, open := hostile.World(t)
	theirs := filepath.Join(home, "theirs.json")
	hostile.Plant(t, open, theirs, "sh", "-c", `printf 'theirs' >"$0"; chmod 600 "$0"`)
	mine := filepath.Join(home, "mine.json")
	writeFile(t, mine, "token", 0o600)
	theirLink := filepath.Join(home, "link.json")
	hostile.Plant(t, open, theirLink, "ln", "-s", mine)
	if _, err := Remove(theirs, Secret); err == nil {
		t.Error("Remove of nobody's file succeeded")
	} else {
		refused(t, err, theirs, "is owned by", "nobody (uid ")
	}
	if _, err := Remove(theirLink, Secret); err == nil {
		t.Error("Remove through nobody's link succeeded")
	} else {
		refused(t, err, theirLink, "symbolic link owned by", "nobody (uid ")
	}
	if got := readFile(t, mine); got != "token" {
		t.Errorf("the file behind nobody's link holds %q", got)
	}
	if _, err := os.Lstat(theirs); err != nil {
		t.Errorf("nobody's file is gone: %v", err)
	}
}
