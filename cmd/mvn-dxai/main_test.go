package main

import (
	"flag"
	"runtime"
	"strconv"
	"testing"

	"github.com/dynamixs-ai/dxai/internal/testing/scripttest"
)

// TestMain runs the parallel tests (the bad-input rows) two per CPU unless
// -parallel says otherwise: a row mostly waits for a child process or a
// keyring daemon, so go test's default of one per CPU leaves the CPUs
// idle. It removes the binaries built for the tests that run them (the
// leak and stress checks, the bad-input rows that need a real process, the
// pty prompt), if any ran: scripttest.BinDir builds them on first use. The
// end-to-end stories are in e2e/.
func TestMain(m *testing.M) {
	flag.Parse()
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "test.parallel" })
	if !set {
		flag.Set("test.parallel", strconv.Itoa(2*runtime.GOMAXPROCS(0)))
	}
	scripttest.Main(m)
}
