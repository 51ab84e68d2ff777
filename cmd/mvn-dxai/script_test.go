package main

import (
	"testing"

	"github.com/dynamixs-ai/dxai/internal/testing/scripttest"
)

func TestMain(m *testing.M) { scripttest.Main(m) }

// TestScripts runs testdata/*.txtar: every verb end to end against a real
// keyring, the real docker CLI and real Maven.
func TestScripts(t *testing.T) { scripttest.Run(t, "testdata") }
