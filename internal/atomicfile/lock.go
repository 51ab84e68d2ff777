package atomicfile

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// LockTimeout bounds every wait for a lock: one Lock, Hold or UpdateAs
// (across its new starts) waits at most that long in all. A process may
// bound all its waits further with LimitWaits.
var LockTimeout = 10 * time.Second

// waitLimit, when set, is when every wait for a lock ends (LimitWaits).
var waitLimit time.Time

// LimitWaits makes every wait for a lock end by deadline at the latest,
// however many locks the process takes one after another, and returns
// the function that lifts the limit again. A process that is itself
// given a time bound (mvn-dxai run by the helper's handoff) uses it so
// that it reports a held lock, rather than being stopped before it can.
func LimitWaits(deadline time.Time) (lift func()) {
	old := waitLimit
	waitLimit = deadline
	return func() { waitLimit = old }
}

// wait is the bound of one operation's waits for locks: from start, when
// the operation began, to end.
type wait struct{ start, end time.Time }

// newWait is the bound of an operation starting now: LockTimeout, or
// less under LimitWaits.
func newWait() wait {
	w := wait{start: time.Now()}
	w.end = w.start.Add(LockTimeout)
	if !waitLimit.IsZero() && waitLimit.Before(w.end) {
		w.end = waitLimit
	}
	return w
}

// bound is how long the operation may wait in all, as a LockError says it.
func (w wait) bound() time.Duration {
	if d := w.end.Sub(w.start); d != LockTimeout {
		return max(d, 0).Round(100 * time.Millisecond)
	}
	return LockTimeout
}

// lockFile is the lock for the file at real: a file named after it in
// lockDir, a folder only the user can write, so that no other user can
// take the lock (the old lock on the file's own folder, ~/.m2, could be
// held by anyone who can read that folder). The path is resolved first,
// so a caller that names a file through a linked folder takes the same
// lock as UpdateAs, which locks the resolved path.
func lockFile(path string) (string, error) {
	dir, err := lockDir()
	if err != nil {
		return "", err
	}
	real, err := Resolve(path)
	if err != nil {
		return "", err
	}
	abs, err := filepath.Abs(real)
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, LockName(abs)), nil
}

// LockName is the name, in the lock folder, of the lock for the file at
// abs, an absolute and resolved path: its base name and a hash of the path.
func LockName(abs string) string {
	sum := sha256.Sum256([]byte(abs))
	return filepath.Base(abs) + "-" + hex.EncodeToString(sum[:8]) + ".lock"
}

// lockDir is $XDG_CONFIG_HOME/dxai/locks (the platform's user config
// folder), made with mode 0700; without a config folder, a folder of the
// user's own in the temporary folder. A folder there that is not the
// user's, or that others can enter, is refused.
//
// A folder above it that another dxai process removes meanwhile, having
// found it empty (a verb that leaves nothing behind removes the folders
// it made), is made again: MkdirAll then fails on a missing parent.
func lockDir() (string, error) {
	dir := LockDir()
	var err error
	for try := 0; try < 100; try++ {
		if err = os.MkdirAll(dir, 0o700); !errors.Is(err, fs.ErrNotExist) {
			break
		}
	}
	if err != nil {
		return "", fmt.Errorf("making the lock folder: %w", err)
	}
	if err := privateDir(dir); err != nil {
		return "", err
	}
	return dir, nil
}

// LockDir is the folder the locks are in, which Lock makes when it is
// missing (see lockDir).
func LockDir() string {
	if cfg, err := os.UserConfigDir(); err == nil {
		return filepath.Join(cfg, "dxai", "locks")
	}
	return filepath.Join(os.TempDir(), fmt.Sprintf("dxai-locks-%d", os.Geteuid()))
}

// RemoveLockDir removes the lock folder when it is dir (the caller's
// config folder's, not a temporary one) and empty, so that a full logout
// leaves nothing of dxai behind, and reports whether it did. An empty
// folder holds no lock (Unlock removes the lock file before letting go),
// and a process about to take one makes the folder again when it finds it
// gone (see Lock), so removing it never breaks a lock.
func RemoveLockDir(dir string) bool {
	if filepath.Clean(dir) != LockDir() {
		return false
	}
	fi, err := os.Lstat(dir)
	if err != nil || !fi.IsDir() {
		return false
	}
	return os.Remove(dir) == nil // fails unless empty
}

// waitStep is how long a waiter sleeps between tries, growing to 100 ms.
func waitStep(d time.Duration) time.Duration {
	if d *= 2; d > 100*time.Millisecond {
		return 100 * time.Millisecond
	}
	return d
}
