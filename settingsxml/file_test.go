package settingsxml

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var ours = Server{ID: "dynamixs-ai", Username: "alice", Password: "ghp_x"}

func upsert(d *Doc) error { d.Upsert(ours); return nil }

func TestUpdateCreatesFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".m2", "settings.xml")
	changed, err := Update(path, upsert)
	if err != nil || !changed {
		t.Fatalf("Update: %v, %v", changed, err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("new file has mode %v, want 0600", fi.Mode().Perm())
	}
	want := New()
	want.Upsert(ours)
	if got, _ := os.ReadFile(path); !bytes.Equal(got, want.Bytes()) {
		t.Errorf("new file:\n%s", got)
	}
	doc, exists, err := Load(path)
	if err != nil || !exists {
		t.Fatalf("Load: %v, %v", exists, err)
	}
	if s := doc.Servers("dynamixs-ai"); len(s) != 1 || s[0] != ours {
		t.Errorf("Servers: %q", s)
	}
	// Again: nothing to do, nothing written.
	if changed, err := Update(path, upsert); err != nil || changed {
		t.Errorf("second Update: %v, %v", changed, err)
	}
}

func TestNewIsMavenTemplate(t *testing.T) {
	got := string(New().Bytes())
	for _, want := range []string{
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<settings xmlns=\"http://maven.apache.org/SETTINGS/1.2.0\"",
		`xsi:schemaLocation="http://maven.apache.org/SETTINGS/1.2.0 https://maven.apache.org/xsd/settings-1.2.0.xsd"`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("New() lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "\r") || !strings.HasSuffix(got, "</settings>\n") {
		t.Errorf("New() is not LF-terminated text:\n%q", got)
	}
}

func TestUpdateMissingFileUntouchedWithoutChange(t *testing.T) {
	path := filepath.Join(t.TempDir(), "settings.xml")
	changed, err := Update(path, func(d *Doc) error { d.Remove("dynamixs-ai"); return nil })
	if err != nil || changed {
		t.Fatalf("Update: %v, %v", changed, err)
	}
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a file was created: %v", err)
	}
	doc, exists, err := Load(path)
	if err != nil || exists || doc == nil || len(doc.Servers("dynamixs-ai")) != 0 {
		t.Errorf("Load of missing file: %v, %v, %v", doc, exists, err)
	}
}

func TestUpdateKeepsModeAndFollowsSymlink(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "dotfiles", "settings.xml")
	link := filepath.Join(dir, "settings.xml")
	in := "<settings>\r\n\t<servers/>\r\n</settings>"
	if err := os.MkdirAll(filepath.Dir(real), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(real, []byte(in), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	if changed, err := Update(link, upsert); err != nil || !changed {
		t.Fatalf("Update: %v, %v", changed, err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("symlink replaced: %v", err)
	}
	fi, _ := os.Stat(real)
	if fi.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want 0640", fi.Mode().Perm())
	}
	want := "<settings>\r\n\t<servers>\r\n\t\t<server>\r\n\t\t\t<id>dynamixs-ai</id>\r\n" +
		"\t\t\t<username>alice</username>\r\n\t\t\t<password>ghp_x</password>\r\n" +
		"\t\t</server>\r\n\t</servers>\r\n</settings>"
	if got, _ := os.ReadFile(real); string(got) != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

func TestUpdateFnErrorLeavesFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "settings.xml")
	in := []byte("<settings><servers/></settings>\n")
	if err := os.WriteFile(path, in, 0o600); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	changed, err := Update(path, func(d *Doc) error {
		d.Upsert(ours)
		return boom
	})
	if !errors.Is(err, boom) || changed {
		t.Fatalf("Update: %v, %v; want boom", changed, err)
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, in) {
		t.Errorf("file changed: %q", got)
	}
}

func TestLoadMalformed(t *testing.T) {
	path := filepath.Join(t.TempDir(), "settings.xml")
	if err := os.WriteFile(path, []byte("<settings>\n  <servers>\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, exists, err := Load(path)
	var pe *ParseError
	if !exists || !errors.As(err, &pe) || pe.File != path || pe.Line != 3 || pe.Col != 1 {
		t.Fatalf("Load: %v, %#v", exists, err)
	}
}

func TestUpdateIOErrorIsWrapped(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "settings.xml")
	if err := os.Mkdir(path, 0o700); err != nil { // a folder where the file should be
		t.Fatal(err)
	}
	_, err := Update(path, upsert)
	if err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("Update on a folder: %v", err)
	}
}

func TestParseErrorWithoutFile(t *testing.T) {
	_, err := Parse([]byte("<pom/>"), "")
	if err == nil || err.Error() != "1:1: root element is <pom>, not <settings>" {
		t.Errorf("got %v", err)
	}
}
