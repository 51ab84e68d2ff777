package dockerconfig

import "github.com/dynamixs-ai/dxai/internal/atomicfile"

// Load reads the config at path (following symlinks). A missing file is an
// empty config and exists is false.
func Load(path string) (c *Config, exists bool, err error) {
	return atomicfile.Load(path, Parse, New)
}

// Update edits the config at path with fn under a lock, and writes it back
// atomically only when fn changed it; it reports whether it did. A symlink
// is followed and stays a link, an existing file keeps its mode, a new file
// gets mode 0600 (in a new folder, mode 0700). A malformed file gives a
// *ParseError and stays byte for byte as it was, as it does when fn fails.
//
// The config names the helpers docker runs, so it is written as an
// atomicfile.Trusted file: a link or file another user owns, or a folder
// (DOCKER_CONFIG too, before it is made) another user could change, is
// refused with an *atomicfile.UnsafeError.
func Update(path string, fn func(*Config) error) (changed bool, err error) {
	return atomicfile.Edit(path, atomicfile.Trusted, func(old []byte, exists bool) ([]byte, bool, error) {
		c, err := Parse(old, path)
		if err != nil {
			return nil, false, err
		}
		if err := fn(c); err != nil {
			return nil, false, err
		}
		if !c.changed {
			return old, false, nil
		}
		return c.Bytes(), true, nil
	})
}
