package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestSummary: passing tests and packages show as "ok", a failing test
// shows its whole output, subtests indented, and the last line names the
// tests skipped for a missing real component.
func TestSummary(t *testing.T) {
	in := strings.Join([]string{
		`{"Action":"start","Package":"m/a"}`,
		`{"Action":"run","Package":"m/a","Test":"TestOK"}`,
		`{"Action":"output","Package":"m/a","Test":"TestOK","Output":"=== RUN   TestOK\n"}`,
		`{"Action":"output","Package":"m/a","Test":"TestOK","Output":"    a_test.go:1: quiet\n"}`,
		`{"Action":"pass","Package":"m/a","Test":"TestOK"}`,
		`{"Action":"output","Package":"m/a","Test":"TestSkip","Output":"    a_test.go:2: SKIP real component: mvn is not installed\n"}`,
		`{"Action":"skip","Package":"m/a","Test":"TestSkip"}`,
		`{"Action":"output","Package":"m/a","Output":"PASS\n"}`,
		`{"Action":"output","Package":"m/a","Output":"ok  \tm/a\t0.1s\n"}`,
		`{"Action":"pass","Package":"m/a"}`,
		`{"Action":"output","Package":"m/b","Test":"TestBad","Output":"    b_test.go:1: loud\n"}`,
		`{"Action":"output","Package":"m/b","Test":"TestBad/sub","Output":"    b_test.go:2: boom\n"}`,
		`{"Action":"output","Package":"m/b","Test":"TestBad/sub","Output":"--- FAIL: TestBad/sub (0.00s)\n"}`,
		`{"Action":"fail","Package":"m/b","Test":"TestBad/sub"}`,
		`{"Action":"output","Package":"m/b","Test":"TestBad","Output":"--- FAIL: TestBad (0.00s)\n"}`,
		`{"Action":"fail","Package":"m/b","Test":"TestBad"}`,
		`{"Action":"output","Package":"m/b","Test":"TestScripts/x","Output":"SKIP real component: mvn is not installed\n"}`,
		`{"Action":"output","Package":"m/b","Test":"TestScripts/y","Output":"SKIP real component: docker is not installed\n"}`,
		`{"Action":"pass","Package":"m/b","Test":"TestScripts"}`,
		`{"Action":"output","Package":"m/b","Output":"FAIL\tm/b\t0.2s\n"}`,
		`{"Action":"fail","Package":"m/b"}`,
		`not json`,
	}, "\n")
	var out bytes.Buffer
	s := &summary{out: &out, buf: map[key][]string{}, skipped: map[string][]string{}, seen: map[string]bool{}}
	if err := s.read(strings.NewReader(in)); err != nil {
		t.Fatal(err)
	}
	out.WriteString(s.skipLine() + "\n")
	want := "ok  \tm/a\t0.1s\n" +
		"    b_test.go:1: loud\n" +
		"        b_test.go:2: boom\n" +
		"    --- FAIL: TestBad/sub (0.00s)\n" +
		"--- FAIL: TestBad (0.00s)\n" +
		"FAIL\tm/b\t0.2s\n" +
		"not json\n" +
		"skipped 3 tests for a missing real component: docker is not installed (b.TestScripts/y); mvn is not installed (a.TestSkip, b.TestScripts/x)\n"
	if out.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", out.String(), want)
	}
	if !s.failed {
		t.Error("a failed package did not make the run fail")
	}
}
