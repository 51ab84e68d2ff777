//go:build !unix

package atomicfile

import (
	"errors"
	"io/fs"
	"os"
	"time"
)

// Lock takes an exclusive lock that serialises dxai's read-modify-write
// cycles on path. Without flock it uses a lock file in the user's lock
// folder (see lockDir), created exclusively; a lock older than a minute is
// taken as abandoned. It waits at most LockTimeout, then gives a
// *LockError.
func Lock(path string) (unlock func(), err error) {
	return lockWithin(path, newWait())
}

// lockWithin is Lock, waiting for another holder until w ends.
func lockWithin(path string, w wait) (unlock func(), err error) {
	name, err := lockFile(path)
	if err != nil {
		return nil, err
	}
	deadline := w.end
	step := time.Millisecond
	for {
		f, err := os.OpenFile(name, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err == nil {
			f.Close()
			return func() { os.Remove(name) }, nil
		}
		if errors.Is(err, fs.ErrNotExist) && time.Now().Before(deadline) {
			// A logout removed the empty lock folder (RemoveLockDir).
			if _, err := lockDir(); err != nil {
				return nil, err
			}
			continue
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, err
		}
		if fi, serr := os.Stat(name); serr == nil && time.Since(fi.ModTime()) > time.Minute {
			os.Remove(name)
			continue
		}
		if !time.Now().Before(deadline) {
			return nil, &LockError{Path: path, LockFile: name, Waited: w.bound()}
		}
		time.Sleep(step)
		step = waitStep(step)
	}
}

// privateDir: the user's profile folder is private by its access list.
func privateDir(string) error { return nil }

func keepOwner(*os.File, fs.FileInfo) {}

func syncDir(string) {}
