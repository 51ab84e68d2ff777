// A get lives a few milliseconds, too short for GOMAXPROCS to matter:
// these keep the runtime from sizing it to the cgroup CPU limit and from
// starting the goroutine that keeps it updated (go1.26 still reads the
// cgroup files once at start either way).
//
//go:debug containermaxprocs=0
//go:debug updatemaxprocs=0

// Command docker-credential-dxai is a Docker credential helper that answers
// from the one shared dxai keyring entry, and only for the registries it
// serves (ghcr.io, or DXAI_REGISTRIES). Wire it in with
// "credHelpers": {"ghcr.io": "dxai"} in ~/.docker/config.json, or run
// "mvn-dxai init".
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/docker/docker-credential-helpers/credentials"
	"github.com/dynamixs-ai/dxai/internal/buildinfo"
	"github.com/dynamixs-ai/dxai/internal/product"
	"github.com/dynamixs-ai/dxai/tokenshape"
)

const name = product.HelperBin

// usage is the library's answer to a command line with no action.
const usage = "Usage: " + name + " <store|get|erase|list|version>"

func main() {
	credentials.Name = name
	cfg, _ := os.UserConfigDir() // none: no record and no opt-in file
	os.Exit(serve(newHelper(os.Stderr, os.Getenv, os.Environ, cfg), os.Args, os.Stdin, os.Stdout, os.Stderr))
}

// exitUsage is the exit status for a command line that names no action
// the helper knows, as mvn-dxai's for its usage errors. Docker and the
// other clients never send one, and read only a failure's stdout.
const exitUsage = 2

// serve is credentials.Serve, with this helper's version line and clearer
// answers to bad input on stdin: usage and errors go to stdout, as docker
// expects, and any failure exits 1. A command line with no action or an
// unknown one (a person trying the helper by hand) gets the library's
// answer on stdout too, and on stderr an error and a hint in the helper's
// voice; it exits exitUsage.
func serve(h credentials.Helper, args []string, in io.Reader, out, errOut io.Writer) int {
	if len(args) != 2 {
		fmt.Fprintln(out, usage)
		what := "no action given"
		if len(args) > 2 {
			what = fmt.Sprintf("one action at a time, not %d", len(args)-1)
		}
		usageError(errOut, what)
		return exitUsage
	}
	switch args[1] {
	case "version", "--version", "-v":
		fmt.Fprintln(out, buildinfo.Line(name))
		return 0
	case "--help", "-h":
		fmt.Fprintln(out, usage)
		return 0
	}
	err := handle(h, args[1], in, out)
	if err == nil {
		return 0
	}
	// docker shows this line to the user: masked like every other
	// message (stdin it could not parse may have held the secret).
	fmt.Fprintln(out, tokenshape.Redact(err.Error()))
	if !knownAction(args[1]) {
		usageError(errOut, fmt.Sprintf("unknown action %q", args[1]))
		return exitUsage
	}
	var bad *badStdin
	if errors.As(err, &bad) {
		sayTo(errOut, "error", tokenshape.Redact(bad.what))
		sayTo(errOut, "hint", stdinHint(args[1]))
	}
	return 1
}

// badStdin is stdin that docker would never send, so a person typed it:
// Error is the protocol's answer on stdout (the library's own words where
// docker knows them), what says it for a person, on stderr.
type badStdin struct {
	err  error
	what string
}

func (b *badStdin) Error() string { return b.err.Error() }
func (b *badStdin) Unwrap() error { return b.err }

// stdinHint is how to send what docker sends, for action.
func stdinHint(action string) string {
	switch action {
	case credentials.ActionStore:
		return `"docker login ghcr.io" runs it for you; to store a token for Maven and docker, run: printf %s "$TOKEN" | mvn-dxai init --token-stdin`
	case credentials.ActionErase:
		return `"docker logout ghcr.io" runs it for you; by hand: echo ghcr.io | ` + name + " erase"
	}
	return "docker runs it for you; by hand: echo ghcr.io | " + name + " get"
}

// knownAction reports whether the protocol has action.
func knownAction(action string) bool {
	switch action {
	case credentials.ActionStore, credentials.ActionGet, credentials.ActionErase, credentials.ActionList, credentials.ActionVersion:
		return true
	}
	return false
}

// usageError says on stderr what was wrong with the command line and what
// the helper is for.
func usageError(w io.Writer, what string) {
	sayTo(w, "error", what+": the actions are store, get, erase, list and version, each reading stdin as docker sends it")
	sayTo(w, "hint", `docker runs this helper itself once "mvn-dxai init" has wired it in; "mvn-dxai status" shows what it serves`)
}

// maxStdin bounds what get, erase and store read. Docker sends a server
// URL or one small JSON object; the library would otherwise join every
// line of stdin in memory.
const maxStdin = 64 << 10

var errStdinTooLong = errors.New("stdin holds more than 64 KiB; docker sends a server URL or one small JSON object")

// handle runs one action as credentials.HandleCommand does, reading at most
// maxStdin of stdin, and says what was wrong with stdin where the library
// answers only "EOF" or "bufio.Scanner: token too long".
func handle(h credentials.Helper, action string, in io.Reader, out io.Writer) error {
	switch action {
	case credentials.ActionGet, credentials.ActionErase, credentials.ActionStore:
		// list and version do not read stdin: a person running them in a
		// terminal is not asked for input.
		data, err := readStdin(&bounded{r: in, left: maxStdin}, stdinWait)
		if err != nil {
			if err == errStdinTooLong {
				return stdinError(action, err)
			}
			return &badStdin{err, err.Error()}
		}
		in = bytes.NewReader(data)
	}
	// The library returns these as they are, never wrapped; comparing them
	// by identity keeps a wrapped EOF from the keyring (a D-Bus connection
	// that closed) from being taken for empty input.
	return stdinError(action, credentials.HandleCommand(h, action, in, out))
}

// stdinError makes the library's answer to stdin it could not use a
// badStdin that says what was wrong; other errors (the helper's own, which
// it has explained on stderr already) pass as they are.
func stdinError(action string, err error) error {
	const storeReads = `store reads {"ServerURL","Username","Secret"} as JSON on stdin`
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case err == nil:
		return nil
	case err == bufio.ErrTooLong || err == errStdinTooLong:
		return &badStdin{errStdinTooLong, errStdinTooLong.Error()}
	case action == credentials.ActionStore && err == io.EOF:
		err = errors.New(storeReads + ", and stdin was empty")
	case action == credentials.ActionStore && err == io.ErrUnexpectedEOF:
		err = errors.New(storeReads + ", and stdin ended inside it")
	case errors.As(err, &syntax) || errors.As(err, &typ):
		err = fmt.Errorf("stdin is not the JSON docker sends: %w", err)
	case credentials.IsCredentialsMissingServerURL(err) && action == credentials.ActionStore,
		credentials.IsCredentialsMissingUsername(err):
		return &badStdin{err, err.Error() + ": " + storeReads + ", with all three set"}
	case credentials.IsCredentialsMissingServerURL(err):
		return &badStdin{err, err.Error() + ": " + action + " reads a registry host on stdin, such as ghcr.io, and stdin was empty"}
	default:
		return err
	}
	return &badStdin{err, err.Error()}
}

// stdinWait bounds how long get, erase and store wait for stdin to end:
// docker writes a few bytes and closes it at once.
var stdinWait = 30 * time.Second

// readStdin reads all of in, for at most wait. A reader that neither ends
// nor fails by then (a client that never closes stdin) is given up on: the
// goroutine blocked in Read ends with the process, which exits right after.
func readStdin(in io.Reader, wait time.Duration) ([]byte, error) {
	type result struct {
		data []byte
		err  error
	}
	done := make(chan result, 1)
	go func() {
		data, err := io.ReadAll(in)
		done <- result{data, err}
	}()
	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case r := <-done:
		return r.data, r.err
	case <-timer.C:
		return nil, fmt.Errorf("stdin was not closed within %v: docker writes the request and closes stdin; a program running the helper must do the same", wait)
	}
}

// bounded reads at most left bytes of r, then fails with errStdinTooLong
// unless r ends right there.
type bounded struct {
	r    io.Reader
	left int
}

func (b *bounded) Read(p []byte) (int, error) {
	if b.left <= 0 {
		var probe [1]byte
		if n, err := b.r.Read(probe[:]); n == 0 && err != nil {
			return 0, err
		}
		return 0, errStdinTooLong
	}
	if len(p) > b.left {
		p = p[:b.left]
	}
	n, err := b.r.Read(p)
	b.left -= n
	return n, err
}
