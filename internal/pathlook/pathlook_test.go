package pathlook

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func write(t *testing.T, dir string, mode os.FileMode) string {
	t.Helper()
	p := filepath.Join(dir, "prog")
	if err := os.WriteFile(p, []byte("#!/bin/sh\n"), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, mode); err != nil {
		t.Fatal(err)
	}
	return p
}

func list(dirs ...string) string { return strings.Join(dirs, string(os.PathListSeparator)) }

// TestFind: the program is looked for in the folders of the PATH given
// (never the process's own), in order; a file that cannot be run is
// named apart and skipped, and so is a folder.
func TestFind(t *testing.T) {
	t.Setenv("PATH", "") // the process's own PATH plays no part
	a, b := t.TempDir(), t.TempDir()
	if f := Find(list(a, b), "prog"); f != (Found{}) {
		t.Errorf("none: %+v", f)
	}
	noexec := write(t, a, 0o644)
	exe := write(t, b, 0o755)
	if f := Find(list(a, b), "prog"); f.Path != exe || f.NotExecutable != noexec {
		t.Errorf("Find = %+v; want %s, and %s named as not executable", f, exe, noexec)
	}
	if f := Find(a, "prog"); f.Path != "" || f.NotExecutable != noexec {
		t.Errorf("only a file that cannot run: %+v", f)
	}
	if err := os.Mkdir(filepath.Join(b, "dir"), 0o755); err != nil {
		t.Fatal(err)
	}
	if f := Find(b, "dir"); f != (Found{}) {
		t.Errorf("a folder: %+v", f)
	}
	// root's folders, even through root's links (/bin is one on Debian
	// 12), hold programs to trust.
	if f := Find("/bin", "sh"); f.Path != "/bin/sh" {
		t.Errorf("/bin/sh: %+v", f)
	}
}

// TestFindAsOSExec: Find gives os/exec's answer (and so docker's) for
// every PATH: a program found through an empty or relative entry stops
// the search with exec.ErrDot, even when an absolute folder further on
// holds one; a file that cannot be run there does not stop it.
func TestFindAsOSExec(t *testing.T) {
	cwd, abs := t.TempDir(), t.TempDir()
	t.Chdir(cwd)
	for _, d := range []string{"rel", "noexec"} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write(t, "rel", 0o755)
	write(t, "noexec", 0o644)
	exe := write(t, abs, 0o755)
	for _, c := range []struct{ path, want, relative string }{
		{list("rel", abs), "", filepath.Join("rel", "prog")},
		{list("noexec", abs), exe, ""},
		{list(abs, "rel"), exe, ""},
		{list("", abs), "", ""},
		{list(".", abs), "", ""},
	} {
		if c.path == list("", abs) || c.path == list(".", abs) {
			// prog in the current folder: os/exec stops at it.
			write(t, ".", 0o755)
			c.relative = "prog"
		}
		f := Find(c.path, "prog")
		if f.Path != c.want || f.Relative != c.relative {
			t.Errorf("PATH %q: Find = %+v; want Path %q, Relative %q", c.path, f, c.want, c.relative)
		}
		t.Setenv("PATH", c.path)
		got, err := exec.LookPath("prog")
		if c.relative != "" {
			if !errors.Is(err, exec.ErrDot) || got != c.relative {
				t.Errorf("PATH %q: os/exec says %q, %v; Find says relative %s", c.path, got, err, c.relative)
			}
		} else if err != nil || got != c.want {
			t.Errorf("PATH %q: os/exec says %q, %v; Find says %s", c.path, got, err, c.want)
		}
	}
}
