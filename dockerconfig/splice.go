package dockerconfig

import (
	"bytes"
	"slices"
	"strings"
)

// This file edits the document by splicing text into its bytes: adding a
// member at the end of an object, cutting one out with its separator, and
// choosing the layout of new text from the text around it.

// Bytes returns the document: the parsed input with our edits spliced in,
// every other byte as it was. Unchanged, it is exactly the parsed input.
func (c *Config) Bytes() []byte {
	return c.data
}

// splice replaces data[from:to] with text and reads the members again.
func (c *Config) splice(from, to int, text []byte) {
	b := make([]byte, 0, len(c.data)-(to-from)+len(text))
	b = append(b, c.data[:from]...)
	b = append(b, text...)
	b = append(b, c.data[to:]...)
	c.data, c.changed = b, true
	c.reindex()
}

// ensureObject gives an empty or white-space-only document an object to
// add to, keeping a final newline as docker would leave it.
func (c *Config) ensureObject() {
	if c.top >= 0 {
		return
	}
	doc := "{}"
	if c.final {
		doc += c.eol()
	}
	c.data = []byte(doc)
	c.reindex()
}

// layout says how to write a new member: on a line of its own (multi)
// indented with ind, or inline; kv separates its key from its value.
type layout struct {
	multi bool
	ind   string
	kv    string
}

// eol returns the document's line ending.
func (c *Config) eol() string {
	if c.crlf {
		return "\r\n"
	}
	return "\n"
}

// unit returns one level of indentation for objects nested in a line
// indented with ind: the document's own, else ind itself (top-level members
// are one level in), else docker's tab.
func (c *Config) unit(ind string) string {
	switch {
	case c.indent != "":
		return c.indent
	case ind != "":
		return ind
	}
	return "\t"
}

// lineIndent returns the blanks before offset p when only they stand
// between p and the start of its line, and whether they do.
func (c *Config) lineIndent(p int) (string, bool) {
	i := p
	for i > 0 && (c.data[i-1] == ' ' || c.data[i-1] == '\t') {
		i--
	}
	if i > 0 && c.data[i-1] != '\n' {
		return "", false
	}
	return string(c.data[i:p]), true
}

// kvOf returns m's key-value separator for new members beside it, or
// docker's ": " when m's spans lines.
func (c *Config) kvOf(m member) string {
	if kv := m.kv(c.data); bytes.IndexByte(kv, '\n') < 0 {
		return string(kv)
	}
	return ": "
}

// memberLayout returns the layout of a top-level member m, for a value
// that replaces its own.
func (c *Config) memberLayout(m member) layout {
	ind, own := c.lineIndent(m.keyOff)
	return layout{multi: own, ind: ind, kv: c.kvOf(m)}
}

// object renders a new object value holding key: val, for a member laid
// out as l.
func (c *Config) object(l layout, key, val string) []byte {
	entry := string(marshal(key)) + l.kv + string(marshal(val))
	if !l.multi {
		return []byte("{" + entry + "}")
	}
	eol := c.eol()
	return []byte("{" + eol + l.ind + c.unit(l.ind) + entry + eol + l.ind + "}")
}

// appendMember adds key: value at the end of the object at offset open,
// after its last member, laid out as that member is. An empty object is
// written out anew: on lines of its own when it is the top level, has a
// line break inside, or its member (parent, nil at the top) begins a line.
// value renders the value for the layout of the new member.
func (c *Config) appendMember(open int, parent *member, key string, value func(layout) []byte) {
	ms := splitObject(c.data[open:], open)
	k := string(marshal(key))
	if len(ms) > 0 {
		last := ms[len(ms)-1]
		l := layout{kv: c.kvOf(last)}
		var sep string
		if ind, own := c.lineIndent(last.keyOff); own {
			l.multi, l.ind, sep = true, ind, c.eol()+ind
		} else if len(ms) > 1 {
			sep = string(c.data[skipBack(c.data, last.keyOff):last.keyOff])
		} else if strings.ContainsAny(l.kv, " \t") {
			sep = " "
		}
		text := "," + sep + k + l.kv + string(value(l))
		c.splice(last.end(), last.end(), []byte(text))
		return
	}
	end := valueEnd(c.data, open) - 1
	inner := c.data[open+1 : end]
	var outer string
	multi := true
	if i := bytes.LastIndexByte(inner, '\n'); i >= 0 {
		outer = string(bytes.TrimRight(inner[i+1:], "\r"))
	} else if parent != nil {
		outer, multi = c.lineIndent(parent.keyOff)
	}
	l := layout{multi: multi, kv: ": "}
	if parent != nil {
		l.kv = c.kvOf(*parent)
	}
	text := "{" + k + l.kv + string(value(l)) + "}"
	if multi {
		l.ind = outer + c.unit(outer)
		text = "{" + c.eol() + l.ind + k + l.kv + string(value(l)) + c.eol() + outer + "}"
	}
	c.splice(open, end+1, []byte(text))
}

// skipBack returns the offset of the white space that ends just before p.
func skipBack(data []byte, p int) int {
	for p > 0 && isSpace(data[p-1]) {
		p--
	}
	return p
}

// cut removes member k of ms, the members of the object at offset open,
// with the comma and white space that separate it from the member before
// it (from the one after it, for the first). Removing the only member
// leaves {}.
func (c *Config) cut(open int, ms []member, k int) {
	switch {
	case len(ms) == 1:
		c.splice(open+1, valueEnd(c.data, open)-1, nil)
	case k == 0:
		c.splice(ms[0].keyOff, ms[1].keyOff, nil)
	default:
		c.splice(ms[k-1].end(), ms[k].end(), nil)
	}
}

// removeEntries removes, one at a time and in file order, every entry of
// the top-level objects named section that match drop, and returns them.
func (c *Config) removeEntries(section string, drop func(member) bool) (removed []member) {
	for {
		done := true
		for _, m := range c.members {
			if m.key != section || isNull(m.val) {
				continue
			}
			ms := splitObject(m.val, m.off)
			if k := slices.IndexFunc(ms, drop); k >= 0 {
				removed = append(removed, ms[k])
				c.cut(m.off, ms, k)
				done = false
				break
			}
		}
		if done {
			return removed
		}
	}
}
