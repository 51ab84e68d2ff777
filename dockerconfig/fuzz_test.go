package dockerconfig

import (
	"bytes"
	"encoding/json"
	"maps"
	"path/filepath"
	"reflect"
	"testing"
	"unicode/utf8"

	"github.com/rogpeppe/go-internal/txtar"
)

// FuzzSetCredHelper checks, for any input that parses, that setting a helper
// gives valid JSON, keeps every other top-level key's value and every other
// helper, and that doing it again changes nothing. When the key was absent,
// removing it again (and the "credHelpers" the set created) gives back the
// input byte for byte: edits touch no other byte.
func FuzzSetCredHelper(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.txtar")
	for _, file := range files {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			f.Fatal(err)
		}
		for _, af := range ar.Files {
			if af.Name == "in.json" {
				f.Add(af.Data, "ghcr.io", "dxai")
			}
		}
	}
	f.Add([]byte(`{"credHelpers":{"ghcr.io":null},"a":1e400}`), "ghcr.io", "")
	f.Add([]byte("{\r\n  \"a\" :[1,\n2],\"b\":{}\t}"), "a<b>", "x")
	f.Add([]byte(`{"a":1,"credHelpers":{},"b":2}`), "ghcr.io", "dxai")
	f.Fuzz(func(t *testing.T, data []byte, host, helper string) {
		if !utf8.ValidString(host) || !utf8.ValidString(helper) {
			t.Skip("hosts and helpers are valid UTF-8")
		}
		c, err := Parse(data, "config.json")
		if err != nil {
			return
		}
		before := c.CredHelpers()
		c.SetCredHelper(host, helper)
		out := c.Bytes()
		if !json.Valid(out) {
			t.Fatalf("invalid JSON out:\n%s", out)
		}
		want, got := decodeTop(t, data), decodeTop(t, out)
		delete(want, "credHelpers")
		delete(got, "credHelpers")
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("top-level values changed:\n got %v\nwant %v", got, want)
		}
		c2, err := Parse(out, "config.json")
		if err != nil {
			t.Fatalf("output does not parse: %v\n%s", err, out)
		}
		after := c2.CredHelpers()
		if after[host] != helper {
			t.Fatalf("credHelpers[%q] = %q, want %q", host, after[host], helper)
		}
		before[host] = helper
		if !maps.Equal(after, before) {
			t.Fatalf("credHelpers = %v, want %v", after, before)
		}
		if c2.SetCredHelper(host, helper) || !bytes.Equal(c2.Bytes(), out) {
			t.Fatalf("second SetCredHelper changed the document:\n%s", c2.Bytes())
		}
		if why := createsSomething(t, data, host); why != "" {
			return
		}
		c3, _ := Parse(out, "config.json")
		if !c3.RemoveCredHelper(host, helper) {
			t.Fatalf("RemoveCredHelper found nothing in:\n%s", out)
		}
		if _, had := decodeTop(t, data)["credHelpers"]; !had {
			c3.RemoveEmptyCredHelpers()
		}
		if got := c3.Bytes(); !bytes.Equal(got, data) {
			t.Fatalf("set then remove:\n%q\nwant the input:\n%q", got, data)
		}
	})
}

// decodeTop decodes a document's top level, numbers as written.
func decodeTop(t *testing.T, data []byte) map[string]any {
	t.Helper()
	m := map[string]any{}
	if len(bytes.Trim(data, " \t\r\n")) == 0 {
		return m
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("decoding %q: %v", data, err)
	}
	return m
}
