package main

import (
	"fmt"
	"io/fs"
	"os"

	"github.com/dynamixs-ai/dxai/credstore"
	"github.com/dynamixs-ai/dxai/internal/hint"
	"github.com/dynamixs-ai/dxai/internal/product"
	"github.com/dynamixs-ai/dxai/settingsxml"
)

// The names this package shares with package doctor (see package product).
const (
	HelperName  = product.HelperName
	helperBin   = product.HelperBin
	EnvPassword = product.EnvPassword
)

// serverFor is the <server> entry for e.
func serverFor(id string, e credstore.Entry, plaintext bool) settingsxml.Server {
	s := settingsxml.Server{ID: id, Username: e.Username, Password: e.Token}
	if !plaintext {
		s.Password = EnvPassword
	}
	return s
}

// upsertServer writes our server into the settings file. A server with
// the token itself is written as a secret (see settingsxml.UpdateSecret):
// private from its first byte, and refused where another user could read
// or swap it. With onlyExisting it changes nothing unless a server with
// that id is already there.
func upsertServer(u *ui, path string, s settingsxml.Server, onlyExisting bool) (bool, error) {
	secret := s.Password != EnvPassword
	update := settingsxml.Update
	if secret {
		update = settingsxml.UpdateSecret
	}
	var before fs.FileMode
	if fi, err := os.Stat(path); err == nil {
		before = fi.Mode().Perm()
	}
	var matched int
	changed, err := update(path, func(d *settingsxml.Doc) error {
		if onlyExisting && len(d.Servers(s.ID)) == 0 {
			return nil
		}
		matched = d.Upsert(s)
		return nil
	})
	if err != nil {
		return false, settingsError(path, err)
	}
	if matched > 1 {
		u.warn("%s has %d <server> entries with id %s; all were updated", u.path(path), matched, s.ID)
		u.hint("keep one of them: Maven uses the first, but not every Maven code path agrees")
	}
	if secret && matched > 0 {
		if err := makePrivate(u, path, before); err != nil {
			return changed, err
		}
	}
	return changed, nil
}

// makePrivate gives a file that holds the token its owner bits only (a
// write has done so already; an unchanged file may still need it), saying
// so when it was readable by others before.
func makePrivate(u *ui, path string, before fs.FileMode) error {
	fi, err := os.Stat(path)
	if err != nil {
		return nil
	}
	if now := fi.Mode().Perm(); now&0o077 != 0 {
		if err := os.Chmod(path, now&0o700); err != nil {
			return fmt.Errorf("making %s private: %w", path, err)
		}
	}
	if before&0o077 != 0 {
		u.warn("%s holds your token but was readable by others (mode %04o); it is now %04o",
			u.path(path), before, before&0o700)
	}
	return nil
}

// settingsError adds the way out to a settings.xml failure: the one the
// error knows (a refused file or a held lock), else fixing the file.
func settingsError(path string, err error) error {
	if err == nil {
		return nil
	}
	return hint.Wrap(err, "fix the file (it was left exactly as it was), or point to another with --settings, or skip Maven with --no-maven")
}

// dockerError adds the way out to a docker config failure, as
// settingsError does.
func dockerError(err error) error {
	if err == nil {
		return nil
	}
	return hint.Wrap(err, "fix the file (it was left exactly as it was), or skip Docker with --no-docker")
}

func arrows(hosts []string) string { return product.Arrows(hosts) }
