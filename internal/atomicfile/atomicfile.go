// Package atomicfile replaces users' configuration files safely: it follows
// symlinks to the real file, writes a temporary file in the same folder and
// renames it over the original, and serialises read-modify-write cycles
// between dxai processes with a lock that only the user can take.
//
// What a file holds decides how carefully it is written (see Kind): a file
// that will hold the token is never readable by anyone else, temporary file
// included, and is written only where no other user can swap it.
//
// A crash at any point leaves either the old or the new file, never a torn
// one; temporary files a crash leaves behind are removed by the next update.
package atomicfile

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// tmpMarker is part of every temporary file name, so stale ones can be found.
const tmpMarker = ".dxai-tmp-"

// Kind says what a file holds, which decides how it is written.
type Kind int

const (
	// Plain files hold nothing secret and nothing dxai acts on (settings.xml
	// with the ${env.DXAI_TOKEN} form): they keep their mode and owner.
	Plain Kind = iota
	// Trusted files are ones dxai acts on when it reads them back (the
	// docker config names the helper docker runs; dxai's state names the
	// file the token goes to). Links, the file and every folder above it
	// must be the caller's or root's, and no folder may be writable by
	// others without the sticky bit (see Check); they keep their mode, and
	// are never given to another owner.
	Trusted
	// Secret files hold the token: Trusted, and in addition never readable
	// by group or others, temporary file included, from its creation on.
	// An existing file keeps only its owner bits (0644 becomes 0600).
	Secret
)

// Resolve follows symlinks in path to the file that is really written. A path
// that does not exist yet resolves to itself (with its folder resolved, when
// that exists), so a dangling link is followed to where it points.
func Resolve(path string) (string, error) {
	real, _, err := resolve(path)
	return real, err
}

// resolve is Resolve that also returns the symbolic links it followed, in
// order. The folder of the result is resolved too, as far as it exists, so
// that later renames of linked folders cannot redirect the write.
func resolve(path string) (string, []string, error) {
	var links []string
	for range 40 {
		fi, err := os.Lstat(path)
		if errors.Is(err, fs.ErrNotExist) {
			return realFolder(path), links, nil
		}
		if err != nil {
			return "", nil, err
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			return realFolder(path), links, nil
		}
		links = append(links, path)
		target, err := os.Readlink(path)
		if err != nil {
			return "", nil, err
		}
		if !filepath.IsAbs(target) {
			// Relative to the folder the link really lives in, which may
			// itself be reached through a linked folder.
			dir := filepath.Dir(path)
			if real, err := filepath.EvalSymlinks(dir); err == nil {
				dir = real
			}
			target = filepath.Join(dir, target)
		}
		path = target
	}
	return "", nil, fmt.Errorf("%s: too many levels of symbolic links", path)
}

// realFolder resolves the links in path's folder, as far as it exists.
func realFolder(path string) string {
	dir, rest := filepath.Dir(path), []string{filepath.Base(path)}
	for {
		if real, err := filepath.EvalSymlinks(dir); err == nil {
			return filepath.Join(append([]string{real}, rest...)...)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return path
		}
		rest = append([]string{filepath.Base(dir)}, rest...)
		dir = parent
	}
}

// Read returns the contents of the file at path (following symlinks), and
// whether it exists.
func Read(path string) ([]byte, bool, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return data, true, nil
}

// Write atomically replaces the file at path (following symlinks) with data,
// as a Plain file: an existing file keeps its mode and owner; a new one gets
// perm, and missing folders are created with mode 0700.
func Write(path string, data []byte, perm fs.FileMode) error {
	return WriteAs(path, data, perm, Plain)
}

// WriteAs is Write for a file of the given kind.
func WriteAs(path string, data []byte, perm fs.FileMode, kind Kind) error {
	real, _, err := prepare(path, kind)
	if err != nil {
		return err
	}
	return write(real, data, perm, kind)
}

// prepare resolves path and, for any kind but Plain, checks that no other
// user can read what is written there or swap it. It also returns the
// links it followed, in order.
func prepare(path string, kind Kind) (string, []string, error) {
	real, links, err := resolve(path)
	if err != nil {
		return "", nil, err
	}
	if kind != Plain {
		if err := check(path, real, links, kind); err != nil {
			return "", nil, err
		}
	}
	return real, links, nil
}

// write replaces real, a resolved path, with data.
func write(real string, data []byte, perm fs.FileMode, kind Kind) error {
	dir := filepath.Dir(real)
	mode := perm
	old, statErr := os.Stat(real)
	if statErr == nil {
		mode = old.Mode().Perm()
	}
	if kind == Secret {
		mode &= 0o700
	}
	// CreateTemp makes the file 0600, so a Secret file is private from
	// its first byte on; its mode only ever narrows from there.
	// The folder is made (0700) when missing, and made again if a logout
	// removed it, empty, in between (~/.m2, dxai's config folder).
	var tmp *os.File
	var err error
	for try := 0; try < 2; try++ {
		if err = os.MkdirAll(dir, 0o700); err != nil {
			return err
		}
		if tmp, err = os.CreateTemp(dir, "."+filepath.Base(real)+tmpMarker+"*"); !errors.Is(err, fs.ErrNotExist) {
			break
		}
	}
	if err != nil {
		return err
	}
	tmpName := tmp.Name()
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(tmpName)
		}
	}()
	if err := tmp.Chmod(mode); err != nil {
		return err
	}
	if statErr == nil && kind == Plain {
		keepOwner(tmp, old)
	}
	if hookBeforeWrite != nil {
		hookBeforeWrite(tmpName)
	}
	if _, err := tmp.Write(data); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if hookBeforeRename != nil {
		hookBeforeRename(tmpName)
	}
	if err := os.Rename(tmpName, real); err != nil {
		return err
	}
	ok = true
	syncDir(dir)
	return nil
}

// hookBeforeWrite and hookBeforeRename let tests look at the temporary file
// right before its first byte is written and right before it is renamed,
// and let crash tests stop a writer there.
var hookBeforeWrite, hookBeforeRename func(tmp string)

// Update runs a locked read-modify-write cycle on path as a Plain file: fn
// gets the current contents (nil and false when the file does not exist)
// and returns the new ones. The file is written only when they differ;
// Update reports whether it was. An error from fn leaves the file untouched.
func Update(path string, perm fs.FileMode, fn func(old []byte, exists bool) ([]byte, error)) (bool, error) {
	return UpdateAs(path, perm, Plain, fn)
}

// ErrRemove is what an Update function returns to remove the file instead
// of writing it, under the same lock: the file the path resolves to goes,
// and then the links that led there, so a token goes from where it really
// is and no link is left pointing at nothing. Update then reports whether
// anything was there to remove.
var ErrRemove = errors.New("atomicfile: remove the file")

// Remove removes the file at path, of the given kind, under its lock, as
// an Update function returning ErrRemove does: the checks of that kind
// come first (another user's file or link is refused, as on writing), then
// the file the path resolves to goes, then the links to it. It reports
// whether there was anything to remove.
func Remove(path string, kind Kind) (bool, error) {
	return UpdateAs(path, 0, kind, func([]byte, bool) ([]byte, error) { return nil, ErrRemove })
}

// UpdateAs is Update for a file of the given kind. The checks of that kind
// come first: a refused file is not even read. A Secret file that keeps
// its contents is still narrowed to its owner bits, under the lock.
//
// The path is resolved before the lock is taken (the lock is the
// resolved file's), so it is resolved again under the lock: if it leads
// elsewhere by then (another process removed the file and its links, or
// put a file where a link was), the update starts again from there, up
// to updateTries times, rather than write a file nothing leads to or
// report removed a file that is still there. Its waits for the lock, over
// all its starts, end after LockTimeout in all.
func UpdateAs(path string, perm fs.FileMode, kind Kind, fn func(old []byte, exists bool) ([]byte, error)) (bool, error) {
	removed := false
	w := newWait()
	for try := 1; ; try++ {
		changed, err := updateOnce(path, perm, kind, fn, w, &removed)
		if !errors.Is(err, errMoved) {
			return changed || removed, err
		}
		if try == updateTries {
			return removed, fmt.Errorf("%s was changed by another program each of the %d times dxai locked it to update it: run the command again once nothing else changes it", path, updateTries)
		}
	}
}

// updateTries bounds UpdateAs's new starts.
const updateTries = 5

// errMoved is what one try of UpdateAs gives when the path led elsewhere
// under the lock than before it.
var errMoved = errors.New("atomicfile: the path leads elsewhere now")

// hookBeforeLock and hookLocked let tests change the path right before
// UpdateAs takes the lock, and right after it checked, under the lock,
// that the path still leads where it did.
var hookBeforeLock, hookLocked func(path string)

// updateOnce is one try of UpdateAs. A removal sets *removed when it
// removed anything, even if it then gives errMoved.
func updateOnce(path string, perm fs.FileMode, kind Kind, fn func(old []byte, exists bool) ([]byte, error), w wait, removed *bool) (bool, error) {
	real, links, err := prepare(path, kind)
	if errors.Is(err, fs.ErrNotExist) {
		// A missing path resolves without error, so a link or file that
		// vanished while it was being resolved or checked is another
		// process's change: start again from what is there now.
		return false, errMoved
	}
	if err != nil {
		return false, err
	}
	if hookBeforeLock != nil {
		hookBeforeLock(path)
	}
	unlock, err := lockWithin(real, w)
	if err != nil {
		return false, err
	}
	defer unlock()
	again, againLinks, err := resolve(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, errMoved
	}
	if err != nil {
		return false, err
	}
	if again != real || !slices.Equal(againLinks, links) {
		return false, errMoved
	}
	if hookLocked != nil {
		hookLocked(path)
	}
	return update(path, real, links, perm, kind, fn, removed)
}

// update is the read-modify-write cycle of UpdateAs on real, a resolved
// and checked path (links are the links that led there from path), under
// its lock, which the caller holds. A removal sets *removed when it
// removed anything, and gives errMoved when path leads elsewhere by then
// (see remove).
func update(path, real string, links []string, perm fs.FileMode, kind Kind, fn func(old []byte, exists bool) ([]byte, error), removed *bool) (bool, error) {
	removeStale(real)
	old, exists, err := Read(real)
	if err != nil {
		return false, err
	}
	data, err := fn(old, exists)
	if errors.Is(err, ErrRemove) {
		return remove(path, real, links, exists, removed)
	}
	if err != nil {
		return false, err
	}
	if exists && bytes.Equal(old, data) {
		if kind == Secret {
			return false, narrow(real)
		}
		return false, nil
	}
	return true, write(real, data, perm, kind)
}

// narrow takes group and other bits off real, a Secret file that was not
// rewritten (a write does so itself).
func narrow(real string) error {
	fi, err := os.Stat(real)
	if err != nil {
		return err
	}
	if m := fi.Mode().Perm(); m&0o077 != 0 {
		if err := os.Chmod(real, m&0o700); err != nil {
			return fmt.Errorf("making %s private: %w", real, err)
		}
	}
	return nil
}

// remove deletes real, a resolved path, and then the links that led to it
// from path (each only while it is still a link). It sets *removed when it
// removed anything. A link that became something else, or a path that
// leads to anything once all is removed, is errMoved: what is there now
// is for the next try.
func remove(path, real string, links []string, exists bool, removed *bool) (bool, error) {
	for _, l := range links {
		if fi, err := os.Lstat(l); err == nil && fi.Mode()&fs.ModeSymlink == 0 {
			return false, errMoved
		}
	}
	if exists {
		if err := os.Remove(real); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return false, err
		}
		syncDir(filepath.Dir(real))
		*removed = true
	}
	for _, l := range links {
		if fi, err := os.Lstat(l); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
			continue
		}
		if err := os.Remove(l); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return false, err
		}
		*removed = true
	}
	if _, err := os.Lstat(path); err == nil {
		return false, errMoved
	}
	return *removed, nil
}

// removeStale deletes temporary files that an interrupted write of real left
// behind. Callers hold the lock, so no live writer owns them.
func removeStale(real string) {
	dir, base := filepath.Split(real)
	entries, err := os.ReadDir(filepath.Clean(dir))
	if err != nil {
		return
	}
	prefix := "." + base + tmpMarker
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), prefix) {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}
