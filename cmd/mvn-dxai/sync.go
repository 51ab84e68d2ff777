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
	t, err := parseTargets(u, fs, &tf, args)
	if err != nil {
		return err
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
