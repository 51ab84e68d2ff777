package main

// The secret-leak tests (hardening issue, item 3): every command path users
// hit runs with distinctive "canary" tokens, and the tests fail if one shows
// up anywhere but the answers meant to hold it (the helper's get,
// "mvn-dxai token" and "mvn-dxai kube-secret") and the files meant to hold it —
// stdout and stderr of every command, error messages, status and doctor
// reports, the argv of every process (seen from a child of exec), and every
// file under the test's HOME, TMPDIR and XDG folders, the gnome-keyring's
// own data files included.

import (
	"bytes"
	"encoding/base64"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/dynamixs-ai/dxai/internal/testing/fakes"
	"github.com/dynamixs-ai/dxai/internal/testing/keyringtest"
	"github.com/dynamixs-ai/dxai/internal/testing/testworld"
)

// TestLeakEveryCommand runs every command path of both binaries — init
// online and offline, with good, refused, fine-grained and malformed tokens
// and DXAI_TOKEN; status; doctor in text and JSON, online and offline, in
// good and failing states; sync; exec; logout; -h; the helper's every verb,
// with a working and a broken keyring; the real docker CLI and Maven where
// installed — and fails if a token shows anywhere but the helper's get
// answer and a private settings.xml that init wrote in plain text.
func TestLeakEveryCommand(t *testing.T) {
	if err := keyringtest.Missing(keyringtest.Unlocked); err != nil {
		keyringtest.Skip(t, err.Error())
	}
	start := time.Now()
	cn := leakCanaries{
		main:         newLeakCanary("main", "ghp_", "Main", 40),
		bad:          newLeakCanary("bad (unknown to GitHub)", "ghp_", "BadC", 40),
		noScope:      newLeakCanary("no-read:packages", "ghp_", "NoSc", 40),
		denied:       newLeakCanary("registry-revoked", "ghp_", "Deni", 40),
		fine:         newLeakCanary("fine-grained", "github_pat_", "Fine", 93),
		space:        newLeakCanary("malformed (space inside)", "ghp_", "Spac", 40),
		env:          newLeakCanary("DXAI_TOKEN", "ghp_", "EnvT", 40),
		rotated:      newLeakCanary("rotated", "ghp_", "Rota", 40),
		docker:       newLeakCanary("docker-login", "ghp_", "Dock", 40),
		foreign:      newLeakCanary("foreign-host", "ghp_", "Fore", 40),
		long:         newLeakCanary("too-long classic", "ghp_", "Long", 52),
		refresh:      newLeakCanary("refresh", "ghr_", "Refr", 40),
		bare:         newLeakCanary("prefixless", "", "Bare", 40),
		malformedEnv: newLeakCanary("malformed DXAI_TOKEN", "ghp_", "MalE", 40),
		plain:        newLeakCanary("plain-text docker login", "ghp_", "Plai", 40),
	}
	// The malformed ones get their white space now; their pieces are
	// needles too.
	cn.space.token = cn.space.token[:20] + " " + cn.space.token[20:39]
	cn.malformedEnv.token = cn.malformedEnv.token[:18] + "\t" + cn.malformedEnv.token[18:39]
	for _, c := range []*leakCanary{cn.space, cn.malformedEnv} {
		c.needles = nil
		withLeakNeedles(c, len("ghp_"))
	}
	w := newLeakWorld(t, cn.set())

	// The fakes: GitHub knows every token but bad; the registry and the
	// Maven repository take the good ones.
	gh, err := fakes.NewGitHubAPI()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { gh.Close() })
	good := fakes.APIToken{Login: "alice", Scopes: []string{"read:packages", "write:packages", "repo"}, Orgs: []string{"dynamixs-ai"}}
	for _, c := range []*leakCanary{cn.main, cn.denied, cn.env, cn.rotated, cn.docker, cn.long} {
		gh.SetToken(c.token, good)
	}
	gh.SetToken(cn.noScope.token, fakes.APIToken{Login: "alice", Scopes: []string{"repo"}, Orgs: []string{"dynamixs-ai"}})
	fine := good
	fine.FineGrained = true
	gh.SetToken(cn.fine.token, fine)
	reg, err := fakes.NewRegistry(fakes.RegistryConfig{
		Tokens:  []string{cn.main.token, cn.env.token, cn.rotated.token, cn.docker.token, cn.fine.token, cn.denied.token},
		Revoked: []string{cn.denied.token},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { reg.Close() })
	if _, err := reg.PushRandomImage("dynamixs-ai/app"); err != nil {
		t.Fatal(err)
	}
	maven, err := fakes.NewMavenRepo(cn.main.token, cn.env.token, cn.rotated.token, cn.docker.token)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { maven.Close() })
	repoURL := maven.PutParentPOM()
	if err := os.WriteFile(filepath.Join(w.project, "pom.xml"), []byte(fakes.ChildPOM(DefaultServerID, repoURL)), 0o644); err != nil {
		t.Fatal(err)
	}

	kdir := filepath.Join(w.root, "keyring")
	kenv, stop, err := keyringtest.Start(kdir, keyringtest.Unlocked)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	host := reg.Host()
	w.env = w.childEnv(kenv, "DXAI_GITHUB_API_URL="+gh.URL(), "DXAI_REGISTRIES="+host)

	// mvn-dxai's steps run in-process, over the keyring code the binaries
	// use (credstore's, on go-keyring), which finds the world's bus
	// through this process's environment, like HOME above; exec, the
	// helper, docker and Maven run the binaries. DXAI_LEAK_BINARY=1 runs
	// every step with the binaries.
	if os.Getenv("DXAI_LEAK_BINARY") == "" {
		for _, kv := range kenv {
			k, v, _ := strings.Cut(kv, "=")
			if slices.Contains(testworld.BusVars, k) {
				t.Setenv(k, v)
			}
		}
		w.inProcess = true
	}

	// What a user had before dxai: a plain-text docker login and a podman
	// one for the registry. Until init migrates them, these files may
	// hold a token; doctor must name them without showing it.
	dockerCfg := filepath.Join(w.home, ".docker", "config.json")
	podmanAuth := filepath.Join(w.home, ".config", "containers", "auth.json")
	plainAuth := base64.StdEncoding.EncodeToString([]byte("alice:" + cn.plain.token))
	for path, data := range map[string]string{
		dockerCfg:  "{\n\t\"auths\": {\n\t\t\"" + host + "\": {\n\t\t\t\"auth\": \"" + plainAuth + "\"\n\t\t},\n\t\t\"registry.example.com\": {\n\t\t\t\"auth\": \"Ym9iOmh1bnRlcjI=\"\n\t\t}\n\t}\n}\n",
		podmanAuth: `{"auths": {"` + host + `": {"auth": "` + plainAuth + `"}}}`,
	} {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
		w.allowed[path] = "a login from before dxai"
	}
	r := w.mvn(1, "", "doctor", "--offline")
	w.expect(r, "stdout", "holds a plain-text credential")
	w.expect(r, "stdout", "podman logout")
	w.mvn(1, "", "doctor", "--json")
	w.mvn(1, "", "status")
	os.Remove(podmanAuth) // podman logout
	delete(w.allowed, podmanAuth)

	// Nothing set up yet.
	w.mvn(1, "", "status")
	w.mvn(1, "", "doctor", "--offline")
	w.mvn(1, "", "sync")
	w.mvn(1, "", "exec", "--", "true")
	w.mvn(0, "", "logout")
	w.helperGet(nil, host, 1)
	w.helper(0, "list", "")

	// init refuses what cannot be used, online and offline, and keeps
	// nothing of it.
	w.mvn(1, cn.bad.token, "init", "--token-stdin")
	w.mvn(1, cn.bad.token+"\n", "init", "--token-stdin", "--username", "alice")
	w.mvn(1, cn.noScope.token, "init", "--token-stdin")
	w.mvn(1, cn.denied.token, "init", "--token-stdin")
	r = w.mvn(1, cn.fine.token, "init", "--token-stdin")
	w.expect(r, "stderr", "fine-grained")
	w.mvn(1, cn.space.token, "init", "--token-stdin", "--offline", "--username", "alice")
	w.mvn(1, cn.space.token, "init", "--token-stdin")
	w.mvn(1, cn.main.token+"\nsecond line\n", "init", "--token-stdin", "--offline", "--username", "alice")
	w.mvn(1, cn.refresh.token, "init", "--token-stdin", "--offline", "--username", "alice")
	w.mvn(1, cn.bare.token, "init", "--token-stdin", "--offline", "--username", "alice")
	w.mvn(2, cn.main.token, "init", "--token-stdin", "--offline") // no user name, no terminal
	w.mvn(1, "", "init", "--offline", "--username", "alice")      // no token, no terminal
	w.mvnEnv([]string{"DXAI_TOKEN=" + cn.bad.token}, 1, "", "init")
	w.mvnEnv([]string{"DXAI_TOKEN=" + cn.malformedEnv.token}, 1, "", "init", "--offline", "--username", "alice")
	w.mvnEnv([]string{"DXAI_GITHUB_API_URL=" + fakes.DeadURL()}, 1, cn.main.token, "init", "--token-stdin")
	w.mvn(1, cn.space.token, "status") // stdin is ignored; nothing is stored

	// init, online, in plain text: the one file allowed to hold the token.
	w.plaintext = true
	r = w.mvn(0, cn.main.token, "init", "--token-stdin")
	w.expect(r, "stderr", "stored the token "+cn.main.mask()+" for alice")
	w.expect(r, "stderr", host+" accepts the token")
	w.expect(r, "stderr", "removed the plain-text credentials for "+host)
	delete(w.allowed, dockerCfg)
	w.checkFiles("init migrated the plain-text docker login")
	w.assertSettingsHolds(cn.main)
	w.assertKeyring(kenv, kdir, cn.main)
	r = w.mvn(0, cn.main.token, "init", "--token-stdin")
	w.expect(r, "stderr", "nothing to change")
	w.mvn(0, cn.main.token, "init", "--token-stdin", "--offline", "--username", "alice")

	// The reports show the token masked.
	r = w.mvn(0, "", "status")
	w.expect(r, "stdout", cn.main.mask()+" for alice")
	w.expect(r, "stdout", "token "+cn.main.mask())
	r = w.mvn(0, "", "doctor")
	w.expect(r, "stdout", "keyring: token "+cn.main.mask()+" for alice")
	w.expect(r, "stdout", "holds the current token "+cn.main.mask())
	r = w.mvn(0, "", "doctor", "--json")
	w.expect(r, "stdout", cn.main.mask())
	w.mvn(0, "", "doctor", "--offline")
	w.mvn(0, "", "doctor", "--offline", "--json")
	w.mvn(0, "", "sync")

	// A hand edit broke settings.xml on the token's own line: the parse
	// errors point there without quoting it, and the file stays as it is.
	orig, err := os.ReadFile(w.settings)
	if err != nil {
		t.Fatal(err)
	}
	malformed := bytes.Replace(orig, []byte("</password>"), []byte("</pasword>"), 1)
	if err := os.WriteFile(w.settings, malformed, 0o600); err != nil {
		t.Fatal(err)
	}
	r = w.mvn(1, "", "status")
	w.expect(r, "stdout", "closed by </pasword>")
	r = w.mvn(1, "", "doctor", "--offline")
	w.expect(r, "stdout", "closed by </pasword>")
	w.mvn(1, "", "doctor", "--json")
	w.mvn(1, "", "sync")
	w.mvn(1, cn.main.token, "init", "--token-stdin")
	w.mvn(1, "", "logout")
	r = w.helper(0, "store", `{"ServerURL":"`+host+`","Username":"alice","Secret":"`+cn.rotated.token+`"}`)
	w.expect(r, "stderr", "was not updated")
	if data, _ := os.ReadFile(w.settings); !bytes.Equal(data, malformed) {
		t.Errorf("a command changed the malformed settings.xml")
	}
	// The token turned into an entity (&ghp_…;): the XML parser's error
	// quotes it, and status and doctor print that error on stdout.
	entity := bytes.Replace(orig, []byte(cn.main.token), []byte("&"+cn.main.token+";"), 1)
	if bytes.Equal(entity, orig) {
		t.Fatal("settings.xml does not hold the main token")
	}
	if err := os.WriteFile(w.settings, entity, 0o600); err != nil {
		t.Fatal(err)
	}
	r = w.mvn(1, "", "status")
	w.expect(r, "stdout", "&"+cn.main.mask()+";")
	r = w.mvn(1, "", "doctor", "--offline")
	w.expect(r, "stdout", "&"+cn.main.mask()+";")
	w.mvn(1, "", "doctor", "--json")
	r = w.mvn(1, "", "sync")
	w.expect(r, "stderr", "&"+cn.main.mask()+";")
	if err := os.WriteFile(w.settings, orig, 0o600); err != nil {
		t.Fatal(err)
	}
	w.mvn(0, cn.main.token, "init", "--token-stdin")
	w.assertSettingsHolds(cn.main)

	// Every verb's help, and the usage errors.
	for _, verb := range []string{"init", "sync", "status", "doctor", "exec", "logout", "version"} {
		w.mvn(0, "", verb, "-h")
	}
	w.mvn(0, "", "help", "-h") // the top-level help, as "mvn-dxai -h"
	w.mvn(0, "", "help")
	w.mvn(0, "", "help", "doctor")
	w.mvn(0, "", "version")
	w.mvn(2, "")
	w.mvn(2, "", "stauts")
	w.mvn(2, "", "doctor", "--jsn")
	w.mvn(2, "", "init", "--no-maven", "--settings", w.settings)

	// The helper: get is the one answer with the token in it.
	r = w.helperGet(nil, host, 0)
	w.expect(r, "stdout", `"Secret":"`+cn.main.token+`"`)
	r = w.helperGet(nil, "https://"+host+"/v2/", 0)
	w.expect(r, "stdout", cn.main.token)
	r = w.helper(0, "list", "")
	w.expect(r, "stdout", `"`+host+`":"alice"`)
	for _, foreign := range []string{"ghcr.io", "docker.io", "https://index.docker.io/v1/", host + ".evil.com", "evil.com/" + host, "user@" + host} {
		r = w.helper(1, "get", foreign)
		w.expect(r, "stdout", "credentials not found in native keychain")
	}
	r = w.helper(1, "store", `{"ServerURL":"docker.io","Username":"bob","Secret":"`+cn.foreign.token+`"}`)
	w.expect(r, "stdout", "stores credentials only for "+host)
	w.helper(1, "store", `{"ServerURL":"https://ghcr.io","Username":"bob","Secret":"`+cn.foreign.token+`"}`)
	w.helper(1, "store", `{"ServerURL":"`+host+`","Username":"bob","Secret":`+cn.foreign.token+`}`)
	w.helper(1, "store", `{"ServerURL":"`+host+`","Username":"bob","Secret":"`+cn.foreign.token)
	w.helper(1, "store", `{"ServerURL":"`+host+`","Secret":"`+cn.foreign.token+`"}`)
	w.helper(0, "erase", "docker.io")
	w.helper(0, "store", `{"ServerURL":"`+host+`","Username":"alice","Secret":"`+cn.main.token+`"}`) // unchanged
	w.helper(0, "version", "")
	w.helper(2, "frobnicate", "") // a usage error, as mvn-dxai's

	// mvn-dxai token and kube-secret are the other stdouts meant to hold
	// the token; their stderr is checked as everywhere.
	r = w.run(leakCmd{argv: []string{"mvn-dxai", "token"}, getAnswer: true})
	w.expect(r, "stdout", cn.main.token+"\n")
	r = w.run(leakCmd{argv: []string{"mvn-dxai", "kube-secret", "--namespace", "partner"}, getAnswer: true})
	w.expect(r, "stdout", "  .dockerconfigjson: ")
	w.expect(r, "stderr", "kubectl delete secret dynamixs-ai-pull --namespace partner")
	w.mvn(2, "", "kube-secret", "--name", cn.main.token)

	// exec puts the token into the child's environment, never into any
	// process's arguments.
	w.execChild(cn.main)
	w.execChild(cn.main, "DXAI_TOKEN=") // set but empty: the keyring's token is used
	r = w.mvn(3, "", "exec", "--", "sh", "-c", "echo failing >&2; exit 3")
	w.expect(r, "stderr", "failing")
	w.mvn(127, "", "exec", "--", "dxai-no-such-command") // as a shell: command not found
	w.mvn(2, "", "exec")

	// A stale token in settings.xml: the keyring has another one.
	w.mvn(0, cn.rotated.token, "init", "--token-stdin", "--offline", "--username", "alice", "--no-maven", "--no-docker")
	r = w.mvn(1, "", "status")
	w.expect(r, "stdout", "holds another token (")
	r = w.mvn(1, "", "doctor", "--offline")
	w.expect(r, "stdout", "stale token "+cn.main.mask()+", not the current "+cn.rotated.mask())
	r = w.mvn(1, "", "doctor", "--json")
	w.expect(r, "stdout", cn.rotated.mask())
	// ... and readable by others.
	w.loose = true
	if err := os.Chmod(w.settings, 0o644); err != nil {
		t.Fatal(err)
	}
	r = w.mvn(1, "", "doctor")
	w.expect(r, "stdout", "other users can read it")
	w.mvn(1, "", "status")
	r = w.mvn(0, "", "sync")
	w.expect(r, "stderr", "was readable by others")
	w.loose = false
	w.checkFiles("sync made settings.xml private")
	w.assertSettingsHolds(cn.rotated)
	w.mvn(0, "", "doctor", "--offline")

	// DXAI_TOKEN over the keyring, for reads; then as init's source.
	envTok := []string{"DXAI_TOKEN=" + cn.env.token, "DXAI_USERNAME=ci-bot"}
	// settings.xml holds the keyring's token, not this one: no drift, as
	// status and doctor both compare the copies with the stored token.
	r = w.mvnEnv(envTok, 0, "", "status")
	w.expect(r, "stdout", cn.env.mask()+" for ci-bot")
	r = w.mvnEnv(envTok, 0, "", "doctor", "--offline")
	w.expect(r, "stdout", cn.env.mask())
	w.expect(r, "stdout", cn.rotated.mask())
	w.mvnEnv(envTok, 0, "", "doctor", "--json")
	r = w.helperGet(envTok, host, 0)
	w.expect(r, "stdout", cn.env.token)
	r = w.run(leakCmd{argv: []string{"mvn-dxai", "token"}, env: envTok, getAnswer: true})
	w.expect(r, "stdout", cn.env.token+"\n")
	w.execChild(cn.env, envTok...)
	w.mvnEnv([]string{"DXAI_TOKEN=" + cn.malformedEnv.token}, 1, "", "doctor", "--offline")
	w.mvnEnv([]string{"DXAI_TOKEN=" + cn.malformedEnv.token}, 1, "", "doctor", "--json")
	w.mvnEnv([]string{"DXAI_TOKEN=" + cn.malformedEnv.token}, 1, "", "status")
	w.helperGet([]string{"DXAI_TOKEN=" + cn.malformedEnv.token}, host, 0)
	w.mvnEnv([]string{"DXAI_TOKEN=" + cn.bad.token}, 1, "", "doctor")
	w.mvnEnv([]string{"DXAI_TOKEN=" + cn.bad.token}, 1, "", "doctor", "--json")
	w.mvnEnv([]string{"DXAI_TOKEN=" + cn.fine.token}, 1, "", "doctor")
	w.mvnEnv([]string{"DXAI_TOKEN=" + cn.denied.token}, 1, "", "doctor", "--json")
	w.mvnEnv([]string{"DXAI_TOKEN=" + cn.noScope.token}, 1, "", "doctor")
	// A ghp_ token of another length is no token: doctor fails on it,
	// still showing it masked.
	r = w.mvnEnv([]string{"DXAI_TOKEN=" + cn.long.token}, 1, "", "doctor", "--offline")
	w.expect(r, "stdout", cn.long.mask())
	w.mvnEnv([]string{"DXAI_TOKEN=" + cn.refresh.token}, 1, "", "doctor", "--offline")
	w.mvnEnv([]string{"DXAI_TOKEN=" + cn.bare.token}, 1, "", "doctor", "--offline")
	w.mvnEnv([]string{"DXAI_GITHUB_API_URL=" + fakes.DeadURL(), "DXAI_REGISTRIES=" + strings.TrimPrefix(fakes.DeadURL(), "http://")}, 1, "", "doctor")
	r = w.mvnEnv([]string{"DXAI_TOKEN=" + cn.env.token}, 0, "", "init")
	w.expect(r, "stderr", "stored the token "+cn.env.mask())
	w.assertSettingsHolds(cn.env)

	// The real docker CLI logs in through the helper (which carries the
	// new token into the plain-text settings.xml) and out again.
	w.dockerCLI(cn, host)

	// --no-plaintext: no file may hold a token any more.
	r = w.mvn(0, cn.main.token, "init", "--token-stdin", "--no-plaintext")
	w.plaintext = false
	w.checkFiles("init --no-plaintext")
	w.expect(r, "stderr", "${env.DXAI_TOKEN}")
	r = w.mvn(0, "", "status")
	w.expect(r, "stdout", cn.main.mask())
	w.mvn(0, "", "doctor")
	w.mvn(0, "", "doctor", "--json", "--offline")
	w.mvn(0, "", "sync")
	w.execChild(cn.main)
	w.realMaven(cn)

	// logout takes it out of everything.
	r = w.helper(0, "list", "")
	w.expect(r, "stdout", "alice")
	w.mvn(0, "", "logout")
	w.helper(0, "erase", host)
	w.helperGet(nil, host, 1)
	w.mvn(1, "", "status")
	w.mvn(1, "", "doctor", "--offline", "--json")
	w.mvn(1, "", "exec", "--", "true")
	w.mvn(1, "", "token")
	w.mvn(1, "", "kube-secret")
	if leakFileExists(w.settings) {
		if data, _ := os.ReadFile(w.settings); bytes.Contains(data, []byte("<id>"+DefaultServerID+"</id>")) {
			t.Errorf("after logout, settings.xml still has <server> %s", DefaultServerID)
		}
	}
	w.plaintext = true // init again in plain text, for the broken-keyring round
	w.mvn(0, cn.main.token, "init", "--token-stdin", "--offline", "--username", "alice")

	// A broken keyring (no session bus): get answers not-found, store and
	// init fail, and none of them shows the token.
	nenv, nstop, err := keyringtest.Start(filepath.Join(w.root, "nobus"), keyringtest.NoBus)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nstop)
	broken := w.childEnv(nenv, "DXAI_GITHUB_API_URL="+gh.URL(), "DXAI_REGISTRIES="+host)
	b := func(want int, argv []string, stdin string, env ...string) leakResult {
		t.Helper()
		return w.run(leakCmd{argv: argv, stdin: stdin, base: broken, env: env, want: want})
	}
	r = b(1, []string{"docker-credential-dxai", "get"}, host)
	w.expect(r, "stderr", "cannot use the keyring")
	r = b(1, []string{"docker-credential-dxai", "store"}, `{"ServerURL":"`+host+`","Username":"alice","Secret":"`+cn.rotated.token+`"}`)
	w.expect(r, "stdout", "cannot use the keyring")
	b(0, []string{"docker-credential-dxai", "list"}, "")
	b(1, []string{"docker-credential-dxai", "erase"}, host)
	b(1, []string{"mvn-dxai", "init", "--token-stdin", "--offline", "--username", "alice"}, cn.rotated.token)
	b(1, []string{"mvn-dxai", "init", "--token-stdin"}, cn.rotated.token)
	b(1, []string{"mvn-dxai", "status"}, "")
	b(1, []string{"mvn-dxai", "doctor", "--offline"}, "")
	b(1, []string{"mvn-dxai", "doctor", "--json"}, "")
	b(1, []string{"mvn-dxai", "sync"}, "")
	b(1, []string{"mvn-dxai", "exec", "--", "mvn-dxai", "version"}, "") // found first: PATH holds only the binaries here
	if _, err := exec.LookPath("docker"); err == nil {
		// docker login verifies the token, then the helper cannot store it.
		r = b(1, []string{"docker", "login", "-u", "alice", "--password-stdin", host}, cn.docker.token)
		w.expect(r, "stderr", "cannot use the keyring")
	}
	b(1, []string{"mvn-dxai", "logout"}, "")
	r = w.run(leakCmd{argv: []string{"docker-credential-dxai", "get"}, stdin: host, base: broken,
		env: []string{"DXAI_TOKEN=" + cn.env.token}, want: 0, getAnswer: true})
	w.expect(r, "stdout", cn.env.token)
	b(leakAnyExit, []string{"mvn-dxai", "doctor", "--offline"}, "", "DXAI_TOKEN="+cn.env.token)
	b(leakAnyExit, []string{"mvn-dxai", "status"}, "", "DXAI_TOKEN="+cn.env.token)

	// Last: logout, and then no file anywhere holds a token.
	w.mvn(0, "", "logout")
	w.plaintext = false
	w.checkFiles("the final logout")
	var keyringFiles int
	for p := range w.scanned {
		if strings.HasPrefix(p, filepath.Join(kdir, "data")+string(os.PathSeparator)) {
			keyringFiles++
		}
	}
	for _, p := range []string{w.settings, dockerCfg, filepath.Join(w.home, ".config", "dxai", "state.json")} {
		if !w.scanned[p] {
			t.Errorf("the file checks never saw %s", p)
		}
	}
	if keyringFiles == 0 {
		t.Errorf("the file checks never saw gnome-keyring's data files")
	}
	var names []string
	for p := range w.scanned {
		rel, _ := filepath.Rel(w.root, p)
		names = append(names, rel)
	}
	sort.Strings(names)
	t.Logf("%d files checked, %d of them gnome-keyring's: %s", len(w.scanned), keyringFiles, strings.Join(names, ", "))
	t.Logf("%d commands (%d of them in-process) in %v", w.step, w.inProcessSteps, time.Since(start).Round(time.Millisecond))
}

// TestLeakCommandLine gives tokens where a command line takes words —
// refused flags, flag values, arguments, command names — and fails if an
// error message repeats one. A token on the command line is already
// readable by every process; printing it again puts it into terminal
// scroll-back and CI logs too.
func TestLeakCommandLine(t *testing.T) {
	tok := newLeakCanary("command-line", "ghp_", "Argv", 40)
	fine := newLeakCanary("command-line fine-grained", "github_pat_", "ArgF", 93)
	w := newLeakWorld(t, leakSet{tok, fine})
	// No keyring at all: every one of these must fail before using it.
	nenv, stop, err := keyringtest.Start(filepath.Join(w.root, "nobus"), keyringtest.NoBus)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	w.env = w.childEnv(nenv)
	for _, c := range []*leakCanary{tok, fine} {
		v := c.token
		for _, args := range [][]string{
			{"init", "--token", v},
			{"init", "--token=" + v},
			{"init", "-token", v},
			{"init", "--password", v},
			{"init", "-p", v},
			{"init", "--pat", v},
			{"init", "--token-stdin=" + v},
			{"init", "--offline=" + v},
			{"init", v},
			{"init", "--token-stdin", v},
			{"init", "--username", v},
			{"init", "--github-host", v},
			{"sync", "--token", v},
			{"status", v},
			{"doctor", "--token", v},
			{"doctor", "--json=" + v},
			{"logout", v},
			{"version", v},
			{"help", v},
			{v},
		} {
			w.mvn(leakAnyExit, "", args...)
		}
	}
}

// TestLeakDetector proves the detector: it finds a token whole, in base64
// at every alignment (docker's "auth" is base64 of "user:token"), in 8
// characters in a row, and as the bare marker, and its failure messages
// mask what they quote.
func TestLeakDetector(t *testing.T) {
	c := newLeakCanary("probe", "ghp_", "Prob", 40)
	other := newLeakCanary("other", "ghp_", "Othe", 40)
	set := leakSet{other, c}
	cases := map[string]string{
		"whole":       "x " + c.token + " y",
		"base64 user": `{"auth":"` + base64.StdEncoding.EncodeToString([]byte("alice:"+c.token)) + `"}`,
		"base64 1":    base64.StdEncoding.EncodeToString([]byte("a" + c.token)),
		"base64 2":    base64.URLEncoding.EncodeToString([]byte("ab" + c.token + "z")),
		"base64 bare": base64.RawStdEncoding.EncodeToString([]byte(c.token)),
		"fragment":    "…" + c.token[20:28] + "…",
		"tail":        "secret=" + c.token[len(c.token)-9:],
	}
	for name, text := range cases {
		h, ok := set.find([]byte(text))
		if !ok || h.c != c {
			t.Errorf("%s: find(%q) = %+v, %v; want the probe token", name, text, h, ok)
			continue
		}
		msg := set.describe([]byte(text), h)
		if _, leaked := set.find([]byte(msg)); leaked {
			t.Errorf("%s: the failure message leaks: %s", name, msg)
		}
	}
	if _, ok := set.find([]byte("stored the token " + c.mask() + " for alice")); ok {
		t.Errorf("the masked form %s counts as a leak", c.mask())
	}
	if h, ok := set.find([]byte("…NARY" + leakMarker + "…")); !ok || h.c != nil {
		t.Errorf("the bare marker is not found: %+v, %v", h, ok)
	}
}
