package settingsxml

import "github.com/dynamixs-ai/dxai/internal/atomicfile"

// Load reads the settings file at path. A missing file is no error: Load
// returns a fresh document (see New) and exists == false. A malformed file
// gives a *ParseError.
func Load(path string) (doc *Doc, exists bool, err error) {
	return atomicfile.Load(path, Parse, New)
}

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
	return atomicfile.Edit(path, kind, func(old []byte, exists bool) ([]byte, bool, error) {
		doc := New()
		if exists {
			d, err := Parse(old, path)
			if err != nil {
				return nil, false, err
			}
			doc = d
		}
		if err := fn(doc); err != nil {
			return nil, false, err
		}
		return doc.Bytes(), doc.edited, nil
	})
}
