//go:build unix

package state

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/dynamixs-ai/dxai/internal/atomicfile"
	"github.com/dynamixs-ai/dxai/internal/testing/hostile"
)

// TestLoadRefusesPlantedRecord is the review's attack: state.json is a
// link to nobody's file that adds evil.example.com to the registries; the
// helper then answered get for it with the token. LoadFrom must refuse it, and Update must not write through it.
func TestLoadRefusesPlantedRecord(t *testing.T) {
	hostile.NeedNobody(t)
	home, open := hostile.World(t)
	path := PathIn(filepath.Join(home, "config"))
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	theirs := filepath.Join(home, "theirs.json")
	hostile.PlantFile(t, open, theirs, `{"version":2,"registries":"ghcr.io,containers.evil.example.com"}`)
	if err := os.Symlink(theirs, path); err != nil {
		t.Fatal(err)
	}
	r, err := LoadFrom(path)
	var ue *atomicfile.UnsafeError
	if !errors.As(err, &ue) || !r.Empty() {
		t.Fatalf("LoadFrom = %+v, %v; want a refusal and nothing of the record", r, err)
	}
	if err := Update(path, func(r *Record) { r.Registries = "" }); !errors.As(err, &ue) {
		t.Fatalf("Update = %v; want a refusal", err)
	}
}
