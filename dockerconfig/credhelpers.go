package dockerconfig

// CredHelpers returns the "credHelpers" map as docker reads it.
func (c *Config) CredHelpers() map[string]string {
	_, vals := c.effective("credHelpers")
	m := make(map[string]string, len(vals))
	for k, v := range vals {
		m[k] = decodeString(v)
	}
	return m
}

// NotSentTo returns the hosts, in order, whose credHelpers entry does not
// name helper: docker does not ask that helper for them.
func (c *Config) NotSentTo(helper string, hosts []string) []string {
	helpers := c.CredHelpers()
	var out []string
	for _, h := range hosts {
		if helpers[h] != helper {
			out = append(out, h)
		}
	}
	return out
}

// SetCredHelper makes docker use helper (docker-credential-<helper>) for
// host, and reports whether that changed anything. host is the exact
// credHelpers key docker looks up: the registry's host[:port]. host and
// helper are UTF-8; invalid bytes would be written as U+FFFD.
//
// It changes the value of host's entry in the "credHelpers" that wins, or
// adds the entry at its end, or adds "credHelpers" at the end of the file.
func (c *Config) SetCredHelper(host, helper string) (changed bool) {
	if cur, ok := c.CredHelpers()[host]; ok && cur == helper {
		return false
	}
	c.ensureObject()
	i := c.last("credHelpers")
	if i < 0 {
		c.appendMember(c.top, nil, "credHelpers", func(l layout) []byte {
			return c.object(l, host, helper)
		})
		return true
	}
	m := c.members[i]
	if isNull(m.val) {
		c.splice(m.off, m.end(), c.object(c.memberLayout(m), host, helper))
		return true
	}
	entries := splitObject(m.val, m.off)
	for j := len(entries) - 1; j >= 0; j-- {
		if e := entries[j]; e.key == host {
			c.splice(e.off, e.end(), marshal(helper))
			return true
		}
	}
	c.appendMember(m.off, &m, host, func(layout) []byte { return marshal(helper) })
	return true
}

// RemoveCredHelper removes host's credHelpers entry if it names helper, and
// reports whether it did. An entry naming another helper is left alone; so
// is "credHelpers" itself, even when it ends up empty.
func (c *Config) RemoveCredHelper(host, helper string) (changed bool) {
	removed := c.removeEntries("credHelpers", func(e member) bool {
		return e.key == host && e.val[0] == '"' && decodeString(e.val) == helper
	})
	return len(removed) > 0
}
