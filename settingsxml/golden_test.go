package settingsxml

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rogpeppe/go-internal/txtar"
)

// The golden corpus: testdata/edit/*.txtar hold in.xml, the ops to run and
// want.xml (omitted: the file must stay as it is); testdata/malformed/*.txtar
// hold in.xml and the exact error. An op section has one op per line:
//
//	transform crlf|bom|noeol|latin1|cp1252 ...  (applied to in.xml and want.xml)
//	upsert ID USER PASS [=> MATCHED]
//	remove ID [=> REMOVED]
//	get ID => USER PASS [USER PASS ...]        (Servers(ID))
//	mirrors => ID MIRROROF URL [...]
//
// Fields are separated by blanks; a field may be a Go quoted string.

type golden struct {
	name      string
	ops       [][]string
	transform []string
	in, want  []byte
	err       string
}

func loadCorpus(t testing.TB, dir string) []golden {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", dir, "*.txtar"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus in testdata/%s: %v", dir, err)
	}
	var out []golden
	for _, f := range files {
		ar, err := txtar.ParseFile(f)
		if err != nil {
			t.Fatal(err)
		}
		g := golden{name: strings.TrimSuffix(filepath.Base(f), ".txtar"), want: nil}
		hasWant := false
		for _, file := range ar.Files {
			switch file.Name {
			case "op":
				for _, line := range strings.Split(string(file.Data), "\n") {
					if f := fields(t, line); len(f) > 0 && f[0] == "transform" {
						g.transform = append(g.transform, f[1:]...)
					} else if len(f) > 0 {
						g.ops = append(g.ops, f)
					}
				}
			case "in.xml":
				g.in = file.Data
			case "want.xml":
				g.want, hasWant = file.Data, true
			case "error":
				g.err = strings.TrimSpace(string(file.Data))
			default:
				t.Fatalf("%s: unknown section %q", f, file.Name)
			}
		}
		g.in = transform(t, g.in, g.transform)
		if hasWant {
			g.want = transform(t, g.want, g.transform)
		} else {
			g.want = g.in
		}
		out = append(out, g)
	}
	return out
}

// fields splits an op line into blank-separated, possibly quoted, fields.
func fields(t testing.TB, line string) []string {
	var out []string
	for line = strings.TrimSpace(line); line != ""; line = strings.TrimSpace(line) {
		if line[0] == '#' {
			break
		}
		if line[0] == '"' {
			q, err := strconv.QuotedPrefix(line)
			if err != nil {
				t.Fatalf("bad quoted field in %q: %v", line, err)
			}
			s, _ := strconv.Unquote(q)
			out = append(out, s)
			line = line[len(q):]
			continue
		}
		i := strings.IndexAny(line, " \t")
		if i < 0 {
			i = len(line)
		}
		out = append(out, line[:i])
		line = line[i:]
	}
	return out
}

// transform turns the UTF-8, LF text of a txtar section into the bytes of
// the variant under test.
func transform(t testing.TB, data []byte, how []string) []byte {
	for _, h := range how {
		switch h {
		case "noeol":
			data = bytes.TrimSuffix(data, []byte("\n"))
		case "crlf":
			data = bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n"))
		case "bom":
			data = append(bytes.Clone(utf8BOM), data...)
		case "latin1", "cp1252":
			cs := map[string]charset{"latin1": csLatin1, "cp1252": cs1252}[h]
			var out []byte
			for _, r := range string(data) {
				b, ok := encodeRune(r, cs)
				if !ok {
					t.Fatalf("%q cannot be written in %s", r, h)
				}
				out = append(out, b)
			}
			data = out
		default:
			t.Fatalf("unknown transform %q", h)
		}
	}
	return data
}

// run applies op to d and checks its result count and, for get and
// mirrors, what it read.
func run(t *testing.T, d *Doc, op []string) {
	t.Helper()
	args, want := op, []string(nil)
	for i, f := range op {
		if f == "=>" {
			args, want = op[:i], op[i+1:]
			break
		}
	}
	count := func(n int) {
		t.Helper()
		if len(want) > 0 && strconv.Itoa(n) != want[0] {
			t.Errorf("%v: got %d, want %s", op, n, want[0])
		}
	}
	switch {
	case args[0] == "upsert" && len(args) == 4:
		count(d.Upsert(Server{ID: args[1], Username: args[2], Password: args[3]}))
	case args[0] == "remove" && len(args) == 2:
		count(d.Remove(args[1]))
	case args[0] == "get" && len(args) == 2:
		var got []string
		for _, s := range d.Servers(args[1]) {
			got = append(got, s.Username, s.Password)
		}
		if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", want) {
			t.Errorf("%v: got %q", op, got)
		}
	case args[0] == "mirrors" && len(args) == 1:
		var got []string
		for _, m := range d.Mirrors() {
			got = append(got, m.ID, m.MirrorOf, m.URL)
		}
		if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", want) {
			t.Errorf("%v: got %q", op, got)
		}
	default:
		t.Fatalf("bad op %q", op)
	}
}

func TestGolden(t *testing.T) {
	for _, g := range loadCorpus(t, "edit") {
		t.Run(g.name, func(t *testing.T) {
			checkVariant(t, g)
			d, err := Parse(g.in, "settings.xml")
			if err != nil {
				t.Fatal(err)
			}
			if got := d.Bytes(); !bytes.Equal(got, g.in) {
				t.Fatal("Parse+Bytes changed the input")
			}
			for _, op := range g.ops {
				run(t, d, op)
			}
			got := d.Bytes()
			if !bytes.Equal(got, g.want) {
				t.Fatalf("output differs from want.xml:\n%s", lineDiff(g.want, got))
			}
			if bytes.Equal(g.in, g.want) && d.edited {
				t.Error("document marked edited but bytes unchanged")
			}
			again, err := Parse(got, "out.xml")
			if err != nil {
				t.Fatalf("output does not parse: %v", err)
			}
			// Upserted values read back, removed servers are gone, and the
			// last edit again is a no-op.
			final := map[string][]string{}
			for _, op := range g.ops {
				if op[0] == "upsert" || op[0] == "remove" {
					final[trim(op[1])] = op
				}
			}
			for _, op := range final {
				switch op[0] {
				case "upsert":
					for _, s := range again.Servers(op[1]) {
						if s.Username != clean(op[2]) || s.Password != clean(op[3]) {
							t.Errorf("after %q, Servers reads %q", op, s)
						}
					}
				case "remove":
					if n := len(again.Servers(op[1])); n > 0 {
						t.Errorf("after %q, %d servers remain", op, n)
					}
				}
			}
			if last := g.ops[len(g.ops)-1]; last[0] == "upsert" || last[0] == "remove" {
				if i := slices.Index(last, "=>"); i >= 0 {
					last = last[:i]
				}
				run(t, again, last)
				if !bytes.Equal(again.Bytes(), got) {
					t.Errorf("repeating %q changed the file:\n%s", last, lineDiff(got, again.Bytes()))
				}
			}
		})
	}
}

// checkVariant makes sure each transform really produced what it names.
func checkVariant(t *testing.T, g golden) {
	for _, h := range g.transform {
		ok := true
		switch h {
		case "noeol":
			ok = !bytes.HasSuffix(g.in, []byte("\n"))
		case "crlf":
			ok = bytes.Contains(g.in, []byte("\r\n"))
		case "bom":
			ok = bytes.HasPrefix(g.in, utf8BOM)
		case "latin1", "cp1252":
			ok = !utf8.Valid(g.in)
		}
		if !ok {
			t.Fatalf("transform %s had no effect", h)
		}
	}
}

func TestMalformed(t *testing.T) {
	for _, g := range loadCorpus(t, "malformed") {
		t.Run(g.name, func(t *testing.T) {
			_, err := Parse(g.in, "settings.xml")
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse: got %v, want a *ParseError", err)
			}
			if pe.Error() != g.err {
				t.Errorf("Parse error:\n got %s\nwant %s", pe, g.err)
			}
			// Through Update: fn never runs, the file is not touched.
			path := filepath.Join(t.TempDir(), "settings.xml")
			if err := os.WriteFile(path, g.in, 0o644); err != nil {
				t.Fatal(err)
			}
			changed, err := Update(path, func(d *Doc) error {
				t.Error("fn called for a malformed file")
				return nil
			})
			if !errors.As(err, &pe) || changed {
				t.Fatalf("Update: got %v, %v; want a *ParseError", changed, err)
			}
			if want := strings.Replace(g.err, "settings.xml", path, 1); pe.Error() != want {
				t.Errorf("Update error:\n got %s\nwant %s", pe, want)
			}
			if got, _ := os.ReadFile(path); !bytes.Equal(got, g.in) {
				t.Error("malformed file was changed")
			}
		})
	}
}

// lineDiff shows the lines of got that differ from want, with byte-exact
// quoting so that CR, BOM and encoding differences are visible.
func lineDiff(want, got []byte) string {
	w, g := strings.SplitAfter(string(want), "\n"), strings.SplitAfter(string(got), "\n")
	var b strings.Builder
	for i := range max(len(w), len(g)) {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d:\n  want %q\n   got %q\n", i+1, wl, gl)
		}
	}
	return b.String()
}
