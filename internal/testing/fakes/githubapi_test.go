package fakes

import (
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

func newAPI(t *testing.T) *GitHubAPI {
	t.Helper()
	g, err := NewGitHubAPI()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = g.Close() })
	return g
}

func TestGitHubAPIUser(t *testing.T) {
	g := newAPI(t)
	exp := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	g.SetToken("classic", APIToken{Login: "me", Scopes: []string{"read:packages", "repo"}, Expires: exp})
	g.SetToken("fine", APIToken{FineGrained: true})
	g.SetToken("offset", APIToken{Expires: exp.In(time.FixedZone("JST", 9*3600)), NumericOffset: true})

	a := do(t, "GET", g.URL()+"/user", "token classic")
	a.want(t, 200, `{"id":583231,"login":"me","type":"User"}`)
	for k, v := range map[string]string{
		"X-OAuth-Scopes":                         "read:packages, repo",
		"GitHub-Authentication-Token-Expiration": "2026-12-01 10:00:00 UTC",
		"X-RateLimit-Limit":                      "5000",
		"X-RateLimit-Remaining":                  "4999",
		"X-RateLimit-Resource":                   "core",
	} {
		if got := a.header.Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	if _, ok := a.header["X-Accepted-Oauth-Scopes"]; !ok {
		t.Error("X-Accepted-OAuth-Scopes missing")
	}
	if do(t, "GET", g.URL()+"/user", "BEARER classic").status != 200 {
		t.Error("Bearer with an upper-case scheme was refused")
	}

	a = do(t, "GET", g.URL()+"/user", "Bearer fine")
	if _, ok := a.header["X-Oauth-Scopes"]; ok || a.status != 200 {
		t.Errorf("fine-grained: %d, X-OAuth-Scopes present = %v", a.status, ok)
	}
	a = do(t, "GET", g.URL()+"/user", "token offset")
	if got := a.header.Get("GitHub-Authentication-Token-Expiration"); got != "2026-12-01 19:00:00 +0900" {
		t.Errorf("numeric-offset expiry = %q", got)
	}

	a = do(t, "GET", g.URL()+"/user", "token nope")
	a.want(t, 401, `{"documentation_url":"https://docs.github.com/rest","message":"Bad credentials","status":"401"}`)
	if a.header.Get("X-RateLimit-Limit") != "60" {
		t.Errorf("rate limit on a bad token = %q, want 60", a.header.Get("X-RateLimit-Limit"))
	}
}

func TestGitHubAPIOrgs(t *testing.T) {
	g := newAPI(t)
	g.SetToken("member", APIToken{Orgs: []string{"dynamixs-ai"}, Role: "admin"})
	g.SetToken("outsider", APIToken{})
	g.SetToken("sso", APIToken{Orgs: []string{"dynamixs-ai"}, SSO: []string{"dynamixs-ai"}})
	g.SetToken("limited", APIToken{RateLimited: true})

	do(t, "GET", g.URL()+"/orgs/dynamixs-ai", "token member").want(t, 200, "")
	do(t, "GET", g.URL()+"/orgs/elsewhere", "token member").want(t, 404, "")
	a := do(t, "GET", g.URL()+"/user/memberships/orgs/dynamixs-ai", "token member")
	if a.status != 200 || !strings.Contains(a.body, `"role":"admin"`) || !strings.Contains(a.body, `"state":"active"`) {
		t.Errorf("membership: %d %s", a.status, a.body)
	}
	do(t, "GET", g.URL()+"/user/memberships/orgs/dynamixs-ai", "token outsider").want(t, 404, "")

	for _, p := range []string{"/orgs/dynamixs-ai", "/user/memberships/orgs/dynamixs-ai"} {
		a = do(t, "GET", g.URL()+p, "token sso")
		a.want(t, 403, `{"documentation_url":"https://docs.github.com","message":"Resource protected by organization SAML enforcement. You must grant your personal token access to this organization."}`)
		if h := a.header.Get("X-GitHub-SSO"); !strings.HasPrefix(h, "required; url=https://github.com/orgs/dynamixs-ai/sso?authorization_request=") {
			t.Errorf("%s: X-GitHub-SSO = %q", p, h)
		}
	}
	a = do(t, "GET", g.URL()+"/user", "token limited")
	if a.status != 403 || a.header.Get("X-RateLimit-Remaining") != "0" || a.header.Get("X-RateLimit-Reset") == "" {
		t.Errorf("rate limited: %d remaining=%q", a.status, a.header.Get("X-RateLimit-Remaining"))
	}
	if got := g.Requests()[0]; got.Scheme != "token" || got.Secret != "member" || got.Path != "/orgs/dynamixs-ai" {
		t.Errorf("first recorded request = %+v", got)
	}
}

func TestDeadURLAndBlackhole(t *testing.T) {
	start := time.Now()
	if _, err := http.Get(DeadURL() + "/user"); err == nil {
		t.Fatal("DeadURL answered")
	}
	if time.Since(start) > 5*time.Second {
		t.Errorf("DeadURL took %v to fail", time.Since(start))
	}

	b, err := NewBlackhole()
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	c := http.Client{Timeout: 200 * time.Millisecond}
	_, err = c.Get(b.URL())
	if ne, ok := err.(net.Error); !ok || !ne.Timeout() {
		t.Fatalf("Blackhole: %v, want a timeout", err)
	}
}
