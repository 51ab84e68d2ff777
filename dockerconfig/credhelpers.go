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

// SetCredHelper makes docker use helper (docker-credential-<helper>) for
// host, and reports whether that changed anything. host is the exact
// credHelpers key docker looks up: the registry's host[:port]. host and
// helper are UTF-8; invalid bytes would be written as U+FFFD.
func (c *Config) SetCredHelper(host, helper string) (changed bool) {
	if cur, ok := c.CredHelpers()[host]; ok && cur == helper {
		return false
	}
	c.changed = true
	i := c.last("credHelpers")
	if i < 0 {
		c.members = append(c.members, newMember("credHelpers", map[string]string{host: helper}))
		return true
	}
	m := &c.members[i]
	if isNull(m.val) {
		m.val, m.off = marshal(map[string]string{host: helper}), -1
		return true
	}
	entries := splitObject(m.val, m.off)
	found := false
	for j := len(entries) - 1; j >= 0; j-- {
		if entries[j].key == host {
			entries[j].val, entries[j].off = marshal(helper), -1
			found = true
			break
		}
	}
	if !found {
		entries = append(entries, newMember(host, helper))
	}
	m.val, m.off = joinObject(entries), -1
	return true
}

// RemoveCredHelper removes host's credHelpers entry if it names helper, and
// reports whether it did. An entry naming another helper is left alone; so
// is "credHelpers" itself, even when it ends up empty.
func (c *Config) RemoveCredHelper(host, helper string) (changed bool) {
	for i := range c.members {
		m := &c.members[i]
		if m.key != "credHelpers" || isNull(m.val) {
			continue
		}
		kept, removed := filter(splitObject(m.val, m.off), func(e member) bool {
			return e.key == host && e.val[0] == '"' && decodeString(e.val) == helper
		})
		if removed > 0 {
			m.val, m.off = joinObject(kept), -1
			changed = true
		}
	}
	c.changed = c.changed || changed
	return changed
}

// filter returns the members drop does not match, and how many it matched.
func filter(ms []member, drop func(member) bool) (kept []member, dropped int) {
	kept = ms[:0:0]
	for _, m := range ms {
		if drop(m) {
			dropped++
		} else {
			kept = append(kept, m)
		}
	}
	return kept, dropped
}
