package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/dynamixs-ai/dxai/credstore"
)

// TestStdinNeverClosed: a client that writes a server URL and never
// closes stdin kept get, erase and store waiting forever (no wait in dxai
// is unbounded). The wait is bounded, and the answer says why; the test
// shortens the bound, and asserts no timing.
func TestStdinNeverClosed(t *testing.T) {
	defer func(d time.Duration) { stdinWait = d }(stdinWait)
	stdinWait = 50 * time.Millisecond
	h, _ := newTestHelper(&credstore.Memory{})
	for _, action := range []string{"get", "erase", "store"} {
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		w.WriteString("ghcr.io\n")
		var out bytes.Buffer
		done := make(chan error, 1)
		go func() { done <- handle(h, action, r, &out) }()
		select {
		case err = <-done:
		case <-time.After(time.Minute):
			t.Fatalf("%s still waits for stdin to close", action)
		}
		if err == nil || !strings.Contains(err.Error(), "stdin was not closed") {
			t.Errorf("%s with stdin never closed: err = %v", action, err)
		}
		w.Close()
		r.Close()
	}
}
