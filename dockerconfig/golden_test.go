package dockerconfig

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// The golden corpus: each testdata/*.txtar is one behaviour. Its comment
// holds '#' notes and commands, each with its expected result after "->":
//
//	set HOST HELPER -> changed|unchanged
//	remove HOST HELPER -> changed|unchanged
//	plaintext HOST -> KEY USER SECRET | none
//	removeauth HOST -> KEY... | none
//	credhelpers -> JSON (sorted keys)
//	credsstore -> VALUE | none
//	tidy -> changed|unchanged  (RemoveEmptyCredHelpers)
//	no-final-newline      (strip the final newline of in.json and want.json)
//	crlf                  (turn their newlines into CRLF)
//
// Files: in.json, and want.json (the result; absent: in.json unchanged) or
// error (Parse fails with this message, Update leaves the file as it was).
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.txtar")
	if len(files) == 0 {
		t.Fatal("no testdata/*.txtar")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			g := loadGolden(t, file)
			if g.err != "" {
				testMalformed(t, g)
				return
			}
			c, err := Parse(g.in, "config.json")
			if err != nil {
				t.Fatal(err)
			}
			for _, cmd := range g.cmds {
				if got := run(c, cmd.args); got != cmd.want {
					t.Errorf("%s: got %q, want %q", strings.Join(cmd.args, " "), got, cmd.want)
				}
			}
			if got := c.Bytes(); !bytes.Equal(got, g.want) {
				t.Errorf("Bytes:\n%s\nwant:\n%s", got, g.want)
			}
			if !json.Valid(g.want) && len(bytes.TrimSpace(g.want)) > 0 {
				t.Errorf("want.json is not valid JSON")
			}
			testUpdate(t, g)
		})
	}
}

type golden struct {
	in, want []byte
	err      string
	cmds     []command
}

type command struct {
	args []string
	want string
}

func loadGolden(t *testing.T, file string) golden {
	t.Helper()
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var g golden
	noFinal, crlf := false, false
	for line := range strings.Lines(string(ar.Comment)) {
		line = strings.TrimSpace(line)
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case line == "no-final-newline":
			noFinal = true
		case line == "crlf":
			crlf = true
		default:
			cmd, want, ok := strings.Cut(line, "->")
			if !ok {
				t.Fatalf("command without expected result: %q", line)
			}
			g.cmds = append(g.cmds, command{strings.Fields(cmd), strings.TrimSpace(want)})
		}
	}
	hasWant := false
	for _, f := range ar.Files {
		switch f.Name {
		case "in.json":
			g.in = f.Data
		case "want.json":
			g.want, hasWant = f.Data, true
		case "error":
			g.err = strings.TrimSpace(string(f.Data))
		default:
			t.Fatalf("unknown file %q", f.Name)
		}
	}
	if !hasWant {
		g.want = g.in
	}
	fix := func(b []byte) []byte {
		if noFinal {
			b = bytes.TrimSuffix(b, []byte("\n"))
		}
		if crlf {
			b = bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n"))
		}
		return b
	}
	g.in, g.want = fix(g.in), fix(g.want)
	return g
}

// run applies one command to c and formats its result.
func run(c *Config, args []string) string {
	changed := func(b bool) string {
		if b {
			return "changed"
		}
		return "unchanged"
	}
	switch {
	case args[0] == "set" && len(args) == 3:
		return changed(c.SetCredHelper(args[1], args[2]))
	case args[0] == "remove" && len(args) == 3:
		return changed(c.RemoveCredHelper(args[1], args[2]))
	case args[0] == "plaintext" && len(args) == 2:
		a, ok := c.PlaintextAuth(args[1])
		if !ok {
			return "none"
		}
		return fmt.Sprintf("%s %s %s", a.Key, a.Username, a.Secret)
	case args[0] == "removeauth" && len(args) == 2:
		if keys := c.RemoveAuth(args[1]); len(keys) > 0 {
			return strings.Join(keys, " ")
		}
		return "none"
	case args[0] == "credhelpers" && len(args) == 1:
		b, _ := json.Marshal(c.CredHelpers())
		return string(b)
	case args[0] == "tidy" && len(args) == 1:
		return changed(c.RemoveEmptyCredHelpers())
	case args[0] == "credsstore" && len(args) == 1:
		if s := c.CredsStore(); s != "" {
			return s
		}
		return "none"
	}
	return fmt.Sprintf("bad command %q", args)
}

// testUpdate replays the edits through Update on a real file.
func testUpdate(t *testing.T, g golden) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.json")
	if err := os.WriteFile(path, g.in, 0o600); err != nil {
		t.Fatal(err)
	}
	changed, err := Update(path, func(c *Config) error {
		for _, cmd := range g.cmds {
			run(c, cmd.args)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("Update: %v", err)
	}
	got, _ := os.ReadFile(path)
	if !bytes.Equal(got, g.want) {
		t.Errorf("file after Update:\n%s\nwant:\n%s", got, g.want)
	}
	if want := !bytes.Equal(g.in, g.want); changed != want {
		t.Errorf("Update changed = %v, want %v", changed, want)
	}
}

// testMalformed checks the error from Parse, Load and Update, and that
// Update leaves the file byte for byte as it was.
func testMalformed(t *testing.T, g golden) {
	t.Helper()
	if _, err := Parse(g.in, "config.json"); err == nil || err.Error() != g.err {
		t.Errorf("Parse error:\n got %v\nwant %s", err, g.err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "config.json")
	if err := os.WriteFile(path, g.in, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Load(path); !isParseError(err, path) {
		t.Errorf("Load error = %v, want a *ParseError naming %s", err, path)
	}
	changed, err := Update(path, func(c *Config) error {
		c.SetCredHelper("ghcr.io", "dxai")
		return nil
	})
	if changed || !isParseError(err, path) {
		t.Errorf("Update = %v, %v; want false and a *ParseError naming %s", changed, err, path)
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, g.in) {
		t.Errorf("Update changed a malformed file:\n%s", got)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("Update left files behind: %v", entries)
	}
}

func isParseError(err error, file string) bool {
	var pe *ParseError
	return errors.As(err, &pe) && pe.File == file
}
