package doctor

import (
	"errors"
	"fmt"

	"github.com/dynamixs-ai/dxai/credstore"
	"github.com/dynamixs-ai/dxai/internal/expiry"
	"github.com/dynamixs-ai/dxai/internal/hint"
	"github.com/dynamixs-ai/dxai/tokenshape"
)

// doctorNewTokenFix is what to do about a token GitHub Packages will not take.
const doctorNewTokenFix = "create a classic token with read:packages and write:packages at " + tokenshape.NewTokenURL + expiry.ThenStore

// keyring checks that the keyring answers and holds our entry (or that
// DXAI_TOKEN stands in for it), and what kind of token that is.
func (d *doctor) keyring() {
	envTok := d.env.Getenv(credstore.EnvToken)
	store, err := d.env.OpenStore()
	if err != nil {
		d.bad("keyring", hint.Of(err), "keyring: %v", err)
	} else {
		d.keyringEntry(store, envTok != "")
	}

	if e, ok := credstore.EnvEntry(d.env.Getenv); ok { // DXAI_TOKEN wins without a keyring call
		d.entry = e
		switch {
		case d.stored.Token != "" && d.stored.Token != e.Token:
			d.warn("token.source", "unset "+credstore.EnvToken+" to use the keyring's token, or store this one with \"mvn-dxai init\"",
				"token: %s (%s) overrides the keyring's %s for docker-credential-dxai and mvn-dxai exec",
				credstore.EnvToken, tokenshape.Mask(e.Token), tokenshape.Mask(d.stored.Token))
		default:
			d.ok("token.source", "token: %s is set (%s for %s): docker-credential-dxai and mvn-dxai exec use it, not the keyring",
				credstore.EnvToken, tokenshape.Mask(e.Token), e.Username)
		}
	} else {
		d.entry = d.stored
	}
	if d.entry.Token != "" {
		d.tokenShape(d.entry.Token)
	}
}

// keyringEntry reads the keyring entry and reports on the keyring and the
// entry. withEnv says DXAI_TOKEN is set, which makes a missing keyring
// harmless.
func (d *doctor) keyringEntry(store *credstore.Store, withEnv bool) {
	// where names the store the entry lines speak of: the keyring, or the
	// plain-text file that stands in for it (then the keyring is not
	// asked, so nothing may say it is reachable).
	where, fromFile := "keyring", store.Backend() == credstore.FromFile
	if fromFile {
		where = "token file"
		d.warn("keyring.file", `once a keyring runs here, move the token into it with "mvn-dxai init" (without --insecure-storage)`,
			"keyring: not used: the token is kept in plain text in %s (--insecure-storage)", d.path(store.File.Path))
	}
	e, err := store.GetKeyring()
	d.view = d.env.CompareWith(store, e, err)
	var unavailable *credstore.UnavailableError
	var corrupt *credstore.CorruptError
	isCorrupt, notFound := errors.As(err, &corrupt), errors.Is(err, credstore.ErrNotFound)
	switch {
	case errors.As(err, &unavailable) && withEnv:
		d.warn("keyring", unavailable.Fix(), "keyring: cannot use it: %s; %s stands in for it", unavailable.Reason, credstore.EnvToken)
		return
	case errors.As(err, &unavailable):
		d.bad("keyring", unavailable.Fix(), "keyring: cannot use it: %s", unavailable.Reason)
		return
	case err != nil && !notFound && !isCorrupt:
		d.bad("keyring", "check that your keyring is running and unlocked", "keyring: %v", err)
		return
	}
	if !fromFile {
		d.ok("keyring", "keyring: reachable")
	}
	switch {
	case notFound && withEnv:
		d.skip("keyring.entry", "%s: no dxai token stored; %s is used instead", where, credstore.EnvToken)
	case notFound:
		d.bad("keyring.entry", fmt.Sprintf(`run "mvn-dxai init" (or "docker login %s", which stores the token through the helper)`, d.t.Served[0]),
			"%s: no dxai token stored, so docker and Maven are not logged in to GitHub Packages", where)
	case isCorrupt:
		d.bad("keyring.entry", corrupt.Fix(), "%s: %v", where, corrupt)
	default:
		d.stored = e
		d.ok("keyring.entry", "%s: token %s for %s", where, tokenshape.Mask(e.Token), e.Username)
	}
}

// tokenShape tells the token's kind from its shape, offline.
func (d *doctor) tokenShape(tok string) {
	kind, warnings, err := tokenshape.Check(tok)
	d.kind = kind
	if err != nil {
		d.badShape = true
		d.bad("token.type", initFix(err), "token: %v", err)
		return
	}
	switch kind {
	case tokenshape.Classic, tokenshape.Legacy:
		d.ok("token.type", "token: %s is a %s", tokenshape.Mask(tok), kind)
	case tokenshape.FineGrained:
		d.warn("token.type", doctorNewTokenFix,
			"token: %s is a fine-grained personal access token; GitHub Packages documents classic tokens only, and ghcr.io answers fine-grained ones with \"denied: denied\"",
			tokenshape.Mask(tok))
	case tokenshape.Installation:
		d.warn("token.type", "on a workstation, "+doctorNewTokenFix,
			"token: %s is a GitHub App installation token (ghs_, like GITHUB_TOKEN in Actions): it expires within hours",
			tokenshape.Mask(tok))
	default:
		d.warn("token.type", doctorNewTokenFix,
			"token: %s is a %s; GitHub Packages documents classic personal access tokens only", tokenshape.Mask(tok), kind)
	}
	// Check's first warning, when there are more than the kind's own, is
	// about the length.
	kindWarns := 0
	if kind == tokenshape.FineGrained || kind == tokenshape.Installation {
		kindWarns = 1
	}
	if len(warnings) > kindWarns {
		d.warn("token.length", initFix(warnings[0]), "token: %v", warnings[0])
	}
}

// initFix is a token-shape error's own fix (tokenshape's errors and
// warnings know it), ending in the command that stores the right token.
func initFix(err error) string {
	return hint.Of(err) + expiry.ThenStore
}
