//go:build unix

package credstore

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/dynamixs-ai/dxai/internal/atomicfile"
	"github.com/dynamixs-ai/dxai/internal/testing/hostile"
)

// TestPlantedFileRefused: the opt-in file is the store while it exists,
// so one another user made (in place, or behind the caller's own link)
// would hand docker and Maven their credential, and one they can read
// would get the next token. Get refuses it and uses nothing of it.
func TestPlantedFileRefused(t *testing.T) {
	hostile.NeedNobody(t)
	home, open := hostile.World(t)
	dir := filepath.Join(home, "dxai")
	os.Mkdir(dir, 0o700)
	planted := `{"Username":"mallory","Token":"ghp_PlantedByNobody00000000000000000000"}`
	theirs := filepath.Join(home, "theirs.json")
	hostile.PlantFile(t, open, theirs, planted)
	inPlace := filepath.Join(dir, "in-place", FileName)
	hostile.PlantFile(t, open, inPlace, planted)
	os.Chmod(filepath.Dir(inPlace), 0o700)
	link := filepath.Join(dir, FileName)
	if err := os.Symlink(theirs, link); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{link, inPlace} {
		f := &FileStore{Path: path}
		s := &Store{Keyring: &Memory{}, File: f, Getenv: func(string) string { return "" }}
		var ue *atomicfile.UnsafeError
		if raw, err := f.Get(Service, Account); !errors.As(err, &ue) || raw != "" {
			t.Errorf("%s: FileStore.Get = %q, %v; want a refusal", path, raw, err)
		}
		if e, _, err := s.Get(); err == nil || e.Token != "" {
			t.Errorf("%s: Store.Get = %+v, %v; want an error and no entry", path, e, err)
		}
		if _, err := s.Set(Entry{Username: "a", Token: tok}); !errors.As(err, &ue) {
			t.Errorf("%s: Set = %v; want a refusal", path, err)
		}
	}
	if data, _ := os.ReadFile(theirs); string(data) != planted {
		t.Errorf("nobody's file changed: %s", data)
	}
}

// TestPlantedFileNotDeleted: deleting the opt-in file refuses a file or
// link another user planted in its place, as writing does, and leaves what
// they planted (and what a link of theirs points at) alone.
func TestPlantedFileNotDeleted(t *testing.T) {
	hostile.NeedNobody(t)
	home, open := hostile.World(t)
	dir := filepath.Join(home, "dxai")
	os.Mkdir(dir, 0o700)
	planted := `{"Username":"mallory","Token":"ghp_PlantedByNobody00000000000000000000"}`
	path := filepath.Join(dir, FileName)
	hostile.PlantFile(t, open, path, planted)
	f := &FileStore{Path: path}
	var ue *atomicfile.UnsafeError
	if err := f.Delete(Service, Account); !errors.As(err, &ue) {
		t.Errorf("Delete = %v; want a refusal", err)
	}
	if data, _ := os.ReadFile(path); string(data) != planted {
		t.Errorf("nobody's file changed: %q", data)
	}
}
