package main

import (
	"flag"
	"runtime"
	"strconv"
	"testing"

	"github.com/dynamixs-ai/dxai/internal/testing/scripttest"
)

// TestMain runs the parallel tests (all but the leak checks, which move
// this process's HOME) two per CPU unless -parallel says otherwise: a
// bad-input row or a stress command mostly waits for a child process or a
// keyring daemon, so go test's default of one per CPU leaves the CPUs
// idle. It points the process's config folder away from the user's before
// any test, and removes the binaries built for the tests that run them
// (the leak and stress checks, the bad-input rows that need a real
// process, the pty prompt), if any ran: scripttest.BinDir builds them on
// first use. The end-to-end stories are in e2e/.
func TestMain(m *testing.M) {
	flag.Parse()
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "test.parallel" })
	if !set {
		flag.Set("test.parallel", strconv.Itoa(2*runtime.GOMAXPROCS(0)))
	}
	isolateProcess()
	scripttest.Main(m)
}
