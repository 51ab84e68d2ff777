//go:build unix

package state

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dynamixs-ai/dxai/internal/atomicfile"
	"github.com/dynamixs-ai/dxai/internal/hint"
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
	// The refusal keeps its own fix (a file of one's own): deleting the
	// record and running init again, the fix of a corrupt one, is not it.
	if fix := hint.Of(err); fix != ue.Fix() || strings.HasPrefix(fix, "delete") {
		t.Errorf("the refusal's fix is %q; want its own, %q", fix, ue.Fix())
	}
	if err := Update(path, func(r *Record) { r.Registries = "" }); !errors.As(err, &ue) {
		t.Fatalf("Update = %v; want a refusal", err)
	}
}

// TestLoadFixOfACorruptRecord: a record that cannot be read gets the
// fallback fix, deleting it and running init again.
func TestLoadFixOfACorruptRecord(t *testing.T) {
	path := PathIn(t.TempDir())
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	want := "delete " + path + ` and run "mvn-dxai init" again`
	if _, err := LoadFrom(path); hint.Of(err) != want {
		t.Errorf("LoadFrom = %v, fix %q; want %q", err, hint.Of(err), want)
	}
	if err := Update(path, func(*Record) {}); hint.Of(err) != want {
		t.Errorf("Update = %v, fix %q; want %q", err, hint.Of(err), want)
	}
}
