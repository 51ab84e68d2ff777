package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dynamixs-ai/dxai/credstore"
	"github.com/dynamixs-ai/dxai/dockerconfig"
	"github.com/dynamixs-ai/dxai/internal/testing/keyringtest"
	"github.com/dynamixs-ai/dxai/internal/testing/scripttest"
	"github.com/dynamixs-ai/dxai/internal/testing/testworld"
	"github.com/dynamixs-ai/dxai/settingsxml"
)

// stressSettings is a settings.xml as a team keeps it by hand: comments,
// other servers, a mirror, a profile.
const stressSettings = `<?xml version="1.0" encoding="UTF-8"?>
<!-- Team Maven settings. Edited by hand: keep the comments. -->
<settings xmlns="http://maven.apache.org/SETTINGS/1.2.0"
          xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
          xsi:schemaLocation="http://maven.apache.org/SETTINGS/1.2.0 https://maven.apache.org/xsd/settings-1.2.0.xsd">
  <localRepository>${user.home}/.m2/repository</localRepository>
  <interactiveMode>false</interactiveMode>
  <servers>
    <!-- Nexus: releases and snapshots -->
    <server>
      <id>nexus-releases</id>
      <username>deploy</username>
      <password>{COQLCE6DU6GtcS5P=}</password>
    </server>
    <server>
      <id>corp-mirror</id>
      <username>reader</username>
      <password>s3cr&amp;t &lt;x&gt;</password>
      <configuration>
        <httpHeaders>
          <property><name>X-Team</name><value>platform</value></property>
        </httpHeaders>
      </configuration>
    </server>
  </servers>
  <mirrors>
    <mirror>
      <id>corp-mirror</id>
      <mirrorOf>central,!dynamixs-ai</mirrorOf>
      <url>https://nexus.example.com/repository/maven-public/</url>
    </mirror>
  </mirrors>
  <profiles>
    <profile>
      <id>dynamixs</id>
      <repositories>
        <repository>
          <id>dynamixs-ai</id>
          <url>https://maven.pkg.github.com/dynamixs-ai/*</url>
          <snapshots><enabled>true</enabled></snapshots>
        </repository>
      </repositories>
    </profile>
  </profiles>
  <activeProfiles>
    <activeProfile>dynamixs</activeProfile>
  </activeProfiles>
</settings>
`

// stressDocker is a docker config with another registry's credentials, a
// plain-text ghcr.io credential (init migrates it away), a credsStore,
// another credential helper and keys dxai does not know.
const stressDocker = `{
  "auths": {
    "registry.example.com:5000": {
      "auth": "ZGVwbG95Omh1bnRlcjI="
    },
    "ghcr.io": {
      "auth": "b2xkOmdocF9PbGRUb2tlbjAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDA="
    }
  },
  "credsStore": "pass",
  "credHelpers": {
    "gcr.io": "gcloud"
  },
  "psFormat": "table {{.ID}}\t{{.Image}}",
  "x-team-tool": {"retries": 3, "ratio": 2.50, "tags": ["a", "b"], "nested": {"on": true, "off": null}}
}
`

// stressToken is a token of the shape GitHub gives: ghp_ and 36 letters
// and digits.
func stressToken(name string) string {
	return "ghp_" + name + strings.Repeat("0", 36-len(name))
}

// stressCmd is one command of the stress run.
type stressCmd struct {
	argv  []string
	stdin string
	token string // the token it stores, if any
}

func (c stressCmd) String() string { return strings.Join(c.argv, " ") }

// TestStressConcurrentCommands runs init, sync, logout and the helper's
// store in parallel against one HOME, then a last init alone, and checks
// that both files still parse, that nothing in them but dxai's entries
// changed, that no temporary file is left, and that the last init's token
// is the one in settings.xml and in the keyring.
func TestStressConcurrentCommands(t *testing.T) {
	t.Parallel()
	if err := keyringtest.Missing(keyringtest.Unlocked); err != nil {
		keyringtest.Skip(t, err.Error())
	}
	start := time.Now()
	root := t.TempDir()
	kenv, stop, err := keyringtest.Start(filepath.Join(root, "k"), keyringtest.Unlocked)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	home := filepath.Join(root, "home")
	m2, docker := filepath.Join(home, ".m2"), filepath.Join(home, ".docker")
	for _, d := range []string{m2, docker} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	settingsPath, dockerPath := filepath.Join(m2, "settings.xml"), filepath.Join(docker, "config.json")
	if err := os.WriteFile(settingsPath, []byte(stressSettings), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dockerPath, []byte(stressDocker), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dockerPath, 0o644); err != nil {
		t.Fatal(err)
	}
	env := stressEnv(kenv, home)

	tokens := map[string]bool{}
	var phase1, phase2 []stressCmd
	add := func(list *[]stressCmd, c stressCmd) {
		*list = append(*list, c)
		if c.token != "" {
			tokens[c.token] = true
		}
	}
	initCmd := func(tok string) stressCmd {
		return stressCmd{argv: []string{"mvn-dxai", "init", "--token-stdin", "--username", "u", "--offline"}, stdin: tok, token: tok}
	}
	storeCmd := func(tok string) stressCmd {
		return stressCmd{argv: []string{"docker-credential-dxai", "store"}, stdin: `{"ServerURL":"ghcr.io","Username":"u","Secret":"` + tok + `"}`, token: tok}
	}
	syncCmd := stressCmd{argv: []string{"mvn-dxai", "sync"}}
	logoutCmd := stressCmd{argv: []string{"mvn-dxai", "logout"}}
	for i := range 4 {
		add(&phase1, initCmd(stressToken(fmt.Sprintf("StressInitA%d", i))))
		add(&phase1, storeCmd(stressToken(fmt.Sprintf("StressStoreA%d", i))))
		if i%2 == 0 {
			add(&phase1, syncCmd)
			add(&phase1, logoutCmd)
		}
	}
	for i := range 3 {
		add(&phase2, initCmd(stressToken(fmt.Sprintf("StressInitB%d", i))))
		add(&phase2, syncCmd)
		add(&phase2, storeCmd(stressToken(fmt.Sprintf("StressStoreB%d", i))))
	}

	check := func(phase string, wantServer, migrated bool) string {
		t.Helper()
		tok := checkStressFiles(t, phase, settingsPath, dockerPath, wantServer, migrated)
		if tok != "" && !tokens[tok] {
			t.Errorf("%s: settings.xml holds a token no command gave: %q", phase, tok)
		}
		noTemps(t, phase, m2, docker, filepath.Join(home, ".config", "dxai"))
		return tok
	}

	p1 := time.Now()
	inits := runParallel(t, "phase 1", env, phase1)
	d1 := time.Since(p1)
	// An init that succeeded migrated the plain-text ghcr.io credential;
	// without one (every init can lose the keyring race) it is still there.
	served := check("after phase 1", false, inits > 0) != ""
	p2 := time.Now()
	inits2 := runParallel(t, "phase 2", env, phase2)
	d2 := time.Since(p2)
	// Phase 2 has no logout: our <server> is there if phase 1 left it or
	// an init of phase 2 succeeded (each can stop on a store's token).
	check("after phase 2", served || inits2 > 0, inits+inits2 > 0)

	// The last writer, alone: its token is the one everywhere.
	final := stressToken("StressFinal")
	if out, err := runStress(env, initCmd(final)); err != nil {
		t.Fatalf("final init: %v\n%s", err, out)
	}
	if got := checkStressFiles(t, "after the final init", settingsPath, dockerPath, true, true); got != final {
		t.Errorf("settings.xml holds %q after the final init, want %q", got, final)
	}
	noTemps(t, "after the final init", m2, docker, filepath.Join(home, ".config", "dxai"))
	raw := strings.TrimSpace(keyringtest.Lookup(t, env, credstore.Service, credstore.Account))
	var e credstore.Entry
	if err := json.Unmarshal([]byte(raw), &e); err != nil || e != (credstore.Entry{Username: "u", Token: final}) {
		t.Errorf("the keyring holds %q after the final init, want user u with %s", raw, final)
	}
	// And docker gets it through the helper.
	out, err := runStress(env, stressCmd{argv: []string{"docker-credential-dxai", "get"}, stdin: "ghcr.io"})
	if err != nil || !strings.Contains(out, `"Secret":"`+final+`"`) {
		t.Errorf("docker-credential-dxai get: %v\n%s", err, out)
	}
	t.Logf("phase 1: %d commands in %v; phase 2: %d commands in %v; %v in all",
		len(phase1), d1.Round(time.Millisecond), len(phase2), d2.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
}

// stressEnv is the test world over the keyring's environment. Its keyring
// timeout is longer than the world's default: dozens of commands queue on
// one gnome-keyring daemon at once, and none of them meets a hung keyring.
func stressEnv(kenv []string, home string) []string {
	return testworld.Env(testworld.Options{Home: home, Base: kenv, BinDir: scripttest.BinDir(), KeyringTimeout: 10 * time.Second})
}

// runStress runs one command and returns its stdout and stderr.
func runStress(env []string, c stressCmd) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, filepath.Join(scripttest.BinDir(), c.argv[0]), c.argv[1:]...)
	cmd.Env = env
	cmd.Stdin = strings.NewReader(c.stdin)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

// runParallel starts every command at once and fails the test for each
// that failed without a reason the race explains: sync finds no token when
// a logout came first. An entry that vanishes under a command (a concurrent
// logout) is "not found", never a keyring failure. It returns how many
// inits succeeded.
func runParallel(t *testing.T, phase string, env []string, cmds []stressCmd) (inits int) {
	t.Helper()
	var wg sync.WaitGroup
	gate := make(chan struct{})
	outs := make([]string, len(cmds))
	errs := make([]error, len(cmds))
	for i, c := range cmds {
		wg.Go(func() {
			<-gate
			outs[i], errs[i] = runStress(env, c)
		})
	}
	close(gate)
	wg.Wait()
	for i, c := range cmds {
		if errs[i] == nil {
			if c.argv[1] == "init" {
				inits++
			}
			continue
		}
		// sync racing init or logout may find no token, or no record of
		// a setup yet (or any more): both are right answers.
		if c.argv[1] == "sync" && (strings.Contains(outs[i], "no token is stored") || strings.Contains(outs[i], "init has set up no settings.xml here")) {
			continue
		}
		// init stops when a store changed the stored token while it read
		// its own: it never silently replaces a newer one.
		if c.argv[1] == "init" && strings.Contains(outs[i], "the stored token changed while init was reading yours") {
			continue
		}
		t.Errorf("%s: %s: %v\n%s", phase, c, errs[i], outs[i])
	}
	return inits
}

// checkStressFiles checks that both files parse and that, with dxai's
// entries taken out, they are what the user had. It returns the token in
// our <server>; with wantServer there must be exactly one. With migrated,
// the plain-text ghcr.io credential must be gone, else it must be intact.
func checkStressFiles(t *testing.T, phase, settingsPath, dockerPath string, wantServer, migrated bool) string {
	t.Helper()
	doc, exists, err := settingsxml.Load(settingsPath)
	if err != nil || !exists {
		t.Fatalf("%s: settings.xml: exists=%v, %v", phase, exists, err)
	}
	var token string
	servers := doc.Servers(DefaultServerID)
	switch {
	case len(servers) > 1:
		t.Errorf("%s: settings.xml has %d <server> %s entries, want one:\n%s", phase, len(servers), DefaultServerID, doc.Bytes())
	case len(servers) == 1:
		if servers[0].Username != "u" {
			t.Errorf("%s: our server has user %q, want u", phase, servers[0].Username)
		}
		token = servers[0].Password
	case wantServer:
		t.Errorf("%s: settings.xml has no <server> %s", phase, DefaultServerID)
	}
	doc.Remove(DefaultServerID)
	if got := doc.Bytes(); !bytes.Equal(got, []byte(stressSettings)) {
		t.Errorf("%s: settings.xml without our server differs from the original:\n%s", phase, got)
	}
	if fi, err := os.Stat(settingsPath); err == nil && len(servers) > 0 && fi.Mode().Perm()&0o077 != 0 {
		t.Errorf("%s: settings.xml holds a token with mode %04o", phase, fi.Mode().Perm())
	}

	c, exists, err := dockerconfig.Load(dockerPath)
	if err != nil || !exists {
		t.Fatalf("%s: config.json: exists=%v, %v", phase, exists, err)
	}
	if h := c.CredHelpers()["ghcr.io"]; wantServer && h != HelperName {
		t.Errorf("%s: credHelpers maps ghcr.io to %q, want %s", phase, h, HelperName)
	}
	if a, ok := c.PlaintextAuth("ghcr.io"); ok && migrated {
		t.Errorf("%s: the plain-text ghcr.io credential is still there: %+v", phase, a.Key)
	}
	got, want := decodeDocker(t, c.Bytes()), decodeDocker(t, []byte(stressDocker))
	if migrated {
		delete(want["auths"].(map[string]any), "ghcr.io")
	}
	if helpers, ok := got["credHelpers"].(map[string]any); ok {
		delete(helpers, "ghcr.io")
	}
	if !reflect.DeepEqual(got, want) {
		g, _ := json.MarshalIndent(got, "", "  ")
		w, _ := json.MarshalIndent(want, "", "  ")
		t.Errorf("%s: config.json without our entries differs from the original:\n%s\nwant:\n%s", phase, g, w)
	}
	if fi, err := os.Stat(dockerPath); err != nil {
		t.Error(err)
	} else if fi.Mode().Perm() != 0o644 {
		t.Errorf("%s: config.json mode %04o, want the original 0644", phase, fi.Mode().Perm())
	}
	return token
}

func decodeDocker(t *testing.T, data []byte) map[string]any {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	var m map[string]any
	if err := d.Decode(&m); err != nil {
		t.Fatalf("config.json: %v\n%s", err, data)
	}
	return m
}

// noTemps fails for temporary files left in dirs.
func noTemps(t *testing.T, phase string, dirs ...string) {
	t.Helper()
	for _, dir := range dirs {
		entries, err := os.ReadDir(dir)
		if err != nil && !os.IsNotExist(err) {
			t.Error(err)
		}
		for _, e := range entries {
			if strings.Contains(e.Name(), ".dxai-tmp-") {
				t.Errorf("%s: temporary file %s left in %s", phase, e.Name(), dir)
			}
		}
	}
}
