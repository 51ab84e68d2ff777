// Package scripttest runs the project's end-to-end testscript (.txtar)
// scripts against the real binaries, each script in its own world: HOME
// inside the script's work folder, a private gnome-keyring on a private
// D-Bus bus, and loopback fakes of GitHub's registries started on demand.
//
// Conditions [docker], [skopeo], [mvn], [gradle] and [keyring] say whether a real
// component is installed, [passwdhome] whether a command can be given a
// password database home of its own (see passwdhome.go); with DXAI_REQUIRE_REAL=1 (CI) a missing one fails
// the script instead of skipping it. $JVMOPTS holds the JVM flags of the
// world's MAVEN_OPTS, for a script that sets MAVEN_OPTS itself.
package scripttest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/dynamixs-ai/dxai/internal/testing/keyringtest"
	"github.com/dynamixs-ai/dxai/internal/testing/testworld"
	"github.com/rogpeppe/go-internal/testscript"
)

var (
	buildOnce sync.Once
	binDir    string
	buildErr  error
	// buildEnv and buildTmp are the environment and temporary folder the
	// test process started with: a test may have moved HOME,
	// XDG_CACHE_HOME or TMPDIR into its own world by the time it first
	// asks for the binaries, and go build would then start a cold build
	// cache there, and the binaries would go when that world does.
	buildEnv = os.Environ()
	buildTmp = os.TempDir()
)

// BinDir is the folder holding the project's binaries, built the first
// time a test of this process asks for them: a run of tests that only
// call functions in-process never pays for the build and the link.
func BinDir() string {
	buildOnce.Do(func() { binDir, buildErr = build() })
	if buildErr != nil {
		panic("building the binaries for the tests: " + buildErr.Error())
	}
	return binDir
}

// build builds both binaries into a new temporary folder.
func build() (string, error) {
	dir, err := os.MkdirTemp(buildTmp, "dxai-bin-")
	if err != nil {
		return "", err
	}
	root, err := moduleRoot()
	if err != nil {
		return dir, err
	}
	// -s -w as the Makefile builds releases: a third less CPU to link.
	cmd := exec.Command("go", "build", "-ldflags=-s -w", "-o", dir+string(os.PathSeparator), "./cmd/docker-credential-dxai", "./cmd/mvn-dxai")
	cmd.Dir, cmd.Env = root, buildEnv
	out, err := cmd.CombinedOutput()
	if err != nil {
		return dir, fmt.Errorf("%v\n%s", err, out)
	}
	return dir, nil
}

// Main runs the tests, then removes the binaries if a test had them
// built. Call it from TestMain.
func Main(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

func moduleRoot() (string, error) {
	cmd := exec.Command("go", "env", "GOMOD")
	cmd.Env = buildEnv
	out, err := cmd.Output()
	if err != nil {
		return "", err
	}
	return filepath.Dir(strings.TrimSpace(string(out))), nil
}

// Run runs the scripts in dir.
func Run(t *testing.T, dir string) {
	testscript.Run(t, testscript.Params{
		Dir:                 dir,
		Setup:               setup,
		Cmds:                commands,
		Condition:           condition,
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
	})
}

// key names per-script values in testscript.Env.Values.
type key string

func setup(e *testscript.Env) error {
	home := filepath.Join(e.WorkDir, "home")
	if err := os.MkdirAll(home, 0o700); err != nil {
		return err
	}
	// The world's environment; its bus variables come from switchKeyring.
	for _, kv := range testworld.Env(testworld.Options{Home: home, BinDir: BinDir()}) {
		k, v, _ := strings.Cut(kv, "=")
		e.Setenv(k, v)
	}
	// For a script that sets MAVEN_OPTS itself: env MAVEN_OPTS=$JVMOPTS.
	e.Setenv("JVMOPTS", testworld.JVMOpts)
	e.Values[key("values")] = e.Values
	e.Values[key("workdir")] = e.WorkDir
	e.Defer(func() { stopStrays(e.WorkDir) })
	if keyringtest.Missing(keyringtest.Unlocked) == nil {
		w := world{values: e.Values, workdir: e.WorkDir, setenv: e.Setenv, defer_: e.Defer}
		if err := switchKeyring(w, keyringtest.Unlocked); err != nil {
			return err
		}
	}
	return nil
}

// stopStrays kills every process still working in dir, a script's work
// folder, once the script is over: a Gradle daemon works in
// $GRADLE_USER_HOME/daemon, so one a failing script started before its
// "gradle --stop" would otherwise outlive the test (until its idle
// timeout, which the world sets short). Where /proc is missing it finds
// nothing, and that idle timeout is the only bound.
func stopStrays(dir string) {
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dir = real
	}
	cwds, _ := filepath.Glob("/proc/[0-9]*/cwd")
	for _, c := range cwds {
		cwd, err := os.Readlink(c)
		if err != nil || (cwd != dir && !strings.HasPrefix(cwd, dir+string(os.PathSeparator))) {
			continue
		}
		pid, err := strconv.Atoi(filepath.Base(filepath.Dir(c)))
		if err != nil || pid == os.Getpid() {
			continue
		}
		if p, err := os.FindProcess(pid); err == nil {
			p.Kill()
		}
	}
}

// world is what a keyring switch needs of a script, at setup or later.
type world struct {
	values  map[any]any
	workdir string
	setenv  func(k, v string)
	defer_  func(func())
}

// switchKeyring starts keyring state s on a fresh bus and points the
// script's bus variables at it.
func switchKeyring(w world, s keyringtest.State) error {
	n, _ := w.values[key("keyrings")].(int)
	w.values[key("keyrings")] = n + 1
	dir := filepath.Join(w.workdir, ".keyring", fmt.Sprint(n))
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	env, stop, err := keyringtest.Start(dir, s)
	if err != nil {
		return err
	}
	w.defer_(stop)
	for _, k := range testworld.BusVars {
		w.setenv(k, "")
	}
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		for _, b := range testworld.BusVars {
			if k == b {
				w.setenv(k, v)
			}
		}
	}
	return nil
}

func condition(cond string) (bool, error) {
	var err error
	switch cond {
	case "keyring":
		err = keyringtest.Missing(keyringtest.Unlocked)
	case "root":
		return os.Geteuid() == 0, nil
	case "mavenplugins":
		// Debian's libmaven-{deploy,install}-plugin-java, for an offline mvn deploy.
		if _, serr := os.Stat("/usr/share/maven-repo/org/apache/maven/plugins/maven-deploy-plugin/3.0.0"); serr != nil {
			err = fmt.Errorf("maven-deploy-plugin 3.0.0 is not in /usr/share/maven-repo (apt-get install libmaven-deploy-plugin-java libmaven-install-plugin-java)")
		}
	case "passwdhome":
		err = passwdHomeMissing()
	case "docker", "skopeo", "mvn", "gradle":
		if _, lerr := exec.LookPath(cond); lerr != nil {
			err = fmt.Errorf("%s is not installed", cond)
		}
	default:
		return false, fmt.Errorf("unknown condition %q", cond)
	}
	if err != nil && keyringtest.Required() {
		return false, fmt.Errorf("DXAI_REQUIRE_REAL=1 but %v", err)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "SKIP real component: %v\n", err)
	}
	return err == nil, nil
}
