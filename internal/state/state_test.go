package state

import (
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"
)

// TestParseFirstFormat: a record from before Version 2 is read as the
// copies it described.
func TestParseFirstFormat(t *testing.T) {
	r, err := Parse([]byte(`{"settings":"/h/.m2/settings.xml","serverId":"github","plaintext":true,"dockerConfig":"/h/.docker/config.json","registries":"containers.ghe.example.com"}`))
	if err != nil {
		t.Fatal(err)
	}
	want := Record{Version: Version, Registries: "containers.ghe.example.com", Copies: []Copy{
		{Kind: MavenSettings, Path: "/h/.m2/settings.xml", Servers: []Server{{ID: "github", Form: FormToken, Created: true}}},
		{Kind: DockerConfig, Path: "/h/.docker/config.json", CredHelpers: []string{"containers.ghe.example.com"}},
	}}
	if !reflect.DeepEqual(r, want) {
		t.Fatalf("Parse = %+v\nwant    %+v", r, want)
	}
	if path, id := r.Settings(); path != "/h/.m2/settings.xml" || id != "github" {
		t.Fatalf("Settings() = %q, %q", path, id)
	}
	if _, err := Parse([]byte(`{"dockerConfig":"/c","registries":"user@evil"}`)); err == nil {
		t.Fatal("a bad recorded registry was accepted")
	}
}

// TestPutDrop: Put replaces the copy at a path and puts it first; an
// empty copy is dropped.
func TestPutDrop(t *testing.T) {
	var r Record
	r.Put(Copy{Kind: MavenSettings, Path: "a", Servers: []Server{{ID: "x", Form: FormEnv}}})
	r.Put(Copy{Kind: MavenSettings, Path: "b", Servers: []Server{{ID: "y", Form: FormToken}}})
	r.Put(Copy{Kind: MavenSettings, Path: "a", Servers: []Server{{ID: "z", Form: FormToken}}})
	if p, id := r.Settings(); p != "a" || id != "z" || len(r.Copies) != 2 {
		t.Fatalf("after Put: %+v", r)
	}
	if !r.Copies[0].HoldsToken() || (Copy{Kind: MavenSettings, Servers: []Server{{Form: FormEnv}}}).HoldsToken() {
		t.Fatal("HoldsToken is wrong")
	}
	r.Put(Copy{Kind: DockerConfig, Path: "c"})
	if _, ok := r.Find(DockerConfig, "c"); ok {
		t.Fatal("an empty docker copy was recorded")
	}
	r.Drop(MavenSettings, "a")
	r.Drop(MavenSettings, "b")
	if !r.Empty() {
		t.Fatalf("not empty after Drop: %+v", r)
	}
}

// TestSaveLoad: a saved record reads back; an empty one removes the file.
func TestSaveLoad(t *testing.T) {
	path := PathIn(t.TempDir())
	r := Record{Registries: "containers.ghe.example.com", Copies: []Copy{{Kind: TokenFile, Path: "/f"}}}
	if err := SaveTo(path, r); err != nil {
		t.Fatal(err)
	}
	got, err := LoadFrom(path)
	r.Version = Version
	if err != nil || !reflect.DeepEqual(got, r) {
		t.Fatalf("Load = %+v, %v; want %+v", got, err, r)
	}
	if err := SaveTo(path, Record{}); err != nil {
		t.Fatal(err)
	}
	if got, err := LoadFrom(path); err != nil || !got.Empty() {
		t.Fatalf("after saving an empty record: %+v, %v", got, err)
	}
	if _, err := os.Lstat(path); !os.IsNotExist(err) {
		t.Fatalf("an empty record left the file (%v)", err)
	}
}

// TestParseRefusesWhatInitNeverWrites: a record is acted on (the token
// goes to its registries and copies), so one init could not have written
// is refused rather than half used; a record without servers used to make
// status and doctor panic.
func TestParseRefusesWhatInitNeverWrites(t *testing.T) {
	for _, bad := range []string{
		`{"version":2,"registries":"ghcr.io,evil.example.com"}`,
		`{"version":2,"registries":"127.0.0.1:5057"}`,
		`{"version":2,"registries":"user@ghcr.io"}`,
		`{"version":2,"copies":[{"kind":"maven-settings","path":"/nonexistent"}]}`,
		`{"version":2,"copies":[{"kind":"maven-settings","path":"/s.xml","servers":[{"id":"","form":"env"}]}]}`,
		`{"version":2,"copies":[{"kind":"maven-settings","path":"/s.xml","servers":[{"id":"github","form":"clear"}]}]}`,
		`{"version":2,"copies":[{"kind":"maven-settings","path":"relative.xml","servers":[{"id":"github","form":"env"}]}]}`,
		`{"version":2,"copies":[{"kind":"docker-config","path":"/c.json"}]}`,
		`{"version":2,"copies":[{"kind":"docker-config","path":"/c.json","credHelpers":["user@evil"]}]}`,
		`{"version":2,"copies":[{"kind":"netrc","path":"/h/.netrc"}]}`,
		`{"version":2,"copies":[{"kind":"token-file","path":""}]}`,
		`{"version":2,"copies":[{"kind":"token-file","path":"/h/t.json","createdFile":true}]}`,
		`{"version":2,"copies":[{"kind":"gradle-init","path":"/h/init.gradle","createdFile":true}]}`,
		`{"version":2,"skipped":["netrc"]}`,
		`{"version":2,"copies":[{"kind":"docker-config","path":"/c.json","credHelpers":["ghcr.io"],"createdHome":true}]}`,
		`{"version":2,"copies":[{"kind":"maven-settings","path":"/s.xml","servers":[{"id":"github","form":"token","created":true,"oldUsername":"me"}]}]}`,
	} {
		if r, err := Parse([]byte(bad)); err == nil {
			t.Errorf("Parse(%s) = %+v, want an error", bad, r)
		}
	}
	good := `{"version":2,"registries":"containers.ghe.example.com","copies":[` +
		`{"kind":"maven-settings","path":"/h/.m2/settings.xml","servers":[{"id":"github","form":"token","created":true}],"createdFile":true},` +
		`{"kind":"docker-config","path":"/h/.docker/config.json","credHelpers":["containers.ghe.example.com"],"createdFile":true},` +
		`{"kind":"gradle-init","path":"/h/.gradle/init.d/dxai.gradle","createdParent":true,"createdHome":true},` +
		`{"kind":"token-file","path":"/h/.config/dxai/insecure-credentials.json"}],` +
		`"envToken":true,"skipped":["maven","docker","gradle"]}`
	r, err := Parse([]byte(good))
	if err != nil {
		t.Errorf("Parse(what init writes): %v", err)
	}
	if !r.EnvToken || !r.Skips(SideDocker) || !r.Copies[2].CreatedHome {
		t.Errorf("Parse(what init writes) lost envToken, skipped or createdHome: %+v", r)
	}
	if (Record{Skipped: []Side{SideMaven}}).Empty() {
		t.Errorf("a record of skipped sides alone reads as empty")
	}
	if len(r.Copies) < 2 || !r.Copies[0].CreatedFile || !r.Copies[1].CreatedFile {
		t.Errorf("Parse(what init writes) lost createdFile: %+v", r.Copies)
	}
}

// TestCreatedFileOmitted: createdFile is written only when true, so a
// record of a file init did not create reads as it did before the field.
func TestCreatedFileOmitted(t *testing.T) {
	c := Copy{Kind: DockerConfig, Path: "/c.json", CredHelpers: []string{"ghcr.io"}}
	data, err := json.Marshal(c)
	if err != nil || strings.Contains(string(data), "createdFile") {
		t.Errorf("Marshal(%+v) = %s, %v; want no createdFile", c, data, err)
	}
}
