package scripttest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/rogpeppe/go-internal/testscript"
)

// passwdWrapper runs a command in a private mount namespace where
// /etc/passwd is the script's copy, so that Java (and so Maven) and
// mvn-dxai see the home folder the script chose, while nothing outside
// changes. Mounts made there end with the command.
const passwdWrapper = `#!/bin/sh
# passwd-home CMD ARG...: run CMD with the script's password database.
exec unshare --mount --propagation private sh -c 'mount --bind "$0" /etc/passwd && exec "$@"' "$DXAI_TEST_PASSWD" "$@"
`

// passwdHomeMissing says why a command cannot be given a password database
// home of its own here: that takes root, a mount namespace, and an
// /etc/passwd line for this user.
var passwdHomeMissing = sync.OnceValue(func() error {
	if os.Geteuid() != 0 {
		return fmt.Errorf("replacing /etc/passwd in a private mount namespace needs root")
	}
	if _, err := passwdWithHome("/"); err != nil {
		return err
	}
	out, err := exec.Command("unshare", "--mount", "--propagation", "private", "mount", "--bind", "/etc/passwd", "/etc/passwd").CombinedOutput()
	if err != nil {
		return fmt.Errorf("cannot bind-mount over /etc/passwd in a private mount namespace: %v: %s", err, bytes.TrimSpace(out))
	}
	return nil
})

// passwdWithHome returns /etc/passwd with this user's home folder replaced.
func passwdWithHome(home string) ([]byte, error) {
	data, err := os.ReadFile("/etc/passwd")
	if err != nil {
		return nil, err
	}
	uid := strconv.Itoa(os.Getuid())
	lines := strings.SplitAfter(string(data), "\n")
	for i, l := range lines {
		f := strings.Split(strings.TrimSuffix(l, "\n"), ":")
		if len(f) == 7 && f[2] == uid {
			f[5] = home
			lines[i] = strings.Join(f, ":") + "\n"
			return []byte(strings.Join(lines, "")), nil
		}
	}
	return nil, fmt.Errorf("/etc/passwd has no line for uid %s", uid)
}

// pwhome DIR: from here on, "exec passwd-home CMD …" runs CMD with DIR
// as this user's home in the password database (needs [passwdhome]).
func cmdPasswdHome(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: pwhome DIR")
	}
	data, err := passwdWithHome(ts.MkAbs(args[0]))
	ts.Check(err)
	dir := ts.MkAbs(".passwd")
	ts.Check(os.MkdirAll(dir, 0o700))
	ts.Check(os.WriteFile(filepath.Join(dir, "passwd"), data, 0o644))
	ts.Check(os.WriteFile(filepath.Join(dir, "passwd-home"), []byte(passwdWrapper), 0o700))
	ts.Setenv("DXAI_TEST_PASSWD", filepath.Join(dir, "passwd"))
	ts.Setenv("PATH", dir+string(os.PathListSeparator)+ts.Getenv("PATH"))
}
