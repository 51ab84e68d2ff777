package settingsxml

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/dynamixs-ai/dxai/internal/fileerr"
)

// ParseError reports a settings.xml that is not well-formed or is not a
// Maven settings file. Line and Col are 1-based; Col counts characters.
type ParseError = fileerr.ParseError

// elem is one element of the document, located by byte offsets into the
// document: the start tag is data[start:startEnd], the content
// data[startEnd:end] and the end tag data[end:endEnd]. A self-closing element
// has startEnd == end == endEnd.
type elem struct {
	name            xml.Name // name.Space is the namespace URL
	raw             string   // the name as written, with its prefix
	start, startEnd int
	end, endEnd     int
	selfClosing     bool
	parent          *elem
	children        []*elem
}

// prefix returns the element's namespace prefix with its colon, or "".
func (e *elem) prefix() string {
	if i := strings.IndexByte(e.raw, ':'); i >= 0 {
		return e.raw[:i+1]
	}
	return ""
}

// Parse reads a settings.xml. file names the file in error messages only.
// Malformed input, or a document whose root is not <settings>, gives a
// *ParseError.
func Parse(data []byte, file string) (*Doc, error) {
	d := &Doc{file: file, data: data}
	if err := d.parse(); err != nil {
		return nil, err
	}
	return d, nil
}

// parse (re)builds the element tree of d.data.
func (d *Doc) parse() error {
	d.root, d.bom, d.cs = nil, 0, csUTF8
	switch {
	case bytes.HasPrefix(d.data, utf8BOM):
		d.bom = len(utf8BOM)
	case bytes.HasPrefix(d.data, []byte{0xFE, 0xFF}), bytes.HasPrefix(d.data, []byte{0xFF, 0xFE}):
		return d.errorf(0, "UTF-16 is not supported; save the file as UTF-8")
	}
	cs, name, at, ok := detectCharset(d.data[d.bom:])
	if !ok {
		return d.errorf(d.bom+at, "unsupported encoding %q; save the file as UTF-8", name)
	}
	if d.bom == 0 {
		d.cs = cs
	}
	src := d.data
	if d.cs != csUTF8 {
		src = mask(src)
	} else if i := invalidUTF8(d.data[d.bom:]); i >= 0 {
		// encoding/xml would miss this in comments; Maven would read
		// U+FFFD. Either way the file is not what its owner thinks.
		return d.errorf(d.bom+i, `invalid UTF-8 (byte 0x%02X); if the file is ISO-8859-1, declare it in the first line: <?xml version="1.0" encoding="ISO-8859-1"?>`, d.data[d.bom+i])
	}
	dec := xml.NewDecoder(bytes.NewReader(src[d.bom:]))
	dec.CharsetReader = func(_ string, in io.Reader) (io.Reader, error) { return in, nil }
	var stack []*elem
	for {
		pos := d.bom + int(dec.InputOffset())
		tok, err := dec.Token()
		end := d.bom + int(dec.InputOffset())
		if err == io.EOF {
			break
		}
		if err != nil {
			return d.syntaxError(pos, end, err, stack)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) == 0 {
				if d.root != nil {
					return d.errorf(pos, "second root element <%s>; a settings file has one <settings> element", rawName(d.data, pos))
				}
				if t.Name.Local != "settings" {
					return d.errorf(pos, "root element is <%s>, not <settings>", rawName(d.data, pos))
				}
			}
			e := &elem{name: t.Name, raw: rawName(d.data, pos), start: pos, startEnd: end}
			if len(stack) > 0 {
				e.parent = stack[len(stack)-1]
				e.parent.children = append(e.parent.children, e)
			} else {
				d.root = e
			}
			stack = append(stack, e)
		case xml.EndElement:
			e := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			e.end, e.endEnd, e.selfClosing = pos, end, pos == end
		case xml.CharData:
			if len(stack) == 0 {
				if i := bytes.IndexFunc(d.data[pos:end], notSpace); i >= 0 {
					return d.errorf(pos+i, "text outside the <settings> element")
				}
			}
		}
	}
	if d.root == nil {
		switch {
		case len(d.data) == d.bom:
			return d.errorf(d.bom, "file is empty; expected a <settings> element")
		case bytes.IndexFunc(d.data[d.bom:], notSpace) < 0:
			return d.errorf(d.bom, "file holds only whitespace; expected a <settings> element")
		}
		return d.errorf(len(d.data), "no <settings> element")
	}
	d.style = d.detectStyle()
	return nil
}

// invalidUTF8 returns the offset of the first byte of data that is not
// valid UTF-8, or -1.
func invalidUTF8(data []byte) int {
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return -1
}

func notSpace(r rune) bool { return r != ' ' && r != '\t' && r != '\r' && r != '\n' }

// rawName returns the name of the tag that starts at data[pos].
func rawName(data []byte, pos int) string {
	i := pos + 1
	for i < len(data) && bytes.IndexByte([]byte(" \t\r\n/>"), data[i]) < 0 {
		i++
	}
	return string(data[pos+1 : i])
}

// syntaxError turns the encoding/xml error found at offset off, in the
// token that starts at tok, into a ParseError.
func (d *Doc) syntaxError(tok, off int, err error, open []*elem) error {
	msg := strings.TrimPrefix(err.Error(), "xml: ")
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		msg = se.Msg
		if strings.HasPrefix(msg, "element <") || strings.HasPrefix(msg, "unexpected end element") {
			off = tok // point at the wrong end tag, not past it
		}
		if msg == "unexpected EOF" && len(open) > 0 {
			e := open[len(open)-1]
			line, col := d.lineCol(e.start)
			msg = fmt.Sprintf("unexpected end of file inside <%s> (opened at line %d, column %d)", e.raw, line, col)
		}
	}
	return d.errorf(off, "%s", msg)
}

func (d *Doc) errorf(off int, format string, args ...any) error {
	line, col := d.lineCol(off)
	return &ParseError{File: d.file, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)}
}

// lineCol converts a byte offset into a 1-based line and character column.
func (d *Doc) lineCol(off int) (line, col int) {
	off = min(off, len(d.data))
	line = 1 + bytes.Count(d.data[:off], []byte("\n"))
	ls := max(bytes.LastIndexByte(d.data[:off], '\n')+1, d.bom)
	if ls > off {
		ls = off
	}
	seg := d.data[ls:off]
	if d.cs == csUTF8 {
		return line, utf8.RuneCount(seg) + 1
	}
	return line, len(seg) + 1
}

// text returns the trimmed text content of e, as Maven reads it: character
// data and CDATA, with references resolved, ignoring comments.
func (d *Doc) text(e *elem) string {
	if e == nil || e.selfClosing {
		return ""
	}
	raw := toUTF8(d.data[e.startEnd:e.end], d.cs)
	dec := xml.NewDecoder(io.MultiReader(strings.NewReader("<v>"), bytes.NewReader(raw), strings.NewReader("</v>")))
	var b strings.Builder
	depth := 0
	for {
		tok, err := dec.RawToken()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		case xml.CharData:
			if depth == 1 {
				b.Write(t)
			}
		}
	}
	return trim(b.String())
}
