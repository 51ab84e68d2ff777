package dockerconfig

import (
	"errors"
	"fmt"

	"github.com/dynamixs-ai/dxai/internal/atomicfile"
)

// Load reads the config at path (following symlinks). A missing file is an
// empty config and exists is false.
func Load(path string) (c *Config, exists bool, err error) {
	data, exists, err := atomicfile.Read(path)
	if err != nil {
		return nil, false, fmt.Errorf("reading %s: %w", path, err)
	}
	if !exists {
		return New(), false, nil
	}
	c, err = Parse(data, path)
	if err != nil {
		return nil, true, err
	}
	return c, true, nil
}

// errUnchanged stops atomicfile.Update from creating a file we left empty.
var errUnchanged = errors.New("dockerconfig: unchanged")

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
	changed, err = atomicfile.UpdateAs(path, 0o600, atomicfile.Trusted, func(old []byte, exists bool) ([]byte, error) {
		c, err := Parse(old, path)
		if err != nil {
			return nil, err
		}
		if err := fn(c); err != nil {
			return nil, err
		}
		if !c.changed {
			if !exists {
				return nil, errUnchanged
			}
			return old, nil
		}
		return c.Bytes(), nil
	})
	var pe *ParseError
	switch {
	case errors.Is(err, errUnchanged):
		return false, nil
	case errors.As(err, &pe):
		return false, pe
	case atomicfile.SelfExplained(err):
		return false, err
	case err != nil:
		return false, fmt.Errorf("updating %s: %w", path, err)
	}
	return changed, nil
}
