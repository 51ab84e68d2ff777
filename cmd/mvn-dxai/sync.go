package main

import (
	"errors"

	"github.com/dynamixs-ai/dxai/credstore"
)

const syncHelp = `Rewrite the dynamixs-ai <server> in settings.xml from the keyring, after the
token changed. "docker login ghcr.io" with a new token does this by itself
for a settings.xml that init set up; sync is for everything else.
`

func runSync(u *ui, args []string) error {
	var tf targetFlags
	var noPlaintext bool
	fs := newFlags(u, "sync", "[flags]", syncHelp)
	fs.StringVar(&tf.settings, "settings", "", "Maven settings file (default: the one init used, else ~/.m2/settings.xml)")
	fs.StringVar(&tf.serverID, "server-id", "", "the <server> id (default: the one init used, else "+DefaultServerID+")")
	fs.BoolVar(&noPlaintext, "no-plaintext", false, "write ${env.DXAI_TOKEN} instead of the token")
	var afterStore bool
	fs.BoolVar(&afterStore, "after-store", false, "(run by docker-credential-dxai after docker login) update only a plain-text <server> that init wrote")
	t, err := parseTargets(u, fs, &tf, args)
	if err != nil {
		return err
	}
	if afterStore {
		return syncAfterStore(u, t)
	}
	store, err := openStore()
	if err != nil {
		return err
	}
	e, err := store.GetKeyring()
	if errors.Is(err, credstore.ErrNotFound) {
		return fail(`run "mvn-dxai init" first`, "no token in the keyring")
	}
	if err != nil {
		return err
	}
	plaintext := !noPlaintext
	if t.state.Settings != "" && tf.settings == "" && !noPlaintext {
		plaintext = t.state.Plaintext
	}
	changed, err := upsertServer(u, t.settings, serverFor(t.serverID, e, plaintext), false)
	if err != nil {
		return err
	}
	if changed {
		u.note("updated %s: <server> %s for %s", u.path(t.settings), t.serverID, e.Username)
	} else {
		u.note("%s is up to date", u.path(t.settings))
	}
	return nil
}

// syncAfterStore carries a token that docker login stored through the
// helper into the settings.xml that init set up with the token in plain
// text. It changes nothing unless that server entry is still there; the
// ${env.DXAI_TOKEN} form needs nothing.
func syncAfterStore(u *ui, t targets) error {
	st := t.state
	if st.Settings == "" || !st.Plaintext {
		return nil
	}
	store, err := openStore()
	if err != nil {
		return err
	}
	e, err := store.GetKeyring()
	if err != nil {
		return err
	}
	changed, err := upsertServer(u, st.Settings, serverFor(st.ServerID, e, true), true)
	if err != nil {
		return err
	}
	if changed {
		u.note("updated <server> %s in %s with the new token", st.ServerID, u.path(st.Settings))
	}
	return nil
}
