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
		return e, errNoToken()
	}
	return e, err
}

// errNoToken is the one error token, exec and kube-secret give when
// nothing is stored, where DXAI_TOKEN would do instead (sync's is
// doctor.NoTokenFix: it writes the stored token into the files).
func errNoToken() error {
	return hint.New(`run "mvn-dxai init" first, or set `+credstore.EnvToken, "no token is stored")
}
