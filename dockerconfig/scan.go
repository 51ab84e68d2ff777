package dockerconfig

import (
	"encoding/json"
	"strings"
)

// This file splits JSON text that encoding/json has already validated into
// the members of its objects, keeping every key and value exactly as
// written, with their offsets. Being valid, the text needs no error
// handling here; our edits keep it valid.

// member is one "key": value pair of a JSON object.
type member struct {
	key    string // decoded
	rawKey []byte // as written, quotes included
	keyOff int    // offset of rawKey in the document
	val    []byte // as written
	off    int    // offset of val in the document
}

// end returns the offset just past m's value.
func (m member) end() int { return m.off + len(m.val) }

// kv returns what separates m's key from its value: the colon and the
// white space around it.
func (m member) kv(data []byte) []byte { return data[m.keyOff+len(m.rawKey) : m.off] }

// isSpace reports whether b is JSON whitespace.
func isSpace(b byte) bool {
	return b == ' ' || b == '\t' || b == '\n' || b == '\r'
}

func skipSpace(data []byte, i int) int {
	for i < len(data) && isSpace(data[i]) {
		i++
	}
	return i
}

// stringEnd returns the offset just past the string literal starting at i.
func stringEnd(data []byte, i int) int {
	for i++; i < len(data); i++ {
		switch data[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(data)
}

// valueEnd returns the offset just past the value starting at i.
func valueEnd(data []byte, i int) int {
	switch data[i] {
	case '"':
		return stringEnd(data, i)
	case '{', '[':
		depth := 0
		for i < len(data) {
			switch data[i] {
			case '"':
				i = stringEnd(data, i)
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
			i++
		}
		return len(data)
	}
	for i < len(data) && !isSpace(data[i]) && strings.IndexByte(",}]", data[i]) < 0 {
		i++
	}
	return i
}

// splitObject returns the members, in order and duplicates included, of the
// valid JSON object that data holds. base is the offset of data in the
// document.
func splitObject(data []byte, base int) []member {
	var ms []member
	i := skipSpace(data, 0) + 1 // past '{'
	for {
		i = skipSpace(data, i)
		if i >= len(data) || data[i] == '}' {
			return ms
		}
		if data[i] == ',' {
			i++
			continue
		}
		keyEnd := stringEnd(data, i)
		m := member{rawKey: data[i:keyEnd], keyOff: base + i}
		_ = json.Unmarshal(m.rawKey, &m.key)
		i = skipSpace(data, keyEnd) + 1 // past ':'
		i = skipSpace(data, i)
		end := valueEnd(data, i)
		m.val, m.off = data[i:end], base+i
		ms = append(ms, m)
		i = end
	}
}

// marshal encodes a string or other simple value as docker would (with
// HTML escaping, as json.MarshalIndent does).
func marshal(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only strings and plain maps are marshalled
	}
	return b
}

// isNull reports whether val is the JSON literal null.
func isNull(val []byte) bool {
	return string(val) == "null"
}

// decodeString returns the string val holds, or "" when it holds another
// kind of value (null, in places that were validated).
func decodeString(val []byte) string {
	var s string
	_ = json.Unmarshal(val, &s)
	return s
}
