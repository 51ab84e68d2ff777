// Package e2e holds the end-to-end stories: testdata/*.txtar scripts that
// run the built docker-credential-dxai and mvn-dxai together against a real
// gnome-keyring on a private D-Bus bus, the real docker CLI, skopeo, Maven,
// Gradle and kubectl where installed, and loopback fakes of GitHub.
//
// The commands' own tests live beside them in cmd/ and run mostly
// in-process; these scripts are the stories a user lives through.
package e2e

import (
	"testing"

	"github.com/dynamixs-ai/dxai/internal/testing/scripttest"
)

func TestMain(m *testing.M) { scripttest.Main(m) }

// TestScripts runs testdata/*.txtar, one world each (scripttest).
func TestScripts(t *testing.T) { scripttest.Run(t, "testdata") }
