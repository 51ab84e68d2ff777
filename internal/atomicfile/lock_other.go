//go:build !unix

package atomicfile

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// Lock takes an exclusive lock that serialises dxai's read-modify-write
// cycles on path. Without flock it uses a lock file in the temporary folder,
// created exclusively; a lock older than a minute is taken as abandoned.
func Lock(path string) (unlock func(), err error) {
	abs, _ := filepath.Abs(path)
	sum := sha256.Sum256([]byte(abs))
	name := filepath.Join(os.TempDir(), "dxai-"+hex.EncodeToString(sum[:8])+".lock")
	deadline := time.Now().Add(30 * time.Second)
	for {
		f, err := os.OpenFile(name, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err == nil {
			f.Close()
			return func() { os.Remove(name) }, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, err
		}
		if fi, serr := os.Stat(name); serr == nil && time.Since(fi.ModTime()) > time.Minute {
			os.Remove(name)
			continue
		}
		if time.Now().After(deadline) {
			return nil, &fs.PathError{Op: "lock", Path: path, Err: errors.New("another dxai process holds the lock; remove " + name + " if none is running")}
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func keepOwner(*os.File, fs.FileInfo) {}

func syncDir(string) {}
