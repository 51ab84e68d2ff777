package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestVoicedLineBounded: mvn-dxai's output is passed on line by line, and
// a line that never ended grew in memory for as long as the handoff ran.
// A line is cut at maxVoicedLine, said at once with a mark, and the rest
// of it dropped up to its end; the lines after it pass as before.
func TestVoicedLineBounded(t *testing.T) {
	var out bytes.Buffer
	v := &voiced{w: &out}
	chunk := strings.Repeat("x", 4096)
	for range 1024 { // 4 MiB without a newline
		v.Write([]byte(chunk))
		if len(v.part) > maxVoicedLine {
			t.Fatalf("voiced holds %d bytes of one line; want at most %d", len(v.part), maxVoicedLine)
		}
	}
	v.Write([]byte("tail\nmvn-dxai: next line\n"))
	v.Close()
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("got %d lines, want the cut one and the next", len(lines))
	}
	if want := name + ": " + strings.Repeat("x", maxVoicedLine) + " …(cut)"; lines[0] != want {
		t.Errorf("first line has %d bytes, ends %q", len(lines[0]), lines[0][max(0, len(lines[0])-20):])
	}
	if lines[1] != name+": next line" {
		t.Errorf("second line = %q", lines[1])
	}
}
