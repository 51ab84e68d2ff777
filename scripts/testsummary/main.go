// Command testsummary turns `go test -json` on stdin into what plain
// `go test` prints — "ok" for each passing package, the whole output of
// each failing test and package — and ends with one line naming the tests
// that were skipped for a missing real component (their skip message holds
// "SKIP real component: WHY"), so that a missing keyring, docker or Maven
// shows without -v. It exits 1 when a test or package failed.
//
//	go test -json ./... | go run ./scripts/testsummary
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path"
	"sort"
	"strings"
)

// Marker starts the message of a test skipped for a missing real component.
const Marker = "SKIP real component: "

// event is one line of `go test -json` (cmd/test2json).
type event struct {
	Action  string
	Package string
	Test    string
	Output  string
}

type key struct{ pkg, test string }

// summary collects the run.
type summary struct {
	out     io.Writer
	buf     map[key][]string // output of tests and packages still running
	failed  bool
	skipped map[string][]string // reason → tests
	seen    map[string]bool     // reason + test, to count each once
}

func main() {
	s := &summary{out: os.Stdout, buf: map[key][]string{}, skipped: map[string][]string{}, seen: map[string]bool{}}
	if err := s.read(os.Stdin); err != nil {
		fmt.Fprintln(os.Stderr, "testsummary:", err)
		os.Exit(1)
	}
	if line := s.skipLine(); line != "" {
		fmt.Fprintln(s.out, line)
	}
	if s.failed {
		os.Exit(1)
	}
}

func (s *summary) read(r io.Reader) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 16<<20)
	for sc.Scan() {
		var e event
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil || e.Action == "" {
			fmt.Fprintln(s.out, sc.Text()) // not an event: pass it on
			continue
		}
		s.event(e)
	}
	return sc.Err()
}

func (s *summary) event(e event) {
	// A subtest's output goes with its top-level test, indented by its
	// depth as plain go test indents it (-json drops that indentation).
	top, _, _ := strings.Cut(e.Test, "/")
	k := key{e.Package, top}
	indent := strings.Repeat("    ", strings.Count(e.Test, "/"))
	switch e.Action {
	case "build-output":
		fmt.Fprint(s.out, e.Output)
	case "output":
		if i := strings.Index(e.Output, Marker); i >= 0 {
			s.skip(e, strings.TrimSpace(e.Output[i+len(Marker):]))
		}
		if strings.HasPrefix(e.Output, "=== ") {
			return // -json runs the tests verbosely; plain go test has no such lines
		}
		s.buf[k] = append(s.buf[k], indent+e.Output)
	case "pass", "skip":
		if e.Test != top {
			return // a subtest: its top-level test decides
		}
		if e.Test == "" {
			for _, l := range s.buf[k] {
				if strings.HasPrefix(l, "ok") || strings.HasPrefix(l, "?") {
					fmt.Fprint(s.out, l)
				}
			}
		}
		delete(s.buf, k)
	case "fail":
		s.failed = true
		if e.Test != top {
			return // its top-level test fails too, and prints it all
		}
		if e.Test == "" {
			// Tests that never ended (a panic, a timeout) first.
			var open []key
			for o := range s.buf {
				if o.pkg == e.Package && o.test != "" {
					open = append(open, o)
				}
			}
			sort.Slice(open, func(i, j int) bool { return open[i].test < open[j].test })
			for _, o := range open {
				s.flush(o)
			}
		}
		s.flush(k)
	}
}

func (s *summary) flush(k key) {
	for _, l := range s.buf[k] {
		fmt.Fprint(s.out, l)
	}
	delete(s.buf, k)
}

// skip records a test skipped for a missing component.
func (s *summary) skip(e event, reason string) {
	name := path.Base(e.Package)
	if e.Test != "" {
		name += "." + e.Test
	}
	if s.seen[reason+"\x00"+name] {
		return
	}
	s.seen[reason+"\x00"+name] = true
	s.skipped[reason] = append(s.skipped[reason], name)
}

// skipLine is the closing line: each reason with the number of tests it
// skipped and the first few of them; "" when nothing was skipped.
func (s *summary) skipLine() string {
	if len(s.skipped) == 0 {
		return ""
	}
	var reasons []string
	total := 0
	for r, tests := range s.skipped {
		reasons = append(reasons, r)
		total += len(tests)
	}
	sort.Strings(reasons)
	var parts []string
	for _, r := range reasons {
		tests := s.skipped[r]
		names := tests
		if len(names) > 3 {
			names = append(names[:3:3], fmt.Sprintf("%d more", len(tests)-3))
		}
		parts = append(parts, fmt.Sprintf("%s (%s)", r, strings.Join(names, ", ")))
	}
	tests := "tests"
	if total == 1 {
		tests = "test"
	}
	return fmt.Sprintf("skipped %d %s for a missing real component: %s", total, tests, strings.Join(parts, "; "))
}
