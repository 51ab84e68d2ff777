//go:build unix

package atomicfile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/dynamixs-ai/dxai/internal/testing/hostile"
)

// The attacker in these tests is nobody, a second and unprivileged user:
// setpriv runs its commands. The caller is whoever runs the tests (root
// in CI): what nobody made must be refused all the same.

// refused checks that err is an *UnsafeError about culprit that says
// words.
func refused(t *testing.T, err error, culprit string, words ...string) {
	t.Helper()
	var ue *UnsafeError
	if !errors.As(err, &ue) {
		t.Fatalf("got %v, want a refusal", err)
	}
	if ue.Culprit != culprit {
		t.Errorf("refusal blames %s, want %s", ue.Culprit, culprit)
	}
	msg := ue.Error()
	for _, w := range words {
		if !strings.Contains(msg, w) {
			t.Errorf("refusal %q does not say %q", msg, w)
		}
	}
	if ue.Fix() == "" {
		t.Error("refusal without a fix")
	}
}

func uidOf(t *testing.T, path string) uint32 {
	t.Helper()
	fi, err := os.Lstat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Sys().(*syscall.Stat_t).Uid
}

// TestHostileLinkRefused: nobody planted settings.xml as a link to a file
// of the caller's. Writing the token through it is refused, though the
// target is the caller's: the link is not.
func TestHostileLinkRefused(t *testing.T) {
	hostile.NeedNobody(t)
	home, open := hostile.World(t)
	target := filepath.Join(home, "real.xml")
	writeFile(t, target, "mine", 0o600)
	link := filepath.Join(home, "settings.xml")
	hostile.Plant(t, open, link, "ln", "-s", target)
	for _, kind := range []Kind{Secret, Trusted} {
		err := WriteAs(link, []byte("token"), 0o600, kind)
		refused(t, err, link, "symbolic link owned by", "nobody (uid ")
		_, err = UpdateAs(link, 0o600, kind, func([]byte, bool) ([]byte, error) { return []byte("token"), nil })
		refused(t, err, link, "symbolic link owned by", "nobody (uid ")
	}
	if got := readFile(t, target); got != "mine" {
		t.Errorf("target holds %q", got)
	}
}

// TestHostileTargetRefused is the attack: a link (here even the
// caller's own) to a file that nobody owns. Before the fix the token went
// into it and the file was chowned back to nobody.
func TestHostileTargetRefused(t *testing.T) {
	hostile.NeedNobody(t)
	home, open := hostile.World(t)
	theirs := filepath.Join(home, "theirs.xml")
	hostile.Plant(t, open, theirs, "sh", "-c", `printf '<settings/>' >"$0"; chmod 666 "$0"`)
	link := filepath.Join(home, "settings.xml")
	if err := os.Symlink("theirs.xml", link); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{link, theirs} {
		_, err := UpdateAs(path, 0o600, Secret, func([]byte, bool) ([]byte, error) { return []byte("token"), nil })
		refused(t, err, theirs, "is owned by", "the token to "+path, "nobody (uid ")
	}
	if got := readFile(t, theirs); got != "<settings/>" {
		t.Errorf("nobody's file holds %q", got)
	}
	if uid := uidOf(t, theirs); uid == uint32(os.Geteuid()) {
		t.Error("nobody's file changed owner")
	}
	noTemp(t, home)
}

// TestHostileFolderRefused: a folder nobody owns, or one everyone can
// write without the sticky bit, is refused for the token and for the
// docker config that DOCKER_CONFIG may name, even when it does not exist
// yet; a sticky one like /tmp is fine.
func TestHostileFolderRefused(t *testing.T) {
	hostile.NeedNobody(t)
	_, open := hostile.World(t)
	theirs := filepath.Join(open, "theirs")
	hostile.AsNobody(t, "mkdir", "-m", "755", theirs)
	os.Chmod(open, 0o755) // only nobody's own folder is open now
	path := filepath.Join(theirs, "settings.xml")
	_, err := UpdateAs(path, 0o600, Secret, func([]byte, bool) ([]byte, error) { return []byte("token"), nil })
	refused(t, err, theirs, "the folder "+theirs+" belongs to", "nobody (uid ")
	// DOCKER_CONFIG=open/docker, not made yet.
	os.Chmod(open, 0o777)
	docker := filepath.Join(open, "docker", "config.json")
	_, err = UpdateAs(docker, 0o600, Trusted, func([]byte, bool) ([]byte, error) { return []byte("{}"), nil })
	refused(t, err, open, "can be written by every user", "owner root (uid 0)")
	if fileExists(filepath.Dir(docker)) {
		t.Error("the refused folder was created")
	}
	// The sticky bit keeps nobody from replacing the caller's files.
	os.Chmod(open, 0o777|os.ModeSticky)
	if _, err := UpdateAs(docker, 0o600, Trusted, func([]byte, bool) ([]byte, error) { return []byte("{}"), nil }); err != nil {
		t.Errorf("in a sticky folder: %v", err)
	}
}

// TestGroupFolderRefused: a folder root owns that group users may write
// (root:users 0775) lets every member of users replace the token file, so
// it is refused like one of theirs; the owner being root proves nothing.
// Root's own group may write, and so may staff in Debian's /usr/local
// form (root:staff 2775).
func TestGroupFolderRefused(t *testing.T) {
	hostile.NeedNobody(t) // root, to give folders to groups
	home, _ := hostile.World(t)
	const users, staff = 100, 50
	for _, c := range []struct {
		name string
		gid  int
		mode os.FileMode
		ok   bool
	}{
		{"users", users, 0o775, false},
		{"users-setgid", users, 0o2775, false},
		{"root", 0, 0o775, true},
		{"staff", staff, 0o2775, true},
	} {
		dir := filepath.Join(home, c.name)
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Chown(dir, 0, c.gid); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(dir, c.mode); err != nil {
			t.Fatal(err)
		}
		_, err := UpdateAs(filepath.Join(dir, "settings.xml"), 0o600, Secret, func([]byte, bool) ([]byte, error) { return []byte("token"), nil })
		if c.ok {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		refused(t, err, dir, "can be written by group users (gid 100)")
	}
}

// TestPlainKeepsOwnerOfOthers: a file without the token, root editing another
// user's settings.xml, keeps its owner as before; only files with the
// token or that dxai trusts are never handed over.
func TestPlainKeepsOwnerOfOthers(t *testing.T) {
	hostile.NeedNobody(t)
	home, open := hostile.World(t)
	theirs := filepath.Join(home, "settings.xml")
	hostile.Plant(t, open, theirs, "sh", "-c", `printf '<settings/>' >"$0"`)
	if err := Write(theirs, []byte("<settings></settings>"), 0o600); err != nil {
		t.Fatal(err)
	}
	if uid := uidOf(t, theirs); uid == uint32(os.Geteuid()) {
		t.Error("a Plain write took nobody's file")
	}
}

// TestHostileReadRefused: a file dxai acts on is read under the rules it
// is written by. A link of nobody's, nobody's file behind the caller's
// own link, or a folder nobody owns: ReadTrusted refuses and returns
// nothing of the file; the caller's own file is read.
func TestHostileReadRefused(t *testing.T) {
	hostile.NeedNobody(t)
	home, open := hostile.World(t)
	theirs := filepath.Join(home, "theirs.json")
	hostile.Plant(t, open, theirs, "sh", "-c", `printf 'planted' >"$0"`)
	link := filepath.Join(home, "state.json")
	if err := os.Symlink(theirs, link); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{link, theirs} {
		data, _, err := ReadTrusted(path)
		refused(t, err, theirs, "refusing to trust "+path, "is owned by", "nobody (uid ")
		if data != nil {
			t.Errorf("ReadTrusted(%s) returned %q", path, data)
		}
	}
	mine := filepath.Join(home, "mine.json")
	writeFile(t, mine, "ok", 0o600)
	theirLink := filepath.Join(home, "their-link.json")
	hostile.Plant(t, open, theirLink, "ln", "-s", mine)
	_, _, err := ReadTrusted(theirLink)
	refused(t, err, theirLink, "symbolic link owned by")
	if data, ok, err := ReadTrusted(mine); err != nil || !ok || string(data) != "ok" {
		t.Errorf("ReadTrusted(own file) = %q, %v, %v", data, ok, err)
	}
	if _, ok, err := ReadTrusted(filepath.Join(home, "missing")); ok || err != nil {
		t.Errorf("ReadTrusted(missing) = %v, %v", ok, err)
	}
	// Nothing there, even in a folder everyone can write: nothing used.
	if _, ok, err := ReadTrusted(filepath.Join(open, "missing")); ok || err != nil {
		t.Errorf("ReadTrusted(missing, open folder) = %v, %v", ok, err)
	}
	dir := filepath.Join(open, "theirs")
	hostile.AsNobody(t, "sh", "-c", `mkdir -m 755 "$0" && printf x >"$0/f"`, dir)
	_, _, err = ReadTrusted(filepath.Join(dir, "f"))
	refused(t, err, filepath.Join(dir, "f"))
}
