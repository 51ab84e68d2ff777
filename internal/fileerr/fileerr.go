// Package fileerr is the error for a user's file that cannot be used as it
// is, located by line and column so the user can go straight to it.
package fileerr

import "fmt"

// ParseError locates a problem in a file. Line and Col are 1-based; Col
// counts characters.
type ParseError struct {
	File      string
	Line, Col int
	Msg       string
}

func (e *ParseError) Error() string {
	if e.File == "" {
		return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
}
