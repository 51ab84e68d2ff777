package main

import (
	"strings"

	"github.com/dynamixs-ai/dxai/credstore"
	"github.com/dynamixs-ai/dxai/internal/state"
)

const logoutHelp = `Remove the token from the keyring, the dynamixs-ai <server> from settings.xml
and dxai's credHelpers entries from the docker config. Everything else in
those files stays as it is.
`

func runLogout(u *ui, args []string) error {
	var tf targetFlags
	fs := newFlags(u, "logout", "[flags]", logoutHelp)
	addTargetFlags(fs, &tf)
	if err := parse(u, fs, args, 0); err != nil {
		return err
	}
	t, err := tf.resolve()
	if err != nil {
		return err
	}
	// Files first: if one is malformed, the token stays where it is.
	var did bool
	if t.settings != "" {
		n, err := removeServer(t.settings, t.serverID)
		if err != nil {
			return err
		}
		if n > 0 {
			u.note("removed <server> %s from %s", t.serverID, u.path(t.settings))
			did = true
		}
	}
	if t.docker != "" {
		removed, err := unwireDocker(t.docker, t.served)
		if err != nil {
			return err
		}
		if len(removed) > 0 {
			u.note("removed credHelpers %s from %s", strings.Join(removed, ", "), u.path(t.docker))
			did = true
		}
	}
	store, err := credstore.Open()
	if err != nil {
		return err
	}
	removed, err := store.Delete()
	if err != nil {
		return err
	}
	if removed {
		u.note("removed the token from the keyring")
		did = true
	}
	if !tf.noMaven && !tf.noDocker {
		if err := state.Remove(); err != nil {
			u.warn("could not remove the setup record: %v", err)
		}
	}
	if !did {
		u.note("nothing to remove: not set up")
	}
	return nil
}
