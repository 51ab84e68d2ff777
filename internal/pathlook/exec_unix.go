//go:build unix

package pathlook

import (
	"errors"
	"io/fs"
	"syscall"

	"golang.org/x/sys/unix"
)

// executable is os/exec's test: the kernel's answer for this user
// (eaccess X_OK), falling back to the mode's x bits only where eaccess
// is not available.
func executable(path string, fi fs.FileInfo) bool {
	err := unix.Faccessat(unix.AT_FDCWD, path, unix.X_OK, unix.AT_EACCESS)
	if err == nil || !(errors.Is(err, syscall.ENOSYS) || errors.Is(err, syscall.EPERM)) {
		return err == nil
	}
	return fi.Mode()&0o111 != 0
}
