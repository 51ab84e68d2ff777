package main

// The world the leak checks' commands run in (leak_test.go), and how each
// step's output and files are searched for the canaries.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dynamixs-ai/dxai/internal/testing/scripttest"
	"github.com/dynamixs-ai/dxai/internal/testing/testworld"
)

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
