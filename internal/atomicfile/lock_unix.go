//go:build unix

package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"
	"time"
)

// Lock takes an exclusive lock that serialises dxai's read-modify-write
// cycles on the file at path (resolved). It flocks a lock file in the
// user's private lock folder (see lockDir) and waits at most LockTimeout
// for another holder, then gives a *LockError. Unlock removes the lock
// file, so none is left behind.
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
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|syscall.O_NOFOLLOW, 0o600)
		if errors.Is(err, fs.ErrNotExist) && time.Now().Before(deadline) {
			// A logout removed the empty lock folder (RemoveLockDir)
			// since lockFile made it: make it again.
			if _, err := lockDir(); err != nil {
				return nil, err
			}
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("opening the lock file: %w", err)
		}
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		switch {
		case err == nil && stillThere(f, name):
			return func() {
				os.Remove(name) // before letting go: a waiter then retries
				syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
				f.Close()
			}, nil
		case err == nil:
			// The holder removed the file we waited on: take the new one.
			f.Close()
			continue
		case err == syscall.EINTR:
			f.Close()
			continue
		case err != syscall.EWOULDBLOCK:
			f.Close()
			return nil, &fs.PathError{Op: "lock", Path: name, Err: err}
		}
		f.Close()
		if !time.Now().Before(deadline) {
			return nil, &LockError{Path: path, LockFile: name, Waited: w.bound()}
		}
		time.Sleep(min(step, time.Until(deadline)+time.Millisecond))
		step = waitStep(step)
	}
}

// stillThere reports whether the open file f is still the file at name.
func stillThere(f *os.File, name string) bool {
	a, err1 := f.Stat()
	b, err2 := os.Lstat(name)
	return err1 == nil && err2 == nil && os.SameFile(a, b)
}

// privateDir refuses a lock folder that is not the user's or that others
// can enter; one the user made wider is narrowed to 0700.
func privateDir(dir string) error {
	fi, err := os.Lstat(dir)
	if err != nil {
		return err
	}
	uid := ownerOf(fi)
	if !fi.IsDir() || uid != os.Geteuid() {
		return &UnsafeError{Path: dir, Culprit: dir, Reason: fmt.Sprintf("the lock folder %s is not a folder of yours (owner %s)", dir, userName(uid)),
			fix: fmt.Sprintf("remove %s; dxai makes it again", dir)}
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return os.Chmod(dir, 0o700)
	}
	return nil
}

// keepOwner gives the new file the old one's owner and group; without the
// right to do so (not root), the file keeps the writer's, as with docker.
// Only Plain files get it: a file with the token is never given away.
func keepOwner(f *os.File, old fs.FileInfo) {
	if st, ok := old.Sys().(*syscall.Stat_t); ok {
		_ = f.Chown(int(st.Uid), int(st.Gid))
	}
}

// syncDir makes the rename durable.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}
