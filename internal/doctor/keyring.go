package doctor

import (
	"errors"
	"fmt"

	"github.com/dynamixs-ai/dxai/credstore"
	"github.com/dynamixs-ai/dxai/internal/expiry"
	"github.com/dynamixs-ai/dxai/internal/hint"
	"github.com/dynamixs-ai/dxai/internal/product"
	"github.com/dynamixs-ai/dxai/internal/state"
	"github.com/dynamixs-ai/dxai/tokenshape"
)

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

	d.entry = d.stored
	if e, ok := credstore.EnvEntry(d.env.Getenv); ok { // DXAI_TOKEN wins without a keyring call
		d.entry, d.fromEnv = e, true
	}
	for _, c := range TokenChecks(d.entry, d.fromEnv, d.stored) {
		c.Message = "token: " + c.Message
		d.add(c)
	}
	if d.entry.Token != "" {
		var err error
		d.kind, _, err = tokenshape.Check(d.entry.Token)
		d.badShape = err != nil
	}
}

// NoTokenFix is the one way on, in doctor, status and sync, when no token
// is stored: with init's setup still recorded (docker logout removed the
// token), store one or remove the rest; with none, run init.
func NoTokenFix(rec state.Record) string {
	if len(rec.Copies) > 0 {
		return expiry.StoreOrLogout
	}
	return product.RunInit
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
		d.warn("keyring.file", credstore.MoveToKeyringFix,
			"keyring: not used: the token is kept in plain text in %s (--insecure-storage)", d.path(store.File.Path))
	}
	e, err := store.GetKeyring()
	d.view = d.env.CompareWith(store, e, err)
	var unavailable *credstore.UnavailableError
	var corrupt *credstore.CorruptError
	isCorrupt, notFound := errors.As(err, &corrupt), errors.Is(err, credstore.ErrNotFound)
	switch {
	case errors.As(err, &unavailable) && withEnv:
		d.warn("keyring", unavailable.KeyringFix(), "keyring: cannot use it: %s; %s stands in for it", unavailable.Reason, credstore.EnvToken)
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
	case notFound && len(d.t.Record.Copies) > 0:
		d.bad("keyring.entry", NoTokenFix(d.t.Record),
			"%s: no dxai token stored, so docker and Maven are not logged in to GitHub Packages", where)
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

// NoLogin ends a line about a DXAI_TOKEN that came without a user name
// (credstore.Entry.NoLogin): the placeholder docker gets is not shown as
// the user's.
var NoLogin = fmt.Sprintf("with no user name: %s is not set, so docker gets %q (GitHub's registries accept any user name with a valid token)",
	credstore.EnvUsername, credstore.PlaceholderUser)

// TokenChecks are the offline checks of the token docker and exec get,
// entry, which DXAI_TOKEN gives when fromEnv: whether it overrides the
// stored token (stored; no Token when there is none or it was not read),
// and whether it has a token's shape. doctor shows them all, status those
// that are not OK; their messages leave out the "token: " doctor puts
// before them.
func TokenChecks(entry credstore.Entry, fromEnv bool, stored credstore.Entry) []Check {
	var out []Check
	add := func(name string, st Status, fix, format string, args ...any) {
		out = append(out, Check{Name: name, Status: st, Message: sprintf(format, args...), Fix: fix})
	}
	if fromEnv {
		switch {
		case stored.Token != "" && stored.Token != entry.Token:
			// Storing it is a way out only for a token init would take.
			fix := "unset " + credstore.EnvToken + " to use the keyring's token"
			if _, _, err := tokenshape.ForSharedEntry(entry.Token); err == nil {
				fix += ", or store this one with \"mvn-dxai init\""
			}
			add("token.source", Warn, fix,
				"%s (%s) overrides the keyring's %s for docker-credential-dxai and mvn-dxai exec",
				credstore.EnvToken, tokenshape.Mask(entry.Token), tokenshape.Mask(stored.Token))
		case entry.NoLogin:
			add("token.source", OK, "", "%s is set (%s): docker-credential-dxai and mvn-dxai exec use it, not the keyring, %s",
				credstore.EnvToken, tokenshape.Mask(entry.Token), NoLogin)
		default:
			add("token.source", OK, "", "%s is set (%s for %s): docker-credential-dxai and mvn-dxai exec use it, not the keyring",
				credstore.EnvToken, tokenshape.Mask(entry.Token), entry.Username)
		}
	}
	if entry.Token == "" {
		return out
	}
	tok := entry.Token
	kind, warnings, err := tokenshape.Check(tok)
	newTokenFix := newTokenFix(fromEnv)
	if err == nil {
		// ghp_ and too few characters is no classic token, only a bad
		// copy: GitHub would refuse it, as init does.
		err = tokenshape.Fits(tok)
	}
	if err != nil {
		add("token.type", Fail, hint.Of(err)+expiry.ThenUse(fromEnv), "%v", err)
		return out
	}
	switch kind {
	case tokenshape.Classic, tokenshape.Legacy:
		add("token.type", OK, "", "%s is a %s", tokenshape.Mask(tok), kind)
	case tokenshape.FineGrained:
		add("token.type", Warn, newTokenFix,
			"%s is a fine-grained personal access token; GitHub Packages documents classic tokens only, and ghcr.io answers fine-grained ones with \"denied: denied\"",
			tokenshape.Mask(tok))
	case tokenshape.Installation:
		add("token.type", Warn, "on a workstation, "+newTokenFix,
			"%s is a GitHub App installation token (ghs_, like GITHUB_TOKEN in Actions): it expires within hours",
			tokenshape.Mask(tok))
	default:
		add("token.type", Warn, newTokenFix,
			"%s is a %s; GitHub Packages documents classic personal access tokens only", tokenshape.Mask(tok), kind)
	}
	// Check's first warning, when there are more than the kind's own, is
	// about the length.
	kindWarns := 0
	if kind == tokenshape.FineGrained || kind == tokenshape.Installation {
		kindWarns = 1
	}
	if len(warnings) > kindWarns {
		add("token.length", Warn, hint.Of(warnings[0])+expiry.ThenUse(fromEnv), "%v", warnings[0])
	}
	return out
}

// newTokenFix is what to do about a token GitHub Packages will not take,
// ending in how to put the new one in use (see expiry.ThenUse).
func newTokenFix(fromEnv bool) string {
	return "create a classic token with read:packages and write:packages at " + tokenshape.NewTokenURL + expiry.ThenUse(fromEnv)
}
