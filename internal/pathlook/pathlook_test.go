package pathlook

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFind: the program is looked for in the absolute folders of the
// PATH given, in order; a file that cannot be run is named apart, and
// empty or relative entries are skipped, as os/exec refuses what they
// find (exec.ErrDot), so docker would not run it either.
func TestFind(t *testing.T) {
	t.Setenv("PATH", "") // the process's own PATH plays no part
	a, b := t.TempDir(), t.TempDir()
	write := func(dir string, mode os.FileMode) string {
		p := filepath.Join(dir, "prog")
		if err := os.WriteFile(p, []byte("#!/bin/sh\n"), mode); err != nil {
			t.Fatal(err)
		}
		return p
	}
	if f := Find(strings.Join([]string{a, b}, string(os.PathListSeparator)), "prog"); f != (Found{}) {
		t.Errorf("none: %+v", f)
	}
	noexec := write(a, 0o644)
	exe := write(b, 0o755)
	list := strings.Join([]string{a, b}, string(os.PathListSeparator))
	if f := Find(list, "prog"); f.Path != exe || f.NotExecutable != noexec {
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

	t.Chdir(b)
	for _, list := range []string{"", ":" + a, ".", "rel" + string(os.PathListSeparator) + "."} {
		if f := Find(list, "prog"); f.Path != "" {
			t.Errorf("PATH %q: found %s through a relative entry", list, f.Path)
		}
	}
}
