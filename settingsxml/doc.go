// Package settingsxml edits Maven settings.xml files the way their owners
// expect: it adds, updates or removes <server> entries and leaves every other
// byte of the file as it was — comments, formatting, line endings, encoding,
// byte order mark, references and quoting included.
//
// A Doc keeps the file's bytes and an index of its elements by byte offset.
// Edits splice new text into those bytes; inserted elements copy the
// indentation and line endings found next to them, and text is written in the
// file's declared encoding (UTF-8, US-ASCII, ISO-8859-1 or windows-1252).
//
// Why bytes and not a tree: reading a file into a general XML tree and
// writing it back (beevik/etree was tried on the edit corpus) changes it
// with no edit at all: CRLF becomes LF, references are resolved and quotes
// changed, ISO-8859-1 bytes cannot be read back, Maven's multi-line aligned
// attributes are joined, <servers></servers> becomes <servers/>. TestGolden
// checks that Parse and Bytes return every corpus file unchanged.
package settingsxml

import "bytes"

// Server is a <server> entry: the credentials Maven sends to the repository
// with the same id.
type Server struct{ ID, Username, Password string }

// Mirror is a <mirror> entry. Maven looks credentials up under a mirror's id
// for every repository the mirror covers.
type Mirror struct{ ID, MirrorOf, URL string }

// Doc is a parsed settings.xml. It is not safe for concurrent use.
type Doc struct {
	file   string
	data   []byte
	bom    int // length of the byte order mark, if any
	cs     charset
	root   *elem
	style  style
	edited bool
}

// newSettings is the file New starts from: what Maven's own template has.
const newSettings = `<?xml version="1.0" encoding="UTF-8"?>
<settings xmlns="http://maven.apache.org/SETTINGS/1.2.0"
          xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
          xsi:schemaLocation="http://maven.apache.org/SETTINGS/1.2.0 https://maven.apache.org/xsd/settings-1.2.0.xsd">
</settings>
`

// New returns a fresh settings.xml with no entries, for a user who has none.
func New() *Doc {
	d, err := Parse([]byte(newSettings), "settings.xml")
	if err != nil {
		panic("settingsxml: template does not parse: " + err.Error())
	}
	return d
}

// Bytes returns the document. Unless an edit changed something, these are
// exactly the bytes it was parsed from.
func (d *Doc) Bytes() []byte { return bytes.Clone(d.data) }

// Servers returns every <server> in /settings/servers whose <id>, trimmed as
// Maven trims it, equals id, in document order. Values are trimmed and
// unescaped. Maven itself uses the first one and warns about the rest.
func (d *Doc) Servers(id string) []Server {
	var out []Server
	for _, s := range d.servers(id) {
		out = append(out, Server{
			ID:       d.text(d.child(s, "id")),
			Username: d.text(d.child(s, "username")),
			Password: d.text(d.child(s, "password")),
		})
	}
	return out
}

// Mirrors returns every <mirror> in /settings/mirrors, in document order.
func (d *Doc) Mirrors() []Mirror {
	var out []Mirror
	for _, ms := range d.children(d.root, "mirrors") {
		for _, m := range d.children(ms, "mirror") {
			out = append(out, Mirror{
				ID:       d.text(d.child(m, "id")),
				MirrorOf: d.text(d.child(m, "mirrorOf")),
				URL:      d.text(d.child(m, "url")),
			})
		}
	}
	return out
}

// servers returns the <server> elements whose trimmed id is id.
func (d *Doc) servers(id string) []*elem {
	id = clean(id)
	var out []*elem
	for _, ss := range d.children(d.root, "servers") {
		for _, s := range d.children(ss, "server") {
			if idEl := d.child(s, "id"); idEl != nil && d.text(idEl) == id {
				out = append(out, s)
			}
		}
	}
	return out
}

// children returns e's child elements called local in the settings
// namespace (the root's, whatever it is), in document order.
func (d *Doc) children(e *elem, local string) []*elem {
	var out []*elem
	for _, c := range e.children {
		if c.name.Local == local && c.name.Space == d.root.name.Space {
			out = append(out, c)
		}
	}
	return out
}

// child returns e's first child element called local, or nil.
func (d *Doc) child(e *elem, local string) *elem {
	if c := d.children(e, local); len(c) > 0 {
		return c[0]
	}
	return nil
}
