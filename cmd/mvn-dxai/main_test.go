package main

import (
	"testing"

	"github.com/dynamixs-ai/dxai/internal/testing/scripttest"
)

// TestMain removes the binaries built for the tests that run them (the
// leak and stress checks, the bad-input rows that need a real process, the
// pty prompt), if any ran: scripttest.BinDir builds them on first use. The
// end-to-end stories are in e2e/.
func TestMain(m *testing.M) { scripttest.Main(m) }
