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
// prefix too. Lines are passed on whole; Close passes on an unfinished
// last one.
type voiced struct {
	w    io.Writer
	part []byte // a line not yet ended
}

func (v *voiced) Write(p []byte) (int, error) {
	v.part = append(v.part, p...)
	for {
		i := bytes.IndexByte(v.part, '\n')
		if i < 0 {
			return len(p), nil
		}
		line := string(v.part[:i])
		v.part = v.part[i+1:]
		if err := v.say(line); err != nil {
			return len(p), err
		}
	}
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
