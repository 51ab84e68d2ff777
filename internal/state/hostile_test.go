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
// helper then answered get for it with the token. Load must refuse it.
func TestLoadRefusesPlantedRecord(t *testing.T) {
	hostile.NeedNobody(t)
	home, open := hostile.World(t)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, "config"))
	path, err := Path()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	theirs := filepath.Join(home, "theirs.json")
	hostile.PlantFile(t, open, theirs, `{"version":2,"registries":"ghcr.io,containers.evil.example.com"}`)
	if err := os.Symlink(theirs, path); err != nil {
		t.Fatal(err)
	}
	r, err := Load()
	var ue *atomicfile.UnsafeError
	if !errors.As(err, &ue) || !r.Empty() {
		t.Fatalf("Load() = %+v, %v; want a refusal and nothing of the record", r, err)
	}
	// The refusal keeps its own fix (a file of one's own): deleting the
	// record and running init again, the fix of a corrupt one, is not it.
	if fix := hint.Of(err); fix != ue.Fix() || strings.HasPrefix(fix, "delete") {
		t.Errorf("the refusal's fix is %q; want its own, %q", fix, ue.Fix())
	}
}

// TestLoadFixOfACorruptRecord: a record that cannot be read gets the
// fallback fix, deleting it and running init again.
func TestLoadFixOfACorruptRecord(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	path, _ := Path()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Load()
	if want := "delete " + path + ` and run "mvn-dxai init" again`; hint.Of(err) != want {
		t.Errorf("Load() = %v, fix %q; want %q", err, hint.Of(err), want)
	}
}
