package fakes

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// APIToken is how the fake api.github.com answers for one token.
type APIToken struct {
	// Login is the user's login; "octocat" if empty.
	Login string
	// Scopes are a classic token's scopes, sent as
	// `X-OAuth-Scopes: read:packages, repo` (GITHUB.md §2 X-OAuth-Scopes).
	// Leave out read:packages for the "missing scope" case.
	Scopes []string
	// FineGrained omits X-OAuth-Scopes, as for github_pat_ and ghs_ tokens
	// (GITHUB.md §2, GH6546).
	FineGrained bool
	// Expires, when set, is sent as `GitHub-Authentication-Token-Expiration:
	// 2026-12-01 10:00:00 UTC` (GITHUB.md §2); absent otherwise.
	Expires time.Time
	// NumericOffset sends Expires in its own zone as "… +0900" instead
	// (GITHUB.md §2, GOGITHUB).
	NumericOffset bool
	// Orgs are the orgs the user is an active member of.
	Orgs []string
	// Role is the membership role, "member" if empty.
	Role string
	// SSO are orgs that enforce SAML SSO this token is not authorized for.
	SSO []string
	// RateLimited makes every answer 403 with x-ratelimit-remaining: 0
	// (GITHUB.md §2 Rate-limit headers).
	RateLimited bool
}

// GitHubAPI is a loopback stand-in for api.github.com's token checks
// (GITHUB.md §2): GET /, /user, /orgs/ORG and /user/memberships/orgs/ORG.
// Unknown tokens are bad credentials. GITHUB.md gives neither the body of
// the 401 for a request without a token nor that of the rate-limit 403; the
// fake's ("Requires authentication", "API rate limit exceeded …") are its
// choice, modelled on GitHub's usual {"message","documentation_url"} shape.
type GitHubAPI struct {
	server

	mu     sync.Mutex
	tokens map[string]APIToken
	orgs   map[string]int
	used   map[string]int
	reset  time.Time
}

// Rate limits the fake reports: 5000/h authenticated, 60 anonymous.
const (
	RateLimitAuthenticated = 5000
	RateLimitAnonymous     = 60
)

// NewGitHubAPI starts a GitHubAPI that knows the given orgs
// ("dynamixs-ai" if none are given).
func NewGitHubAPI(orgs ...string) (*GitHubAPI, error) {
	if len(orgs) == 0 {
		orgs = []string{"dynamixs-ai"}
	}
	g := &GitHubAPI{
		tokens: map[string]APIToken{},
		orgs:   map[string]int{},
		used:   map[string]int{},
		reset:  time.Now().Add(time.Hour).Truncate(time.Second),
	}
	for i, o := range orgs {
		g.orgs[strings.ToLower(o)] = 90000001 + i
	}
	if err := g.start(http.HandlerFunc(g.serveHTTP), nil); err != nil {
		return nil, fmt.Errorf("starting fake GitHub API: %w", err)
	}
	return g, nil
}

// SetToken sets how the fake answers for tok.
func (g *GitHubAPI) SetToken(tok string, t APIToken) {
	g.mu.Lock()
	g.tokens[tok] = t
	g.mu.Unlock()
}

// RemoveToken makes tok a bad credential from now on (revoked).
func (g *GitHubAPI) RemoveToken(tok string) {
	g.mu.Lock()
	delete(g.tokens, tok)
	g.mu.Unlock()
}

// ExpirationLayout is the UTC form of GitHub-Authentication-Token-Expiration.
const ExpirationLayout = "2006-01-02 15:04:05 MST"

func (g *GitHubAPI) serveHTTP(w http.ResponseWriter, req *http.Request) {
	tok, hasAuth := apiToken(req.Header.Get("Authorization"))
	g.mu.Lock()
	t, known := g.tokens[tok]
	key := "anonymous"
	limit := RateLimitAnonymous
	if hasAuth && known {
		key, limit = tok, RateLimitAuthenticated
	}
	g.used[key]++
	used := g.used[key]
	g.mu.Unlock()

	h := w.Header()
	remaining := max(limit-used, 0)
	if t.RateLimited && known {
		remaining = 0
	}
	h.Set("X-RateLimit-Limit", strconv.Itoa(limit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(remaining))
	h.Set("X-RateLimit-Used", strconv.Itoa(used))
	h.Set("X-RateLimit-Resource", "core")
	h.Set("X-RateLimit-Reset", strconv.FormatInt(g.reset.Unix(), 10))
	h.Set("X-GitHub-Media-Type", "github.v3; format=json")

	switch {
	case hasAuth && !known:
		// GITHUB.md §2 "Invalid token" (CAP-BADCRED): status is a string.
		writeJSON(w, http.StatusUnauthorized, map[string]string{
			"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest", "status": "401",
		})
		return
	case known && t.RateLimited:
		writeJSON(w, http.StatusForbidden, map[string]string{
			"message":           "API rate limit exceeded for user. (fake)",
			"documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
		})
		return
	}
	if known {
		if !t.FineGrained {
			h.Set("X-OAuth-Scopes", strings.Join(t.Scopes, ", "))
		}
		h.Set("X-Accepted-OAuth-Scopes", "")
		if !t.Expires.IsZero() {
			h.Set("GitHub-Authentication-Token-Expiration", formatExpiry(t))
		}
	}
	g.route(w, req, t, known)
}

func (g *GitHubAPI) route(w http.ResponseWriter, req *http.Request, t APIToken, known bool) {
	p := strings.TrimSuffix(req.URL.Path, "/")
	switch {
	case req.Method != http.MethodGet:
		writeNotFound(w)
	case p == "":
		writeJSON(w, http.StatusOK, map[string]string{"current_user_url": g.URL() + "/user"})
	case p == "/user":
		if !known {
			writeJSON(w, http.StatusUnauthorized, map[string]string{
				"message": "Requires authentication", "documentation_url": "https://docs.github.com/rest", "status": "401",
			})
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"login": login(t), "id": 583231, "type": "User"})
	case strings.HasPrefix(p, "/orgs/") && !strings.Contains(p[len("/orgs/"):], "/"):
		g.serveOrg(w, p[len("/orgs/"):], t, known)
	case strings.HasPrefix(p, "/user/memberships/orgs/"):
		g.serveMembership(w, p[len("/user/memberships/orgs/"):], t, known)
	default:
		writeNotFound(w)
	}
}

// serveOrg answers GET /orgs/ORG: 200 org JSON, or the SAML SSO 403.
func (g *GitHubAPI) serveOrg(w http.ResponseWriter, org string, t APIToken, known bool) {
	id, ok := g.org(org)
	switch {
	case !ok:
		writeNotFound(w)
	case known && g.ssoBlocked(w, org, t):
	default:
		writeJSON(w, http.StatusOK, map[string]any{
			"login": strings.ToLower(org), "id": id, "type": "Organization",
			"url": g.URL() + "/orgs/" + strings.ToLower(org),
		})
	}
}

// serveMembership answers GET /user/memberships/orgs/ORG (GITHUB.md §2
// Access checks): 200 active membership, or 404 for non-members.
func (g *GitHubAPI) serveMembership(w http.ResponseWriter, org string, t APIToken, known bool) {
	_, ok := g.org(org)
	switch {
	case !known:
		writeJSON(w, http.StatusUnauthorized, map[string]string{
			"message": "Requires authentication", "documentation_url": "https://docs.github.com/rest", "status": "401",
		})
	case !ok:
		writeNotFound(w)
	case g.ssoBlocked(w, org, t):
	case !contains(t.Orgs, org):
		writeNotFound(w)
	default:
		role := t.Role
		if role == "" {
			role = "member"
		}
		writeJSON(w, http.StatusOK, map[string]any{
			"state": "active", "role": role,
			"organization": map[string]any{"login": strings.ToLower(org)},
			"user":         map[string]any{"login": login(t)},
		})
	}
}

// ssoBlocked writes the SAML SSO answer if org enforces SSO for t: 403 with
// `X-GitHub-SSO: required; url=https://github.com/orgs/ORG/sso?
// authorization_request=…` and the old docs' body (GITHUB.md §2 SAML SSO).
// The request id is opaque; GitHub's are URL-safe base64 of about 60
// characters, as here (a 40-hex-digit one would be masked as a legacy
// token by dxai's output redaction).
func (g *GitHubAPI) ssoBlocked(w http.ResponseWriter, org string, t APIToken) bool {
	if !contains(t.SSO, org) {
		return false
	}
	w.Header().Set("X-GitHub-SSO", "required; url=https://github.com/orgs/"+strings.ToLower(org)+
		"/sso?authorization_request="+base64.RawURLEncoding.EncodeToString([]byte(randomHex(22))))
	writeJSON(w, http.StatusForbidden, map[string]string{
		"message":           "Resource protected by organization SAML enforcement. You must grant your personal token access to this organization.",
		"documentation_url": "https://docs.github.com",
	})
	return true
}

func (g *GitHubAPI) org(name string) (int, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	id, ok := g.orgs[strings.ToLower(name)]
	return id, ok
}

// apiToken takes the token from `Authorization: token X` or `Bearer X`, any
// case (GITHUB.md §2 Request), or from Basic USER:X.
func apiToken(h string) (tok string, ok bool) {
	scheme, _, secret := parseAuth(h)
	switch scheme {
	case "":
		return "", false
	case "token", "bearer", "basic":
		return secret, true
	}
	return "", true // unknown scheme: a bad credential
}

func formatExpiry(t APIToken) string {
	if t.NumericOffset {
		return t.Expires.Format("2006-01-02 15:04:05 -0700")
	}
	return t.Expires.UTC().Format(ExpirationLayout)
}

func login(t APIToken) string {
	if t.Login == "" {
		return "octocat"
	}
	return t.Login
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if strings.EqualFold(x, y) {
			return true
		}
	}
	return false
}

func writeNotFound(w http.ResponseWriter) {
	writeJSON(w, http.StatusNotFound, map[string]string{
		"message": "Not Found", "documentation_url": "https://docs.github.com/rest", "status": "404",
	})
}
