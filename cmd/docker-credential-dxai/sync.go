package main

import (
	"fmt"
	"io"

	"github.com/dynamixs-ai/dxai/credstore"
	"github.com/dynamixs-ai/dxai/internal/state"
	"github.com/dynamixs-ai/dxai/settingsxml"
)

// syncMaven returns the hook that carries a token stored by docker login
// into the settings.xml that mvn-dxai init set up with the token in plain
// text, so rotating the token needs no other command. The ${env.…} form
// needs nothing. A failure here never fails the login: it is reported
// with the command that finishes the job.
func syncMaven(stderr io.Writer) func(old, new credstore.Entry) {
	return func(old, new credstore.Entry) {
		st, err := state.Load()
		if err != nil || st.Settings == "" || !st.Plaintext {
			return
		}
		changed, err := settingsxml.Update(st.Settings, func(d *settingsxml.Doc) error {
			if len(d.Servers(st.ServerID)) > 0 {
				d.Upsert(settingsxml.Server{ID: st.ServerID, Username: new.Username, Password: new.Token})
			}
			return nil
		})
		switch {
		case err != nil:
			fmt.Fprintf(stderr, "%s: warning: the new token is in the keyring, but %s was not updated: %v\n", name, st.Settings, err)
			fmt.Fprintf(stderr, "%s: hint: fix the file, then run \"mvn-dxai sync\"\n", name)
		case changed:
			fmt.Fprintf(stderr, "%s: updated <server> %s in %s with the new token\n", name, st.ServerID, st.Settings)
		}
	}
}
