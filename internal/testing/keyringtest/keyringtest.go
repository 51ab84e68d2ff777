// Package keyringtest gives tests real Secret Service environments in every
// state a user meets: unlocked, locked, without a login keyring, without any
// Secret Service, without a session bus, and hung. Each lives on a private
// D-Bus bus of its own, so the user's keyring is never touched.
//
// The ordinary unlocked session comes from scripts/with-keyring, which
// `make test` wraps around `go test`; Require checks for it.
package keyringtest

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// Required reports whether real-component tests must run rather than skip:
// CI sets DXAI_REQUIRE_REAL=1.
func Required() bool { return os.Getenv("DXAI_REQUIRE_REAL") == "1" }

// Skip skips the test with why, or fails it when real components are required.
func Skip(t testing.TB, why string) {
	t.Helper()
	if Required() {
		t.Fatalf("DXAI_REQUIRE_REAL=1 but %s", why)
	}
	t.Skipf("SKIP real component: %s", why)
}

// Require skips (or, in CI, fails) unless the test runs inside the private
// unlocked Secret Service session of scripts/with-keyring.
func Require(t testing.TB) {
	t.Helper()
	if os.Getenv("DXAI_TEST_KEYRING") != "1" {
		Skip(t, "not inside a private Secret Service session (run the tests with `make test`, which uses scripts/with-keyring)")
	}
}

// State is a keyring situation to reproduce.
type State int

// The states.
const (
	Unlocked  State = iota // a login keyring, unlocked
	Locked                 // a login keyring, locked, and no display for a prompt
	NoDefault              // gnome-keyring running without any keyring
	NoService              // a session bus, but nothing provides org.freedesktop.secrets
	NoBus                  // no session bus and no dbus-launch
	Hung                   // a Secret Service that never answers
)

// Missing returns the programs state s needs that are not installed, as
// an error that says how to install them, or nil.
func Missing(s State) error {
	need := []string{}
	if s != NoBus {
		need = append(need, "dbus-daemon", "dbus-send")
	}
	if s != NoBus && s != NoService {
		need = append(need, "gnome-keyring-daemon", "secret-tool")
	}
	for _, n := range need {
		if _, err := exec.LookPath(n); err != nil {
			return fmt.Errorf("%s is not installed (apt-get install gnome-keyring dbus libsecret-tools)", n)
		}
	}
	return nil
}

// Env returns the environment (os.Environ() with the bus variables
// replaced) under which a child process meets state s, skipping the test
// (failing it in CI) when the programs are not installed. Everything
// started is stopped when the test ends.
func Env(t testing.TB, s State) []string {
	t.Helper()
	if err := Missing(s); err != nil {
		Skip(t, err.Error())
	}
	env, stop, err := Start(t.TempDir(), s)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	return env
}

// Start sets up state s with its files under dir and returns the
// environment for child processes and a function that stops what it
// started.
func Start(dir string, s State) (env []string, stop func(), err error) {
	var stops []func()
	stop = func() {
		for i := len(stops) - 1; i >= 0; i-- {
			stops[i]()
		}
	}
	env = baseEnv(dir)
	if s == NoBus {
		// No bus address, no bus socket in XDG_RUNTIME_DIR, no dbus-launch.
		return append(env, "PATH="+filepath.Join(dir, "no-bin")), stop, nil
	}
	password := "dxai-test"
	if s == NoDefault {
		password = ""
	}
	addr, stopBus, err := startBus(dir, s == Unlocked, password)
	if err != nil {
		return nil, stop, err
	}
	stops = append(stops, stopBus)
	env = append(env, "DBUS_SESSION_BUS_ADDRESS="+addr, "PATH="+os.Getenv("PATH"))
	if s == NoService {
		return env, stop, nil
	}
	pid, stopKeyring, err := startKeyring(env, password)
	if err != nil {
		stop()
		return nil, func() {}, err
	}
	stops = append(stops, stopKeyring)
	switch s {
	case Locked:
		if out, err := sendOut(env, "org.freedesktop.secrets", "/org/freedesktop/secrets", "org.freedesktop.Secret.Service.Lock", "array:objpath:/org/freedesktop/secrets/collection/login"); err != nil {
			stop()
			return nil, func() {}, fmt.Errorf("locking the keyring: %v: %s", err, out)
		}
	case Hung:
		if err := pause(pid); err != nil {
			stop()
			return nil, func() {}, err
		}
		stops = append(stops, func() { resume(pid) })
	}
	return env, stop, nil
}

// baseEnv is the current environment without any bus, display or keyring
// variables, with fresh XDG folders under dir.
func baseEnv(dir string) []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY", "XDG_RUNTIME_DIR", "XDG_DATA_HOME", "PATH", "DXAI_TEST_KEYRING", "DXAI_TOKEN":
			continue
		}
		env = append(env, kv)
	}
	for _, d := range []string{"run", "data"} {
		os.MkdirAll(filepath.Join(dir, d), 0o700)
	}
	return append(env, "XDG_RUNTIME_DIR="+filepath.Join(dir, "run"), "XDG_DATA_HOME="+filepath.Join(dir, "data"))
}

// busConfig is a session bus; %s is where it listens, %s its service
// activation (none, or restartConfig).
const busConfig = `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=%s</listen>
  <auth>EXTERNAL</auth>%s
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`

// An unlocked keyring is started again, unlocked, by D-Bus activation
// when a call finds its daemon gone, as systemd restarts a user's
// (gnome-keyring 42-50 can abort under many concurrent clients: GNOME
// gnome-keyring issue 190, which the parallel tests here do meet). Every
// other state has no activation, so nothing starts a keyring behind the
// test's back.
const (
	restartConfig = "\n  <servicedir>%s</servicedir>"
	restartUnit   = "[D-BUS Service]\nName=org.freedesktop.secrets\nExec=%s\n"
	restartScript = `#!/bin/sh
echo "keyringtest: D-Bus starts gnome-keyring-daemon again" >&2
export XDG_RUNTIME_DIR=%q XDG_DATA_HOME=%q DBUS_SESSION_BUS_ADDRESS=%q
exec gnome-keyring-daemon --foreground --unlock --components=secrets <%q
`
)

func startBus(dir string, restart bool, password string) (addr string, stop func(), err error) {
	sock := filepath.Join(dir, "bus")
	conf := filepath.Join(dir, "bus.conf")
	activation := ""
	if restart {
		services := filepath.Join(dir, "services")
		script := filepath.Join(dir, "restart-keyring")
		pw := filepath.Join(dir, "password")
		files := []struct {
			path, text string
			mode       os.FileMode
		}{
			{pw, password, 0o600},
			{script, fmt.Sprintf(restartScript, filepath.Join(dir, "run"), filepath.Join(dir, "data"), "unix:path="+sock, pw), 0o700},
			{filepath.Join(services, "org.freedesktop.secrets.service"), fmt.Sprintf(restartUnit, script), 0o600},
		}
		os.MkdirAll(services, 0o700)
		for _, f := range files {
			if err := os.WriteFile(f.path, []byte(f.text), f.mode); err != nil {
				return "", nil, err
			}
		}
		activation = fmt.Sprintf(restartConfig, services)
	}
	if err := os.WriteFile(conf, []byte(fmt.Sprintf(busConfig, sock, activation)), 0o600); err != nil {
		return "", nil, err
	}
	cmd := exec.Command("dbus-daemon", "--config-file="+conf, "--nofork", "--print-address=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		return "", nil, err
	}
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	stop = func() { cmd.Process.Kill(); cmd.Wait() }
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		stop()
		return "", nil, fmt.Errorf("dbus-daemon: %v", err)
	}
	return strings.TrimSpace(line), stop, nil
}

// startKeyring starts gnome-keyring-daemon on the bus in env, unlocking (and
// creating) the login keyring with password, and waits until it owns the
// Secret Service name. It returns the daemon's pid.
func startKeyring(env []string, password string) (pid int, stop func(), err error) {
	cmd := exec.Command("gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets")
	cmd.Env = env
	cmd.Stdin = strings.NewReader(password)
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		return 0, nil, err
	}
	// A daemon that exits before stop says so, with how and its messages:
	// a test that then fails for "no Secret Service" has its cause.
	var stopping atomic.Bool
	exited := make(chan struct{})
	go func() {
		err := cmd.Wait()
		if !stopping.Load() {
			fmt.Fprintf(os.Stderr, "keyringtest: gnome-keyring-daemon (pid %d) exited by itself: %v\n%s", cmd.Process.Pid, err, log.String())
		}
		close(exited)
	}()
	stop = func() {
		stopping.Store(true)
		cmd.Process.Kill()
		<-exited
	}
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		out, _ := sendOut(env, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus.NameHasOwner", "string:org.freedesktop.secrets")
		if strings.Contains(out, "boolean true") {
			return cmd.Process.Pid, stop, nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	stop()
	return 0, nil, fmt.Errorf("gnome-keyring-daemon did not take org.freedesktop.secrets within 10 s")
}

func sendOut(env []string, dest, path, method string, args ...string) (string, error) {
	argv := append([]string{"--session", "--print-reply", "--dest=" + dest, path, method}, args...)
	cmd := exec.Command("dbus-send", argv...)
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// Lookup reads the secret stored for service/user with secret-tool, the way
// another libsecret program would see it, in environment env (nil: the
// current one).
func Lookup(t testing.TB, env []string, service, user string) string {
	t.Helper()
	if err := Missing(Unlocked); err != nil {
		Skip(t, err.Error())
	}
	cmd := exec.Command("secret-tool", "lookup", "service", service, "username", user)
	cmd.Env = env
	out, err := cmd.Output()
	if err != nil {
		return ""
	}
	return string(out)
}
