package atomicfile

import (
	"cmp"
	"errors"
	"fmt"
	"runtime"
	"time"
)

// UnsafeError refuses a write that another user could read or redirect:
// through their link, into their file, or into a folder they can change.
type UnsafeError struct {
	// Path is the file the caller asked to write; Culprit is the link,
	// file or folder that makes it unsafe.
	Path, Culprit string
	// Secret says the write would have put the token there.
	Secret bool
	// Reason says what is wrong with Culprit, naming its owner.
	Reason string
	// Reading says the file was refused on reading (ReadTrusted): nothing
	// in it was used.
	Reading bool
	// Program says the file is a program dxai was to run, or to name for
	// another to run (CheckProgram): it was not.
	Program bool
	// fix is the way out.
	fix string
}

func (e *UnsafeError) Error() string {
	what := e.Path
	if e.Secret {
		what = "the token to " + e.Path
	}
	if e.Program {
		return fmt.Sprintf("refusing to run %s: %s", e.Path, e.Reason)
	}
	if e.Reading {
		return fmt.Sprintf("refusing to trust %s, so nothing in it was used: %s", e.Path, e.Reason)
	}
	return fmt.Sprintf("refusing to write %s: %s", what, e.Reason)
}

// Fix says what to do instead.
func (e *UnsafeError) Fix() string { return e.fix }

// LockError is a lock that another process held for longer than LockTimeout.
type LockError struct {
	// Path is the file the lock guards, LockFile the file that is locked.
	Path, LockFile string
	Waited         time.Duration
	// Then is what to do once the holder is done, when running the same
	// command again is not it (mvn-dxai run by the helper: the user runs
	// "mvn-dxai sync", not docker login again).
	Then string
}

func (e *LockError) Error() string {
	return fmt.Sprintf("waited %v for the lock on %s: another process holds it (lock file %s)", e.Waited, e.Path, e.LockFile)
}

// Fix says how to find the holder.
func (e *LockError) Fix() string {
	fix := "another mvn-dxai or docker-credential-dxai of yours is still writing it: let it finish and " + cmp.Or(e.Then, "run the command again")
	if runtime.GOOS == "windows" {
		return fix + "; if none is running, delete " + e.LockFile
	}
	return fmt.Sprintf(`%s; "fuser -v %s" shows which process holds the lock`, fix, e.LockFile)
}

// SelfExplained reports whether err is an *UnsafeError or a *LockError:
// they name the file and the way out, so callers need not wrap them.
func SelfExplained(err error) bool {
	var ue *UnsafeError
	var le *LockError
	return errors.As(err, &ue) || errors.As(err, &le)
}
