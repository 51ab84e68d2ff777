package main

import (
	"errors"
	"slices"
	"strings"

	"github.com/dynamixs-ai/dxai/credstore"
	"github.com/dynamixs-ai/dxai/dockerconfig"
	"github.com/dynamixs-ai/dxai/internal/state"
	"github.com/dynamixs-ai/dxai/settingsxml"
)

const logoutHelp = `Remove everything init recorded: the token from the keyring (or the
--insecure-storage file), the <server> entries dxai added to settings.xml
(from a <server> you had before, only the password dxai wrote), dxai's
credHelpers entries from the docker config, and the <servers> or
credHelpers that init created, if they are left empty. It says what it
removed and from where. Everything else in those files stays as it is.
`

func runLogout(u *ui, args []string) error {
	var tf targetFlags
	fs := newFlags(u, "logout", "[flags]", logoutHelp)
	addTargetFlags(fs, &tf)
	t, err := parseTargets(u, fs, &tf, args)
	if err != nil {
		return err
	}
	store, err := u.openStore()
	if err != nil {
		return err
	}
	t.sayRememberedID(u)
	copies := logoutCopies(u, t, tf)
	// Every file is parsed before any is edited: if one is malformed,
	// nothing changes and the token stays where it is.
	for _, c := range copies {
		if err := parseCopy(c); err != nil {
			return err
		}
	}
	rec := t.record
	var edited []string
	for _, c := range copies {
		switch c.Kind {
		case state.MavenSettings:
			changed, err := takeOutSettings(u, c, false)
			if err != nil {
				return err
			}
			if changed {
				edited = append(edited, u.path(c.Path))
			}
		case state.DockerConfig:
			removed, emptied, err := unwireDocker(c)
			if err != nil {
				return err
			}
			if len(removed) > 0 {
				u.note("removed credHelpers %s from %s", strings.Join(removed, ", "), u.path(c.Path))
				edited = append(edited, u.path(c.Path))
			}
			if emptied {
				u.note("removed the empty credHelpers that init had added to %s", u.path(c.Path))
			}
		case state.GradleInit:
			if removeGradle(u, c.Path) {
				edited = append(edited, u.path(c.Path))
			}
		}
		rec.Drop(c.Kind, c.Path)
	}

	fileHad := store.File != nil && store.File.Exists()
	_, keyringErr := (&credstore.Store{Keyring: store.Keyring}).GetKeyring()
	removed, err := store.Delete()
	for _, c := range rec.Of(state.TokenFile) {
		rec.Drop(c.Kind, c.Path)
	}
	if len(rec.Copies) == 0 {
		rec = state.Record{}
	}
	if serr := u.saveRecord(rec); serr != nil {
		u.warn("could not update the setup record: %v", serr)
		p, _ := u.recordPath()
		u.hint("delete %s by hand; \"mvn-dxai init\" writes it again", u.path(p))
	}
	var unavailable *credstore.UnavailableError
	switch {
	case err != nil && len(edited) > 0 && errors.As(err, &unavailable):
		// The files are clean; only the keyring entry is left.
		u.line("error", "removed dxai from %s, but the keyring could not be reached, so the token is still stored there: %s",
			strings.Join(edited, " and "), unavailable.Reason)
		u.hint("%s", unavailable.Fix())
		u.hint(`once the keyring can be reached, run "mvn-dxai logout" again to remove the token`)
		return exitCode(1)
	case err != nil:
		return err
	}
	if fileHad {
		u.note("removed the token from the plain-text file %s (--insecure-storage), and the file", u.path(store.File.Path))
	}
	if removed && keyringErr == nil {
		u.note("removed the token from the keyring")
	}
	if len(edited) == 0 && !removed {
		u.note("nothing to remove: not set up")
	}
	return nil
}

// logoutCopies are the copies logout removes: every one init recorded
// (but not the Maven or docker ones with --no-maven or --no-docker), and
// the files the flags name, as init would have written them, when the
// record does not list them.
func logoutCopies(u *ui, t targets, tf targetFlags) []state.Copy {
	var out []state.Copy
	for _, c := range t.record.Copies {
		switch {
		case c.Kind == state.MavenSettings && tf.noMaven, c.Kind == state.DockerConfig && tf.noDocker, c.Kind == state.TokenFile:
			continue
		}
		out = append(out, c)
	}
	if t.settings != "" {
		c, _ := t.record.Find(state.MavenSettings, t.settings)
		if !slices.ContainsFunc(c.Servers, func(s state.Server) bool { return s.ID == t.serverID }) {
			out = append(out, state.Copy{Kind: state.MavenSettings, Path: t.settings,
				Servers: []state.Server{{ID: t.serverID, Form: state.FormToken, Created: true}}})
		}
	}
	if t.docker != "" {
		if _, ok := t.record.Find(state.DockerConfig, t.docker); !ok {
			out = append(out, state.Copy{Kind: state.DockerConfig, Path: t.docker, CredHelpers: t.served})
		}
	}
	if len(t.record.Of(state.GradleInit)) == 0 {
		if path, _, err := gradleScript(u, t.record); err == nil {
			out = append(out, state.Copy{Kind: state.GradleInit, Path: path}) // removed only if dxai's
		}
	}
	return out
}

// parseCopy checks that a copy's file can be read and edited.
func parseCopy(c state.Copy) error {
	switch c.Kind {
	case state.MavenSettings:
		if _, _, err := settingsxml.Load(c.Path); err != nil {
			return settingsError(c.Path, err)
		}
	case state.DockerConfig:
		if _, _, err := dockerconfig.Load(c.Path); err != nil {
			return dockerError(err)
		}
	}
	return nil
}
