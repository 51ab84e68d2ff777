package mavencheck

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

const ghURL = "https://maven.pkg.github.com/dynamixs-ai/dx-parent"

func TestMirrorOf(t *testing.T) {
	tests := []struct {
		pattern, id, url string
		want             bool
	}{
		{"*", "dynamixs-ai", ghURL, true},
		{"dynamixs-ai", "dynamixs-ai", ghURL, true},
		{"central", "dynamixs-ai", ghURL, false},
		{"external:*", "dynamixs-ai", ghURL, true},
		{"external:*", "local", "http://localhost:8081/repo", false},
		{"external:*", "files", "file:///srv/repo", false},
		{"external:http:*", "dynamixs-ai", ghURL, false},
		{"external:http:*", "plain", "http://repo.example.com/m2", true},
		{"*,!dynamixs-ai", "dynamixs-ai", ghURL, false},
		{"!dynamixs-ai,*", "dynamixs-ai", ghURL, false},
		{" * , !dynamixs-ai ", "dynamixs-ai", ghURL, false},
		{"central,dynamixs-ai", "dynamixs-ai", ghURL, true},
		// An exact entry before the exclusion wins, as in Maven.
		{"dynamixs-ai,!dynamixs-ai", "dynamixs-ai", ghURL, true},
		{"external:*,!other", "dynamixs-ai", ghURL, true},
		{"*,!Dynamixs-AI", "dynamixs-ai", ghURL, true}, // ids are case-sensitive
		{"", "dynamixs-ai", ghURL, false},
	}
	for _, tt := range tests {
		if got := MirrorOf(tt.pattern, tt.id, tt.url); got != tt.want {
			t.Errorf("MirrorOf(%q, %q, %q) = %v, want %v", tt.pattern, tt.id, tt.url, got, tt.want)
		}
	}
}

func TestExclude(t *testing.T) {
	tests := []struct {
		pattern string
		ids     []string
		want    string
	}{
		{"*", []string{"dynamixs-ai"}, "*,!dynamixs-ai"},
		{"external:*", []string{"dynamixs-ai"}, "external:*,!dynamixs-ai"},
		{"central,dynamixs-ai", []string{"dynamixs-ai"}, "central"},
		{"*,!internal", []string{"dynamixs-ai"}, "*,!internal,!dynamixs-ai"},
		{"dynamixs-ai,*", []string{"dynamixs-ai"}, "*,!dynamixs-ai"},
		{"dynamixs-ai", []string{"dynamixs-ai"}, ""},
		{"*", []string{"dynamixs-ai", "github"}, "*,!dynamixs-ai,!github"},
	}
	for _, tt := range tests {
		got := Exclude(tt.pattern, ghURL, tt.ids...)
		if got != tt.want {
			t.Errorf("Exclude(%q, %v) = %q, want %q", tt.pattern, tt.ids, got, tt.want)
		}
		for _, id := range tt.ids {
			if got != "" && MirrorOf(got, id, ghURL) {
				t.Errorf("Exclude(%q) = %q still mirrors %s", tt.pattern, got, id)
			}
		}
	}
}

func TestSettingsArg(t *testing.T) {
	tests := []struct {
		args string
		want string
		ok   bool
	}{
		{"-B -s ci/settings.xml -U", "ci/settings.xml", true},
		{"--settings /etc/m2.xml", "/etc/m2.xml", true},
		{"--settings=/etc/m2.xml", "/etc/m2.xml", true},
		{"-s=a.xml", "a.xml", true},
		{"-sa.xml", "a.xml", true},
		{"-s first.xml -s second.xml", "first.xml", true},
		{"-B -U -Dsettings=x", "", false},
		{"-gs global.xml", "", false},
		{"-s", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := SettingsArg(strings.Fields(tt.args))
		if got != tt.want || ok != tt.ok {
			t.Errorf("SettingsArg(%q) = %q, %v; want %q, %v", tt.args, got, ok, tt.want, tt.ok)
		}
	}
}

func TestProjectBaseDirAndConfig(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "app", "module", "src")
	must(t, os.MkdirAll(deep, 0o755))
	if _, ok := ProjectBaseDir(deep); ok {
		// A .mvn above the temp folder would make this test meaningless.
		t.Skip("a .mvn folder exists above the temporary folder")
	}
	must(t, os.MkdirAll(filepath.Join(root, "app", ".mvn"), 0o755))
	base, ok := ProjectBaseDir(deep)
	if !ok || base != filepath.Join(root, "app") {
		t.Fatalf("ProjectBaseDir = %q, %v; want %q", base, ok, filepath.Join(root, "app"))
	}

	cfg := filepath.Join(base, ConfigFile)
	if args, err := ReadConfig(cfg); err != nil || args != nil {
		t.Fatalf("missing maven.config: %q, %v", args, err)
	}
	must(t, os.WriteFile(cfg, []byte("# build settings\n-B\n-s\n.mvn/settings.xml\n\n-Drevision=1.0 -T 2\n"), 0o644))
	args, err := ReadConfig(cfg)
	must(t, err)
	want := []string{"-B", "-s", ".mvn/settings.xml", "-Drevision=1.0", "-T", "2"}
	if !reflect.DeepEqual(args, want) {
		t.Fatalf("ReadConfig = %q, want %q", args, want)
	}
	if got := Resolve(".mvn/settings.xml", base); got != filepath.Join(base, ".mvn", "settings.xml") {
		t.Errorf("Resolve = %q", got)
	}
}

const pom = `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <properties>
    <gh.owner>Dynamixs-AI</gh.owner>
    <gh.url>https://maven.pkg.github.com/${gh.owner}</gh.url>
  </properties>
  <repositories>
    <repository>
      <id> dynamixs-ai </id>
      <url>https://maven.pkg.github.com/dynamixs-ai/dx-parent</url>
    </repository>
    <repository><id>central</id><url>https://repo1.maven.org/maven2</url></repository>
  </repositories>
  <pluginRepositories>
    <pluginRepository><id>plugins</id><url>https://maven.pkg.github.com/dynamixs-ai/plugins</url></pluginRepository>
  </pluginRepositories>
  <distributionManagement>
    <repository><id>github</id><url>${gh.url}/dx-app</url></repository>
    <snapshotRepository><id>github</id><url>${gh.url}/dx-app</url></snapshotRepository>
  </distributionManagement>
  <profiles>
    <profile>
      <id>release</id>
      <properties><gh.owner>dynamixs-ai</gh.owner></properties>
      <distributionManagement>
        <repository><id>rel</id><url>${gh.url}/rel</url></repository>
      </distributionManagement>
    </profile>
  </profiles>
</project>
`

func TestReadRepositories(t *testing.T) {
	repos, err := ReadRepositories(strings.NewReader(pom))
	must(t, err)
	var got []string
	for _, r := range repos {
		got = append(got, r.Where()+" "+r.URL)
	}
	want := []string{
		"<repository> dynamixs-ai https://maven.pkg.github.com/dynamixs-ai/dx-parent",
		"<repository> central https://repo1.maven.org/maven2",
		"<pluginRepository> plugins https://maven.pkg.github.com/dynamixs-ai/plugins",
		"<distributionManagement/repository> github https://maven.pkg.github.com/Dynamixs-AI/dx-app",
		"<distributionManagement/snapshotRepository> github https://maven.pkg.github.com/Dynamixs-AI/dx-app",
		"<distributionManagement/repository> rel in profile release https://maven.pkg.github.com/dynamixs-ai/rel",
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("ReadRepositories:\n got %q\nwant %q", got, want)
	}
	if repos[1].GitHub() || !repos[0].GitHub() {
		t.Errorf("GitHub(): central %v, dynamixs-ai %v", repos[1].GitHub(), repos[0].GitHub())
	}
	if o := repos[3].Owner(); o != "Dynamixs-AI" {
		t.Errorf("Owner = %q", o)
	}
	if u := repos[3].LowercaseOwner(); u != "https://maven.pkg.github.com/dynamixs-ai/dx-app" {
		t.Errorf("LowercaseOwner = %q", u)
	}
}

func TestReadRepositoriesSettingsAndErrors(t *testing.T) {
	settings := `<settings><profiles><profile><id>github</id><repositories>
	  <repository><id>github</id><url>https://MAVEN.pkg.github.com/Acme/*</url></repository>
	</repositories></profile></profiles></settings>`
	repos, err := ReadRepositories(strings.NewReader(settings))
	must(t, err)
	if len(repos) != 1 || !repos[0].GitHub() || repos[0].Profile != "github" ||
		repos[0].LowercaseOwner() != "https://MAVEN.pkg.github.com/acme/*" {
		t.Fatalf("settings repositories = %+v", repos)
	}
	if _, err := ReadRepositories(strings.NewReader("<project><repositories></project>")); err == nil {
		t.Error("malformed POM: no error")
	}
	if _, err := ReadRepositories(strings.NewReader("<html/>")); err == nil {
		t.Error("<html> root: no error")
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
