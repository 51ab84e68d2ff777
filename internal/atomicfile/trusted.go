package atomicfile

import (
	"errors"
	"io/fs"
	"os"
)

// ReadTrusted reads a file dxai acts on (see Trusted) under the rules it
// is written by: it refuses, with an *UnsafeError, a file reached through
// another user's link, owned by another user, or in a folder another user
// can change, as a write is. A missing file is (nil, false, nil), even in
// such a folder: nothing of it is used. Callers must not use anything from a refused file.
func ReadTrusted(path string) ([]byte, bool, error) {
	// Nothing there (not even a link): nothing is used, so nothing to
	// refuse, wherever it would be.
	if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	real, err := checkTrusted(path)
	if err != nil {
		return nil, false, err
	}
	return Read(real)
}

// checkTrusted applies the Trusted rules to path, for reading or removing
// it, and returns the file it resolves to. A refusal is an *UnsafeError
// whose message says the file is not trusted rather than "not written".
func checkTrusted(path string) (string, error) {
	real, links, err := resolve(path)
	if err != nil {
		return "", err
	}
	if err := check(path, real, links, Trusted); err != nil {
		var ue *UnsafeError
		if errors.As(err, &ue) {
			ue.Reading = true
		}
		return "", err
	}
	return real, nil
}

// CheckProgram applies the Trusted rules to a program dxai would run, or
// name for another program to run (the helper in the Gradle script), and
// in addition refuses a program that other users can write. It returns
// the file path resolves to. A refusal is an *UnsafeError with Program
// set.
func CheckProgram(path string) (string, error) {
	real, links, err := resolve(path)
	if err != nil {
		return "", err
	}
	err = check(path, real, links, Trusted)
	if err == nil {
		err = checkProgram(path, real, links)
	}
	if err != nil {
		var ue *UnsafeError
		if errors.As(err, &ue) && !ue.Program {
			ue.Program = true
			ue.fix = "use a program that you or root installed, in a folder that only you or root can change"
		}
		return "", err
	}
	return real, nil
}
