package main

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

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

// errLeave is what an edit returns to leave the settings file as it is.
var errLeave = errors.New("leave the file as it is")

// editServer runs edit on the settings file at path in one locked
// read-modify-write cycle. With secret (the <server> id holds the token
// itself) the file is written as a secret (see settingsxml.UpdateSecret):
// private from its first byte, narrowed even when unchanged, and refused
// where another user could read or swap it. edit returns how many <server>
// entries with id it matched, or errLeave to change nothing. editServer
// then warns about duplicate ids, and about a file holding the token that
// others could read before.
func editServer(u *ui, path, id string, secret bool, edit func(d *settingsxml.Doc) (int, error)) (changed bool, matched int, err error) {
	update := settingsxml.Update
	if secret {
		update = settingsxml.UpdateSecret
	}
	var before fs.FileMode
	if fi, err := os.Stat(path); err == nil {
		before = fi.Mode().Perm()
	}
	changed, err = update(path, func(d *settingsxml.Doc) error {
		var err error
		matched, err = edit(d)
		return err
	})
	if errors.Is(err, errLeave) {
		return false, 0, nil
	}
	if err != nil {
		return false, 0, settingsError(path, err)
	}
	if matched > 1 {
		u.warn("%s has %d <server> entries with id %s; all were updated", u.path(path), matched, id)
		u.hint("keep one of them: Maven uses the first, but not every Maven code path agrees")
	}
	if secret && matched > 0 && before&0o077 != 0 {
		u.warn("%s holds your token but was readable by others (mode %04o); it is now %04o",
			u.path(path), before, before&0o700)
	}
	return changed, matched, nil
}

// settingsError adds init's way out to a settings.xml failure that knows
// none: fix the file, or wire another, or none. Verbs that edit the files
// init recorded give it their own (settingsAgain).
func settingsError(path string, err error) error {
	if err == nil {
		return nil
	}
	return &settingsFailure{path: path, err: err}
}

// settingsFailure is a settings.xml failure, with the file's path for a
// verb's own way out (settingsAgain), which sets shown: the path as
// messages show it (ui.path), for the error to say it as its hint does.
type settingsFailure struct {
	path, shown string
	err         error
}

func (e *settingsFailure) Error() string {
	if e.shown == "" {
		return e.err.Error()
	}
	return strings.ReplaceAll(e.err.Error(), e.path, e.shown)
}
func (e *settingsFailure) Unwrap() error { return e.err }

// Fix is err's own fix, else init's.
func (e *settingsFailure) Fix() string {
	return cmp.Or(hint.Of(e.err), "fix the file (it was left exactly as it was), or point to another with --settings, or skip Maven with --no-maven")
}

// settingsAgain gives a settings.xml failure met by verb (logout, sync),
// which edits the files init recorded, its own way out when the failure
// knows none: mend the file (its line, when known), then run verb again.
// Another file (--settings) or none (--no-maven) would leave dxai's
// <server>, and the token, in this one.
func settingsAgain(u *ui, verb string, err error) error {
	return settingsThen(u, `run "mvn-dxai `+verb+`" again`, err)
}

// settingsThen is settingsAgain with what to run once the file is mended
// (then), for the handoff, which the user did not run.
func settingsThen(u *ui, then string, err error) error {
	var f *settingsFailure
	if errors.As(err, &f) {
		f.shown = u.path(f.path)
	}
	if f == nil || hint.Of(f.err) != "" {
		return err
	}
	return hint.New(fixLine(u, f.path, f.err)+" (it was left exactly as it was), then "+then, "%w", err)
}

// fixLine is "fix line N of FILE", or "fix FILE" when err does not locate
// the problem.
func fixLine(u *ui, path string, err error) string {
	var pe *settingsxml.ParseError
	if errors.As(err, &pe) && pe.Line > 0 {
		return fmt.Sprintf("fix line %d of %s", pe.Line, u.path(path))
	}
	return "fix " + u.path(path)
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
