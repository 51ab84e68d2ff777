// Package dockerconfig edits the docker CLI's config.json ($DOCKER_CONFIG or
// ~/.docker): it sets and removes our "credHelpers" entry and migrates
// plaintext "auths" credentials away, and leaves everything else in the file
// exactly as it was.
//
// A Config keeps the document as written: keys in their order, values
// (numbers, escapes, unknown keys, nested objects) as their original text.
// An unchanged Config gives back the input bytes; a changed one is written
// the way docker writes it, but with the input's own indentation (two
// spaces stay two spaces); docker's tab is for files we create.
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
	input   []byte   // the parsed bytes
	parsed  bool     // false for New: there is no input to give back
	members []member // top-level members
	changed bool
	crlf    bool   // the input's lines end in CRLF
	final   bool   // the input ends with a newline
	indent  string // one level of the input's indentation; "" for docker's tab
}

// New returns an empty config, {}.
func New() *Config {
	return &Config{}
}

// Parse reads config.json contents; file names it in errors. An empty or
// whitespace-only input is an empty config, as docker takes it. The error is
// a *ParseError when the contents are not a config docker could use.
func Parse(data []byte, file string) (*Config, error) {
	data = bytes.Clone(data) // Bytes gives back the input; callers may reuse theirs
	c := &Config{input: data, parsed: true}
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
	c.members = splitObject(data, 0)
	c.indent = indentOf(data, start)
	if err := c.validate(file); err != nil {
		return nil, err
	}
	return c, nil
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
			return parseErrorAt(file, c.input, m.off, "%q is %s, want an object", m.key, kindOf(m.val[0]))
		}
		if m.key != "credHelpers" {
			continue
		}
		for _, h := range splitObject(m.val, m.off) {
			if h.val[0] != '"' && !isNull(h.val) {
				return parseErrorAt(file, c.input, h.off, "credHelpers[%q] is %s, want a string", h.key, kindOf(h.val[0]))
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
