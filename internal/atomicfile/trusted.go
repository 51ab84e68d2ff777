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
	real, err := CheckTrusted(path)
	if err != nil {
		return nil, false, err
	}
	return Read(real)
}

// CheckTrusted applies the Trusted rules to path, for reading or removing
// it, and returns the file it resolves to. A refusal is an *UnsafeError
// whose message says the file is not trusted rather than "not written".
func CheckTrusted(path string) (string, error) {
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
