// A get lives a few milliseconds: reading the cgroup CPU
// limit at start, and starting the goroutine that re-reads it, cost more
// than GOMAXPROCS can matter here.
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
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/docker/docker-credential-helpers/credentials"
	"github.com/dynamixs-ai/dxai/internal/buildinfo"
)

const name = "docker-credential-dxai"

func main() {
	credentials.Name = name
	os.Exit(serve(newHelper(os.Stderr), os.Args, os.Stdin, os.Stdout))
}

// serve is credentials.Serve, with this helper's version line and clearer
// answers to bad input on stdin: usage and errors go to stdout, as docker
// expects, and any failure exits 1.
func serve(h credentials.Helper, args []string, in io.Reader, out io.Writer) int {
	usage := fmt.Sprintf("Usage: %s <store|get|erase|list|version>", name)
	if len(args) != 2 {
		fmt.Fprintln(out, usage)
		return 1
	}
	switch args[1] {
	case "version", "--version", "-v":
		fmt.Fprintln(out, buildinfo.Line(name))
		return 0
	case "--help", "-h":
		fmt.Fprintln(out, usage)
		return 0
	}
	if err := handle(h, args[1], in, out); err != nil {
		fmt.Fprintln(out, err)
		return 1
	}
	return 0
}

// handle runs one action as credentials.HandleCommand does, and says what
// was wrong with stdin where the library answers only "EOF" or
// "bufio.Scanner: token too long".
func handle(h credentials.Helper, action string, in io.Reader, out io.Writer) error {
	// The library returns these as they are, never wrapped; comparing them
	// by identity keeps a wrapped EOF from the keyring (a D-Bus connection
	// that closed) from being taken for empty input.
	err := credentials.HandleCommand(h, action, in, out)
	switch {
	case err == bufio.ErrTooLong:
		return errors.New("stdin holds more than 64 KiB on one line; docker sends a server URL or one small JSON object")
	case action == credentials.ActionStore && err == io.EOF:
		return errors.New(`store reads {"ServerURL","Username","Secret"} as JSON on stdin, and stdin was empty`)
	case action == credentials.ActionStore && err == io.ErrUnexpectedEOF:
		return errors.New(`store reads {"ServerURL","Username","Secret"} as JSON on stdin, and stdin ended inside it`)
	}
	return err
}
