package atomicfile

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// LockTimeout bounds every wait for a lock. It is well below the 30 s the
// helper gives "mvn-dxai sync", so a held lock is reported by the process
// that waited for it.
var LockTimeout = 10 * time.Second

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
func lockDir() (string, error) {
	dir := lockDirPath()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("making the lock folder: %w", err)
	}
	if err := privateDir(dir); err != nil {
		return "", err
	}
	return dir, nil
}

// lockDirPath is where lockDir is.
func lockDirPath() string {
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
	if filepath.Clean(dir) != lockDirPath() {
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
