package dockerconfig

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

// TestInitLogoutRoundTrip: for every config in the golden corpus (each
// in.json and want.json, as written and with CRLF and without a final
// newline), what init does to the docker config and what logout then does
// give back the same bytes, whenever init created nothing the user lacked.
// Init and logout are replayed as cmd/mvn-dxai's wireDocker and
// unwireDocker run them, each on the bytes the other wrote.
func TestInitLogoutRoundTrip(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.txtar")
	tried, left := 0, map[string]int{}
	for _, file := range files {
		g := loadGolden(t, file)
		if g.err != "" {
			continue
		}
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		for which, doc := range map[string][]byte{"in": g.in, "want": g.want} {
			for variant, data := range variants(doc) {
				if why := createsSomething(t, data, "ghcr.io"); why != "" {
					left[why]++
					continue
				}
				tried++
				t.Run(name+"/"+which+"/"+variant, func(t *testing.T) {
					if got := initLogout(t, data, "ghcr.io"); !bytes.Equal(got, data) {
						t.Errorf("after init and logout:\n%q\nwant the original:\n%q", got, data)
					}
				})
			}
		}
	}
	t.Logf("round-tripped %d configs; left out: %v", tried, left)
	if tried < 60 {
		t.Errorf("only %d configs were round-tripped; the corpus gives more", tried)
	}
}

// variants returns doc as written, with CRLF line endings, and without
// its final newline.
func variants(doc []byte) map[string][]byte {
	lf := bytes.ReplaceAll(doc, []byte("\r\n"), []byte("\n"))
	return map[string][]byte{
		"asis":    doc,
		"crlf":    bytes.ReplaceAll(lf, []byte("\n"), []byte("\r\n")),
		"nofinal": bytes.TrimRight(doc, "\r\n"),
	}
}

// createsSomething says why init would change data beyond adding host's
// entry (and "credHelpers" when there is none), or "" when it would not:
// no object to add to, an entry for host already there, a null
// "credHelpers" to replace, a plaintext credential to migrate, or an
// empty object with white space inside, which comes back {}.
func createsSomething(t *testing.T, data []byte, host string) string {
	t.Helper()
	c, err := Parse(data, "config.json")
	if err != nil {
		t.Fatal(err)
	}
	if c.top < 0 {
		return "no object: init creates the file's content"
	}
	if _, ok := c.PlaintextAuth(host); ok {
		return "init migrates a plaintext credential"
	}
	receiver := c.data[c.top:valueEnd(c.data, c.top)]
	for _, m := range c.members {
		if m.key != "credHelpers" {
			continue
		}
		if isNull(m.val) {
			receiver = m.val
			continue
		}
		for _, e := range splitObject(m.val, m.off) {
			if e.key == host {
				return "credHelpers already has an entry for " + host
			}
		}
		receiver = m.val
	}
	switch {
	case isNull(receiver):
		return "init replaces a null credHelpers"
	case len(bytes.TrimSpace(receiver)) > 2 && len(bytes.Join(bytes.Fields(receiver), nil)) == 2:
		return "an empty object with white space inside comes back {}"
	}
	return ""
}

// initLogout runs init's and logout's docker config edits on data.
func initLogout(t *testing.T, data []byte, host string) []byte {
	t.Helper()
	c, err := Parse(data, "config.json")
	if err != nil {
		t.Fatal(err)
	}
	created := !c.HasCredHelpers()
	if !c.SetCredHelper(host, "dxai") {
		t.Fatal("init changed nothing")
	}
	c.RemoveAuth(host)
	c, err = Parse(c.Bytes(), "config.json")
	if err != nil {
		t.Fatalf("init wrote what does not parse: %v", err)
	}
	if !c.RemoveCredHelper(host, "dxai") {
		t.Fatal("logout removed nothing")
	}
	if created && !c.RemoveEmptyCredHelpers() {
		t.Fatal("logout left the credHelpers init created")
	}
	return c.Bytes()
}
