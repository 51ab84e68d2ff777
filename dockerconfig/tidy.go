package dockerconfig

import "bytes"

// HasCredHelpers reports whether the config has a "credHelpers" key.
func (c *Config) HasCredHelpers() bool { return c.last("credHelpers") >= 0 }

// RemoveEmptyCredHelpers deletes every "credHelpers" that is an empty
// object, as one dxai created is left when its last entry goes, with the
// comma and white space before it (after it, for the first member), and
// reports whether it deleted one.
func (c *Config) RemoveEmptyCredHelpers() bool {
	removed := false
	for c.top >= 0 {
		k := -1
		for i, m := range c.members {
			if m.key == "credHelpers" && bytes.Equal(bytes.Join(bytes.Fields(m.val), nil), []byte("{}")) {
				k = i
				break
			}
		}
		if k < 0 {
			break
		}
		c.cut(c.top, c.members, k)
		removed = true
	}
	return removed
}
