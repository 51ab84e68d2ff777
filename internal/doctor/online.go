package doctor

import (
	"cmp"
	"context"
	"errors"
	"strings"

	"github.com/dynamixs-ai/dxai/credstore"
	"github.com/dynamixs-ai/dxai/internal/product"
	"github.com/dynamixs-ai/dxai/registries"
	"github.com/dynamixs-ai/dxai/tokencheck"
	"github.com/dynamixs-ai/dxai/tokenshape"
)

// doctorTokensPage is where a user edits their tokens' scopes and SSO.
const doctorTokensPage = "https://github.com/settings/tokens"

// doctorNetworkFix is the way on when GitHub or a registry cannot be reached.
const doctorNetworkFix = "check the network, VPN or proxy (HTTPS_PROXY); \"mvn-dxai doctor --offline\" checks everything else"

// online asks GitHub about the token, then logs in to each registry with
// it as docker does.
func (d *doctor) online(ctx context.Context) {
	switch {
	case d.in.Offline:
		d.skip("online", "online checks skipped (--offline)")
		d.keptExpiry()
		return
	case d.entry.Token == "":
		d.skip("online", "online checks skipped: there is no token to check")
		return
	case d.badShape:
		d.skip("online", "online checks skipped: the token is malformed")
		return
	}
	api := tokencheck.APIURLFrom(d.env.Getenv)
	c := tokencheck.Client{APIURL: api, HTTP: d.env.HTTP, FromEnv: api != tokencheck.DefaultAPIURL}
	tok := d.entry.Token
	info, err := c.User(ctx, tok)
	if d.githubToken(info, err) {
		d.scopes(info)
		d.expiry(info)
		d.org(c.CheckOrg(ctx, tok, product.Org))
	}
	if d.t.Docker != "" {
		d.registries(ctx)
	}
}

// githubToken reports what GET /user said, and whether the later GitHub
// checks can run.
func (d *doctor) githubToken(info *tokencheck.UserInfo, err error) bool {
	var netErr *tokencheck.NetworkError
	var rate *tokencheck.RateLimitError
	var urlErr *tokencheck.APIURLError
	switch {
	case err == nil:
		d.ok("github.token", "GitHub: the token is valid, for %s", info.Login)
		return true
	case errors.As(err, &urlErr):
		d.bad("github.token", urlErr.Fix(), "GitHub: %v", err)
	case errors.Is(err, tokencheck.ErrPlainHTTP): // a redirect to http elsewhere
		d.bad("github.token", "set "+tokencheck.APIURLEnv+" to an https:// address, or unset it to use "+tokencheck.DefaultAPIURL, "GitHub: %v", err)
	case errors.Is(err, tokencheck.ErrBadCredentials):
		d.bad("github.token", newTokenFix(d.fromEnv), "GitHub: bad credentials: the token %s is mistyped, expired or revoked",
			tokenshape.Mask(d.entry.Token))
	case errors.As(err, &netErr):
		d.bad("github.token", doctorNetworkFix, "GitHub: cannot reach %s (%v): this is the network, not the token", netErr.Host, netErr.Err)
	case errors.As(err, &rate):
		d.warn("github.token", "wait, or run \"mvn-dxai doctor --offline\"", "GitHub: %v", rate)
	default:
		d.bad("github.token", "try again in a minute; \"mvn-dxai doctor --offline\" checks everything else", "GitHub: %v", err)
	}
	return false
}

// scopes checks that a classic token may read packages (and publish).
func (d *doctor) scopes(info *tokencheck.UserInfo) {
	has := strings.Join(info.Scopes, ", ")
	if has == "" {
		has = "none"
	}
	switch {
	case !info.ScopesKnown && d.kind == tokenshape.FineGrained:
		d.warn("github.scopes", newTokenFix(d.fromEnv), "scopes: GitHub reports none for a fine-grained token; GitHub Packages wants a classic token with read:packages")
	case !info.ScopesKnown:
		d.skip("github.scopes", "scopes: GitHub reports none for a %s", d.kind)
	case !info.HasScope("read:packages"):
		d.bad("github.scopes", "tick read:packages (and write:packages to publish) for the token at "+doctorTokensPage+", or "+newTokenFix(d.fromEnv),
			"scopes: the token lacks read:packages, so the registries answer UNAUTHORIZED or denied (it has: %s)", has)
	case !info.HasScope("write:packages"):
		d.warn("github.scopes", "tick write:packages for the token at "+doctorTokensPage+" if you publish packages",
			"scopes: the token lacks write:packages, which docker push and mvn deploy need (it has: %s)", has)
	default:
		d.ok("github.scopes", "scopes: %s", has)
	}
}

// org reports whether the token may act in the organization: authorized
// for its single sign-on, and its user a member.
func (d *doctor) org(err error) {
	var sso *tokencheck.SSOError
	var netErr *tokencheck.NetworkError
	var rate *tokencheck.RateLimitError
	switch {
	case err == nil:
		d.ok("github.org", "%s: member, and the token may act there (single sign-on is fine)", product.Org)
	case errors.As(err, &sso):
		fix := "on " + doctorTokensPage + ", choose Configure SSO next to the token and authorize " + product.Org
		if sso.URL != "" {
			fix = "authorize the token at " + sso.URL + " (the link works for an hour), or " + fix
		}
		d.bad("github.org", fix, "%s enforces SAML single sign-on and the token is not authorized for it: its private packages are invisible", product.Org)
	case errors.Is(err, tokencheck.ErrNotMember):
		d.warn("github.org", "ask an owner of "+product.Org+" to invite you, then accept the invitation",
			"%s: GitHub says you are not a member (or the token cannot see the membership): its private packages are invisible to you", product.Org)
	case errors.Is(err, tokencheck.ErrMembershipPending):
		d.warn("github.org", "accept it at https://github.com/orgs/"+product.Org+"/invitation",
			"%s: your invitation is still pending", product.Org)
	case errors.Is(err, tokencheck.ErrOrgNotFound):
		d.warn("github.org", "check "+tokencheck.APIURLEnv+" (GitHub Enterprise: https://HOST/api/v3)",
			"%s: GitHub does not know the organization, or the token cannot see it", product.Org)
	case errors.As(err, &netErr):
		d.bad("github.org", doctorNetworkFix, "%s: cannot reach %s (%v): this is the network, not the token", product.Org, netErr.Host, netErr.Err)
	case errors.As(err, &rate):
		d.warn("github.org", "wait, or run \"mvn-dxai doctor --offline\"", "%s: %v", product.Org, rate)
	default:
		d.bad("github.org", "try again in a minute; \"mvn-dxai doctor --offline\" checks everything else", "%s: %v", product.Org, err)
	}
}

// registries logs in to every served registry the way "docker login" does.
func (d *doctor) registries(ctx context.Context) {
	user := cmp.Or(d.entry.Username, credstore.PlaceholderUser)
	for _, host := range d.t.Served {
		name := "registry." + host
		err := tokencheck.CheckRegistry(ctx, d.env.HTTP, host, user, d.entry.Token)
		var denied *tokencheck.DeniedError
		var netErr *tokencheck.NetworkError
		switch {
		case err == nil:
			d.ok(name, "%s: accepts the token (docker login works)", host)
		case errors.As(err, &denied):
			said := "403"
			if denied.Code != "" {
				said = strings.ToLower(strings.ReplaceAll(denied.Code, "_", " ")) + ": " + denied.Message
			}
			d.bad(name, newTokenFix(d.fromEnv), "%s: refused the token with %q: it is revoked, expired or not a classic personal access token", host, said)
		case errors.Is(err, tokencheck.ErrBadCredentials):
			d.bad(name, "tick read:packages for the token at "+doctorTokensPage+", or "+newTokenFix(d.fromEnv),
				"%s: UNAUTHORIZED: the registry did not take the token; it needs a classic token with read:packages", host)
		case errors.As(err, &netErr):
			d.bad(name, doctorNetworkFix, "%s: cannot reach it (%v): this is the network, not the token", host, netErr.Err)
		default:
			d.bad(name, "check "+registries.EnvVar+", or try again later", "%s: %v", host, err)
		}
	}
}
