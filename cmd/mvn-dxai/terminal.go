package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"

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

func (t *tty) ReadSecret(prompt string) (string, error) {
	fmt.Fprint(os.Stderr, prompt)
	b, err := term.ReadPassword(int(t.in.Fd()))
	fmt.Fprintln(os.Stderr)
	return string(b), err // as typed: the caller trims it (trimTokenInput)
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
