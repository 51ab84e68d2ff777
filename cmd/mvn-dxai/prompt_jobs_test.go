//go:build linux

package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dynamixs-ai/dxai/internal/testing/fakes"
	"github.com/dynamixs-ai/dxai/internal/testing/keyringtest"
)

// Ctrl-Z at the hidden prompt, and after it, with and without a shell that
// can continue init: mvn-dxai stops only where the kernel itself would.

// TestSuspendWithoutJobControl: Ctrl-Z at the hidden token prompt, with no
// job-control shell to continue init (ssh -t host mvn-dxai init, docker
// exec -it, tmux new 'mvn-dxai init': init leads its own session, its
// process group is orphaned), turned echo on and stopped init for good, so
// the token typed next showed in clear. As the kernel does for a stop it
// delivers itself, init ignores it there: it keeps echo off, reads the
// token, and finishes; a later Ctrl-Z, while it waits on GitHub, does not
// stop it either, and Ctrl-C still ends it.
func TestSuspendWithoutJobControl(t *testing.T) {
	t.Parallel()
	if err := keyringtest.Missing(keyringtest.Unlocked); err != nil {
		keyringtest.Skip(t, err.Error())
	}
	kenv, stop, err := keyringtest.Start(biShortDir(t), keyringtest.Unlocked)
	if err != nil {
		t.Fatalf("starting the keyring: %v", err)
	}
	t.Cleanup(stop)
	tok := "ghp_" + strings.Repeat("b2", 16) + "_000" // a fixture, with the underscore no real token has
	// No shell: init leads the session, as under ssh -t.
	p := startInit(t, []string{"--offline"}, kenv)
	if _, err := p.ptmx.Write([]byte{0x1a}); err != nil { // Ctrl-Z
		t.Fatal(err)
	}
	if _, err := p.ptmx.Write([]byte(tok + "\n")); err != nil {
		t.Fatal(err)
	}
	p.finish(t, "init to read the token after Ctrl-Z", 0)
	if bytes.Contains(p.shown(), []byte(tok[4:])) {
		t.Errorf("the token typed after Ctrl-Z showed on the terminal")
	}

	api, err := fakes.NewBlackhole()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { api.Close() })
	p = startInit(t, nil, []string{"DXAI_GITHUB_API_URL=" + api.URL()}) // no keyring needed: it waits on GitHub first
	if _, err := p.ptmx.Write([]byte(tok + "\n")); err != nil {
		t.Fatal(err)
	}
	p.waitFor(t, "init to ask GitHub", func() bool { return api.Conns() > 0 })
	if _, err := p.ptmx.Write([]byte{0x1a}); err != nil { // Ctrl-Z
		t.Fatal(err)
	}
	// Nothing outside init tells when it has handled the Ctrl-Z, so a
	// stop is looked for a while: this never fails a right init, it only
	// gives a wrong one time to stop. Then Ctrl-C, which a stopped init
	// would never see.
	for range 50 {
		if stopped(p.cmd.Process.Pid) {
			t.Fatal("Ctrl-Z while init waits on GitHub stopped it, with no shell to continue it")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if _, err := p.ptmx.Write([]byte{3}); err != nil { // Ctrl-C
		t.Fatal(err)
	}
	p.finish(t, "Ctrl-C to end init after Ctrl-Z", 128+int(syscall.SIGINT))
}

// stopped reports whether process pid is stopped (false once it is gone).
func stopped(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	i := bytes.LastIndexByte(b, ')')
	return err == nil && i >= 0 && i+2 < len(b) && b[i+2] == 'T'
}

// TestSuspendUnderScript: run from a script (a shell of its own, in the
// job's process group) that a job-control shell started, init's parent
// cannot continue it, but the job-control shell above can: Ctrl-Z at the
// prompt stops init there, as it would have stopped without the prompt.
func TestSuspendUnderScript(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		keyringtest.Skip(t, "no bash for job control")
	}
	t.Parallel()
	// The script does more after init, so bash does not exec it.
	p := startAtPrompt(t, bash, "-m", "-c", `"$0" -c '"$0" "$@"; exit $?' "$@"; read -r _`, bash)
	var script, pid int
	p.waitFor(t, "the script to start init", func() bool {
		b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/children", p.cmd.Process.Pid, p.cmd.Process.Pid))
		if _, err := fmt.Sscan(string(b), &script); err != nil {
			return false
		}
		b, _ = os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/children", script, script))
		_, err := fmt.Sscan(string(b), &pid)
		return err == nil
	})
	if _, err := p.ptmx.Write([]byte{0x1a}); err != nil { // Ctrl-Z
		t.Fatal(err)
	}
	// Echo is not checked here: the script's shell stops at once, and the
	// job-control shell may take the terminal back before init restores
	// it (init then stops on SIGTTOU with echo off), as it could before.
	p.waitFor(t, "init to stop after Ctrl-Z", func() bool { return procState(t, pid) == 'T' })
	_ = syscall.Kill(pid, syscall.SIGKILL)
	_ = syscall.Kill(script, syscall.SIGKILL)
}

// finish waits for init to end with code (a death by a signal counts as
// 128+signal), failing at once if it stops instead: with no shell to
// continue it, a stopped init would hang forever.
func (p *atPrompt) finish(t *testing.T, what string, code int) {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		select {
		case err := <-p.done:
			got := p.cmd.ProcessState.ExitCode()
			if ws, ok := p.cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
				got = 128 + int(ws.Signal())
			}
			if got != code {
				t.Fatalf("waiting for %s: init ended with %v (%d), want %d; the terminal showed:\n%s", what, err, got, code, p.shown())
			}
			return
		case <-deadline:
			t.Fatalf("waited in vain for %s", what)
		case <-time.After(10 * time.Millisecond):
		}
		if stopped(p.cmd.Process.Pid) {
			t.Fatalf("waiting for %s: init stopped, with no shell to continue it", what)
		}
	}
}
