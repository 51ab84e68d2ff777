package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/dynamixs-ai/dxai/credstore"
	"github.com/dynamixs-ai/dxai/internal/expiry"
	"github.com/dynamixs-ai/dxai/internal/hint"
	"github.com/dynamixs-ai/dxai/internal/product"
	"github.com/dynamixs-ai/dxai/internal/state"
	"github.com/dynamixs-ai/dxai/tokencheck"
	"github.com/dynamixs-ai/dxai/tokenshape"
)

// Org is the GitHub organisation whose packages dxai is for.
const Org = product.Org

// onlineCheck proves the token before it is stored: GitHub knows it (and
// says whose it is), it has read:packages, it is authorised for the org's
// SSO, and every served registry accepts it the way docker login does. It
// returns the token's login and expiry date (zero: GitHub gave none). A network failure is said to be one, never
// mistaken for a bad token. fromEnv says the token is DXAI_TOKEN's: a fix
// then ends in setting the variable (expiry.ThenUse). offline is the
// command that skips the checks, asked only when one cannot be made
// (offlineFix).
func onlineCheck(u *ui, apiURL, username, tok string, kind tokenshape.Kind, served []string, fromEnv bool, offline func() string) (string, time.Time, error) {
	then := expiry.ThenUse(fromEnv)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	client := &tokencheck.Client{APIURL: apiURL, HTTP: u.http,
		FromEnv: apiURL == tokencheck.APIURLFrom(u.getenv) && apiURL != tokencheck.DefaultAPIURL}
	info, err := client.User(ctx, tok)
	if err != nil {
		return "", time.Time{}, onlineError(err, then, offline)
	}
	login := info.Login
	if username != "" && !strings.EqualFold(username, login) {
		u.warn("the token belongs to %s, not %s; using %s", login, username, login)
	}
	if missing := info.MissingScopes("read:packages"); len(missing) > 0 {
		return "", time.Time{}, hint.New("edit the token at https://github.com/settings/tokens, tick read:packages (and write:packages to publish)"+then,
			"the token has no read:packages scope, so the registries answer UNAUTHORIZED (it has: %s)", scopeList(info.Scopes))
	}
	if info.ScopesKnown && !info.HasScope("write:packages") {
		u.note("the token can read packages; publishing needs write:packages too")
	}
	if !info.Expires.IsZero() {
		left := info.Expires.Sub(u.now())
		when := info.Expires.Local().Format("2006-01-02 15:04")
		switch expiry.Of(info.Expires, u.now()) {
		case expiry.Expired:
			return "", time.Time{}, hint.New(expiry.FixFor(fromEnv), "the token expired on %s", when)
		case expiry.Expiring:
			u.warn("the token expires on %s, in %s", when, left.Round(time.Hour))
			u.hint("create its successor at %s before then%s", tokenshape.NewTokenURL, then)
		default:
			u.note("the token expires on %s", when)
		}
	}
	if err := client.CheckOrg(ctx, tok, Org); err != nil {
		var sso *tokencheck.SSOError
		switch {
		case errors.As(err, &sso):
			return "", time.Time{}, hint.New("open "+sso.URL+" to authorise the token for "+Org+" (or: Settings → Developer settings → Personal access tokens → Configure SSO)"+then,
				"%s enforces SAML single sign-on and the token is not authorised for it", Org)
		case errors.Is(err, tokencheck.ErrNotMember), errors.Is(err, tokencheck.ErrMembershipPending), errors.Is(err, tokencheck.ErrOrgNotFound):
			u.warn("%v", err)
			u.hint("%s", hint.Of(err))
		default:
			return "", time.Time{}, onlineError(err, then, offline)
		}
	}
	for _, host := range served {
		if err := tokencheck.CheckRegistry(ctx, u.http, host, login, tok); err != nil {
			return "", time.Time{}, registryError(host, err, kind, then, offline)
		}
		u.note("%s accepts the token", host)
	}
	return login, info.Expires, nil
}

// offlineFix is the way past a GitHub or registry that cannot be reached:
// the same init (sameInit) with --offline, and the login, which init
// cannot learn offline: --username as given, else the one stored with the
// token, else the <username> init recorded, else a placeholder.
func offlineFix(u *ui, in initInput, store *credstore.Store, rec state.Record) string {
	username := in.username
	if username == "" {
		if old, err := store.GetKeyring(); err == nil {
			username = validLogin(old.Username)
		}
	}
	in.offline, in.username = true, cmp.Or(username, recordedUsername(rec))
	if in.username == "" {
		in.username = "LOGIN"
		return "skip the online checks (LOGIN is your GitHub login): " + sameInit(in)
	}
	return "skip the online checks: " + sameInit(in)
}

func scopeList(s []string) string {
	if len(s) == 0 {
		return "no scopes"
	}
	return strings.Join(s, ", ")
}

// onlineError explains a failed API call.
func onlineError(err error, then string, offline func() string) error {
	var netErr *tokencheck.NetworkError
	var urlErr *tokencheck.APIURLError
	switch {
	case errors.As(err, &netErr):
		return hint.New("check the network or proxy, or "+offline(), "%v", err)
	case errors.As(err, &urlErr):
		return err // it knows its fix
	case errors.Is(err, tokencheck.ErrPlainHTTP): // a redirect to http elsewhere
		return hint.New("use the server's https address, or "+offline(), "%v", err)
	case errors.Is(err, tokencheck.ErrBadCredentials):
		return hint.New("create a new classic token at "+tokenshape.NewTokenURL+then,
			"GitHub does not accept the token (401 Bad credentials): it is mistyped, expired or revoked")
	}
	return hint.New("try again later, or "+offline(), "%v", err)
}

// registryError explains a registry refusing the token.
func registryError(host string, err error, kind tokenshape.Kind, then string, offline func() string) error {
	var denied *tokencheck.DeniedError
	var netErr *tokencheck.NetworkError
	switch {
	case errors.As(err, &denied) && kind == tokenshape.FineGrained:
		return hint.New("create a classic token with read:packages at "+tokenshape.NewTokenURL+then,
			"%s refuses the fine-grained token (denied: denied): GitHub Packages documents classic tokens only", host)
	case errors.As(err, &denied):
		return hint.New("create a new classic token with read:packages at "+tokenshape.NewTokenURL+then,
			"%s refuses the token (denied: denied): it is revoked, expired or not a classic personal access token", host)
	case errors.As(err, &netErr):
		return hint.New("check the network or proxy, or "+offline(), "%v", err)
	case errors.Is(err, tokencheck.ErrPlainHTTP):
		return hint.New("use the registry's https address, or "+offline(), "%s: %v", host, err)
	}
	// What the check knows about its failure (a plain-http registry) wins.
	return hint.Wrap(fmt.Errorf("%s: %w", host, err), "try again later, or "+offline())
}
