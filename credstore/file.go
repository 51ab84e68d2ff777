package credstore

import (
	"os"
	"path/filepath"

	"github.com/dynamixs-ai/dxai/internal/atomicfile"
)

// FileStore is the explicit opt-in for machines without any keyring
// ("mvn-dxai init --insecure-storage"): the entry in plain text in a 0600
// file in a 0700 folder under the user's config folder. It is never a
// silent fallback: it exists only if the user asked for it, and while it
// exists it is the store, for reads and writes, and every write is
// announced.
type FileStore struct {
	Path string
}

// FileName is the opt-in file's name in the dxai config folder.
const FileName = "insecure-credentials.json"

// FileIn is the opt-in file's place in the user config folder dir; nil
// when dir is "".
func FileIn(dir string) *FileStore {
	if dir == "" {
		return nil
	}
	return &FileStore{Path: filepath.Join(dir, "dxai", FileName)}
}

// Exists reports whether the user opted in (the file is there).
func (f *FileStore) Exists() bool {
	_, err := os.Lstat(f.Path)
	return err == nil
}

// Get implements Keyring. The file is read under the rules it is written
// by (atomicfile.ReadTrusted): one reached through another user's link,
// owned by another user or in a folder they can change is refused with an
// *atomicfile.UnsafeError, and nothing in it is used.
func (f *FileStore) Get(service, user string) (string, error) {
	data, exists, err := atomicfile.ReadTrusted(f.Path)
	if err != nil {
		return "", err
	}
	if !exists {
		return "", ErrNotFound
	}
	return string(data), nil
}

// Set implements Keyring: the file is written atomically as an
// atomicfile.Secret (0600 from its first byte, refused where another user
// could read or swap it), under the file's lock like every other write, so
// a temporary file an interrupted write left behind is removed, and it is
// always left readable by its owner only, even when unchanged.
func (f *FileStore) Set(service, user, secret string) error {
	data := []byte(secret + "\n")
	_, err := atomicfile.UpdateAs(f.Path, 0o600, atomicfile.Secret, func([]byte, bool) ([]byte, error) { return data, nil })
	return err
}

// Delete implements Keyring. It removes the token where it really is,
// under the file's lock: a link of the user's own is followed to its
// target, as on writing, and the target goes, then the link. Another
// user's file or link is refused (an *atomicfile.UnsafeError) and stays.
func (f *FileStore) Delete(service, user string) error {
	removed, err := atomicfile.Remove(f.Path, atomicfile.Secret)
	if err != nil {
		return err
	}
	if !removed {
		return ErrNotFound
	}
	return nil
}
