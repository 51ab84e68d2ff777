package main

import "testing"

// TestTrimTokenInput: the one white-space rule for the prompt and
// --token-stdin (docs/reference.md, init, "The token").
func TestTrimTokenInput(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"tok", "tok"},
		{"tok\n", "tok"},
		{"tok\r\n", "tok"},
		{"tok  \t", "tok"},
		{"tok \t\r\n", "tok"},
		{"tok\n\n", "tok\n"}, // one line ending only: two lines are refused
		{"tok\r", "tok\r"},   // a lone CR is no line ending here
		{" tok", " tok"},     // leading white space is refused, not trimmed
		{"to k\n", "to k"},   // inner white space is refused
		{"tok\n  ", "tok\n"}, // spaces after the line ending: a second line
		{"", ""},
	} {
		if got := trimTokenInput(c.in); got != c.want {
			t.Errorf("trimTokenInput(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
