//go:build unix

package atomicfile

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// writeFile creates path with data and exactly mode perm (no umask).
func writeFile(t *testing.T, path, data string, perm fs.FileMode) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), perm); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, perm); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func mode(t *testing.T, path string) fs.FileMode {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode().Perm()
}

// noTemp fails when a temporary file is left in any of dirs.
func noTemp(t *testing.T, dirs ...string) {
	t.Helper()
	for _, dir := range dirs {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if strings.Contains(e.Name(), tmpMarker) {
				t.Errorf("temporary file %s left in %s", e.Name(), dir)
			}
		}
	}
}

// isLink fails unless path is still a symbolic link to target.
func isLink(t *testing.T, path, target string) {
	t.Helper()
	got, err := os.Readlink(path)
	if err != nil {
		t.Fatalf("%s is no longer a symlink: %v", path, err)
	}
	if got != target {
		t.Fatalf("%s points to %s, want %s", path, got, target)
	}
}

func TestWriteKeepsMode(t *testing.T) {
	for _, perm := range []fs.FileMode{0o644, 0o600, 0o640, 0o400} {
		dir := t.TempDir()
		path := filepath.Join(dir, "settings.xml")
		writeFile(t, path, "old", perm)
		// The perm for a new file must not win over the existing mode.
		other := fs.FileMode(0o600)
		if perm == other {
			other = 0o644
		}
		if err := Write(path, []byte("new"), other); err != nil {
			t.Fatal(err)
		}
		if got := readFile(t, path); got != "new" {
			t.Errorf("contents %q, want new", got)
		}
		if got := mode(t, path); got != perm {
			t.Errorf("mode %04o after Write, want the original %04o", got, perm)
		}
		noTemp(t, dir)
	}
}

func TestWriteNewFileGetsPerm(t *testing.T) {
	for _, perm := range []fs.FileMode{0o600, 0o644} {
		dir := t.TempDir()
		path := filepath.Join(dir, "config.json")
		if err := Write(path, []byte("{}"), perm); err != nil {
			t.Fatal(err)
		}
		if got := mode(t, path); got != perm {
			t.Errorf("new file mode %04o, want %04o", got, perm)
		}
	}
}

func TestWriteKeepsOwner(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("changing a file's owner needs root")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "settings.xml")
	writeFile(t, path, "old", 0o640)
	if err := os.Chown(path, 1234, 1234); err != nil {
		t.Fatal(err)
	}
	if err := Write(path, []byte("new"), 0o600); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	st := fi.Sys().(*syscall.Stat_t)
	if st.Uid != 1234 || st.Gid != 1234 {
		t.Errorf("owner %d:%d after Write, want the original 1234:1234", st.Uid, st.Gid)
	}
	if got := fi.Mode().Perm(); got != 0o640 {
		t.Errorf("mode %04o after Write, want 0640", got)
	}
	// Through Update as well, and through a link.
	link := filepath.Join(dir, "link.xml")
	if err := os.Symlink("settings.xml", link); err != nil {
		t.Fatal(err)
	}
	if _, err := Update(link, 0o600, func([]byte, bool) ([]byte, error) { return []byte("newer"), nil }); err != nil {
		t.Fatal(err)
	}
	fi, _ = os.Stat(path)
	if st := fi.Sys().(*syscall.Stat_t); st.Uid != 1234 || st.Gid != 1234 {
		t.Errorf("owner %d:%d after Update, want 1234:1234", st.Uid, st.Gid)
	}
}

func TestWriteFollowsSymlink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "real.xml")
	writeFile(t, target, "old", 0o644)
	link := filepath.Join(dir, "settings.xml")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if err := Write(link, []byte("new"), 0o600); err != nil {
		t.Fatal(err)
	}
	isLink(t, link, target)
	if got := readFile(t, target); got != "new" {
		t.Errorf("target holds %q, want new", got)
	}
	if got := mode(t, target); got != 0o644 {
		t.Errorf("target mode %04o, want 0644", got)
	}
	noTemp(t, dir)
}

func TestWriteFollowsSymlinkChain(t *testing.T) {
	root := t.TempDir()
	dotfiles := filepath.Join(root, "dotfiles", "maven")
	m2 := filepath.Join(root, "home", ".m2")
	for _, d := range []string{dotfiles, m2} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	target := filepath.Join(dotfiles, "settings.xml")
	writeFile(t, target, "old", 0o600)
	// home/.m2/settings.xml -> middle.xml (relative) -> ../../dotfiles/maven/settings.xml (relative)
	middle := filepath.Join(m2, "middle.xml")
	if err := os.Symlink("../../dotfiles/maven/settings.xml", middle); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(m2, "settings.xml")
	if err := os.Symlink("middle.xml", link); err != nil {
		t.Fatal(err)
	}
	if got, err := Resolve(link); err != nil || got != target {
		t.Fatalf("Resolve = %q, %v; want %q", got, err, target)
	}
	changed, err := Update(link, 0o644, func(old []byte, exists bool) ([]byte, error) {
		if !exists || string(old) != "old" {
			t.Errorf("fn got %q, %v; want the target's contents", old, exists)
		}
		return []byte("new"), nil
	})
	if err != nil || !changed {
		t.Fatalf("Update = %v, %v", changed, err)
	}
	isLink(t, link, "middle.xml")
	isLink(t, middle, "../../dotfiles/maven/settings.xml")
	if got := readFile(t, target); got != "new" {
		t.Errorf("target holds %q, want new", got)
	}
	if got := mode(t, target); got != 0o600 {
		t.Errorf("target mode %04o, want 0600", got)
	}
	// The temporary file went next to the target, not next to the links.
	noTemp(t, dotfiles, m2)
}

func TestWriteDanglingSymlinkCreatesTarget(t *testing.T) {
	root := t.TempDir()
	link := filepath.Join(root, "config.json")
	target := filepath.Join(root, "store", "docker", "config.json")
	if err := os.Symlink("store/docker/config.json", link); err != nil {
		t.Fatal(err)
	}
	if err := Write(link, []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	isLink(t, link, "store/docker/config.json")
	if got := readFile(t, target); got != "{}" {
		t.Errorf("target holds %q", got)
	}
	if got := mode(t, target); got != 0o600 {
		t.Errorf("new target mode %04o, want 0600", got)
	}
	for _, d := range []string{filepath.Join(root, "store"), filepath.Join(root, "store", "docker")} {
		if got := mode(t, d); got != 0o700 {
			t.Errorf("new folder %s mode %04o, want 0700", d, got)
		}
	}
}

func TestSymlinkLoop(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	os.Symlink("b", a)
	os.Symlink("a", b)
	if _, err := Resolve(a); err == nil || !strings.Contains(err.Error(), "too many levels") {
		t.Errorf("Resolve of a loop: %v, want too many levels", err)
	}
	if err := Write(a, []byte("x"), 0o600); err == nil {
		t.Error("Write through a loop succeeded")
	}
	if _, err := Update(a, 0o600, func([]byte, bool) ([]byte, error) { return []byte("x"), nil }); err == nil {
		t.Error("Update through a loop succeeded")
	}
	isLink(t, a, "b")
	isLink(t, b, "a")
}

// TestSymlinkThroughLinkedFolder: a relative link with ".." inside a folder
// that is itself a link (GNU stow, dotfile managers) is relative to the
// link's real folder, as the kernel resolves it, not to the path's lexical
// parent.
//
// Known bug: Resolve joins a relative target to the lexical parent, so
// Update reads and writes home/shared/settings.xml, a new file, while Maven
// keeps reading data/shared/settings.xml. Remove the Skip with the fix.
func TestSymlinkThroughLinkedFolder(t *testing.T) {
	root := t.TempDir()
	// root/home/.m2 -> ../data/m2 (a folder link); root/data/m2/settings.xml -> ../shared/settings.xml
	for _, d := range []string{"home", "data/m2", "data/shared"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("../data/m2", filepath.Join(root, "home", ".m2")); err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(root, "data", "shared", "settings.xml")
	writeFile(t, target, "old", 0o644)
	if err := os.Symlink("../shared/settings.xml", filepath.Join(root, "data", "m2", "settings.xml")); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(root, "home", ".m2", "settings.xml")
	if got := readFile(t, path); got != "old" {
		t.Fatalf("setup: the kernel reads %q through %s", got, path)
	}
	changed, err := Update(path, 0o600, func(old []byte, exists bool) ([]byte, error) {
		if !exists || string(old) != "old" {
			t.Errorf("fn got %q, exists=%v; want the file the kernel reads, \"old\"", old, exists)
		}
		return []byte("new"), nil
	})
	if err != nil || !changed {
		t.Fatalf("Update = %v, %v", changed, err)
	}
	if got := readFile(t, target); got != "new" {
		t.Errorf("the real file holds %q, want new", got)
	}
	if stray := filepath.Join(root, "home", "shared"); fileExists(stray) {
		t.Errorf("Update created %s, a file the kernel never reads", stray)
	}
}

func fileExists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

func TestWriteCreatesFoldersPrivate(t *testing.T) {
	root := t.TempDir()
	path := filepath.Join(root, "a", "b", "settings.xml")
	if err := Write(path, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{filepath.Join(root, "a"), filepath.Join(root, "a", "b")} {
		if got := mode(t, d); got != 0o700 {
			t.Errorf("%s mode %04o, want 0700", d, got)
		}
	}
	// Update creates them too (Lock makes the folder first).
	path = filepath.Join(root, "c", "d", "config.json")
	if _, err := Update(path, 0o600, func([]byte, bool) ([]byte, error) { return []byte("{}"), nil }); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{filepath.Join(root, "c"), filepath.Join(root, "c", "d")} {
		if got := mode(t, d); got != 0o700 {
			t.Errorf("%s mode %04o, want 0700", d, got)
		}
	}
	// An existing folder keeps its mode.
	if err := os.Chmod(filepath.Join(root, "a", "b"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := Write(path, []byte("y"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Write(filepath.Join(root, "a", "b", "settings.xml"), []byte("y"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := mode(t, filepath.Join(root, "a", "b")); got != 0o755 {
		t.Errorf("existing folder mode %04o, want 0755", got)
	}
}

func TestRead(t *testing.T) {
	dir := t.TempDir()
	data, exists, err := Read(filepath.Join(dir, "missing.xml"))
	if data != nil || exists || err != nil {
		t.Errorf("Read(missing) = %q, %v, %v; want nil, false, nil", data, exists, err)
	}
	data, exists, err = Read(filepath.Join(dir, "no", "such", "folder.xml"))
	if data != nil || exists || err != nil {
		t.Errorf("Read(missing folder) = %q, %v, %v; want nil, false, nil", data, exists, err)
	}
	// A dangling link is a missing file.
	os.Symlink("nowhere.xml", filepath.Join(dir, "dangling.xml"))
	if _, exists, err := Read(filepath.Join(dir, "dangling.xml")); exists || err != nil {
		t.Errorf("Read(dangling link) = %v, %v; want false, nil", exists, err)
	}
	// A link is followed.
	writeFile(t, filepath.Join(dir, "real.xml"), "x", 0o600)
	os.Symlink("real.xml", filepath.Join(dir, "link.xml"))
	if data, exists, err := Read(filepath.Join(dir, "link.xml")); string(data) != "x" || !exists || err != nil {
		t.Errorf("Read(link) = %q, %v, %v", data, exists, err)
	}
	// An empty file exists.
	writeFile(t, filepath.Join(dir, "empty.json"), "", 0o600)
	if _, exists, err := Read(filepath.Join(dir, "empty.json")); !exists || err != nil {
		t.Errorf("Read(empty) = %v, %v; want true, nil", exists, err)
	}
	// Any other failure is an error.
	if _, _, err := Read(dir); err == nil {
		t.Error("Read of a folder gave no error")
	}
}

// TestLockSerialises: an Update waits for a lock someone else holds, and
// sees what the holder wrote.
func TestLockSerialises(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "settings.xml")
	writeFile(t, path, "1", 0o600)
	unlock, err := Lock(path)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan string)
	go func() {
		var seen string
		_, err := Update(path, 0o600, func(old []byte, _ bool) ([]byte, error) {
			seen = string(old)
			return append(old, '2'), nil
		})
		if err != nil {
			t.Error(err)
		}
		done <- seen
	}()
	select {
	case <-done:
		t.Fatal("Update ran while another holder had the lock")
	case <-time.After(100 * time.Millisecond):
	}
	if err := Write(path, []byte("1b"), 0o600); err != nil {
		t.Fatal(err)
	}
	unlock()
	select {
	case seen := <-done:
		if seen != "1b" {
			t.Errorf("Update read %q, want what the lock holder wrote, 1b", seen)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Update did not run after the lock was released")
	}
	if got := readFile(t, path); got != "1b2" {
		t.Errorf("file holds %q, want 1b2", got)
	}
}
