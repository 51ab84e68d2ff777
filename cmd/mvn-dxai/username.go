package main

import (
	"cmp"
	"errors"

	"github.com/dynamixs-ai/dxai/credstore"
	"github.com/dynamixs-ai/dxai/internal/hint"
	"github.com/dynamixs-ai/dxai/internal/state"
	"github.com/dynamixs-ai/dxai/settingsxml"
	"github.com/dynamixs-ai/dxai/tokenshape"
)

// chooseUsername picks the GitHub login: --username, else the one already
// stored with the same token, else the migrated docker credential's, else
// the one stored with the token this one replaces, else the one in the
// <server> init recorded, else asked for on the terminal.
func chooseUsername(u *ui, flagName, tok string, store *credstore.Store, migrated *credstore.Entry, rec state.Record) (string, error) {
	if flagName != "" {
		return flagName, nil
	}
	old, err := store.GetKeyring()
	if err == nil && old.Token == tok && old.Username != "" {
		return old.Username, nil
	}
	var unavailable *credstore.UnavailableError
	if errors.As(err, &unavailable) {
		return "", err
	}
	if migrated != nil && migrated.Token == tok && tokenshape.ValidLogin(migrated.Username) {
		return migrated.Username, nil
	}
	if name := cmp.Or(validLogin(old.Username), recordedUsername(rec)); name != "" {
		u.note("using the user name %s from your earlier init (--username changes it)", name)
		return name, nil
	}
	name, err := askUsername(u)
	if err != nil {
		return "", hint.Usage("your GitHub user name is needed", "pass --username NAME (your GitHub login)")
	}
	return name, nil
}

// validLogin is name when it is a GitHub login, else "".
func validLogin(name string) string {
	if tokenshape.ValidLogin(name) {
		return name
	}
	return ""
}

// recordedUsername is the <username> of the <server> init last wrote, as
// the record lists it, or "".
func recordedUsername(rec state.Record) string {
	path, id := rec.Settings()
	if id == "" {
		return ""
	}
	doc, _, err := settingsxml.Load(path)
	if err != nil {
		return ""
	}
	for _, s := range doc.Servers(id) {
		if n := validLogin(s.Username); n != "" {
			return n
		}
	}
	return ""
}
