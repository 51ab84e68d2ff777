package main

import (
	"errors"
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
	t, err := parseTargets(u, fs, &tf, args)
	if err != nil {
		return err
	}
	store, err := openStore()
	if err != nil {
		return err
	}
	// Both files are parsed before either is edited: if one is malformed,
	// nothing changes and the token stays where it is.
	if _, err := preflight(t); err != nil {
		return err
	}
	var edited []string
	if t.settings != "" {
		n, err := removeServer(t.settings, t.serverID)
		if err != nil {
			return err
		}
		if n > 0 {
			u.note("removed <server> %s from %s", t.serverID, u.path(t.settings))
			edited = append(edited, u.path(t.settings))
		}
	}
	if t.docker != "" {
		removed, err := unwireDocker(t.docker, t.served)
		if err != nil {
			return err
		}
		if len(removed) > 0 {
			u.note("removed credHelpers %s from %s", strings.Join(removed, ", "), u.path(t.docker))
			edited = append(edited, u.path(t.docker))
		}
	}
	if removeGradle(u, t.state) {
		edited = append(edited, "the Gradle init script")
	}
	if !tf.noMaven && !tf.noDocker {
		if err := state.Remove(); err != nil {
			u.warn("could not remove the setup record: %v", err)
			p, _ := state.Path()
			u.hint("delete %s by hand; \"mvn-dxai init\" writes it again", u.path(p))
		}
	}
	removed, err := store.Delete()
	var unavailable *credstore.UnavailableError
	switch {
	case err != nil && len(edited) > 0 && errors.As(err, &unavailable):
		// The files are clean; only the keyring entry is left.
		u.line("error", "removed dxai from %s, but the keyring could not be reached, so the token is still stored there: %s",
			strings.Join(edited, " and "), unavailable.Reason)
		u.hint("%s", unavailable.Fix)
		u.hint(`once the keyring can be reached, run "mvn-dxai logout" again to remove the token`)
		return exitCode(1)
	case err != nil:
		return err
	}
	if removed {
		u.note("removed the token from the keyring")
	}
	if len(edited) == 0 && !removed {
		u.note("nothing to remove: not set up")
	}
	return nil
}
