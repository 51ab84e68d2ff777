//go:build unix

package pathlook

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dynamixs-ai/dxai/internal/atomicfile"
	"github.com/dynamixs-ai/dxai/internal/testing/hostile"
)

// TestFindRefusesOthersPrograms is the review's attack: PATH leads first
// to a folder nobody owns and everyone can write, holding a program
// called so. os/exec would run it; Find names it as refused and gives no
// Path, nor does it go on to the caller's own program further on (that
// is not what docker would run). The same for a program nobody owns in
// the caller's folder, one everyone can write, and a folder of the
// caller's that everyone can write.
func TestFindRefusesOthersPrograms(t *testing.T) {
	hostile.NeedNobody(t)
	home, open := hostile.World(t)
	good := filepath.Join(home, "good")
	if err := os.Mkdir(good, 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, good, 0o755)

	evil := filepath.Join(home, "evil")
	hostile.Plant(t, open, evil, "sh", "-c", `mkdir "$0" && chmod 777 "$0"`)
	write(t, evil, 0o755) // even root's own program there: nobody can swap it
	theirs := filepath.Join(home, "theirs")
	if err := os.Mkdir(theirs, 0o755); err != nil {
		t.Fatal(err)
	}
	hostile.Plant(t, open, filepath.Join(theirs, "prog"), "sh", "-c", `printf '#!/bin/sh\n' >"$0" && chmod 755 "$0"`)
	writable := filepath.Join(home, "writable")
	if err := os.Mkdir(writable, 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, writable, 0o777)
	openDir := filepath.Join(home, "open")
	if err := os.Mkdir(openDir, 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, openDir, 0o755)
	if err := os.Chmod(openDir, 0o777); err != nil {
		t.Fatal(err)
	}

	for _, c := range []struct{ dir, culprit, says string }{
		{evil, evil, "belongs to nobody"},
		{theirs, filepath.Join(theirs, "prog"), "owned by nobody"},
		{writable, filepath.Join(writable, "prog"), "can be written by every user"},
		{openDir, openDir, "can be written by every user"},
	} {
		f := Find(list(c.dir, good), "prog")
		var ue *atomicfile.UnsafeError
		if f.Path != "" || f.Unsafe != filepath.Join(c.dir, "prog") || !errors.As(f.Refused, &ue) {
			t.Errorf("%s: Find = %+v; want it refused, and no Path", c.dir, f)
			continue
		}
		if ue.Culprit != c.culprit || !strings.Contains(ue.Error(), c.says) || ue.Fix() == "" {
			t.Errorf("%s: refusal %q (culprit %s, fix %q); want culprit %s, saying %q", c.dir, ue, ue.Culprit, ue.Fix(), c.culprit, c.says)
		}
	}
	if f := Find(good, "prog"); f.Path != filepath.Join(good, "prog") {
		t.Errorf("the caller's own program: %+v", f)
	}
}

// TestFindAsExecForAnotherUser: whether a program can run is the
// kernel's answer for the user asking (eaccess), as for os/exec, not the
// mode's x bits: for nobody, root's 0700 program is skipped, and the
// next one found.
func TestFindAsExecForAnotherUser(t *testing.T) {
	if pathList := os.Getenv("DXAI_PATHLOOK_AS_NOBODY"); pathList != "" {
		f := Find(pathList, "prog")
		fmt.Printf("%s|%s\n", f.Path, f.NotExecutable)
		return
	}
	hostile.NeedNobody(t)
	home, _ := hostile.World(t)
	a, b := filepath.Join(home, "a"), filepath.Join(home, "b")
	for _, d := range []string{a, b} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	private := write(t, a, 0o700)
	exe := write(t, b, 0o755)
	// The test binary's own folder is private to root: run a copy.
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	test := filepath.Join(home, "pathlook.test")
	copyFile(t, self, test)
	cmd := hostile.Command(test, "-test.run=^TestFindAsExecForAnotherUser$")
	cmd.Env = append(os.Environ(), "DXAI_PATHLOOK_AS_NOBODY="+list(a, b))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("as nobody: %v\n%s", err, out)
	}
	if want := exe + "|" + private; !strings.Contains(string(out), want+"\n") {
		t.Errorf("as nobody, Find said %q; want %q", out, want)
	}
}

func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	in, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_EXCL, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestFindRefusesGroupWritableAsNobody is the second review's attack: a
// program root owns but group users may write (root:users 0775), or one
// in a folder root owns that users may write (root:users 2775), was
// accepted because its owner is root, though any member of users can
// change it. For nobody (whose group is nogroup), Find refuses both; a
// program or folder only root's group may write is fine, and so is a
// root:staff 2775 folder: Debian's /usr/local, where staff stands in for
// root by Debian's policy.
func TestFindRefusesGroupWritableAsNobody(t *testing.T) {
	if dirs := os.Getenv("DXAI_PATHLOOK_GROUP_AS_NOBODY"); dirs != "" {
		for _, d := range filepath.SplitList(dirs) {
			f := Find(d, "prog")
			fmt.Printf("%s|%s|%v\n", f.Path, f.Unsafe, f.Refused)
		}
		return
	}
	hostile.NeedNobody(t)
	home, _ := hostile.World(t)
	dir := func(name string, gid int, mode os.FileMode) string {
		d := filepath.Join(home, name)
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Chown(d, 0, gid); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(d, mode); err != nil {
			t.Fatal(err)
		}
		return d
	}
	const users, staff = 100, 50
	groupProg := dir("group-prog", 0, 0o755)
	if err := os.Chown(write(t, groupProg, 0o775), 0, users); err != nil {
		t.Fatal(err)
	}
	groupDir := dir("group-dir", users, 0o2775)
	write(t, groupDir, 0o755)
	rootGroup := dir("root-group", 0, 0o775)
	write(t, rootGroup, 0o775)
	staffDir := dir("staff", staff, 0o2775)
	write(t, staffDir, 0o755)

	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	test := filepath.Join(home, "pathlook.test")
	copyFile(t, self, test)
	cmd := hostile.Command(test, "-test.run=^TestFindRefusesGroupWritableAsNobody$")
	cmd.Env = append(os.Environ(), "DXAI_PATHLOOK_GROUP_AS_NOBODY="+list(groupProg, groupDir, rootGroup, staffDir))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("as nobody: %v\n%s", err, out)
	}
	lines := strings.Split(string(out), "\n")
	for i, c := range []struct{ dir, says string }{
		{groupProg, "can be written by group users (gid 100)"},
		{groupDir, "the folder " + groupDir + " (owner root (uid 0)) can be written by group users (gid 100)"},
		{rootGroup, ""},
		{staffDir, ""},
	} {
		prog := filepath.Join(c.dir, "prog")
		want := prog + "||<nil>"
		if c.says != "" {
			want = "|" + prog + "|"
		}
		if i >= len(lines) || !strings.HasPrefix(lines[i], want) || !strings.Contains(lines[i], c.says) {
			t.Errorf("as nobody, Find(%s) said %q; want %q…%q", c.dir, lines[min(i, len(lines)-1)], want, c.says)
		}
	}
}
