package main

// All output for people is written here, in one voice (after age and
// mkcert):
//
//   - diagnostics go to stderr, prefixed "mvn-dxai: ", lowercase, with no
//     final period, as one of three kinds: "error: …", "warning: …" and
//     "hint: …"; every error and warning is followed by a hint that says
//     what to run or set next;
//   - progress and summaries ("stored …", "updated …") go to stderr without
//     a kind;
//   - reports a user asked for (status, doctor) go to stdout;
//   - a token is only ever shown masked (ghp_…c0de): every line above,
//     on stderr and stdout, goes through tokenshape.Redact; only the
//     token verb and kube-secret write a token whole, on purpose.

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/dynamixs-ai/dxai/credstore"
	"github.com/dynamixs-ai/dxai/internal/hint"
	"github.com/dynamixs-ai/dxai/internal/pathlook"
	"github.com/dynamixs-ai/dxai/tokenshape"
)

const prog = "mvn-dxai"

// ui carries what a command takes from the world outside it: the streams
// it talks on, the environment, the user's folders, the keyring, a clock
// and an HTTP client. Every verb gets it passed in; main wires the real
// ones (newUI), tests their own, so the verbs run in-process.
type ui struct {
	in          io.Reader
	out, errOut io.Writer
	// tty is the terminal for prompts; nil when there is none.
	tty terminal
	// home is the user's home folder ("" when unknown); configDir the
	// user config folder holding dxai's record and opt-in token file (""
	// when there is none); workDir the folder the command runs in.
	home, configDir, workDir string
	// getenv and environ read the environment.
	getenv  func(string) string
	environ func() []string
	// keyring is the OS keyring the store opens on (nil: the real one).
	keyring credstore.Keyring
	// now is the clock.
	now func() time.Time
	// http sends the online checks' requests (nil: each check's default).
	http *http.Client
	// execve replaces the process with a command (exec).
	execve func(path string, argv, env []string) error
}

// newUI is the real world: this process's streams, environment and folders.
func newUI() *ui {
	home, _ := os.UserHomeDir()
	cfg, _ := os.UserConfigDir()
	wd, _ := os.Getwd()
	return &ui{in: os.Stdin, out: os.Stdout, errOut: os.Stderr, tty: openTerminal(),
		home: home, configDir: cfg, workDir: wd, getenv: os.Getenv, environ: os.Environ,
		now: time.Now, execve: execve}
}

func (u *ui) line(kind, format string, args ...any) {
	hint.Line(u.errOut, prog, kind, fmt.Sprintf(format, args...))
}

// note reports progress or a result.
func (u *ui) note(format string, args ...any) { u.line("", format, args...) }

// warn reports something the user should know about.
func (u *ui) warn(format string, args ...any) { u.line("warning", format, args...) }

// hint says what to do next.
func (u *ui) hint(format string, args ...any) { u.line("hint", format, args...) }

// report writes a line of a report the user asked for to stdout, with
// every token-shaped word masked, as hint.Line does on stderr: a row may
// quote what it read (a settings.xml parse error can hold the token).
func (u *ui) report(format string, args ...any) {
	fmt.Fprintln(u.out, tokenshape.Redact(fmt.Sprintf(format, args...)))
}

// path shortens p for messages: ~/… under the home folder.
func (u *ui) path(p string) string {
	if u.home != "" {
		if rel, err := filepath.Rel(u.home, p); err == nil && !strings.HasPrefix(rel, "..") {
			return filepath.Join("~", rel)
		}
	}
	return p
}

// printError writes err and its fix, if it has one.
func (u *ui) printError(err error) { hint.Print(u.errOut, prog, "error", err, "") }

// warnSudo says so when mvn-dxai runs as root through sudo: root has its
// own docker config, Maven settings and keyring, so whatever is set up or
// checked is root's, not the user's.
func (u *ui) warnSudo() {
	user := u.getenv("SUDO_USER")
	if os.Geteuid() != 0 || user == "" || user == "root" {
		return
	}
	u.warn("running as root through sudo: this sets up and checks root's docker config, Maven settings and keyring, not %s's", user)
	u.hint("run mvn-dxai as %s, without sudo; use sudo only if root itself runs docker or Maven", user)
}

// lookPath finds an executable as exec.LookPath does, but on the PATH of
// the command's environment, and refuses one another user can change (an
// *atomicfile.UnsafeError): pathlook's rules.
func (u *ui) lookPath(name string) (string, error) {
	if strings.Contains(name, "/") {
		return exec.LookPath(name)
	}
	f := pathlook.Find(u.getenv("PATH"), name)
	switch {
	case f.Path != "":
		return f.Path, nil
	case f.Refused != nil:
		return "", f.Refused
	case f.Relative != "":
		return f.Relative, &exec.Error{Name: name, Err: exec.ErrDot}
	}
	return "", &exec.Error{Name: name, Err: exec.ErrNotFound}
}
