package main

import (
	"bufio"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/term"
)

// terminal is where prompts are asked and answered.
type terminal interface {
	// ReadSecret asks prompt and reads a line without echo, as typed.
	ReadSecret(prompt string) (string, error)
	// ReadLine asks prompt and reads a line.
	ReadLine(prompt string) (string, error)
}

// openTerminal returns the controlling terminal when stdin is one, else nil:
// without a terminal, nothing is ever asked.
func openTerminal() terminal {
	if !term.IsTerminal(int(os.Stdin.Fd())) {
		return nil
	}
	return &tty{in: os.Stdin, r: bufio.NewReader(os.Stdin)}
}

type tty struct {
	in *os.File
	r  *bufio.Reader
}

// ReadSecret turns echo off while it reads, and puts the terminal back as
// it found it on every way out: the answer, an error, and a signal (Ctrl-C,
// a hangup, kill), after which mvn-dxai still dies of that signal, as a
// shell expects. Suspended (Ctrl-Z), it also leaves the terminal as it
// found it, and hides the input again when it goes on (fg). With no
// job-control shell to continue it (mayStop), Ctrl-Z does nothing and the
// input stays hidden, as the kernel would do.
func (t *tty) ReadSecret(prompt string) (string, error) {
	fd := int(t.in.Fd())
	if saved, err := term.GetState(fd); err == nil {
		defer restoreOnSignal(fd, saved, prompt)()
	}
	fmt.Fprint(os.Stderr, prompt)
	b, err := term.ReadPassword(fd)
	fmt.Fprintln(os.Stderr)
	return string(b), err // as typed: the caller trims it (trimTokenInput)
}

// promptSignals end mvn-dxai while it waits at a prompt.
var promptSignals = []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT}

// restoreOnSignal restores the terminal's saved state if a signal comes
// before the returned stop is called, then lets the signal end the
// process. A stop from the terminal (jobSignals: Ctrl-Z) restores it too,
// and going on hides the input again and asks prompt anew; a stop no one
// could undo (mayStop) is ignored, and the input stays hidden. term.ReadPassword
// restores the terminal itself on its other ways out.
func restoreOnSignal(fd int, saved *term.State, prompt string) (stop func()) {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, promptSignals...)
	var hidden *term.State // the prompt's state while suspended
	release := onJobSignal(func(sig os.Signal) {
		switch {
		case isStop(sig) && hidden == nil && mayStop():
			if h, err := term.GetState(fd); err == nil {
				hidden = h
				_ = term.Restore(fd, saved)
				fmt.Fprintln(os.Stderr)
			}
			stopSelf()
		case !isStop(sig) && hidden != nil: // going on
			_ = term.Restore(fd, hidden)
			hidden = nil
			fmt.Fprint(os.Stderr, prompt)
		}
	})
	done := make(chan struct{})
	go func() {
		select {
		case sig := <-sigs:
			_ = term.Restore(fd, saved)
			fmt.Fprintln(os.Stderr)
			dieOf(sig)
		case <-done:
		}
	}()
	return func() {
		signal.Stop(sigs)
		release()
		close(done)
	}
}

// Job control, once caught, stays caught: Go never gives SIGTSTP back to
// its default action (signal.Stop and signal.Reset leave Go's handler in
// place, which then drops it), so after the first prompt one watcher
// serves the rest of the run and stops the process as the default would:
// only when a shell can continue it (mayStop), as the kernel decides.
var jobs struct {
	once    sync.Once
	mu      sync.Mutex
	handler func(os.Signal) // a prompt's, while one is asked
}

// onJobSignal passes the job signals to handler until release is called;
// after that a stop stops the process, as if it had never been caught.
func onJobSignal(handler func(os.Signal)) (release func()) {
	if len(jobSignals) == 0 { // Notify with no signals would take them all
		return func() {}
	}
	jobs.once.Do(func() {
		ch := make(chan os.Signal, 1)
		signal.Notify(ch, jobSignals...)
		go func() {
			for sig := range ch {
				jobs.mu.Lock()
				h := jobs.handler
				if h != nil {
					h(sig)
				} else if isStop(sig) && mayStop() {
					stopSelf()
				}
				jobs.mu.Unlock()
			}
		}()
	})
	jobs.mu.Lock()
	jobs.handler = handler
	jobs.mu.Unlock()
	return func() {
		jobs.mu.Lock()
		jobs.handler = nil
		jobs.mu.Unlock()
	}
}

// dieOf ends the process by sig, as if it had not been caught, so the
// shell sees 130 for Ctrl-C; where a signal cannot be re-sent, it exits
// with 128+sig.
func dieOf(sig os.Signal) {
	signal.Reset(sig)
	if p, err := os.FindProcess(os.Getpid()); err == nil && p.Signal(sig) == nil {
		time.Sleep(time.Second) // the signal ends the process meanwhile
	}
	code := 130
	if s, ok := sig.(syscall.Signal); ok {
		code = 128 + int(s)
	}
	os.Exit(code)
}

func (t *tty) ReadLine(prompt string) (string, error) {
	fmt.Fprint(os.Stderr, prompt)
	s, err := t.r.ReadString('\n')
	if err != nil && s == "" {
		return "", err
	}
	return strings.TrimSpace(s), nil
}

// confirm asks a yes/no question; the default is yes.
func confirm(t terminal, prompt string) bool {
	ans, err := t.ReadLine(prompt + " [Y/n] ")
	if err != nil {
		return false
	}
	ans = strings.ToLower(ans)
	return ans == "" || ans == "y" || ans == "yes"
}
