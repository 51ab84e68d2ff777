package settingsxml

import (
	"bytes"
	"testing"

	"github.com/beevik/etree"
)

// TestEtreeRoundTripIsLossy shows why this package splices bytes instead of
// serialising a tree: a plain etree read-and-write, with no edit at all,
// already changes these files, while Parse+Bytes returns them unchanged.
func TestEtreeRoundTripIsLossy(t *testing.T) {
	lossy := map[string]string{
		"crlf-append":                "CRLF line endings become LF",
		"refs-cdata-doctype-quoting": "references are resolved, quotes changed",
		"latin1":                     "ISO-8859-1 bytes cannot be read back",
		"new-file-template":          "Maven's multi-line, aligned attributes are joined",
		"servers-empty-inline":       "<servers></servers> becomes <servers/>",
		"root-self-closing":          `<settings … /> loses its space`,
		"unchanged-equal-values":     "&#38; becomes &amp;",
	}
	seen := 0
	for _, g := range loadCorpus(t, "edit") {
		why, ok := lossy[g.name]
		if !ok {
			continue
		}
		seen++
		doc := etree.NewDocument()
		out, err := []byte(nil), doc.ReadFromBytes(g.in)
		if err == nil {
			out, err = doc.WriteToBytes()
		}
		if err == nil && bytes.Equal(out, g.in) {
			t.Errorf("%s: etree kept the file, expected: %s", g.name, why)
		}
		ours, err := Parse(g.in, g.name)
		if err != nil || !bytes.Equal(ours.Bytes(), g.in) {
			t.Errorf("%s: Parse+Bytes changed the file: %v", g.name, err)
		}
	}
	if seen != len(lossy) {
		t.Errorf("found %d of %d corpus files", seen, len(lossy))
	}
}
