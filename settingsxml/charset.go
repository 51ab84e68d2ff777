package settingsxml

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// charset is one of the encodings a settings.xml may be written in. All are
// ASCII-compatible, so the markup can be found byte by byte in every one.
type charset int

const (
	csUTF8 charset = iota
	csASCII
	csLatin1
	cs1252
)

var (
	utf8BOM = []byte{0xEF, 0xBB, 0xBF}
	// xmlDecl is compiled on first use, not at start-up: a run of
	// mvn-dxai that reads no settings.xml does not pay for it.
	xmlDecl = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^<\?xml[ \t\r\n][^>]*?encoding[ \t\r\n]*=[ \t\r\n]*["']([^"']*)["']`)
	})
	charsets = map[string]charset{
		"utf-8": csUTF8, "utf8": csUTF8,
		"us-ascii": csASCII, "ascii": csASCII, "iso646-us": csASCII,
		"iso-8859-1": csLatin1, "iso8859-1": csLatin1, "iso_8859-1": csLatin1, "8859_1": csLatin1,
		"latin1": csLatin1, "latin-1": csLatin1, "l1": csLatin1, "cp819": csLatin1, "ibm819": csLatin1,
		"iso-ir-100": csLatin1, "windows-1252": cs1252, "cp1252": cs1252,
	}
)

// detectCharset reads the encoding declared by the XML declaration at the
// start of data (after any BOM). It returns the name as written and the
// offset of the name in data, for error messages.
func detectCharset(data []byte) (cs charset, name string, at int, ok bool) {
	if end := bytes.Index(data, []byte("?>")); end >= 0 {
		data = data[:end] // a declaration ends at the first "?>", as in encoding/xml
	}
	m := xmlDecl().FindSubmatchIndex(data)
	if m == nil {
		return csUTF8, "", 0, true
	}
	name = string(data[m[2]:m[3]])
	cs, ok = charsets[strings.ToLower(name)]
	return cs, name, m[2], ok
}

// mask returns data with every non-ASCII byte replaced by 'x', so that a
// single-byte encoding passes encoding/xml's UTF-8 checks while every offset
// stays the same. Markup is ASCII, so nothing structural changes.
func mask(data []byte) []byte {
	out := bytes.Clone(data)
	for i, b := range out {
		if b >= 0x80 {
			out[i] = 'x'
		}
	}
	return out
}

// cp1252High maps windows-1252 bytes 0x80–0x9F to Unicode; 0 means unused
// (such bytes decode as the C1 control of the same value, like Latin-1).
var cp1252High = [32]rune{
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
}

// toUTF8 decodes raw bytes of a single-byte charset.
func toUTF8(raw []byte, cs charset) []byte {
	if cs == csUTF8 {
		return raw
	}
	var b bytes.Buffer
	for _, c := range raw {
		r := rune(c)
		if cs == cs1252 && c >= 0x80 && c < 0xA0 && cp1252High[c-0x80] != 0 {
			r = cp1252High[c-0x80]
		}
		b.WriteRune(r)
	}
	return b.Bytes()
}

// encodeRune returns the byte r is stored as in cs, if it has one.
func encodeRune(r rune, cs charset) (byte, bool) {
	switch {
	case r < 0x80:
		return byte(r), true
	case cs == csLatin1 && r <= 0xFF:
		return byte(r), true
	case cs == cs1252 && r >= 0xA0 && r <= 0xFF:
		return byte(r), true
	case cs == cs1252:
		for i, h := range cp1252High {
			if h == r {
				return byte(0x80 + i), true
			}
		}
	}
	return 0, false
}

// isXMLChar reports whether r may appear in an XML 1.0 document.
func isXMLChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

// clean makes v a value that a settings.xml can hold and Maven reads back
// unchanged: characters XML cannot carry (and invalid UTF-8) become U+FFFD,
// and surrounding whitespace is dropped because Maven trims every value.
func clean(v string) string {
	v = strings.Map(func(r rune) rune {
		if !isXMLChar(r) {
			return utf8.RuneError
		}
		return r
	}, strings.ToValidUTF8(v, string(utf8.RuneError)))
	return trim(v)
}

// trim removes the whitespace Maven's readers trim (Java's String.trim
// removes all controls, but XML text can only hold these).
func trim(s string) string { return strings.Trim(s, " \t\r\n") }

// escape encodes text content for a file in cs: markup characters become
// entity references, and characters cs cannot hold become character
// references.
func escape(s string, cs charset) []byte {
	var b []byte
	for _, r := range s {
		switch r {
		case '&':
			b = append(b, "&amp;"...)
		case '<':
			b = append(b, "&lt;"...)
		case '>':
			b = append(b, "&gt;"...)
		case '\r':
			b = append(b, "&#13;"...)
		default:
			if !isXMLChar(r) {
				r = utf8.RuneError
			}
			if cs == csUTF8 {
				b = utf8.AppendRune(b, r)
			} else if c, ok := encodeRune(r, cs); ok {
				b = append(b, c)
			} else {
				b = append(b, "&#"+strconv.Itoa(int(r))+";"...)
			}
		}
	}
	return b
}
