package scripttest

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/dynamixs-ai/dxai/internal/state"
	"github.com/rogpeppe/go-internal/testscript"
)

// tokenat TOKEN [PLACE...]: TOKEN is in exactly these places and nowhere
// else: PLACE is "keyring" (the shared entry, read with secret-tool) or a
// file under $WORK (e.g. home/.m2/settings.xml); every file under $HOME is
// searched. Each file found must also be one that init's record lists as
// holding the token, so the token is exactly where the record says.
func cmdTokenAt(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 1 {
		ts.Fatalf("usage: tokenat TOKEN [keyring|FILE...]")
	}
	token := []byte(args[0])
	work := ts.Getenv("WORK")
	var found []string
	err := filepath.WalkDir(ts.Getenv("HOME"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if bytes.Contains(data, token) {
			rel, _ := filepath.Rel(work, path)
			found = append(found, filepath.ToSlash(rel))
		}
		return nil
	})
	ts.Check(err)
	cmd := exec.Command("secret-tool", "lookup", "service", "dxai", "username", "github.com")
	cmd.Env = childEnv(ts)
	if out, err := cmd.Output(); err == nil && bytes.Contains(out, token) {
		found = append(found, "keyring")
	}
	want := slices.Clone(args[1:])
	slices.Sort(found)
	slices.Sort(want)
	if !slices.Equal(found, want) {
		ts.Fatalf("the token is in [%s], want exactly [%s]", strings.Join(found, " "), strings.Join(want, " "))
	}

	// The record agrees.
	recPath := filepath.Join(ts.Getenv("XDG_CONFIG_HOME"), "dxai", "state.json")
	data, err := os.ReadFile(recPath)
	if os.IsNotExist(err) {
		data, err = []byte("{}"), nil
	}
	ts.Check(err)
	rec, err := state.Parse(data)
	ts.Check(err)
	listed := map[string]bool{}
	for _, c := range rec.Copies {
		if c.HoldsToken() {
			rel, _ := filepath.Rel(work, c.Path)
			listed[filepath.ToSlash(rel)] = true
		}
	}
	for _, f := range found {
		if f == "keyring" {
			if len(rec.Of(state.TokenFile)) > 0 {
				ts.Fatalf("the keyring holds the token, but the record says the --insecure-storage file does")
			}
			continue
		}
		if !listed[f] {
			ts.Fatalf("%s holds the token, but the record does not list it as a copy: %s", f, data)
		}
	}
}
