// Package scripttest runs the project's end-to-end testscript (.txtar)
// scripts against the real binaries, each script in its own world: HOME
// inside the script's work folder, a private gnome-keyring on a private
// D-Bus bus, and loopback fakes of GitHub's registries started on demand.
//
// Conditions [docker], [skopeo], [mvn], [gradle] and [keyring] say whether a real
// component is installed, [passwdhome] whether a command can be given a
// password database home of its own (see passwdhome.go); with DXAI_REQUIRE_REAL=1 (CI) a missing one fails
// the script instead of skipping it.
package scripttest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dynamixs-ai/dxai/internal/testing/keyringtest"
	"github.com/dynamixs-ai/dxai/internal/testing/testworld"
	"github.com/rogpeppe/go-internal/testscript"
)

var binDir string

// BinDir is the folder Main built the binaries into.
func BinDir() string { return binDir }

// Main builds the project's binaries into a temporary folder for the
// scripts, then runs the tests. Call it from TestMain.
func Main(m *testing.M) {
	dir, err := os.MkdirTemp("", "dxai-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	root, err := moduleRoot()
	if err == nil {
		cmd := exec.Command("go", "build", "-o", dir+string(os.PathSeparator), "./cmd/docker-credential-dxai", "./cmd/mvn-dxai")
		cmd.Dir = root
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		err = cmd.Run()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "building the binaries for the scripts:", err)
		os.Exit(1)
	}
	binDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
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
	for _, kv := range testworld.Env(testworld.Options{Home: home, BinDir: binDir}) {
		k, v, _ := strings.Cut(kv, "=")
		e.Setenv(k, v)
	}
	e.Values[key("values")] = e.Values
	e.Values[key("workdir")] = e.WorkDir
	if keyringtest.Missing(keyringtest.Unlocked) == nil {
		w := world{values: e.Values, workdir: e.WorkDir, setenv: e.Setenv, defer_: e.Defer}
		if err := switchKeyring(w, keyringtest.Unlocked); err != nil {
			return err
		}
	}
	return nil
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
