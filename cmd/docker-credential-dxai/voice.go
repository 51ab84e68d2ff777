package main

import (
	"bytes"
	"io"
	"strings"
)

// voiced passes the companion's output on to w in the helper's voice:
// docker shows the helper's stderr to a person who ran docker login or
// logout, not mvn-dxai, so each line's "mvn-dxai: " becomes
// "docker-credential-dxai: ", and a line without it gets the helper's
// prefix too. Lines are passed on whole, up to maxVoicedLine bytes: a
// longer one is passed on cut, and the rest of it dropped. Close passes on
// an unfinished last one.
type voiced struct {
	w    io.Writer
	part []byte // a line not yet ended
	cut  bool   // the line being read was passed on cut: drop up to its end
}

// maxVoicedLine bounds the memory one line of mvn-dxai's output takes
// while it runs: its lines are a path and a sentence.
const maxVoicedLine = 64 << 10

func (v *voiced) Write(p []byte) (int, error) {
	rest := p
	for len(rest) > 0 {
		i := bytes.IndexByte(rest, '\n')
		if v.cut {
			if i < 0 {
				return len(p), nil
			}
			v.cut, rest = false, rest[i+1:]
			continue
		}
		if i < 0 {
			v.part = append(v.part, rest...)
			if len(v.part) <= maxVoicedLine {
				return len(p), nil
			}
			line := cutLine(v.part)
			v.part, v.cut = v.part[:0], true
			return len(p), v.say(line)
		}
		line := cutLine(append(v.part, rest[:i]...))
		v.part, rest = v.part[:0], rest[i+1:]
		if err := v.say(line); err != nil {
			return len(p), err
		}
	}
	return len(p), nil
}

// cutLine is line, cut to maxVoicedLine bytes with a mark when longer.
func cutLine(line []byte) string {
	if len(line) <= maxVoicedLine {
		return string(line)
	}
	return strings.ToValidUTF8(string(line[:maxVoicedLine]), "") + " …(cut)"
}

// Close passes on what is left of an unfinished line.
func (v *voiced) Close() error {
	if len(v.part) == 0 {
		return nil
	}
	line := string(v.part)
	v.part = nil
	return v.say(line)
}

func (v *voiced) say(line string) error {
	rest, _ := strings.CutPrefix(line, companion+": ")
	_, err := io.WriteString(v.w, name+": "+rest+"\n")
	return err
}
