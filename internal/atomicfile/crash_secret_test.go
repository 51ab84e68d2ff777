//go:build unix

package atomicfile

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/dynamixs-ai/dxai/internal/testing/hostile"
)

// TestCrashSecretTempPrivate kills a writer of a Secret file whose old mode
// is 0644 with SIGKILL right before its rename, and at random moments:
// every temporary file the kill leaves behind is readable by its owner
// only, and another user (nobody, when the test runs as root) cannot read
// it. Before the fix the stalled temporary file was 0644 and held the
// whole new contents.
func TestCrashSecretTempPrivate(t *testing.T) {
	if testing.Short() {
		t.Skip("kills helper processes")
	}
	dir := crashDir(t)
	os.Chmod(dir, 0o755) // let nobody look in, as in a home folder
	path := filepath.Join(dir, "settings.xml")
	writeFile(t, path, string(crashContent(0)), 0o644)
	var left int
	for round := range 12 {
		stall := round%4 == 0
		// Each round starts from a file others can read, as a fresh
		// settings.xml is.
		os.Chmod(path, 0o644)
		before := mustParse(t, path)
		env := []string{"DXAI_ATOMICFILE_PATH=" + path, "DXAI_ATOMICFILE_SECRET=1"}
		if stall {
			env = append(env, "DXAI_ATOMICFILE_STALL=1")
		}
		c := startChild(t, "crash", env...)
		c.waitFor(t, "ready", 10*time.Second)
		if stall {
			c.waitFor(t, "stall", 10*time.Second)
		} else {
			time.Sleep(time.Duration(rand.Int64N(int64(30 * time.Millisecond))))
		}
		if err := c.cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		c.rest()
		c.wait()
		tmps := temps(t, dir)
		if stall && len(tmps) == 0 {
			t.Fatalf("round %d: the writer stopped before its rename but left no temporary file", round)
		}
		for _, name := range tmps {
			left++
			tmp := filepath.Join(dir, name)
			if m := mode(t, tmp); m&0o077 != 0 {
				t.Errorf("round %d: the killed writer left %s with mode %04o", round, name, m)
			}
			if hostile.Possible() {
				out, err := hostile.Command("cat", tmp).CombinedOutput()
				if err == nil {
					t.Errorf("round %d: nobody read %d bytes of %s", round, len(out), name)
				}
			}
		}
		if m := mode(t, path); m&0o077 != 0 && mustParse(t, path) != before {
			t.Errorf("round %d: the file holds a new version with mode %04o", round, m)
		}
		// The next update removes what the crash left.
		if _, err := UpdateAs(path, 0o600, Secret, func(old []byte, _ bool) ([]byte, error) { return old, nil }); err != nil {
			t.Fatal(err)
		}
		if l := temps(t, dir); len(l) > 0 {
			t.Fatalf("round %d: temporary files remain: %v", round, l)
		}
	}
	if left == 0 {
		t.Error("no kill left a temporary file")
	}
}
