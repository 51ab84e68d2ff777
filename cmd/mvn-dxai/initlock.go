package main

import (
	"errors"

	"github.com/dynamixs-ai/dxai/credstore"
	"github.com/dynamixs-ai/dxai/internal/hint"
)

// entrySeen is the stored entry as init saw it before it read the token,
// without the record's lock (see initCommand).
type entrySeen struct {
	username, token string
	found           bool
	unread          bool // the keyring could not be read then: nothing to compare with
}

// seeEntry is the stored entry as GetKeyring read it (e, err). One that
// could not be read (a locked keyring whose unlock prompt is still open, a
// timeout) is marked unread, so that checkUnchanged does not take a later
// successful read for a change.
func seeEntry(e credstore.Entry, err error) entrySeen {
	unread := err != nil && !errors.Is(err, credstore.ErrNotFound)
	return entrySeen{username: e.Username, token: e.Token, found: err == nil, unread: unread}
}

// checkUnchanged stops init when the stored entry is no longer the one
// seen before the token was read: a docker login (or logout, or another
// init) changed it while init waited for the user or for GitHub. Storing
// would silently replace that newer token, which the helper's handoff has
// already written into settings.xml. It runs just before init takes the
// record's lock: what the lock's other holders do while init waits for it
// is taking turns, as between two inits, and the later one wins. A store
// that cannot be read now is left to storeToken to report.
func (seen entrySeen) checkUnchanged(store *credstore.Store, in initInput) error {
	if seen.unread {
		return nil
	}
	e, err := store.GetKeyring()
	if err != nil && !errors.Is(err, credstore.ErrNotFound) {
		return nil
	}
	now := entrySeen{username: e.Username, token: e.Token, found: err == nil}
	if now == seen {
		return nil
	}
	stored, piped := in, in
	stored.tokenStdin, piped.tokenStdin = false, true
	return hint.New(`run "`+sameInit(stored)+`" to set up with the token stored now, or `+sameInit(piped)+` to replace it with yours`,
		"the stored token changed while init was reading yours (a docker login or another mvn-dxai stored or removed one meanwhile), so init changed nothing")
}
