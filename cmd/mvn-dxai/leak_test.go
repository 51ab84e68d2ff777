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
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dynamixs-ai/dxai/credstore"
	"github.com/dynamixs-ai/dxai/internal/testing/fakes"
	"github.com/dynamixs-ai/dxai/internal/testing/keyringtest"
	"github.com/dynamixs-ai/dxai/internal/testing/scripttest"
	"github.com/dynamixs-ai/dxai/internal/testing/testworld"
	"github.com/dynamixs-ai/dxai/tokenshape"
)

// leakMarker is in the middle of every canary token. Mask never shows it
// (it shows a token's prefix and last 4 characters), so wherever it is, a
// token leaked.
const leakMarker = "LEAKCANARY"

// canary is a distinctive token and the forms in which a leak of it would
// show.
type leakCanary struct {
	name, token string
	needles     []leakNeedle
}

// leakNeedle is one form of a canary: the whole token, a run of its
// characters, or its base64 (docker's "auth", a Basic Authorization header).
type leakNeedle struct {
	text, form string
}

// newLeakCanary is prefix, the marker, tag (unique in its first 4 characters)
// and hex filling up to n characters.
func newLeakCanary(name, prefix, tag string, n int) *leakCanary {
	sum := sha256.Sum256([]byte("dxai-leak-" + tag))
	fill := strings.Repeat(hex.EncodeToString(sum[:]), 4)
	tok := prefix + leakMarker + tag
	tok += fill[:n-len(tok)]
	return withLeakNeedles(&leakCanary{name: name, token: tok}, len(prefix))
}

// withLeakNeedles adds the forms a leak of c.token takes: the token, every run
// of 8 characters that holds at least 4 of its own (past the prefix and
// most of the shared marker, so a hit names the right canary), and its
// base64 at each of the three alignments a prefix like "user:" can give,
// standard and URL-safe.
func withLeakNeedles(c *leakCanary, prefixLen int) *leakCanary {
	tok := c.token
	c.needles = append(c.needles, leakNeedle{tok, "the whole token"})
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding} {
		for i := range 3 {
			n := (len(tok) - i) / 3 * 3
			c.needles = append(c.needles, leakNeedle{enc.EncodeToString([]byte(tok[i : i+n])), "the token in base64 (as in a docker \"auth\" or a Basic Authorization header)"})
		}
	}
	for i := prefixLen + len(leakMarker) - 4; i+8 <= len(tok); i++ {
		c.needles = append(c.needles, leakNeedle{tok[i : i+8], "8 characters of the token in a row"})
	}
	// A token with white space inside leaks as its pieces too.
	for _, f := range strings.Fields(tok) {
		if f != tok && len(f) >= 8 {
			c.needles = append(c.needles, leakNeedle{f, "a piece of the token"})
		}
	}
	return c
}

// mask is how a failure message may name a canary.
func (c *leakCanary) mask() string { return tokenshape.Mask(c.token) }

// leakHit is where a canary was found in a text.
type leakHit struct {
	c         *leakCanary
	form      string
	off, size int
}

func (h leakHit) name() string {
	if h.c == nil {
		return "a canary"
	}
	return h.c.name
}

func (h leakHit) maskOr() string {
	if h.c == nil {
		return leakMarker
	}
	return h.c.mask()
}

// leakSet is the canaries one test uses.
type leakSet []*leakCanary

// find returns the first leak in text: whole tokens first, then base64 forms,
// then runs of characters, then the bare marker, so a hit names the
// canary as precisely as it can.
func (s leakSet) find(text []byte) (leakHit, bool) {
	for pass := range 3 {
		for _, c := range s {
			for _, n := range c.needles {
				isWhole := n.form == "the whole token"
				isB64 := strings.HasPrefix(n.form, "the token in base64")
				if (pass == 0) != isWhole || (pass == 1) != isB64 {
					continue
				}
				if i := bytes.Index(text, []byte(n.text)); i >= 0 {
					return leakHit{c, n.form, i, len(n.text)}, true
				}
			}
		}
	}
	if i := bytes.Index(text, []byte(leakMarker)); i >= 0 {
		return leakHit{nil, "the middle of a canary token (" + leakMarker + ")", i, len(leakMarker)}, true
	}
	return leakHit{}, false
}

// describe names the hit and quotes its surroundings with every canary in
// them masked, so the failure message leaks nothing itself.
func (s leakSet) describe(text []byte, h leakHit) string {
	who := "a canary token"
	if h.c != nil {
		who = fmt.Sprintf("the %s token (%s)", h.c.name, h.c.mask())
	}
	lo, hi := max(h.off-60, 0), min(h.off+h.size+60, len(text))
	return fmt.Sprintf("%s: %s, at byte %d: %q", who, h.form, h.off, s.redact(text[lo:hi]))
}

// redact replaces every byte of text covered by a canary form with
// [name masked].
func (s leakSet) redact(text []byte) string {
	owner := make([]*leakCanary, len(text))
	marked := make([]bool, len(text))
	mark := func(c *leakCanary, needle string) {
		for off := 0; ; {
			i := bytes.Index(text[off:], []byte(needle))
			if i < 0 {
				return
			}
			for j := off + i; j < off+i+len(needle); j++ {
				marked[j] = true
				if owner[j] == nil {
					owner[j] = c
				}
			}
			off += i + 1
		}
	}
	for _, c := range s {
		for _, n := range c.needles {
			mark(c, n.text)
		}
	}
	mark(nil, leakMarker)
	var b strings.Builder
	for i := 0; i < len(text); {
		if !marked[i] {
			b.WriteByte(text[i])
			i++
			continue
		}
		c := owner[i]
		for i < len(text) && marked[i] {
			i++
		}
		if c != nil {
			fmt.Fprintf(&b, "[%s token %s]", c.name, c.mask())
		} else {
			b.WriteString("[canary]")
		}
	}
	return b.String()
}

// leakCmd is one command the test runs.
type leakCmd struct {
	argv  []string // argv[0] is a binary of BinDir or a program on PATH
	stdin string
	env   []string // KEY=VALUE on top of the world's environment
	base  []string // the environment to start from instead of the world's
	dir   string   // working folder; the project folder if empty
	show  string   // how failure messages name the command; its argv if empty
	want  int      // exit status; leakAnyExit for any
	// getAnswer marks the stdouts that may hold a token: the answer of
	// docker-credential-dxai get for a served registry, and what
	// "mvn-dxai token" and "mvn-dxai kube-secret" print, which users ask
	// for to hand the token on.
	getAnswer bool
}

// leakAnyExit accepts every exit status.
const leakAnyExit = -1

// leakResult is what a command printed.
type leakResult struct {
	label          string
	stdout, stderr string
	code           int
}

// leakWorld is one user's machine: a temporary root holding HOME, TMPDIR,
// the XDG folders, the keyring's files and a project folder, and the fakes.
type leakWorld struct {
	t       *testing.T
	canary  leakSet
	root    string
	home    string
	project string
	env     []string
	step    int
	// plaintext says ~/.m2/settings.xml may hold a token now (init without
	// --no-plaintext); it must then be mode 0600 unless loose is set.
	plaintext, loose bool
	settings         string
	// allowed are files that may hold a token for now, with why: what a
	// user had before init migrated it.
	allowed map[string]string
	// scanned are the files checkFiles read, to prove it saw the ones
	// that matter.
	scanned map[string]bool
	// inProcess, when set, runs mvn-dxai's verbs (not exec, and not in
	// another environment than the world's) in this process, over the
	// OS keyring on the world's bus, instead of starting the binary.
	inProcess bool
	// inProcessSteps counts the steps that ran in-process.
	inProcessSteps int
}

// newLeakWorld sets up the folders. The test process's own HOME, TMPDIR
// and XDG variables point there too, so the keyring daemons it starts
// write nowhere else.
func newLeakWorld(t *testing.T, canaries leakSet) *leakWorld {
	root := t.TempDir()
	w := &leakWorld{t: t, canary: canaries, root: root,
		home: filepath.Join(root, "home"), project: filepath.Join(root, "project"),
		allowed: map[string]string{}, scanned: map[string]bool{}}
	w.settings = filepath.Join(w.home, ".m2", "settings.xml")
	for _, d := range []string{w.home, w.project, filepath.Join(root, "tmp")} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	for _, kv := range append(testworld.HomeVars(w.home), "TMPDIR="+filepath.Join(root, "tmp")) {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	return w
}

// childEnv is the test world over kenv (a keyring state's environment),
// with the world's folders, and extra (KEY=VALUE) set last.
func (w *leakWorld) childEnv(kenv []string, extra ...string) []string {
	return testworld.Env(testworld.Options{Home: w.home, Base: kenv, BinDir: scripttest.BinDir(),
		TmpDir: filepath.Join(w.root, "tmp"), Set: extra})
}

// run runs c, checks its exit status and both streams, then every file of
// the world, and returns what it printed.
func (w *leakWorld) run(c leakCmd) leakResult {
	w.t.Helper()
	return w.runTogether(c)[0]
}

// runTogether runs cs at the same time, then checks each one as run does,
// and every file of the world once all have ended: for slow commands that
// do not depend on each other (real Maven). The files any of them left are
// all still there for that one check.
func (w *leakWorld) runTogether(cs ...leakCmd) []leakResult {
	t := w.t
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	labels := make([]string, len(cs))
	inProc := make([]bool, len(cs))
	for i, c := range cs {
		w.step++
		shown := c.show
		if shown == "" {
			shown = w.redactArgs(c)
		}
		labels[i] = fmt.Sprintf("step %d: %s", w.step, shown)
		inProc[i] = w.inProcess && c.base == nil && c.argv[0] == prog && (len(c.argv) < 2 || c.argv[1] != "exec")
		if inProc[i] {
			w.inProcessSteps++
		}
	}
	results := make([]leakResult, len(cs))
	errs := make([]error, len(cs))
	var wg sync.WaitGroup
	for i, c := range cs {
		wg.Go(func() { results[i], errs[i] = w.start(ctx, c, inProc[i]) })
	}
	wg.Wait()
	for i, c := range cs {
		if errs[i] != nil {
			t.Fatalf("%s: %v", labels[i], errs[i])
		}
		r := &results[i]
		r.label = labels[i]
		if c.want != leakAnyExit && r.code != c.want {
			t.Errorf("%s: exit status %d, want %d\nstdout: %s\nstderr: %s", r.label, r.code, c.want,
				w.canary.redact([]byte(r.stdout)), w.canary.redact([]byte(r.stderr)))
		}
		if !c.getAnswer {
			w.noLeak(r.label, "stdout", []byte(r.stdout))
		}
		w.noLeak(r.label, "stderr", []byte(r.stderr))
	}
	w.checkFiles(strings.Join(labels, " and "))
	return results
}

// start runs c, in this process (inProc) or as a program, and returns
// what it printed and its exit status.
func (w *leakWorld) start(ctx context.Context, c leakCmd, inProc bool) (leakResult, error) {
	base := w.env
	if c.base != nil {
		base = c.base
	}
	env, dir := testworld.Setenv(base, c.env...), c.dir
	if dir == "" {
		dir = w.project
	}
	if inProc {
		res, err := runInProcess(ctx, c.argv[1:], env, dir, c.stdin, nil)
		if err != nil {
			return leakResult{}, fmt.Errorf("in-process: %v", err)
		}
		return leakResult{stdout: res.stdout, stderr: res.stderr, code: res.code}, nil
	}
	bin := c.argv[0]
	if p := filepath.Join(scripttest.BinDir(), bin); leakFileExists(p) {
		bin = p
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, c.argv[1:]...)
	cmd.Env, cmd.Dir = env, dir
	cmd.Stdin = strings.NewReader(c.stdin)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.WaitDelay = 5 * time.Second
	err := cmd.Run()
	r := leakResult{stdout: stdout.String(), stderr: stderr.String()}
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		r.code = exit.ExitCode()
	case err != nil:
		return r, err
	}
	return r, nil
}

// redactArgs shows the command line with canaries masked.
func (w *leakWorld) redactArgs(c leakCmd) string {
	s := strings.Join(c.argv, " ")
	for _, kv := range c.env {
		s = kv + " " + s
	}
	return w.canary.redact([]byte(s))
}

// noLeak fails the test when text shows a canary.
func (w *leakWorld) noLeak(label, where string, text []byte) {
	w.t.Helper()
	if h, ok := w.canary.find(text); ok {
		w.t.Errorf("LEAK in %s: %s shows %s", label, where, w.canary.describe(text, h))
	}
}

// checkFiles fails the test for every file under the root that shows a
// canary, except settings.xml while it is meant to hold the token in plain
// text, which must then be private.
func (w *leakWorld) checkFiles(label string) {
	t := w.t
	t.Helper()
	err := filepath.WalkDir(w.root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission) {
				return nil // a file a daemon is replacing right now
			}
			return err
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		w.scanned[path] = true
		h, ok := w.canary.find(data)
		if !ok {
			return nil
		}
		rel, _ := filepath.Rel(w.root, path)
		if _, ok := w.allowed[path]; ok {
			return nil
		}
		if path == w.settings && w.plaintext {
			fi, err := os.Stat(path)
			if err == nil && fi.Mode().Perm()&0o077 != 0 && !w.loose {
				t.Errorf("after %s: %s holds the %s token (%s) but has mode %04o, want 0600",
					label, rel, h.name(), h.maskOr(), fi.Mode().Perm())
			}
			return nil
		}
		t.Errorf("LEAK after %s: file %s shows %s", label, rel, w.canary.describe(data, h))
		return nil
	})
	if err != nil {
		t.Errorf("after %s: scanning the files: %v", label, err)
	}
}

func leakFileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// expect fails the test unless the stream of r holds want.
func (w *leakWorld) expect(r leakResult, stream, want string) {
	w.t.Helper()
	got := r.stdout
	if stream == "stderr" {
		got = r.stderr
	}
	if !strings.Contains(got, want) {
		w.t.Errorf("%s: %s lacks %q:\n%s", r.label, stream, want, w.canary.redact([]byte(got)))
	}
}

// mvn runs mvn-dxai ARGS with stdin, wanting exit status want.
func (w *leakWorld) mvn(want int, stdin string, args ...string) leakResult {
	w.t.Helper()
	return w.run(leakCmd{argv: append([]string{"mvn-dxai"}, args...), stdin: stdin, want: want})
}

// mvnEnv runs mvn-dxai ARGS with extra environment.
func (w *leakWorld) mvnEnv(env []string, want int, stdin string, args ...string) leakResult {
	w.t.Helper()
	return w.run(leakCmd{argv: append([]string{"mvn-dxai"}, args...), stdin: stdin, env: env, want: want})
}

// helper runs docker-credential-dxai VERB with stdin.
func (w *leakWorld) helper(want int, verb, stdin string) leakResult {
	w.t.Helper()
	return w.run(leakCmd{argv: []string{"docker-credential-dxai", verb}, stdin: stdin, want: want})
}

// helperGet runs docker-credential-dxai get for a served registry, the one
// stdout that may hold a token, and returns it.
func (w *leakWorld) helperGet(env []string, host string, want int) leakResult {
	w.t.Helper()
	r := w.run(leakCmd{argv: []string{"docker-credential-dxai", "get"}, stdin: host, env: env, want: want, getAnswer: true})
	if _, ok := w.canary.find([]byte(r.stdout)); want == 0 && !ok {
		// The detector's positive control: this answer holds a token.
		w.t.Errorf("%s: the leak detector finds no token in the get answer %q", r.label, w.canary.redact([]byte(r.stdout)))
	}
	return r
}

// leakCanaries are the tokens of TestLeakEveryCommand.
type leakCanaries struct {
	main, bad, noScope, denied, fine, space, env, rotated, docker, foreign, long, refresh, bare, malformedEnv, plain *leakCanary
}

func (l leakCanaries) set() leakSet {
	s := leakSet{l.main, l.bad, l.noScope, l.denied, l.fine, l.space, l.env, l.rotated, l.docker, l.foreign, l.long, l.refresh, l.bare, l.malformedEnv, l.plain}
	seen := map[string]string{}
	for _, c := range s {
		tag := c.token[strings.Index(c.token, leakMarker)+len(leakMarker):][:4]
		if other, ok := seen[tag]; ok {
			panic("canaries " + other + " and " + c.name + " share their tag's first 4 characters")
		}
		seen[tag] = c.name
	}
	return s
}

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
	w.helper(1, "frobnicate", "")

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
	r = w.mvnEnv([]string{"DXAI_TOKEN=" + cn.long.token}, 0, "", "doctor", "--offline")
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
