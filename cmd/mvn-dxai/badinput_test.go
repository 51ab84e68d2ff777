package main

// The bad input table (hardening issue, item 6): every bad input the
// project has been tried with — the helper's stdin, each CLI flag, the
// files, the environment and the keyring's states — with the error each
// gets. docs/troubleshooting.md ("Every message") maps these messages to
// their fix.
//
// Every row runs the real binary in a world of its own (HOME, working
// folder, and a keyring in the row's state on a private bus) and must:
//
//   - finish within 10 s (a hang fails the row and says so),
//   - never panic,
//   - exit with the documented status (2 for a wrong command line, 1 for a
//     failure; the helper exits 1 with its protocol answer on stdout),
//   - speak in the one voice of ui.go: "mvn-dxai: error: …" followed by
//     "mvn-dxai: hint: …", every warning followed by a hint, nothing on
//     stderr without the program's prefix,
//   - never print a token or password it was given, and
//   - when it fails, leave every file that was there byte-identical, with
//     its mode, and create none.
//
// A row with a bug note is a known problem (see the note): when it fails,
// it is logged and skipped instead of failing the test, so the table can
// say what the behaviour should be before the fix lands.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dynamixs-ai/dxai/credstore"
	"github.com/dynamixs-ai/dxai/internal/testing/keyringtest"
	"github.com/dynamixs-ai/dxai/internal/testing/scripttest"
	"github.com/dynamixs-ai/dxai/internal/testing/testworld"
)

// biRing is the keyring a row meets.
type biRing int

const (
	biNoBus     biRing = iota // no session bus: nothing can reach any keyring (the default)
	biUnlocked                // a fresh unlocked login keyring of the row's own
	biLocked                  // shared by the rows: nothing is ever stored in these
	biNoDefault               //
	biNoService               //
	biHung                    //
)

var biRingStates = map[biRing]keyringtest.State{
	biNoBus: keyringtest.NoBus, biUnlocked: keyringtest.Unlocked, biLocked: keyringtest.Locked,
	biNoDefault: keyringtest.NoDefault, biNoService: keyringtest.NoService, biHung: keyringtest.Hung,
}

// biHungTimeout is DXAI_KEYRING_TIMEOUT for the rows that meet a hung
// keyring. A paused daemon never answers, so any timeout proves the same
// thing (the command gives up, says why, and names the variable); a short
// one keeps each such row from holding a test slot for seconds.
const biHungTimeout = 200 * time.Millisecond

func (r biRing) String() string {
	return map[biRing]string{biNoBus: "no bus", biUnlocked: "unlocked", biLocked: "locked", biNoDefault: "no default keyring",
		biNoService: "no Secret Service", biHung: "hung"}[r]
}

// biFile is a file (or folder, or symlink) a row puts in place before it runs.
type biFile struct {
	content string
	mode    fs.FileMode // 0: 0600 (a folder: 0700)
	noPerm  bool        // mode 0000
	dir     bool
	link    string // a symlink to this target
}

// biUnset, as an env value, removes the variable.
const biUnset = "\x00unset"

// biBadInput is one row of the table.
type biBadInput struct {
	name  string
	argv  []string // argv[0] is mvn-dxai or docker-credential-dxai; $HOME and $WORK are replaced
	stdin string
	env   map[string]string // overrides; unset removes
	files map[string]biFile // relative to the row's folder: home/… is $HOME, work/… the working folder
	ring  biRing

	code           int
	stdout, stderr string // regexps; "" means the stream must be empty

	// changes: the row succeeds and may change files; the others must
	// leave every file as it was (created lists the files a successful row
	// must have created).
	changes bool
	created []string
	// within bounds the run time more tightly than the 10 s every row has.
	within time.Duration
	// secrets must never be printed; tokens given on stdin or in DXAI_TOKEN
	// are added automatically. strict secrets must not be shown even masked.
	secrets, strict []string
	// report: the command prints a report on stdout (status) and exits 1
	// without an error line.
	report bool
	// check returns further problems.
	check func(r *biRunResult) []string
	// rootSkip says why the row means nothing when run as root.
	rootSkip string
	// bug is a known problem: a failing row is skipped with this note.
	bug string
	// binary runs the row with the binary even where it could run
	// in-process.
	binary bool
}

// biRunResult is what a row's run left.
type biRunResult struct {
	root, home, work string
	stdout, stderr   string
	code             int
	elapsed          time.Duration
}

func biWantMode(r *biRunResult, rel string, mode fs.FileMode) []string {
	fi, err := os.Stat(filepath.Join(r.root, rel))
	if err != nil {
		return []string{err.Error()}
	}
	if fi.Mode().Perm() != mode {
		return []string{fmt.Sprintf("%s has mode %04o, want %04o", rel, fi.Mode().Perm(), mode)}
	}
	return nil
}

// biSharedRings are the keyrings in states nothing can be stored in, started
// once for every row that meets them. Their rows take turns (busy): two
// clients at once at a locked gnome-keyring with no display wait for each
// other's unlock prompt past any timeout, which is gnome-keyring's doing,
// not what the rows are about.
type biSharedRings struct {
	mu    sync.Mutex
	dir   string
	envs  map[biRing][]string
	errs  map[biRing]error
	busy  map[biRing]*sync.Mutex
	stops []func()
}

// use returns the environment of ring r's keyring, and a function that
// ends this row's turn at it.
func (s *biSharedRings) use(r biRing) ([]string, func(), error) {
	s.mu.Lock()
	turn, ok := s.busy[r]
	if !ok {
		turn = new(sync.Mutex)
		s.busy[r] = turn
	}
	s.mu.Unlock()
	turn.Lock()
	env, err := s.env(r)
	return env, turn.Unlock, err
}

func (s *biSharedRings) env(r biRing) ([]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if env, ok := s.envs[r]; ok {
		return env, s.errs[r]
	}
	dir := filepath.Join(s.dir, fmt.Sprint(int(r)))
	os.MkdirAll(dir, 0o700)
	env, stop, err := keyringtest.Start(dir, biRingStates[r])
	s.envs[r], s.errs[r] = env, err
	if err == nil {
		s.stops = append(s.stops, stop)
	}
	return env, err
}

func (s *biSharedRings) stop() {
	for _, stop := range s.stops {
		stop()
	}
}

// TestBadInputTable runs the table. The rows run in parallel; a keyring
// row is skipped (failed in CI) without gnome-keyring. With
// DXAI_BADINPUT_SHOW=1 it logs what every row printed.
func TestBadInputTable(t *testing.T) {
	t.Parallel()
	start := time.Now()
	rows := biBadInputRows()
	shared := &biSharedRings{dir: t.TempDir(), envs: map[biRing][]string{}, errs: map[biRing]error{}, busy: map[biRing]*sync.Mutex{}}
	names := map[string]bool{}
	var mu sync.Mutex
	var known []string
	var ran int
	t.Cleanup(func() {
		shared.stop()
		sort.Strings(known)
		for _, k := range known {
			t.Log(k)
		}
		t.Logf("%d of %d rows ran in %v", ran, len(rows), time.Since(start).Round(time.Millisecond))
	})
	for _, row := range rows {
		if names[row.name] {
			t.Fatalf("two rows are named %q", row.name)
		}
		names[row.name] = true
		t.Run(row.name, func(t *testing.T) {
			t.Parallel()
			if row.rootSkip != "" && os.Geteuid() == 0 {
				t.Skipf("running as root: %s", row.rootSkip)
			}
			if row.ring != biNoBus {
				if err := keyringtest.Missing(keyringtest.Unlocked); err != nil {
					keyringtest.Skip(t, err.Error())
				}
			}
			mu.Lock()
			ran++
			mu.Unlock()
			problems, r := biRunBadInput(t, row, shared)
			switch {
			case len(problems) > 0 && row.bug != "":
				mu.Lock()
				known = append(known, fmt.Sprintf("known problem in %q: %s", row.name, row.bug))
				mu.Unlock()
				t.Skipf("known problem: %s\n%s\n%s", row.bug, strings.Join(problems, "\n"), r.describe())
			case len(problems) > 0:
				for _, p := range problems {
					t.Error(p)
				}
				t.Log(r.describe())
			case row.bug != "":
				t.Logf("the known problem no longer shows: drop the row's bug note (%s)", row.bug)
			}
			if os.Getenv("DXAI_BADINPUT_SHOW") != "" {
				// What every row got, to regenerate docs/troubleshooting.md's table:
				// DXAI_BADINPUT_SHOW=1 go test ./cmd/mvn-dxai/ -run BadInput -v
				t.Log(r.describe())
			}
		})
	}
}

func (r *biRunResult) describe() string {
	return fmt.Sprintf("exit status %d after %v\n--- stdout:\n%s--- stderr:\n%s", r.code, r.elapsed.Round(time.Millisecond), biClip(r.stdout), biClip(r.stderr))
}

func biClip(s string) string {
	if len(s) > 4000 {
		return s[:4000] + fmt.Sprintf("… (%d bytes)\n", len(s))
	}
	return s
}

// biRunBadInput runs one row and returns what is wrong with what it did.
// Problems that no bug note can excuse (a hang, a panic) fail the test at once.
func biRunBadInput(t *testing.T, row biBadInput, shared *biSharedRings) ([]string, *biRunResult) {
	root := t.TempDir()
	r := &biRunResult{root: root, home: filepath.Join(root, "home"), work: filepath.Join(root, "work")}
	for _, d := range []string{r.home, r.work} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	expand := func(s string) string {
		return strings.NewReplacer("$HOME", r.home, "$WORK", r.work).Replace(s)
	}
	// The row's files, in path order (a folder before what is in it).
	paths := make([]string, 0, len(row.files))
	for p := range row.files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		f, full := row.files[p], filepath.Join(root, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o700); err != nil {
			t.Fatal(err)
		}
		var err error
		switch {
		case f.dir:
			if err = os.MkdirAll(full, 0o700); err == nil && f.mode != 0 {
				err = os.Chmod(full, f.mode)
			}
		case f.link != "":
			err = os.Symlink(f.link, full)
		default:
			if err = os.WriteFile(full, []byte(f.content), 0o600); err == nil {
				err = os.Chmod(full, biModeOf(f))
			}
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	before := biSnapshot(t, root)

	// The keyring.
	var kenv []string
	var err error
	switch row.ring {
	case biNoBus:
		kenv, _, err = keyringtest.Start(biShortDir(t), keyringtest.NoBus)
	case biUnlocked:
		var stop func()
		kenv, stop, err = keyringtest.Start(biShortDir(t), keyringtest.Unlocked)
		if stop != nil {
			t.Cleanup(stop)
		}
	default:
		var done func()
		kenv, done, err = shared.use(row.ring)
		defer done()
	}
	if err != nil {
		t.Fatalf("starting the keyring (%s): %v", row.ring, err)
	}
	env := biBadInputEnv(kenv, r.home)
	for k, v := range row.env {
		env = biSetEnv(env, k, expand(v))
	}

	argv := make([]string, len(row.argv))
	for i, a := range row.argv {
		argv[i] = expand(a)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	t0 := time.Now()
	if kr, ok := biInProcess(row, argv); ok {
		// mvn-dxai's verbs run in this process, in the row's world.
		res, err := runInProcess(ctx, argv[1:], env, r.work, row.stdin, kr)
		r.elapsed = time.Since(t0)
		switch {
		case errors.Is(err, errHung):
			t.Fatalf("hung: %s did not finish within 10 s", strings.Join(argv, " "))
		case err != nil:
			t.Fatalf("panicked in-process:\n%v", err)
		}
		r.stdout, r.stderr, r.code = res.stdout, res.stderr, res.code
	} else {
		cmd := exec.CommandContext(ctx, filepath.Join(scripttest.BinDir(), argv[0]), argv[1:]...)
		cmd.Dir, cmd.Env = r.work, env
		cmd.Stdin = strings.NewReader(row.stdin)
		cmd.WaitDelay = time.Second
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		runErr := cmd.Run()
		r.elapsed = time.Since(t0)
		r.stdout, r.stderr = stdout.String(), stderr.String()
		var exitErr *exec.ExitError
		switch {
		case ctx.Err() != nil:
			t.Fatalf("hung: %s did not finish within 10 s\n%s", strings.Join(argv, " "), r.describe())
		case errors.As(runErr, &exitErr):
			r.code = exitErr.ExitCode()
		case runErr != nil:
			t.Fatalf("running %s: %v", argv[0], runErr)
		}
	}
	for _, out := range []string{r.stdout, r.stderr} {
		if strings.Contains(out, "panic:") || strings.Contains(out, "goroutine ") {
			t.Fatalf("panicked:\n%s", r.describe())
		}
	}

	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	if r.code != row.code {
		bad("exit status %d, want %d", r.code, row.code)
	}
	if row.within > 0 && r.elapsed > row.within {
		bad("took %v, want at most %v", r.elapsed.Round(time.Millisecond), row.within)
	}
	for _, s := range []struct{ name, got, want string }{{"stdout", r.stdout, row.stdout}, {"stderr", r.stderr, row.stderr}} {
		switch {
		case s.want == "" && s.got != "":
			bad("%s should be empty", s.name)
		case s.want != "" && !regexp.MustCompile(s.want).MatchString(s.got):
			bad("%s does not match %s", s.name, s.want)
		}
	}
	problems = append(problems, biVoiceProblems(row, r)...)
	problems = append(problems, biLeakProblems(row, r)...)
	after := biSnapshot(t, root)
	if !row.changes {
		problems = append(problems, biDiffSnapshots(before, after)...)
	}
	for _, c := range row.created {
		if _, ok := after[c]; !ok {
			bad("%s was not created", c)
		}
	}
	if row.check != nil {
		problems = append(problems, row.check(r)...)
	}
	return problems, r
}

// biInProcess says whether a row runs in this process, and with which
// keyring: mvn-dxai's verbs (not exec, which replaces the process) meeting
// no keyring, or an unlocked one (an in-memory keyring; the txtar scripts
// prove the real one). The helper's rows, exec and the other keyring
// states run the binary; DXAI_BADINPUT_BINARY=1 runs every row that way.
func biInProcess(row biBadInput, argv []string) (credstore.Keyring, bool) {
	if os.Getenv("DXAI_BADINPUT_BINARY") != "" || row.binary || argv[0] != prog || (len(argv) > 1 && argv[1] == "exec") {
		return nil, false
	}
	switch row.ring {
	case biNoBus:
		// What go-keyring says without a bus or dbus-launch, as the OS
		// keyring translates it.
		return &credstore.Memory{Err: credstore.Translate(errors.New(`exec: "dbus-launch": executable file not found in $PATH`))}, true
	case biUnlocked:
		return &credstore.Memory{}, true
	}
	return nil, false
}

// biShortDir is a temporary folder for a keyring: its bus socket's path
// must stay under the 108 bytes a Unix socket allows and hold no character
// a D-Bus address would have to escape, which t.TempDir's names (from the
// row names) do not promise.
func biShortDir(t *testing.T) string {
	dir, err := os.MkdirTemp("", "dxai-bi-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// biOpenRecord is a valid record in a folder every user can write.
func biOpenRecord() map[string]biFile {
	return map[string]biFile{"home/.config/dxai": {dir: true, mode: 0o777}, "home/.config/dxai/state.json": {content: `{"version": 2}` + "\n"}}
}

func biModeOf(f biFile) fs.FileMode {
	switch {
	case f.noPerm:
		return 0
	case f.mode != 0:
		return f.mode
	}
	return 0o600
}

// biBadInputEnv is the test world a row runs in, over the keyring state's
// environment: nothing of the caller's environment (DXAI_TOKEN,
// DOCKER_CONFIG, proxies) leaks in.
func biBadInputEnv(kenv []string, home string) []string {
	return testworld.Env(testworld.Options{Home: home, Base: kenv, BinDir: scripttest.BinDir()})
}

// biSetEnv sets k to v in env, or unsets it when v is biUnset.
func biSetEnv(env []string, k, v string) []string {
	if v == biUnset {
		return testworld.Unsetenv(env, k)
	}
	return testworld.Setenv(env, k+"="+v)
}
