package main

import (
	"errors"
	"slices"

	"github.com/dynamixs-ai/dxai/credstore"
	"github.com/dynamixs-ai/dxai/internal/doctor"
	"github.com/dynamixs-ai/dxai/internal/handoff"
	"github.com/dynamixs-ai/dxai/internal/hint"
	"github.com/dynamixs-ai/dxai/internal/state"
	"github.com/dynamixs-ai/dxai/settingsxml"
)

const syncHelp = `Rewrite every <server> that holds the token in plain text, in every
settings.xml init recorded, from the keyring, after the token changed.
"docker login ghcr.io" with a new token does this by itself; sync is for
everything else. To wire another file or server id, run "mvn-dxai init".
`

func runSync(u *ui, args []string) error {
	var tf targetFlags
	var noPlaintext, afterStore bool
	fs := newFlags(u, "sync", "[flags]", syncHelp)
	fs.StringVar(&tf.settings, "settings", "", "update only this Maven settings `file`, which init must have set up")
	fs.StringVar(&tf.serverID, "server-id", "", "update only the <server> with this id, which init must have set up")
	fs.BoolVar(&noPlaintext, "no-plaintext", false, `(moved to init) switch to ${env.DXAI_TOKEN} with "mvn-dxai init --no-plaintext"`)
	// --after-store is how helpers from before the handoff contract ran
	// sync; such a helper is refused with both versions named.
	fs.BoolVar(&afterStore, "after-store", false, "(run by docker-credential-dxai from before the handoff contract)")
	if err := parse(u, fs, args, 0); err != nil {
		return err
	}
	// The record's lock, held from before the keyring is read to the end
	// (see state.Held): an init or logout running meanwhile changes the
	// keyring and the copies as one unit, before or after this sync, so
	// sync never writes a token read before init stored another.
	held, err := u.holdRecord()
	if err != nil {
		return err
	}
	defer held.Release()
	t, err := tf.resolve(u)
	if err != nil {
		return err
	}
	if afterStore {
		return contractError(u, &handoff.MismatchError{OurVersion: buildVersion()})
	}
	if noPlaintext {
		return hint.Usage("sync keeps each copy in the form init wrote it", `to switch to ${env.DXAI_TOKEN}, run "mvn-dxai init --no-plaintext"`)
	}
	store, err := u.openStore()
	if err != nil {
		return err
	}
	e, err := store.GetKeyring()
	if errors.Is(err, credstore.ErrNotFound) {
		return hint.New(doctor.NoTokenFix(t.record), "no token is stored")
	}
	if err != nil {
		return err
	}
	copies := t.record.Of(state.MavenSettings)
	if tf.settings != "" || tf.serverID != "" {
		copies = slices.DeleteFunc(copies, func(c state.Copy) bool {
			if tf.settings != "" && c.Path != t.settings {
				return true
			}
			c.Servers = slices.DeleteFunc(c.Servers, func(s state.Server) bool { return tf.serverID != "" && s.ID != tf.serverID })
			return len(c.Servers) == 0
		})
		if len(copies) == 0 {
			return hint.New(`run "mvn-dxai init`+u.doctorEnv().InitFlags(t.record, t.settings, t.serverID)+`" to set it up: init records it, and every later change of the token reaches it`,
				"init did not set up %s with <server> %s, so sync does not write there", u.path(t.settings), t.serverID)
		}
	}
	if len(copies) == 0 {
		return hint.New(`run "mvn-dxai init" first`, "init has set up no settings.xml here, so there is nothing to sync")
	}
	t.sayRememberedID(u)
	failed := false
	for _, c := range copies {
		updated, gone, err := refreshCopy(u, c, e)
		if err != nil {
			return settingsAgain(u, "sync", err)
		}
		for _, id := range updated {
			u.note("updated %s: <server> %s for %s", u.path(c.Path), id, e.Username)
		}
		// Not up to date, whatever else in the file is.
		sayGone(u, "error", t.record, c, gone)
		failed = failed || len(gone) > 0
		switch {
		case len(gone) > 0:
		case !c.HoldsToken():
			u.note("%s is up to date: its <server> takes the token from %s", u.path(c.Path), EnvPassword)
		case len(updated) == 0:
			u.note("%s is up to date", u.path(c.Path))
		}
	}
	if failed {
		return exitCode(1)
	}
	return nil
}

// refreshCopy writes e into every server of copy c that holds the token.
// It reports the ids it updated, and the ids of recorded servers that are
// gone (with the file, or from it), whatever their form, for the caller
// to say (sayGone).
func refreshCopy(u *ui, c state.Copy, e credstore.Entry) (updated, gone []string, err error) {
	doc, exists, err := settingsxml.Load(c.Path)
	if err != nil {
		return nil, nil, settingsError(c.Path, err)
	}
	for _, s := range c.Servers {
		if !exists || len(doc.Servers(s.ID)) == 0 {
			gone = append(gone, s.ID)
		}
	}
	if !exists {
		return nil, gone, nil
	}
	updated, err = refreshSettings(u, c, e)
	return updated, gone, err
}

// sayGone says, as a line of kind ("error" where it fails the command,
// else "warning"), that each recorded <server> of copy c in gone is gone,
// with the init command that writes it again, the fix doctor and status
// give too.
func sayGone(u *ui, kind string, rec state.Record, c state.Copy, gone []string) {
	for _, id := range gone {
		u.line(kind, "<server> %s, which init wrote into %s, is gone", id, u.path(c.Path))
		u.hint("%s", u.doctorEnv().InitFix(rec, c))
	}
}

// contractError prints a handoff contract mismatch and exits with the
// contract's status.
func contractError(u *ui, err error) error {
	u.printError(err)
	return exitCode(handoff.ExitContract)
}
