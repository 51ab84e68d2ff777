package main

// The leak checks' steps through real programs: exec's child, the docker CLI
// and Maven, and what the keyring and settings.xml must hold after them.

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/dynamixs-ai/dxai/credstore"
	"github.com/dynamixs-ai/dxai/internal/testing/keyringtest"
	"github.com/dynamixs-ai/dxai/internal/testing/testworld"
)

// execChild runs "mvn-dxai exec" with a shell that lists every process's
// arguments and reports on DXAI_TOKEN without printing it: the token must
// be in no process's arguments, and in the child's environment exactly
// once (the raw environ as execve passed it, which C, Go and Python
// programs read first-match-wins), holding want's token.
func (w *leakWorld) execChild(want *leakCanary, env ...string) {
	t := w.t
	t.Helper()
	const script = `ps -ww -eo args
echo "env lines: $(env | grep -c '^DXAI_TOKEN=')"
echo "environ entries: $(tr '\0' '\n' < /proc/$$/environ | grep -c '^DXAI_TOKEN=')"
echo "shell value: $(printf %s "$DXAI_TOKEN" | sha256sum)"
echo "getenv value: $(tr '\0' '\n' < /proc/$$/environ | grep -m1 '^DXAI_TOKEN=' | cut -d= -f2- | tr -d '\n' | sha256sum)"`
	show := w.canary.redact([]byte(strings.Join(append(env, "mvn-dxai exec -- sh -c <ps and DXAI_TOKEN probe>"), " ")))
	r := w.run(leakCmd{argv: []string{"mvn-dxai", "exec", "--", "sh", "-c", script}, env: env, want: 0, show: show})
	if h, ok := w.canary.find([]byte(r.stdout)); ok {
		t.Errorf("%s: a process's arguments show %s", r.label, w.canary.describe([]byte(r.stdout), h))
	}
	if !strings.Contains(r.stdout, "ps -ww -eo args") {
		t.Errorf("%s: ps did not list its own arguments, so it proves nothing:\n%s", r.label, w.canary.redact([]byte(r.stdout)))
	}
	w.expect(r, "stdout", "env lines: 1\n")
	sum := sha256.Sum256([]byte(want.token))
	h := hex.EncodeToString(sum[:])
	if !strings.Contains(r.stdout, "shell value: "+h) {
		t.Errorf("%s: the child's $DXAI_TOKEN is not the %s token (%s)", r.label, want.name, want.mask())
	}
	if !strings.Contains(r.stdout, "environ entries: 1\n") || !strings.Contains(r.stdout, "getenv value: "+h) {
		line := func(p string) string {
			for _, l := range strings.Split(r.stdout, "\n") {
				if strings.HasPrefix(l, p) {
					return l
				}
			}
			return p + "?"
		}
		t.Errorf("%s: the child's environ (as execve got it) must hold DXAI_TOKEN once, with the %s token (%s) as getenv(3) reads it; got %q, and getenv's value %s the token",
			r.label, want.name, want.mask(), line("environ entries: "), map[bool]string{true: "is", false: "is NOT"}[strings.Contains(r.stdout, "getenv value: "+h)])
	}
}

// assertSettingsHolds checks that settings.xml holds c's token, privately.
func (w *leakWorld) assertSettingsHolds(c *leakCanary) {
	t := w.t
	t.Helper()
	data, err := os.ReadFile(w.settings)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte("<password>"+c.token+"</password>")) {
		t.Errorf("settings.xml does not hold the %s token (%s):\n%s", c.name, c.mask(), w.canary.redact(data))
	}
	if fi, err := os.Stat(w.settings); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("settings.xml holds the token with mode %v, want 0600 (%v)", fi.Mode().Perm(), err)
	}
}

// assertKeyring checks that the keyring holds c's token (so its data file
// had something to encrypt) and that the data file exists.
func (w *leakWorld) assertKeyring(kenv []string, kdir string, c *leakCanary) {
	t := w.t
	t.Helper()
	got := keyringtest.Lookup(t, testworld.Setenv(kenv, "HOME="+w.home), credstore.Service, credstore.Account)
	if !strings.Contains(got, `"token":"`+c.token+`"`) {
		t.Errorf("the keyring does not hold the %s token (%s): %s", c.name, c.mask(), w.canary.redact([]byte(got)))
	}
	files, _ := filepath.Glob(filepath.Join(kdir, "data", "keyrings", "*.keyring"))
	if len(files) == 0 {
		t.Errorf("gnome-keyring wrote no keyring file under %s, so its encryption was not checked", filepath.Join(kdir, "data", "keyrings"))
	}
	for _, f := range files {
		if fi, err := os.Stat(f); err != nil || fi.Size() == 0 {
			t.Errorf("%s is empty (%v)", f, err)
		}
	}
	w.checkFiles("the keyring stored the token")
}

// dockerCLI logs the real docker CLI in and out through the helper.
func (w *leakWorld) dockerCLI(cn leakCanaries, host string) {
	t := w.t
	t.Helper()
	if _, err := exec.LookPath("docker"); err != nil {
		if keyringtest.Required() {
			t.Errorf("DXAI_REQUIRE_REAL=1 but docker is not installed")
		} else {
			t.Log("SKIP real component: docker is not installed; the docker CLI part was left out")
		}
		return
	}
	dockerCfg := filepath.Join(w.home, ".docker", "config.json")
	cfg, err := os.ReadFile(dockerCfg)
	if err != nil || !strings.Contains(string(cfg), `"`+host+`": "dxai"`) {
		t.Fatalf("init did not map %s to dxai in %s (%v):\n%s", host, dockerCfg, err, cfg)
	}
	docker := func(want int, stdin string, args ...string) leakResult {
		t.Helper()
		return w.run(leakCmd{argv: append([]string{"docker"}, args...), stdin: stdin, want: want})
	}
	r := docker(1, cn.bad.token, "login", "-u", "alice", "--password-stdin", host)
	w.expect(r, "stderr", "denied")
	r = docker(0, cn.docker.token, "login", "-u", "alice", "--password-stdin", host)
	w.expect(r, "stdout", "Login Succeeded")
	w.assertSettingsHolds(cn.docker) // the helper carried it into settings.xml
	docker(0, cn.docker.token+"\n", "login", "-u", "alice", "--password-stdin", host)
	r = w.helperGet(nil, host, 0)
	w.expect(r, "stdout", cn.docker.token)
	r = w.mvn(0, "", "status")
	w.expect(r, "stdout", cn.docker.mask())
	if _, err := exec.LookPath("skopeo"); err == nil {
		// A second client of the helper protocol, reading through get.
		r = w.run(leakCmd{argv: []string{"skopeo", "list-tags", "--tls-verify=false", "docker://" + host + "/dynamixs-ai/app"}, want: 0})
		w.expect(r, "stdout", `"Tags"`)
		w.run(leakCmd{argv: []string{"skopeo", "list-tags", "--tls-verify=false", "docker://" + host + "/dynamixs-ai/app"},
			env: []string{"DXAI_TOKEN=" + cn.denied.token}, want: 1})
	}
	docker(0, "", "logout", host)
	w.helperGet(nil, host, 1)
	docker(0, "", "logout", host)
	var parsed struct {
		Auths map[string]any `json:"auths"`
	}
	if cfg, err := os.ReadFile(dockerCfg); err != nil || json.Unmarshal(cfg, &parsed) != nil {
		t.Errorf("reading %s: %v", dockerCfg, err)
	} else if _, ok := parsed.Auths[host]; ok {
		t.Errorf("docker wrote auths[%q] into %s:\n%s", host, dockerCfg, w.canary.redact(cfg))
	}
}

// realMaven resolves the test parent POM with real Maven through exec, with
// settings.xml in the ${env.DXAI_TOKEN} form: once with a token the
// repository refuses (Maven reports 401 and records the failure in its
// local repository), once with the keyring's.
func (w *leakWorld) realMaven(cn leakCanaries) {
	t := w.t
	t.Helper()
	if _, err := exec.LookPath("mvn"); err != nil {
		if keyringtest.Required() {
			t.Errorf("DXAI_REQUIRE_REAL=1 but mvn is not installed")
		} else {
			t.Log("SKIP real component: mvn is not installed; the Maven part was left out")
		}
		return
	}
	mvn := func(want int, repo string, env ...string) leakCmd {
		return leakCmd{argv: []string{"mvn-dxai", "exec", "--", "mvn", "-B", "-Dstyle.color=never", "-s", w.settings,
			"-Dmaven.repo.local=" + filepath.Join(w.home, repo), "validate"}, env: env, want: want}
	}
	// Two local repositories, two tokens: the runs share nothing but the
	// keyring's entry, which both only read, so they run side by side.
	r := w.runTogether(mvn(1, "m2-refused", "DXAI_TOKEN="+cn.bad.token), mvn(0, "m2"))
	w.expect(r[0], "stdout", "401")
}
