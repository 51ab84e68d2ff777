package mavencheck

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/dynamixs-ai/dxai/internal/testing/keyringtest"
)

// homeCase is one environment and project for UserHome. Homes are written
// relative to the test's temporary folder; want is "" for the password
// database's home.
type homeCase struct {
	name      string
	env       map[string]string
	jvmConfig string // .mvn/jvm.config, "" for none
	config    string // .mvn/maven.config, "" for none
	sub       string // folder under the project that mvn runs in
	want      string
	from      string
}

var homeCases = []homeCase{
	{name: "passwd, not HOME", from: FromPasswd},
	{name: "MAVEN_OPTS", env: map[string]string{"MAVEN_OPTS": "-Xmx256m -Duser.home=@/opts"}, want: "opts", from: "-Duser.home in MAVEN_OPTS"},
	{name: "jvm.config", jvmConfig: "-Xss2m\n-Duser.home=@/jvm\n", want: "jvm", from: "-Duser.home in @/p/.mvn/jvm.config"},
	{name: "MAVEN_OPTS over jvm.config", jvmConfig: "-Duser.home=@/jvm", env: map[string]string{"MAVEN_OPTS": "-Duser.home=@/opts"}, want: "opts", from: "-Duser.home in MAVEN_OPTS"},
	{name: "JDK_JAVA_OPTIONS over JAVA_TOOL_OPTIONS", env: map[string]string{"JAVA_TOOL_OPTIONS": "-Duser.home=@/tool", "JDK_JAVA_OPTIONS": "-Duser.home=@/jdk"}, want: "jdk", from: "-Duser.home in JDK_JAVA_OPTIONS"},
	{name: "jvm.config over JDK_JAVA_OPTIONS", jvmConfig: "-Duser.home=@/jvm", env: map[string]string{"JDK_JAVA_OPTIONS": "-Duser.home=@/jdk"}, want: "jvm", from: "-Duser.home in @/p/.mvn/jvm.config"},
	{name: "maven.config over MAVEN_OPTS", config: "-B\n-D user.home=@/cfg\n", env: map[string]string{"MAVEN_OPTS": "-Duser.home=@/opts"}, want: "cfg", from: "-Duser.home in @/p/.mvn/maven.config"},
	{name: "last one wins", env: map[string]string{"MAVEN_OPTS": "-Duser.home=@/a -Duser.home=@/opts"}, want: "opts", from: "-Duser.home in MAVEN_OPTS"},
	{name: "relative, from a subfolder", sub: "module", env: map[string]string{"MAVEN_OPTS": "-Duser.home=rel"}, want: "p/module/rel", from: "-Duser.home in MAVEN_OPTS"},
	{name: "MAVEN_ARGS", config: "-Duser.home=@/cfg", env: map[string]string{"MAVEN_ARGS": "-B --define=user.home=@/args"}, want: "args", from: "-Duser.home in MAVEN_ARGS (Maven 3.9 and later)"},
}

// setUp writes the case's project under dir/p and returns the folder mvn
// runs in and its environment, with HOME somewhere else.
func (c homeCase) setUp(t *testing.T, dir string) (string, map[string]string) {
	t.Helper()
	at := func(s string) string { return strings.ReplaceAll(s, "@", dir) }
	work := filepath.Join(dir, "p", c.sub)
	files := map[string]string{"p/pom.xml": testPOM}
	if c.jvmConfig != "" {
		files["p/.mvn/jvm.config"] = at(c.jvmConfig)
	}
	if c.config != "" {
		files["p/.mvn/maven.config"] = at(c.config)
	}
	for _, h := range []string{"home", "opts", "a", "jvm", "tool", "jdk", "cfg", "args", "p/module/rel"} {
		files[h+"/.m2/settings.xml"] = "<settings/>\n"
	}
	for name, data := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(work, 0o700); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"HOME": filepath.Join(dir, "home")}
	for k, v := range c.env {
		env[k] = at(v)
	}
	return work, env
}

const testPOM = `<project><modelVersion>4.0.0</modelVersion><groupId>t</groupId><artifactId>t</artifactId><version>1</version><packaging>pom</packaging></project>
`

func TestUserHome(t *testing.T) {
	const passwd = "/srv/passwd-home"
	for _, c := range homeCases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			work, env := c.setUp(t, dir)
			h, err := UserHome(HomeEnv{Getenv: func(k string) string { return env[k] }, WorkDir: work, Project: true, Passwd: passwd})
			if err != nil {
				t.Fatal(err)
			}
			want := passwd
			if c.want != "" {
				want = filepath.Join(dir, c.want)
			}
			if h.Dir != want || h.From != strings.ReplaceAll(c.from, "@", dir) {
				t.Errorf("UserHome = %+v, want {%s %s}", h, want, c.from)
			}
			if h.Settings() != filepath.Join(want, ".m2", "settings.xml") {
				t.Errorf("Settings() = %s", h.Settings())
			}
		})
	}
}

func TestUserHomeFallbacks(t *testing.T) {
	tests := []struct {
		passwd, home string
		opts         string
		want, from   string
	}{
		// Java 19 and later take $HOME when the database has no usable home.
		{"", "/h", "", "/h", "HOME, as the password database has no usable home for this user"},
		{"/", "/h", "", "/h", "HOME, as the password database has no usable home for this user"},
		{"/", "", "", "/", FromPasswd},
		// new File("", ".m2") is /.m2.
		{"/p", "/h", "-Duser.home=", "/", "-Duser.home in MAVEN_OPTS"},
		{"/p/", "/h", "", "/p", FromPasswd},
		// Only the JVM's own form counts in JVM options.
		{"/p", "/h", "-D user.home=/x --define=user.home=/y", "/p", FromPasswd},
	}
	for _, tt := range tests {
		env := map[string]string{"HOME": tt.home, "MAVEN_OPTS": tt.opts}
		h, err := UserHome(HomeEnv{Getenv: func(k string) string { return env[k] }, WorkDir: t.TempDir(), Passwd: tt.passwd})
		if err != nil || h.Dir != tt.want || h.From != tt.from {
			t.Errorf("passwd %q, HOME %q, MAVEN_OPTS %q: UserHome = %+v, %v; want {%s %s}", tt.passwd, tt.home, tt.opts, h, err, tt.want, tt.from)
		}
	}
}

// TestUserHomeUserOnly: without Project, the project's .mvn files do not
// count, so a cloned project cannot choose where init writes the token.
func TestUserHomeUserOnly(t *testing.T) {
	for _, c := range homeCases {
		if c.jvmConfig == "" && c.config == "" {
			continue
		}
		dir := t.TempDir()
		work, env := c.setUp(t, dir)
		delete(env, "MAVEN_ARGS")
		with, _ := UserHome(HomeEnv{Getenv: func(k string) string { return env[k] }, WorkDir: work, Project: true, Passwd: "/p"})
		without, err := UserHome(HomeEnv{Getenv: func(k string) string { return env[k] }, WorkDir: work, Passwd: "/p"})
		if err != nil || strings.Contains(without.From, ".mvn") || (strings.Contains(with.From, ".mvn") && without == with) {
			t.Errorf("%s: without the project: %+v, %v; with it: %+v", c.name, without, err, with)
		}
	}
}

func TestUserHomeUnreadableConfig(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads any file")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, ".mvn", "jvm.config")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("-Duser.home=/x"), 0); err != nil {
		t.Fatal(err)
	}
	h, err := UserHome(HomeEnv{Getenv: func(string) string { return "" }, WorkDir: dir, Project: true, Passwd: "/p"})
	if err == nil || h.Dir != "/p" {
		t.Errorf("UserHome = %+v, %v; want /p and an error", h, err)
	}
}

var readingSettings = regexp.MustCompile(`(?m)Reading user settings from (.*)$`)
var mavenVersion = regexp.MustCompile(`Apache Maven 3\.(\d+)\.`)

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

// TestUserHomeMatchesMaven runs the real mvn for every case and compares
// the settings file it reads ("mvn -X") with UserHome's. The password
// database's home is this user's real one: Maven only reads there.
func TestUserHomeMatchesMaven(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: real Maven is met in the full run")
	}
	if _, err := exec.LookPath("mvn"); err != nil {
		keyringtest.Skip(t, "mvn is not installed")
	}
	passwd := PasswdHome()
	if passwd == "" {
		t.Skip("this user has no password database entry")
	}
	for _, c := range homeCases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			work, env := c.setUp(t, dir)
			cmd := exec.Command("mvn", "-X", "-B", "-o", "-Dmaven.repo.local="+filepath.Join(dir, "repo"), "validate")
			cmd.Dir = work
			for _, kv := range os.Environ() {
				k, _, _ := strings.Cut(kv, "=")
				switch k {
				case "HOME", "MAVEN_OPTS", "MAVEN_ARGS", "MAVEN_CONFIG", "MAVEN_BASEDIR", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS":
					continue
				}
				cmd.Env = append(cmd.Env, kv)
			}
			for k, v := range env {
				cmd.Env = append(cmd.Env, k+"="+v)
			}
			out, _ := cmd.CombinedOutput()
			m := readingSettings.FindSubmatch(out)
			if m == nil {
				t.Fatalf("mvn -X did not say which user settings it reads:\n%s", out)
			}
			if v := mavenVersion.FindSubmatch(out); v != nil && atoi(string(v[1])) < 9 {
				delete(env, "MAVEN_ARGS") // Maven 3.8's launcher ignores it
			}
			h, err := UserHome(HomeEnv{Getenv: func(k string) string { return env[k] }, WorkDir: work, Project: true, Passwd: passwd})
			if err != nil {
				t.Fatal(err)
			}
			got := string(m[1])
			if !filepath.IsAbs(got) {
				got = filepath.Join(work, got)
			}
			if got != h.Settings() {
				t.Errorf("Maven reads %s, UserHome says %s (%s)", got, h.Settings(), h.From)
			}
		})
	}
}
