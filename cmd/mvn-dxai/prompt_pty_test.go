//go:build linux

package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/dynamixs-ai/dxai/internal/testing/fakes"
	"github.com/dynamixs-ai/dxai/internal/testing/keyringtest"
	"github.com/dynamixs-ai/dxai/internal/testing/scripttest"
	"github.com/dynamixs-ai/dxai/internal/testing/testworld"
	"golang.org/x/sys/unix"
)

// openPTY opens a pseudo-terminal pair through /dev/ptmx.
func openPTY(t *testing.T) (ptmx, pts *os.File) {
	t.Helper()
	ptmx, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		keyringtest.Skip(t, fmt.Sprintf("no pseudo-terminals here: %v", err))
	}
	t.Cleanup(func() { ptmx.Close() })
	fd := int(ptmx.Fd())
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		t.Fatalf("unlockpt: %v", err)
	}
	n, err := unix.IoctlGetInt(fd, unix.TIOCGPTN)
	if err != nil {
		t.Fatalf("ptsname: %v", err)
	}
	pts, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatalf("opening the terminal side: %v", err)
	}
	t.Cleanup(func() { pts.Close() })
	return ptmx, pts
}

// echoOn reports whether the terminal echoes input.
func echoOn(t *testing.T, f *os.File) bool {
	t.Helper()
	tio, err := unix.IoctlGetTermios(int(f.Fd()), unix.TCGETS)
	if err != nil {
		t.Fatalf("reading the terminal's settings: %v", err)
	}
	return tio.Lflag&unix.ECHO != 0
}

// atPrompt is mvn-dxai init started in a real pseudo-terminal and waiting
// at the hidden token prompt (echo off); done receives its exit.
//
// Started under a shell, the shell is the session leader on the terminal
// and init a job of its own, as at a person's prompt.
type atPrompt struct {
	cmd       *exec.Cmd
	ptmx, pts *os.File
	done      chan error
	mu        sync.Mutex
	out       []byte // what the terminal showed
}

// shown is what the terminal has shown so far: init's output and the
// echo of what was typed.
func (p *atPrompt) shown() []byte {
	p.mu.Lock()
	defer p.mu.Unlock()
	return bytes.Clone(p.out)
}

func startAtPrompt(t *testing.T, shell ...string) *atPrompt {
	t.Helper()
	return startInit(t, []string{"--offline"}, nil, shell...)
}

// startInit is startAtPrompt with init's extra flags and KEY=VALUE
// environment pairs.
func startInit(t *testing.T, flags, set []string, shell ...string) *atPrompt {
	t.Helper()
	ptmx, pts := openPTY(t)
	if !echoOn(t, pts) {
		t.Fatal("a new terminal does not echo")
	}
	home := t.TempDir()
	argv := append(shell, filepath.Join(scripttest.BinDir(), "mvn-dxai"), "init")
	argv = append(argv, flags...)
	argv = append(argv, "--no-docker", "--no-maven", "--username", "alice")
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = testworld.Env(testworld.Options{Home: home, Set: set})
	cmd.Stdin, cmd.Stdout, cmd.Stderr = pts, pts, pts
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &atPrompt{cmd: cmd, ptmx: ptmx, pts: pts, done: make(chan error, 1)}
	go func() { p.done <- cmd.Wait() }()
	t.Cleanup(func() { cmd.Process.Kill() })
	go func() { // drain what init prints, so it never blocks writing
		buf := make([]byte, 4096)
		for {
			n, err := ptmx.Read(buf)
			p.mu.Lock()
			p.out = append(p.out, buf[:n]...)
			p.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	// Wait until the prompt has turned echo off: that is the state a
	// signal must not leave behind.
	p.waitFor(t, "init to turn echo off for the hidden prompt", func() bool { return !echoOn(t, pts) })
	return p
}

// waitFor polls until ok, failing if init ends first. Bounded, so what
// never comes fails instead of hanging.
func (p *atPrompt) waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !ok() {
		select {
		case err := <-p.done:
			t.Fatalf("init ended while waiting for %s: %v", what, err)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("waited in vain for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// end waits for init to end after sig and checks it died of it with the
// terminal's echo back on.
func (p *atPrompt) end(t *testing.T, sig syscall.Signal) {
	t.Helper()
	var err error
	select {
	case err = <-p.done:
	case <-time.After(30 * time.Second):
		t.Fatalf("init did not end after %v", sig)
	}
	if !echoOn(t, p.pts) {
		t.Errorf("after %v at the hidden prompt the terminal's echo is still off", sig)
	}
	ws, ok := p.cmd.ProcessState.Sys().(syscall.WaitStatus)
	if !ok || !ws.Signaled() || ws.Signal() != sig {
		t.Errorf("init ended with %v; want it to die of %v, as a shell expects", err, sig)
	}
}

// TestPromptSignalRestoresEcho: Ctrl-C (or a hangup, or kill) at the hidden
// token prompt used to kill init with the terminal's echo still off, so
// the shell afterwards showed nothing typed. In a real pseudo-terminal,
// init is interrupted while it waits for the token; afterwards the
// terminal echoes again, and init died of the signal as a shell expects.
func TestPromptSignalRestoresEcho(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		send func(p *os.Process, ptmx *os.File) error
		sig  syscall.Signal
	}{
		{"ctrl-c", func(_ *os.Process, ptmx *os.File) error { _, err := ptmx.Write([]byte{3}); return err }, syscall.SIGINT},
		{"SIGTERM", func(p *os.Process, _ *os.File) error { return p.Signal(syscall.SIGTERM) }, syscall.SIGTERM},
		{"SIGHUP", func(p *os.Process, _ *os.File) error { return p.Signal(syscall.SIGHUP) }, syscall.SIGHUP},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := startAtPrompt(t)
			if err := c.send(p.cmd.Process, p.ptmx); err != nil {
				t.Fatal(err)
			}
			p.end(t, c.sig)
		})
	}
}

// TestPromptSuspendRestoresEcho: Ctrl-Z at the hidden token prompt used to
// stop init with the terminal's echo off, so the shell showed nothing
// typed while init was suspended. In a real pseudo-terminal, init runs as
// a job of a job-control shell (bash -m), which waits for a line after
// init stops and then brings it back with fg: while init is stopped the
// terminal echoes; back in the foreground init hides the input again; and
// Ctrl-C then still ends it (130 from fg) with echo on.
func TestPromptSuspendRestoresEcho(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		keyringtest.Skip(t, "no bash for job control")
	}
	p := startAtPrompt(t, bash, "-m", "-c", `"$0" "$@"; read -r _; fg; exit $?`)
	var pid int
	p.waitFor(t, "bash to start init", func() bool {
		b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/children", p.cmd.Process.Pid, p.cmd.Process.Pid))
		_, err := fmt.Sscan(string(b), &pid)
		return err == nil
	})
	if _, err := p.ptmx.Write([]byte{0x1a}); err != nil { // Ctrl-Z
		t.Fatal(err)
	}
	p.waitFor(t, "init to stop after Ctrl-Z", func() bool { return procState(t, pid) == 'T' })
	if !echoOn(t, p.pts) {
		t.Fatal("init is suspended with the terminal's echo off")
	}
	if _, err := p.ptmx.Write([]byte("\n")); err != nil { // bash: fg
		t.Fatal(err)
	}
	p.waitFor(t, "init to hide the input again in the foreground", func() bool { return procState(t, pid) != 'T' && !echoOn(t, p.pts) })
	if _, err := p.ptmx.Write([]byte{3}); err != nil { // Ctrl-C
		t.Fatal(err)
	}
	select {
	case err = <-p.done:
	case <-time.After(30 * time.Second):
		t.Fatal("init did not end after Ctrl-C")
	}
	if !echoOn(t, p.pts) {
		t.Error("after Ctrl-C at the hidden prompt the terminal's echo is still off")
	}
	if code := p.cmd.ProcessState.ExitCode(); code != 128+int(syscall.SIGINT) {
		t.Errorf("fg ended with %v; want init to die of SIGINT (130)", err)
	}
}

// TestSuspendAfterPrompt: once the hidden prompt had been answered, Ctrl-Z
// did nothing for the rest of the run (Go keeps a caught SIGTSTP and drops
// it after signal.Stop), so an init waiting on GitHub could not be
// suspended. Under a job-control shell, init reads the token, then waits
// on a GitHub API that never answers; Ctrl-Z there stops it.
func TestSuspendAfterPrompt(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		keyringtest.Skip(t, "no bash for job control")
	}
	api, err := fakes.NewBlackhole()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { api.Close() })
	p := startInit(t, nil, []string{"DXAI_GITHUB_API_URL=" + api.URL()}, bash, "-m", "-c", `"$0" "$@"; read -r _`)
	var pid int
	p.waitFor(t, "bash to start init", func() bool {
		b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/children", p.cmd.Process.Pid, p.cmd.Process.Pid))
		_, err := fmt.Sscan(string(b), &pid)
		return err == nil
	})
	tok := "ghp_" + strings.Repeat("a1", 16) + "_000" // a fixture, with the underscore no real token has
	if _, err := p.ptmx.Write([]byte(tok + "\n")); err != nil {
		t.Fatal(err)
	}
	p.waitFor(t, "init to answer the prompt and turn echo back on", func() bool { return echoOn(t, p.pts) })
	p.waitFor(t, "init to ask GitHub", func() bool { return api.Conns() > 0 })
	if _, err := p.ptmx.Write([]byte{0x1a}); err != nil { // Ctrl-Z
		t.Fatal(err)
	}
	p.waitFor(t, "init to stop after Ctrl-Z while it waits on GitHub", func() bool { return procState(t, pid) == 'T' })
	_ = syscall.Kill(pid, syscall.SIGKILL)
}

// procState is the state letter of process pid in /proc (T: stopped).
func procState(t *testing.T, pid int) byte {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		t.Fatalf("reading the process's state: %v", err)
	}
	// "PID (COMM) STATE ...": COMM may hold spaces and parentheses.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 || i+2 >= len(b) {
		t.Fatalf("cannot read /proc/%d/stat: %q", pid, b)
	}
	return b[i+2]
}
