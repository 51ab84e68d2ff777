//go:build linux

package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

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
			ptmx, pts := openPTY(t)
			if !echoOn(t, pts) {
				t.Fatal("a new terminal does not echo")
			}
			home := t.TempDir()
			cmd := exec.Command(filepath.Join(scripttest.BinDir(), "mvn-dxai"), "init", "--offline", "--no-docker", "--no-maven", "--username", "alice")
			cmd.Env = testworld.Env(testworld.Options{Home: home})
			cmd.Stdin, cmd.Stdout, cmd.Stderr = pts, pts, pts
			cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			go func() { // drain what init prints, so it never blocks writing
				buf := make([]byte, 4096)
				for {
					if _, err := ptmx.Read(buf); err != nil {
						return
					}
				}
			}()

			// Wait until the prompt has turned echo off: that is the state
			// the signal must not leave behind. Bounded, so a prompt that
			// never comes fails instead of hanging.
			deadline := time.Now().Add(30 * time.Second)
			for echoOn(t, pts) {
				select {
				case err := <-done:
					t.Fatalf("init ended before asking for the token: %v", err)
				default:
				}
				if time.Now().After(deadline) {
					cmd.Process.Kill()
					t.Fatal("init never turned echo off for the hidden prompt")
				}
				time.Sleep(10 * time.Millisecond)
			}
			if err := c.send(cmd.Process, ptmx); err != nil {
				t.Fatal(err)
			}
			var err error
			select {
			case err = <-done:
			case <-time.After(30 * time.Second):
				cmd.Process.Kill()
				t.Fatalf("init did not end after %s", c.name)
			}
			if !echoOn(t, pts) {
				t.Errorf("after %s at the hidden prompt the terminal's echo is still off", c.name)
			}
			ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus)
			if !ok || !ws.Signaled() || ws.Signal() != c.sig {
				t.Errorf("init ended with %v; want it to die of %v, as a shell expects", err, c.sig)
			}
		})
	}
}
