package dockerconfig

import (
	"bytes"
	"encoding/json"
	"strings"
)

// This file splits JSON text that encoding/json has already validated into
// the members of its objects, keeping every key and value exactly as
// written. Being valid, the text needs no error handling here.

// member is one "key": value pair of a JSON object.
type member struct {
	key    string // decoded
	rawKey []byte // as written, quotes included
	val    []byte // as written, or as we wrote it
	off    int    // offset of val in the parsed input; -1 for values we wrote
}

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
// parsed input.
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
		m := member{rawKey: data[i:keyEnd]}
		_ = json.Unmarshal(m.rawKey, &m.key)
		i = skipSpace(data, keyEnd) + 1 // past ':'
		i = skipSpace(data, i)
		end := valueEnd(data, i)
		m.val, m.off = data[i:end], base+i
		ms = append(ms, m)
		i = end
	}
}

// joinObject writes ms as a compact JSON object; values keep their inner
// whitespace, which encoding (json.Indent) discards.
func joinObject(ms []member) []byte {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range ms {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(m.rawKey)
		b.WriteByte(':')
		b.Write(m.val)
	}
	b.WriteByte('}')
	return b.Bytes()
}

// newMember makes a member we add, from a key and a value to marshal.
func newMember(key string, val any) member {
	return member{key: key, rawKey: marshal(key), val: marshal(val), off: -1}
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
