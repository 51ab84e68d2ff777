// Package atomicfile replaces users' configuration files safely: it follows
// symlinks to the real file, writes a temporary file in the same folder and
// renames it over the original, keeps the original's mode and owner, and
// serialises read-modify-write cycles between dxai processes with a lock.
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
	"strings"
)

// tmpMarker is part of every temporary file name, so stale ones can be found.
const tmpMarker = ".dxai-tmp-"

// Resolve follows symlinks in path to the file that is really written. A path
// that does not exist yet resolves to itself (with its folder resolved, when
// that exists), so a dangling link is followed to where it points.
func Resolve(path string) (string, error) {
	for range 40 {
		fi, err := os.Lstat(path)
		if errors.Is(err, fs.ErrNotExist) {
			return path, nil
		}
		if err != nil {
			return "", err
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			return path, nil
		}
		target, err := os.Readlink(path)
		if err != nil {
			return "", err
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
	return "", fmt.Errorf("%s: too many levels of symbolic links", path)
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

// Write atomically replaces the file at path (following symlinks) with data.
// An existing file keeps its mode and owner; a new one gets perm, and missing
// folders are created with mode 0700.
func Write(path string, data []byte, perm fs.FileMode) error {
	real, err := Resolve(path)
	if err != nil {
		return err
	}
	dir := filepath.Dir(real)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	mode := perm
	old, statErr := os.Stat(real)
	if statErr == nil {
		mode = old.Mode().Perm()
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(real)+tmpMarker+"*")
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
	if statErr == nil {
		keepOwner(tmp, old)
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

// hookBeforeRename lets crash tests stop a writer between writing the
// temporary file and renaming it.
var hookBeforeRename func(tmp string)

// Update runs a locked read-modify-write cycle on path: fn gets the current
// contents (nil and false when the file does not exist) and returns the new
// ones. The file is written only when they differ; Update reports whether it
// was. An error from fn leaves the file untouched.
func Update(path string, perm fs.FileMode, fn func(old []byte, exists bool) ([]byte, error)) (bool, error) {
	real, err := Resolve(path)
	if err != nil {
		return false, err
	}
	unlock, err := Lock(real)
	if err != nil {
		return false, err
	}
	defer unlock()
	removeStale(real)
	old, exists, err := Read(real)
	if err != nil {
		return false, err
	}
	data, err := fn(old, exists)
	if err != nil {
		return false, err
	}
	if exists && bytes.Equal(old, data) {
		return false, nil
	}
	return true, Write(real, data, perm)
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
