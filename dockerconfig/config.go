// Package dockerconfig edits the docker CLI's config.json ($DOCKER_CONFIG or
// ~/.docker): it sets and removes our "credHelpers" entry and migrates
// plaintext "auths" credentials away, and leaves every other byte of the
// file as it was.
//
// A Config keeps the file's bytes and reads its members from them by
// offset. An edit splices new text into those bytes, the way settingsxml
// edits settings.xml: it rewrites only the member it adds, changes or
// removes (a "credHelpers" key, the "credHelpers" object when it creates or
// removes it, an "auths" entry it migrates) and keeps other members' text,
// key order, indentation, line endings and a missing final newline. New text
// copies the layout next to it: its neighbours' indentation and separators,
// on lines of their own in a multi-line object, inline in a one-line one.
// Docker's tab is for files we create and objects with nothing to learn it
// from. Adding an entry and removing it again gives back the same bytes,
// except that an empty object with white space inside ({ }) comes back {}.
//
// Duplicate keys are kept, so no data is lost, and read the way docker reads
// them with encoding/json: a duplicate top-level "credHelpers" or "auths"
// object merges into the ones before it (a null resets), and within one
// object the last duplicate wins. Edits go to the copy that wins.
package dockerconfig

import (
	"bytes"
	"encoding/json"
)

// Config is an order-preserving representation of a whole config.json.
type Config struct {
	data    []byte   // the document: the parsed bytes and our edits
	top     int      // offset of the top-level '{' in data; -1 when there is none
	members []member // top-level members, offsets in data
	changed bool
	crlf    bool   // the input's lines end in CRLF
	final   bool   // the input ends with a newline
	indent  string // one level of the document's indentation; "" when unknown
}

// New returns an empty config, {}.
func New() *Config {
	c := &Config{data: []byte("{}")}
	c.reindex()
	return c
}

// Parse reads config.json contents; file names it in errors. An empty or
// whitespace-only input is an empty config, as docker takes it. The error is
// a *ParseError when the contents are not a config docker could use.
func Parse(data []byte, file string) (*Config, error) {
	data = bytes.Clone(data) // Bytes gives back the input; callers may reuse theirs
	c := &Config{data: data, top: -1}
	i := bytes.IndexByte(data, '\n')
	c.crlf = i > 0 && data[i-1] == '\r'
	c.final = bytes.HasSuffix(data, []byte{'\n'})
	start := skipSpace(data, 0)
	if start == len(data) {
		return c, nil
	}
	var raw json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, syntaxError(file, data, err)
	}
	if data[start] != '{' {
		return nil, parseErrorAt(file, data, start, "top level is %s, want an object", kindOf(data[start]))
	}
	c.reindex()
	if err := c.validate(file); err != nil {
		return nil, err
	}
	return c, nil
}

// reindex reads the top-level members and the indentation from c.data.
func (c *Config) reindex() {
	c.top = skipSpace(c.data, 0)
	if c.top == len(c.data) {
		c.top, c.members, c.indent = -1, nil, ""
		return
	}
	c.members = splitObject(c.data, 0)
	c.indent = indentOf(c.data, c.top)
}

// indentOf returns the white space before the first member of the object
// at data[start] when that member begins a line of its own: one level of
// the file's indentation. It returns "" when there is nothing to learn it
// from (an empty object, or a member on the brace's line).
func indentOf(data []byte, start int) string {
	key := skipSpace(data, start+1)
	if key >= len(data) || data[key] != '"' {
		return ""
	}
	i := key
	for i > start+1 && (data[i-1] == ' ' || data[i-1] == '\t') {
		i--
	}
	if i == key || data[i-1] != '\n' {
		return ""
	}
	return string(data[i:key])
}

// validate checks the members we read for the types docker needs.
func (c *Config) validate(file string) error {
	for _, m := range c.members {
		if m.key != "credHelpers" && m.key != "auths" {
			continue
		}
		if isNull(m.val) {
			continue
		}
		if m.val[0] != '{' {
			return parseErrorAt(file, c.data, m.off, "%q is %s, want an object", m.key, kindOf(m.val[0]))
		}
		if m.key != "credHelpers" {
			continue
		}
		for _, h := range splitObject(m.val, m.off) {
			if h.val[0] != '"' && !isNull(h.val) {
				return parseErrorAt(file, c.data, h.off, "credHelpers[%q] is %s, want a string", h.key, kindOf(h.val[0]))
			}
		}
	}
	return nil
}

// last returns the index of the last top-level member named key, or -1.
func (c *Config) last(key string) int {
	for i := len(c.members) - 1; i >= 0; i-- {
		if c.members[i].key == key {
			return i
		}
	}
	return -1
}

// effective returns the entries of the top-level object key as docker reads
// them: duplicates of key merged in order, a null resetting, later entries
// winning. Entries come in order of first appearance.
func (c *Config) effective(key string) (keys []string, vals map[string][]byte) {
	vals = map[string][]byte{}
	for _, m := range c.members {
		if m.key != key {
			continue
		}
		if isNull(m.val) {
			keys, vals = nil, map[string][]byte{}
			continue
		}
		for _, e := range splitObject(m.val, m.off) {
			if _, ok := vals[e.key]; !ok {
				keys = append(keys, e.key)
			}
			vals[e.key] = e.val
		}
	}
	return keys, vals
}

// CredsStore returns the "credsStore" setting, "" when unset. We never
// change it.
func (c *Config) CredsStore() string {
	if i := c.last("credsStore"); i >= 0 {
		return decodeString(c.members[i].val)
	}
	return ""
}
