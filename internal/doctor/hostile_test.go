//go:build unix

package doctor

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dynamixs-ai/dxai/credstore"
	"github.com/dynamixs-ai/dxai/internal/testing/hostile"
)

// TestHelperInOthersFolderFails is the review's attack on doctor: PATH
// leads first to a folder nobody owns and everyone can write, holding a
// "helper" that answers like dxai's. Doctor used to run it and mark it
// fine; now it fails the check, names the folder's owner, gives the fix,
// and never runs the program.
func TestHelperInOthersFolderFails(t *testing.T) {
	hostile.NeedNobody(t)
	home, open := hostile.World(t)
	evil := filepath.Join(home, "evil")
	ran := filepath.Join(open, "ran")
	hostile.Plant(t, open, evil, "sh", "-c", `mkdir "$0" && chmod 777 "$0"`)
	fake := "#!/bin/sh\ntouch " + ran + "\necho 'docker-credential-dxai v9'\n"
	if err := os.WriteFile(filepath.Join(evil, "docker-credential-dxai"), []byte(fake), 0o755); err != nil {
		t.Fatal(err)
	}
	d := world(t, map[string]string{"PATH": evil + string(os.PathListSeparator) + "/usr/bin"}, &credstore.Memory{})
	d.helper(context.Background())
	c := only(t, d, "docker.helper")
	if c.Status != Fail || !strings.Contains(c.Message, "refusing to use "+filepath.Join(evil, "docker-credential-dxai")) ||
		!strings.Contains(c.Message, "nobody (uid ") || !strings.Contains(c.Fix, "take "+evil+" off PATH") {
		t.Errorf("helper in nobody's folder: %+v", c)
	}
	if _, err := os.Stat(ran); err == nil {
		t.Error("doctor ran the program in nobody's folder")
	}
}
