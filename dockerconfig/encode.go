package dockerconfig

import (
	"bytes"
	"encoding/json"
)

// Bytes returns the document. Unchanged, it is exactly the parsed input.
// Changed, it is re-serialised as docker writes it (json.MarshalIndent),
// indented as the input was (its first member's indentation, e.g. two
// spaces), or with docker's tab when there was nothing to learn that from:
// keys in their original order with new ones appended, every value we did
// not edit kept as its original text. The input's trailing newline, if any,
// and its CRLF line endings, if any, are kept.
func (c *Config) Bytes() []byte {
	if c.parsed && !c.changed {
		return c.input
	}
	indent := c.indent
	if indent == "" {
		indent = "\t"
	}
	var out bytes.Buffer
	if err := json.Indent(&out, joinObject(c.members), "", indent); err != nil {
		panic("dockerconfig: invalid document: " + err.Error()) // members hold valid JSON only
	}
	if c.final {
		out.WriteByte('\n')
	}
	b := out.Bytes()
	if c.crlf {
		// Raw newlines occur only between tokens, never in strings.
		b = bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n"))
	}
	return b
}
