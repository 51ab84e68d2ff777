package settingsxml

import (
	"bytes"
	"slices"
	"strings"
)

// This file decides how new text looks: which line ending, which
// indentation, one line or several. Every answer is copied from the file,
// from the lines nearest the edit where possible.

// defaultUnit is the indentation step for files that show none.
const defaultUnit = "  "

// eol returns the file's line ending.
func (d *Doc) eol() string { return d.style.eol }

// unit returns the file's indentation step.
func (d *Doc) unit() string { return d.style.unit }

// style is what new text copies from the file, worked out once per parse.
type style struct{ eol, unit string }

func (d *Doc) detectStyle() style { return style{eol: d.detectEOL(), unit: d.detectUnit()} }

// detectEOL returns CRLF if most line breaks are CRLF, else LF.
func (d *Doc) detectEOL() string {
	crlf := bytes.Count(d.data, []byte("\r\n"))
	if crlf > 0 && crlf*2 >= bytes.Count(d.data, []byte("\n")) {
		return "\r\n"
	}
	return "\n"
}

// detectUnit returns the most common difference between the indentation
// of an element and that of its parent, when both start their lines.
func (d *Doc) detectUnit() string {
	counts := map[string]int{}
	var walk func(e *elem)
	walk = func(e *elem) {
		pi, pok := d.ownLine(e)
		for _, c := range e.children {
			if ci, ok := d.ownLine(c); ok && pok && len(ci) > len(pi) && strings.HasPrefix(ci, pi) {
				counts[ci[len(pi):]]++
			}
			walk(c)
		}
	}
	walk(d.root)
	best, n := defaultUnit, 0
	for u, c := range counts {
		if c > n || c == n && u < best {
			best, n = u, c
		}
	}
	return best
}

func isBlank(b byte) bool { return b == ' ' || b == '\t' }
func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\r' || b == '\n' }

// ownLine reports whether only spaces and tabs precede e on its line, and
// returns them.
func (d *Doc) ownLine(e *elem) (indent string, ok bool) {
	i := e.start
	for i > d.bom && isBlank(d.data[i-1]) {
		i--
	}
	if i == d.bom || d.data[i-1] == '\n' {
		return string(d.data[i:e.start]), true
	}
	return "", false
}

// sep returns what should precede a new sibling inserted right after e so
// that it lines up with its neighbours: the spacing between e and the next
// sibling, or (when e is the last) the spacing before e. That is a line
// break and an indentation, or the blanks of siblings sharing a line.
func (d *Doc) sep(e *elem) string {
	j := e.endEnd
	for j < len(d.data) && isSpace(d.data[j]) {
		j++
	}
	if j < len(d.data)-1 && d.data[j] == '<' && d.data[j+1] != '/' {
		return d.normSep(d.data[e.endEnd:j])
	}
	i := e.start
	for i > d.bom && isSpace(d.data[i-1]) {
		i--
	}
	return d.normSep(d.data[i:e.start])
}

// normSep keeps only the last line's indentation of whitespace ws, after
// the file's line ending.
func (d *Doc) normSep(b []byte) string {
	ws := string(b)
	if j := strings.LastIndexByte(ws, '\n'); j >= 0 {
		return d.eol() + ws[j+1:]
	}
	return ws
}

// multiline reports whether new children of e go on lines of their own.
func (d *Doc) multiline(e *elem) bool {
	if n := len(e.children); n > 0 {
		_, ok := d.ownLine(e.children[n-1])
		return ok
	}
	_, ok := d.ownLine(e)
	return ok || bytes.IndexByte(d.data[e.startEnd:e.end], '\n') >= 0
}

// childIndent returns the indentation for a new child of e: that of the
// sibling next to it, else of any child on its own line, else e's own plus
// one step.
func (d *Doc) childIndent(e, near *elem) string {
	if near != nil {
		if ind, ok := d.ownLine(near); ok {
			return ind
		}
	}
	for _, c := range slices.Backward(e.children) {
		if ind, ok := d.ownLine(c); ok {
			return ind
		}
	}
	ind, _ := d.ownLine(e)
	return ind + d.unit()
}

// node is an element to insert: either text or children.
type node struct {
	name string
	text []byte // escaped already
	kids []node
}

func leaf(name string, text []byte) node { return node{name: name, text: text} }

// render writes n with the namespace prefix, as the lines of a block whose
// first line is already indented by indent.
func (d *Doc) render(n node, prefix, indent string, multi bool) []byte {
	var b bytes.Buffer
	unit, eol := d.unit(), d.eol()
	var rec func(n node, indent string)
	rec = func(n node, indent string) {
		b.WriteString("<" + prefix + n.name + ">")
		if n.kids == nil {
			b.Write(n.text)
		} else {
			for _, k := range n.kids {
				if multi {
					b.WriteString(eol + indent + unit)
				}
				rec(k, indent+unit)
			}
			if multi {
				b.WriteString(eol + indent)
			}
		}
		b.WriteString("</" + prefix + n.name + ">")
	}
	rec(n, indent)
	return b.Bytes()
}

// edit replaces data[from:to] with text.
type edit struct {
	from, to int
	text     []byte
}

// apply makes the edits, which must not overlap, and re-indexes the result.
func (d *Doc) apply(edits []edit) {
	if len(edits) == 0 {
		return
	}
	slices.SortStableFunc(edits, func(a, b edit) int {
		if a.from != b.from {
			return a.from - b.from
		}
		return a.to - b.to
	})
	var out []byte
	pos := 0
	for _, e := range edits {
		if e.from < pos {
			panic("settingsxml: overlapping edits")
		}
		out = append(out, d.data[pos:e.from]...)
		out = append(out, e.text...)
		pos = e.to
	}
	out = append(out, d.data[pos:]...)
	if bytes.Equal(out, d.data) {
		return
	}
	old := d.data
	d.data = out
	if err := d.parse(); err != nil {
		// Every edit writes well-formed XML; if this fires, it is a bug
		// here, and the user's file has not been touched.
		d.data = old
		panic("settingsxml: edit produced malformed XML: " + err.Error())
	}
	d.edited = true
}
