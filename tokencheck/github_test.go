package tokencheck_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dynamixs-ai/dxai/internal/testing/fakes"
	"github.com/dynamixs-ai/dxai/tokencheck"
)

// Test tokens: classic ones are 40 characters, like real ones, so Check has
// nothing to warn about.
var (
	goodPAT   = pat("GoodG00d", "0001")
	scopeless = pat("NoPackag", "0002")
	expiring  = pat("Expiring", "0003")
	offset    = pat("OffsetOf", "0004")
	ssoPAT    = pat("SamlSsoS", "0005")
	limited   = pat("RateLimi", "0006")
	outsider  = pat("Outsider", "0007")
	badPAT    = pat("BadBadBa", "0008")
	finePAT   = "github_pat_11AAAAAAA0FineGrained0_" + strings.Repeat("FineGrainedToken", 4)[:59]
)

const org = "dynamixs-ai"

// pat makes a 40-character classic token: ghp_, word four times, suffix.
func pat(word, suffix string) string { return "ghp_" + strings.Repeat(word, 4) + suffix }

var expiry = time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)

// newAPI starts the fake api.github.com with one token per scenario.
func newAPI(t *testing.T) (*fakes.GitHubAPI, *tokencheck.Client) {
	t.Helper()
	g, err := fakes.NewGitHubAPI(org)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = g.Close() })
	member := []string{org}
	g.SetToken(goodPAT, fakes.APIToken{Login: "octocat", Scopes: []string{"read:packages", "repo"}, Orgs: member})
	g.SetToken(scopeless, fakes.APIToken{Login: "octocat", Scopes: []string{"repo"}, Orgs: member})
	g.SetToken(expiring, fakes.APIToken{Scopes: []string{"write:packages"}, Expires: expiry, Orgs: member})
	g.SetToken(offset, fakes.APIToken{Expires: expiry.In(time.FixedZone("", 9*3600)), NumericOffset: true})
	g.SetToken(finePAT, fakes.APIToken{FineGrained: true, Orgs: member})
	g.SetToken(ssoPAT, fakes.APIToken{Scopes: []string{"read:packages"}, Orgs: member, SSO: member})
	g.SetToken(limited, fakes.APIToken{RateLimited: true})
	g.SetToken(outsider, fakes.APIToken{Scopes: []string{"read:packages"}})
	return g, &tokencheck.Client{APIURL: g.URL()}
}

func TestUserClassic(t *testing.T) {
	g, c := newAPI(t)
	u, err := c.User(context.Background(), goodPAT)
	if err != nil {
		t.Fatal(err)
	}
	if u.Login != "octocat" || !u.ScopesKnown || !slices.Equal(u.Scopes, []string{"read:packages", "repo"}) ||
		!u.Expires.IsZero() || u.RateRemaining != 4999 || u.MissingScopes("read:packages", "repo") != nil {
		t.Errorf("User = %+v", u)
	}
	if r := g.Requests()[0]; r.Scheme != "bearer" || r.Secret != goodPAT || r.Path != "/user" {
		t.Errorf("request = %+v", r)
	}
}

func TestUserScopes(t *testing.T) {
	_, c := newAPI(t)
	u, err := c.User(context.Background(), scopeless)
	if err != nil {
		t.Fatal(err)
	}
	if got := u.MissingScopes("read:packages"); !slices.Equal(got, []string{"read:packages"}) {
		t.Errorf("missing read:packages: MissingScopes = %q", got)
	}
	u, err = c.User(context.Background(), expiring)
	if err != nil {
		t.Fatal(err)
	}
	if !u.HasScope("read:packages") || !u.Expires.Equal(expiry) {
		t.Errorf("write:packages, expiring: HasScope(read:packages) = %v, Expires = %v", u.HasScope("read:packages"), u.Expires)
	}
	u, err = c.User(context.Background(), offset)
	if err != nil || !u.Expires.Equal(expiry) {
		t.Errorf("numeric offset expiry: %v, %v", u.Expires, err)
	}
	u, err = c.User(context.Background(), finePAT)
	if err != nil || u.ScopesKnown || u.Scopes != nil || u.MissingScopes("read:packages") != nil {
		t.Errorf("fine-grained: %+v, %v", u, err)
	}
}

func TestUserErrors(t *testing.T) {
	_, c := newAPI(t)
	_, err := c.User(context.Background(), badPAT)
	if !errors.Is(err, tokencheck.ErrBadCredentials) {
		t.Errorf("bad credentials: %v", err)
	}
	_, err = c.User(context.Background(), limited)
	var rl *tokencheck.RateLimitError
	if !errors.As(err, &rl) || rl.Reset.Before(time.Now()) {
		t.Errorf("rate limited: %v", err)
	}
}

func TestCheckOrg(t *testing.T) {
	_, c := newAPI(t)
	ctx := context.Background()
	if err := c.CheckOrg(ctx, goodPAT, org); err != nil {
		t.Errorf("member: %v", err)
	}
	if err := c.CheckOrg(ctx, finePAT, org); err != nil {
		t.Errorf("fine-grained member: %v", err)
	}
	err := c.CheckOrg(ctx, ssoPAT, org)
	var sso *tokencheck.SSOError
	if !errors.As(err, &sso) || !strings.HasPrefix(sso.URL, "https://github.com/orgs/dynamixs-ai/sso?authorization_request=") ||
		!strings.Contains(sso.Fix(), sso.URL) {
		t.Errorf("SSO: %v", err)
	}
	if err := c.CheckOrg(ctx, outsider, org); !errors.Is(err, tokencheck.ErrNotMember) {
		t.Errorf("outsider: %v", err)
	}
	if err := c.CheckOrg(ctx, goodPAT, "no-such-org"); !errors.Is(err, tokencheck.ErrOrgNotFound) {
		t.Errorf("unknown org: %v", err)
	}
	if err := c.CheckOrg(ctx, badPAT, org); !errors.Is(err, tokencheck.ErrBadCredentials) {
		t.Errorf("bad credentials: %v", err)
	}
}

func TestNetworkDown(t *testing.T) {
	c := &tokencheck.Client{APIURL: fakes.DeadURL()}
	start := time.Now()
	_, err := c.User(context.Background(), goodPAT)
	var ne *tokencheck.NetworkError
	if !errors.As(err, &ne) || !strings.HasPrefix(err.Error(), "cannot reach 127.0.0.1:") {
		t.Fatalf("dead API: %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("a refused connection took %v to report", d)
	}
}

func TestNetworkHangs(t *testing.T) {
	b, err := fakes.NewBlackhole()
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	// The client's own timeout ends the request …
	c := &tokencheck.Client{APIURL: b.URL(), HTTP: &http.Client{Timeout: 200 * time.Millisecond}}
	var ne *tokencheck.NetworkError
	if _, err := c.User(context.Background(), goodPAT); !errors.As(err, &ne) {
		t.Errorf("client timeout: %v", err)
	}
	// … and so does the caller's deadline.
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	c.HTTP = nil
	if err := c.CheckOrg(ctx, goodPAT, org); !errors.As(err, &ne) || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("context deadline: %v", err)
	}
}

func TestAPIURLs(t *testing.T) {
	env := map[string]string{}
	getenv := func(k string) string { return env[k] }
	if got := tokencheck.APIURLFrom(getenv); got != "https://api.github.com" {
		t.Errorf("APIURLFrom() = %q", got)
	}
	env[tokencheck.APIURLEnv] = "http://127.0.0.1:1234/"
	if got := tokencheck.APIURLFrom(getenv); got != "http://127.0.0.1:1234" {
		t.Errorf("APIURLFrom() = %q", got)
	}
	if got := tokencheck.EnterpriseAPIURL("ghe.example.com"); got != "https://ghe.example.com/api/v3" {
		t.Errorf("EnterpriseAPIURL = %q", got)
	}
	if got := tokencheck.EnterpriseRegistryHost("ghe.example.com"); got != "containers.ghe.example.com" {
		t.Errorf("EnterpriseRegistryHost = %q", got)
	}
	if got := tokencheck.EnterpriseMavenURL("ghe.example.com"); got != "https://maven.ghe.example.com" {
		t.Errorf("EnterpriseMavenURL = %q", got)
	}
}
