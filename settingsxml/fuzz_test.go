package settingsxml

import (
	"bytes"
	"errors"
	"slices"
	"testing"
)

// FuzzUpsert checks, for any input: Parse never panics and fails only with
// a *ParseError; a parsed document reads back unchanged; after Upsert the
// output parses, every server with the id holds our values, other parts
// Maven reads (mirrors, other servers) are unchanged, and a second Upsert
// is a no-op; Remove then deletes exactly those servers.
func FuzzUpsert(f *testing.F) {
	for _, dir := range []string{"edit", "malformed"} {
		for _, g := range loadCorpus(f, dir) {
			f.Add(g.in, "dynamixs-ai", "alice", "ghp_x")
		}
	}
	f.Add([]byte("<settings/>"), " nexus ", "${env.U}", "<&\"'>]]>\r\n")
	f.Add([]byte(`<?xml version="1.0" encoding="ISO-8859-1"?><settings>`+"\xe9"+`</settings>`), "dynamixs-ai", "j\u00f6rg", "\u20ac\x00\xff")
	f.Fuzz(func(t *testing.T, in []byte, id, user, pass string) {
		d, err := Parse(in, "fuzz.xml")
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Line < 1 || pe.Col < 1 {
				t.Fatalf("Parse error %#v is not a positioned *ParseError", err)
			}
			return
		}
		if !bytes.Equal(d.Bytes(), in) {
			t.Fatal("Parse+Bytes changed the input")
		}
		mirrors, others := d.Mirrors(), d.Servers("other")
		before := len(d.Servers(id))
		orig, _ := Parse(in, "fuzz.xml") // d is edited below; keep the original index
		if id = clean(id); id == "other" {
			return
		}
		if m := d.Upsert(Server{ID: id, Username: user, Password: pass}); m != before {
			t.Fatalf("Upsert matched %d, Servers found %d", m, before)
		}
		out := d.Bytes()
		d2, err := Parse(out, "out.xml")
		if err != nil {
			t.Fatalf("output does not parse: %v\n%q", err, out)
		}
		got := d2.Servers(id)
		if len(got) != max(before, 1) {
			t.Fatalf("%d servers after Upsert, want %d\n%q", len(got), max(before, 1), out)
		}
		for _, s := range got {
			if s.Username != clean(user) || s.Password != clean(pass) {
				t.Fatalf("server reads %q, want %q %q\n%q", s, clean(user), clean(pass), out)
			}
		}
		if before > 0 && !slices.EqualFunc(outside(orig, in, id), outside(d2, out, id), bytes.Equal) {
			t.Fatalf("Upsert changed bytes outside our servers:\n%q\n%q", in, out)
		}
		if !slices.Equal(d2.Mirrors(), mirrors) || !slices.Equal(d2.Servers("other"), others) {
			t.Fatalf("Upsert changed mirrors or other servers\n%q", out)
		}
		if m := d2.Upsert(Server{ID: id, Username: user, Password: pass}); m != len(got) || !bytes.Equal(d2.Bytes(), out) {
			t.Fatalf("second Upsert (matched %d) changed the file:\n%q\n%q", m, out, d2.Bytes())
		}
		if n := d2.Remove(id); n != len(got) {
			t.Fatalf("Remove removed %d, want %d", n, len(got))
		}
		d3, err := Parse(d2.Bytes(), "removed.xml")
		if err != nil {
			t.Fatalf("output of Remove does not parse: %v\n%q", err, d2.Bytes())
		}
		if n := len(d3.Servers(id)); n != 0 || !slices.Equal(d3.Servers("other"), others) {
			t.Fatalf("after Remove: %d servers left, others %q", n, d3.Servers("other"))
		}
	})
}

// outside returns the parts of data (which d indexes) around the servers
// with the id: all that an update of those servers may not change.
func outside(d *Doc, data []byte, id string) [][]byte {
	var parts [][]byte
	pos := 0
	for _, s := range d.servers(id) {
		parts = append(parts, data[pos:s.start])
		pos = s.endEnd
	}
	return append(parts, data[pos:])
}
