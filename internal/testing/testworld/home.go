package testworld

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// RunIsolated runs a package's tests with a world's HomeVars pointing
// into a fresh temporary folder, and returns m.Run's exit code. Unit tests
// that reach the user's folders without meaning to (atomicfile's lock
// folder, $XDG_CONFIG_HOME/dxai/locks) then never write to the real home.
// Call it from TestMain: os.Exit(testworld.RunIsolated(m)).
func RunIsolated(m *testing.M) int {
	dir, err := os.MkdirTemp("", "dxai-home-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "making the tests' home:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	for _, kv := range HomeVars(dir) {
		k, v, _ := strings.Cut(kv, "=")
		if err := os.Setenv(k, v); err != nil {
			fmt.Fprintln(os.Stderr, "isolating the tests' home:", err)
			return 1
		}
	}
	return m.Run()
}
