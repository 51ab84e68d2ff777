package dockerconfig

import "bytes"

// HasCredHelpers reports whether the config has a "credHelpers" key.
func (c *Config) HasCredHelpers() bool { return c.last("credHelpers") >= 0 }

// RemoveEmptyCredHelpers deletes every "credHelpers" that is an empty
// object, as one dxai created is left when its last entry goes, and
// reports whether it deleted one.
func (c *Config) RemoveEmptyCredHelpers() bool {
	kept, dropped := filter(c.members, func(m member) bool {
		return m.key == "credHelpers" && bytes.Equal(bytes.Join(bytes.Fields(m.val), nil), []byte("{}"))
	})
	if dropped == 0 {
		return false
	}
	c.members, c.changed = kept, true
	return true
}
