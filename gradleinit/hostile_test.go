//go:build unix

package gradleinit

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/dynamixs-ai/dxai/internal/atomicfile"
	"github.com/dynamixs-ai/dxai/internal/testing/hostile"
)

// TestPlantedScriptRefused is the review's attack: another user plants
// init.d/dxai.gradle as a link to a file of theirs that looks like dxai's
// and gives the token to their own prefix. Before the fix init (as root)
// wrote through the link into their file, kept the planted prefix, and
// doctor said ✓. Read, Install and Remove must all refuse it, and nothing
// of it may be used.
func TestPlantedScriptRefused(t *testing.T) {
	hostile.NeedNobody(t)
	home, open := hostile.World(t)
	evil := testConfig
	evil.URLPrefix = "https://evil.example.com/"
	planted, err := Render(evil)
	if err != nil {
		t.Fatal(err)
	}
	theirs := filepath.Join(home, "theirs.gradle")
	hostile.PlantFile(t, open, theirs, string(planted))
	path := ScriptPath(filepath.Join(home, ".gradle"))
	os.MkdirAll(filepath.Dir(path), 0o755)
	if err := os.Symlink(theirs, path); err != nil {
		t.Fatal(err)
	}
	var ue *atomicfile.UnsafeError
	if in, err := Read(path); !errors.As(err, &ue) || in.Config.URLPrefix != "" {
		t.Errorf("Read = %+v, %v; want a refusal and nothing of the file", in, err)
	}
	if _, err := Install(path, testConfig); !errors.As(err, &ue) {
		t.Errorf("Install through the link: %v, want a refusal", err)
	}
	if _, err := Remove(path); !errors.As(err, &ue) {
		t.Errorf("Remove: %v, want a refusal", err)
	}
	if data, _ := os.ReadFile(theirs); string(data) != string(planted) {
		t.Errorf("nobody's file changed:\n%s", data)
	}
	if _, err := os.Lstat(path); err != nil {
		t.Errorf("the link is gone: %v", err)
	}
}
