package main

import (
	"testing"

	"github.com/dynamixs-ai/dxai/internal/testing/scripttest"
)

func TestMain(m *testing.M) { scripttest.Main(m) }

// TestScripts runs testdata/*.txtar: the helper end to end against a real
// keyring, the real docker CLI and skopeo.
func TestScripts(t *testing.T) { scripttest.Run(t, "testdata") }
