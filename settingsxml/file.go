package settingsxml

import (
	"errors"
	"fmt"

	"github.com/dynamixs-ai/dxai/internal/atomicfile"
)

// Load reads the settings file at path. A missing file is no error: Load
// returns a fresh document (see New) and exists == false. A malformed file
// gives a *ParseError.
func Load(path string) (doc *Doc, exists bool, err error) {
	data, exists, err := atomicfile.Read(path)
	if err != nil {
		return nil, false, fmt.Errorf("reading %s: %w", path, err)
	}
	if !exists {
		return New(), false, nil
	}
	doc, err = Parse(data, path)
	if err != nil {
		return nil, true, err
	}
	return doc, true, nil
}

// errUnchanged stops atomicfile.Update from creating a file nobody changed.
var errUnchanged = errors.New("settingsxml: nothing to write")

// Update edits the settings file at path in one locked read-modify-write
// cycle: fn edits the document (a fresh one if the file does not exist), and
// the result replaces the file atomically, keeping its mode and owner; a new
// file gets mode 0600. Update reports whether the file was written.
//
// A malformed file gives a *ParseError, and an error from fn is returned as
// it is; either way the file is left untouched. A missing file stays missing
// unless fn changed the fresh document.
func Update(path string, fn func(*Doc) error) (changed bool, err error) {
	return update(path, atomicfile.Plain, fn)
}

// UpdateSecret is Update for an edit that puts the token into the file.
// The file is never readable by group or others while it is written, and
// ends with its owner bits only (0644 becomes 0600). It is refused, before
// it is read, when another user owns it or a link to it, or could replace
// it: an *atomicfile.UnsafeError says who, and how to get out.
func UpdateSecret(path string, fn func(*Doc) error) (changed bool, err error) {
	return update(path, atomicfile.Secret, fn)
}

func update(path string, kind atomicfile.Kind, fn func(*Doc) error) (changed bool, err error) {
	var ours bool // the error comes from parsing or fn, not from I/O
	changed, err = atomicfile.UpdateAs(path, 0o600, kind, func(old []byte, exists bool) ([]byte, error) {
		ours = true
		doc := New()
		if exists {
			d, err := Parse(old, path)
			if err != nil {
				return nil, err
			}
			doc = d
		}
		if err := fn(doc); err != nil {
			return nil, err
		}
		if !exists && !doc.edited {
			return nil, errUnchanged
		}
		ours = false
		return doc.Bytes(), nil
	})
	switch {
	case err == nil:
		return changed, nil
	case errors.Is(err, errUnchanged):
		return false, nil
	case ours, atomicfile.SelfExplained(err):
		return false, err
	default:
		return false, fmt.Errorf("updating %s: %w", path, err)
	}
}
