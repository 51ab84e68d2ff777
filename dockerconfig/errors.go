package dockerconfig

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/dynamixs-ai/dxai/internal/fileerr"
)

// ParseError reports a config.json that docker could not use: malformed JSON,
// a top level that is not an object, "credHelpers" or "auths" that are not
// objects, or a credHelpers value that is not a string. Line and Col (both
// from 1; Col counts characters) locate the problem.
type ParseError = fileerr.ParseError

// parseErrorAt builds a ParseError for the byte at offset pos of data.
func parseErrorAt(file string, data []byte, pos int, format string, args ...any) *ParseError {
	pos = min(max(pos, 0), len(data))
	before := data[:pos]
	lineStart := bytes.LastIndexByte(before, '\n') + 1
	return &ParseError{
		File: file,
		Line: bytes.Count(before, []byte{'\n'}) + 1,
		Col:  utf8.RuneCount(before[lineStart:]) + 1,
		Msg:  fmt.Sprintf(format, args...),
	}
}

// syntaxError turns an error from encoding/json's validation of data into a
// ParseError.
func syntaxError(file string, data []byte, err error) *ParseError {
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return parseErrorAt(file, data, 0, "%v", err)
	}
	// Offset counts the bytes read, the offending one included; at the end
	// of the input nothing offends, and the end itself is the place.
	pos := int(se.Offset)
	if se.Error() != "unexpected end of JSON input" {
		pos--
	}
	return parseErrorAt(file, data, pos, "%s", se.Error())
}

// kindOf names the kind of the JSON value whose text starts with b.
func kindOf(b byte) string {
	switch b {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}
