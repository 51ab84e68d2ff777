package atomicfile

import (
	"errors"
	"fmt"
)

// errUnchanged stops UpdateAs from creating a file that Edit's caller left
// as it was.
var errUnchanged = errors.New("atomicfile: nothing to write")

// Edit is UpdateAs for a file format's editor (settingsxml, dockerconfig):
// fn parses old (nil and false when the file does not exist), applies the
// caller's edit, and returns the new contents and whether the edit changed
// anything. A file that does not exist stays missing unless fn changed it;
// a new one gets mode 0600 (its folder, 0700). Edit reports whether the
// file was written.
//
// An error of fn (a parse error, the caller's own) comes back as it is, as
// does a refused file or a held lock (SelfExplained); any other failure,
// reading or writing, is wrapped as "updating PATH: …". Either way the
// file is left untouched.
func Edit(path string, kind Kind, fn func(old []byte, exists bool) (data []byte, edited bool, err error)) (bool, error) {
	var ours bool // the error comes from fn, not from I/O
	changed, err := UpdateAs(path, 0o600, kind, func(old []byte, exists bool) ([]byte, error) {
		ours = true
		data, edited, err := fn(old, exists)
		if err != nil {
			return nil, err
		}
		if !exists && !edited {
			return nil, errUnchanged
		}
		ours = false
		return data, nil
	})
	switch {
	case err == nil:
		return changed, nil
	case errors.Is(err, errUnchanged):
		return false, nil
	case ours, SelfExplained(err):
		return false, err
	default:
		return false, fmt.Errorf("updating %s: %w", path, err)
	}
}

// Load reads the file at path (following symlinks) and parses it, for the
// same editors: a missing file is fresh() and exists is false; a read
// failure is wrapped as "reading PATH: …", and parse's error comes back as
// it is.
func Load[T any](path string, parse func(data []byte, path string) (T, error), fresh func() T) (v T, exists bool, err error) {
	data, exists, err := Read(path)
	if err != nil {
		return v, false, fmt.Errorf("reading %s: %w", path, err)
	}
	if !exists {
		return fresh(), false, nil
	}
	v, err = parse(data, path)
	return v, true, err
}
