package testworld

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// RunIsolated runs a package's tests with HOME, XDG_CONFIG_HOME and
// XDG_CACHE_HOME pointing into a fresh temporary folder, and returns m.Run's
// exit code. Unit tests that reach the user's folders without meaning to
// (atomicfile's lock folder, $XDG_CONFIG_HOME/dxai/locks) then never write
// to the real home. Call it from TestMain: os.Exit(testworld.RunIsolated(m)).
func RunIsolated(m *testing.M) int {
	dir, err := os.MkdirTemp("", "dxai-home-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "making the tests' home:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	for k, v := range map[string]string{
		"HOME":            dir,
		"XDG_CONFIG_HOME": filepath.Join(dir, ".config"),
		"XDG_CACHE_HOME":  filepath.Join(dir, ".cache"),
	} {
		if err := os.Setenv(k, v); err != nil {
			fmt.Fprintln(os.Stderr, "isolating the tests' home:", err)
			return 1
		}
	}
	return m.Run()
}
