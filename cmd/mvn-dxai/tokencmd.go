package main

import (
	"errors"
	"fmt"

	"github.com/dynamixs-ai/dxai/credstore"
	"github.com/dynamixs-ai/dxai/internal/hint"
)

const tokenCmdHelp = `Print the token and a newline on stdout, for scripts (like "gh auth token").
DXAI_TOKEN wins over the keyring, as for the helper. The token is printed
whole: send it into a pipe, never into a file or a log.
Examples:

  mvn-dxai token | helm registry login ghcr.io -u USER --password-stdin
  mvn-dxai token | oras login ghcr.io -u USER --password-stdin
`

func runToken(u *ui, args []string) error {
	fs := newFlags(u, "token", "", tokenCmdHelp)
	if err := parse(u, fs, args, 0); err != nil {
		return err
	}
	e, err := currentEntry(u)
	if err != nil {
		return err
	}
	warnExpiry(u, e, u.now())
	_, err = fmt.Fprintln(u.out, e.Token)
	return err
}

// currentEntry is the credential the helper would answer with: DXAI_TOKEN,
// else the keyring's (or the opt-in file's) entry. Nothing stored is a
// failure that says how to store one.
func currentEntry(u *ui) (credstore.Entry, error) {
	store, err := u.openStore()
	if err != nil {
		return credstore.Entry{}, err
	}
	e, _, err := store.Get()
	if errors.Is(err, credstore.ErrNotFound) {
		return e, errNoToken(true)
	}
	return e, err
}

// errNoToken is the one error token, exec and sync give when nothing is
// stored; envHelps says DXAI_TOKEN would do instead (not for sync, which
// writes the stored token into the files).
func errNoToken(envHelps bool) error {
	fix := `run "mvn-dxai init" first`
	if envHelps {
		fix += ", or set " + credstore.EnvToken
	}
	return hint.New(fix, "no token is stored")
}
