//go:build unix

package atomicfile

import (
	"fmt"
	"io/fs"
	"os"
	"syscall"
	"time"
)

// Lock takes an exclusive lock that serialises dxai's read-modify-write
// cycles on the file at path (resolved). It flocks a lock file in the
// user's private lock folder (see lockDir) and waits at most LockTimeout
// for another holder, then gives a *LockError.
func Lock(path string) (unlock func(), err error) {
	name, err := lockFile(path)
	if err != nil {
		return nil, err
	}
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|syscall.O_NOFOLLOW, 0o600)
	if err != nil {
		return nil, fmt.Errorf("opening the lock file: %w", err)
	}
	deadline := time.Now().Add(LockTimeout)
	step := time.Millisecond
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return func() {
				syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
				f.Close()
			}, nil
		}
		if err == syscall.EINTR {
			continue
		}
		if err != syscall.EWOULDBLOCK {
			f.Close()
			return nil, &fs.PathError{Op: "lock", Path: name, Err: err}
		}
		if !time.Now().Before(deadline) {
			f.Close()
			return nil, &LockError{Path: path, LockFile: name, Waited: LockTimeout}
		}
		time.Sleep(min(step, time.Until(deadline)+time.Millisecond))
		step = waitStep(step)
	}
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
