package main

// This file decides the form init writes dxai's <server> in: the token
// itself, or ${env.DXAI_TOKEN}. Like --server-id, the choice is
// remembered, so a later init (and every fix that says to run one) never
// turns a file the user keeps without a secret back into plain text.

import (
	"github.com/dynamixs-ai/dxai/credstore"
	"github.com/dynamixs-ai/dxai/internal/hint"
	"github.com/dynamixs-ai/dxai/internal/state"
)

// formFlags are init's --plaintext and --no-plaintext.
type formFlags struct {
	plaintext, noPlaintext bool
}

// check refuses both at once.
func (f formFlags) check() error {
	if f.plaintext && f.noPlaintext {
		return hint.Usage("--plaintext and --no-plaintext contradict each other", "drop one of them: --plaintext writes the token into settings.xml, --no-plaintext writes "+EnvPassword)
	}
	return nil
}

// settingsForm is the form init writes the <server> in the settings file
// in: a flag's; else the one the record rec holds for that file; else the
// one init last wrote into any file (as the server id is remembered);
// else the token itself. Without a keyring (envOnly) it is always
// ${env.DXAI_TOKEN}, as there is no token to write; that form is not a
// choice, so it is not remembered (state.Server.EnvOnly): only
// --no-plaintext is. remembered says the form came from the record.
func settingsForm(f formFlags, rec state.Record, settings string, envOnly bool) (form state.Form, remembered bool, err error) {
	switch {
	case envOnly && f.plaintext:
		return "", false, hint.Usage("--plaintext needs a stored token, and with "+credstore.EnvToken+" set and no keyring init stores none",
			`run "mvn-dxai init" without --plaintext: Maven reads `+credstore.EnvToken+" through "+EnvPassword)
	case envOnly || f.noPlaintext:
		return state.FormEnv, false, nil
	case f.plaintext:
		return state.FormToken, false, nil
	}
	c, ok := rec.Find(state.MavenSettings, settings)
	if !ok {
		if cs := rec.Of(state.MavenSettings); len(cs) > 0 {
			c = cs[0] // the newest: state.Record.Put puts it first
		}
	}
	if len(c.Servers) > 0 && c.Servers[0].Form == state.FormEnv && !c.Servers[0].EnvOnly {
		return state.FormEnv, true, nil
	}
	return state.FormToken, false, nil
}

// formSaid is how init's note names the form it wrote.
func formSaid(form state.Form, envOnly bool) string {
	switch {
	case form == state.FormToken:
		return "the token in plain text, file mode 0600"
	case envOnly:
		return "password " + EnvPassword + ", which Maven reads from " + credstore.EnvToken
	}
	return "password " + EnvPassword + `; run Maven with "mvn-dxai exec -- mvn …"`
}
