package settingsxml

import (
	"os"
	"testing"

	"github.com/dynamixs-ai/dxai/internal/testing/testworld"
)

// TestMain keeps the tests out of the real home: saving takes a lock in
// $XDG_CONFIG_HOME/dxai/locks.
func TestMain(m *testing.M) { os.Exit(testworld.RunIsolated(m)) }
