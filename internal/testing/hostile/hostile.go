//go:build unix

// Package hostile lets tests act as a second, unprivileged local user
// (nobody, through setpriv) who plants files and links for dxai to meet.
// It is for tests only.
package hostile

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// NeedNobody skips unless the test can act as nobody: that takes root and
// setpriv. With DXAI_REQUIRE_REAL=1 (CI) it fails instead.
func NeedNobody(t testing.TB) {
	t.Helper()
	why := ""
	if os.Geteuid() != 0 {
		why = "acting as nobody needs root"
	} else if _, err := exec.LookPath("setpriv"); err != nil {
		why = "setpriv (util-linux) is not installed"
	}
	if why == "" {
		return
	}
	if os.Getenv("DXAI_REQUIRE_REAL") == "1" {
		t.Fatalf("DXAI_REQUIRE_REAL=1 but %s", why)
	}
	// The marker make test counts in its summary of skipped real components.
	t.Skipf("SKIP real component: %s", why)
}

// Command is args run as nobody, not started.
func Command(args ...string) *exec.Cmd {
	return exec.Command("setpriv", append([]string{"--reuid=nobody", "--regid=nogroup", "--clear-groups"}, args...)...)
}

// Possible reports whether this process can act as nobody: it is root and
// has setpriv.
func Possible() bool {
	_, err := exec.LookPath("setpriv")
	return os.Geteuid() == 0 && err == nil
}

// AsNobody runs a command as nobody.
func AsNobody(t testing.TB, args ...string) {
	t.Helper()
	if out, err := Command(args...).CombinedOutput(); err != nil {
		t.Fatalf("as nobody, %v: %v\n%s", args, err, out)
	}
}

// World makes a fresh folder (0755, outside any folder others can write)
// with home, the caller's own folder (0755), and open, a folder everyone
// can write (0777) where nobody makes things before they are moved.
func World(t testing.TB) (home, open string) {
	t.Helper()
	root, err := os.MkdirTemp("", "dxai-hostile-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(root) })
	home, open = filepath.Join(root, "home"), filepath.Join(root, "open")
	for _, d := range []string{root, home, open} {
		os.Mkdir(d, 0o755)
		os.Chmod(d, 0o755)
	}
	os.Chmod(open, 0o777)
	return home, open
}

// Plant has nobody make a file or link by running cmd with a path in open
// appended, and moves the result to dst (which may be in the caller's own
// folder): nobody still owns it.
func Plant(t testing.TB, open, dst string, cmd ...string) {
	t.Helper()
	tmp := filepath.Join(open, "planted")
	AsNobody(t, append(cmd, tmp)...)
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, dst); err != nil {
		t.Fatal(err)
	}
}

// PlantFile has nobody make a file holding content, moved to dst.
func PlantFile(t testing.TB, open, dst, content string) {
	t.Helper()
	Plant(t, open, dst, "sh", "-c", `printf '%s' "$0" >"$1"; chmod 644 "$1"`, content)
}
