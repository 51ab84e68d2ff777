package tokencheck

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// UserInfo is what GET /user says about a token.
type UserInfo struct {
	Login string
	// Scopes are a classic token's scopes from X-OAuth-Scopes.
	Scopes []string
	// ScopesKnown is false when GitHub sent no X-OAuth-Scopes header, as for
	// fine-grained and installation tokens.
	ScopesKnown bool
	// Expires is the token's expiry, zero if GitHub sent none.
	Expires time.Time
	// RateRemaining is x-ratelimit-remaining, -1 if absent.
	RateRemaining int
}

// HasScope reports whether a classic token has scope, counting the scopes
// that include it (write:packages includes read:packages, repo includes
// repo:status, …). It is false when the scopes are unknown.
func (u *UserInfo) HasScope(scope string) bool {
	for _, s := range u.Scopes {
		if s == scope || implies[s] != nil && slices.Contains(implies[s], scope) {
			return true
		}
	}
	return false
}

// MissingScopes returns the wanted scopes a classic token lacks, nil when
// its scopes are unknown.
func (u *UserInfo) MissingScopes(want ...string) []string {
	if !u.ScopesKnown {
		return nil
	}
	var missing []string
	for _, w := range want {
		if !u.HasScope(w) {
			missing = append(missing, w)
		}
	}
	return missing
}

var implies = map[string][]string{
	"write:packages": {"read:packages"},
	"repo":           {"repo:status", "repo_deployment", "public_repo", "repo:invite", "security_events"},
	"admin:org":      {"write:org", "read:org"},
	"write:org":      {"read:org"},
}

// User asks GET /user who the token belongs to and what it may do.
// Errors: ErrBadCredentials, *RateLimitError, *NetworkError, *HTTPError.
func (c *Client) User(ctx context.Context, token string) (*UserInfo, error) {
	resp, err := c.get(ctx, "/user", token)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if err := apiError(resp, token, ""); err != nil {
		return nil, err
	}
	var body struct {
		Login string `json:"login"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&body); err != nil {
		return nil, fmt.Errorf("reading GitHub's answer from %s: %w", resp.Request.URL, err)
	}
	info := &UserInfo{Login: body.Login, RateRemaining: -1}
	if v, ok := resp.Header[http.CanonicalHeaderKey("X-OAuth-Scopes")]; ok {
		info.ScopesKnown = true
		info.Scopes = parseScopes(strings.Join(v, ","))
	}
	if v := resp.Header.Get("GitHub-Authentication-Token-Expiration"); v != "" {
		info.Expires, _ = ParseExpiration(v)
	}
	if n, err := strconv.Atoi(resp.Header.Get("X-RateLimit-Remaining")); err == nil {
		info.RateRemaining = n
	}
	return info, nil
}

// CheckOrg checks that the token may act in org: the org answers without a
// SAML SSO block (GET /orgs/ORG), and the user is an active member
// (GET /user/memberships/orgs/ORG). Errors: *SSOError, ErrOrgNotFound,
// ErrNotMember, ErrMembershipPending, ErrBadCredentials, *RateLimitError,
// *NetworkError, *HTTPError.
func (c *Client) CheckOrg(ctx context.Context, token, org string) error {
	resp, err := c.get(ctx, "/orgs/"+url.PathEscape(org), token)
	if err != nil {
		return err
	}
	err = apiError(resp, token, org)
	resp.Body.Close()
	if e, ok := err.(*HTTPError); ok && e.Status == http.StatusNotFound {
		return fmt.Errorf("%s: %w", org, ErrOrgNotFound)
	} else if err != nil {
		return err
	}

	resp, err = c.get(ctx, "/user/memberships/orgs/"+url.PathEscape(org), token)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	err = apiError(resp, token, org)
	if e, ok := err.(*HTTPError); ok && e.Status == http.StatusNotFound {
		return fmt.Errorf("%s: %w", org, ErrNotMember)
	} else if err != nil {
		return err
	}
	var m struct {
		State string `json:"state"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&m); err != nil {
		return fmt.Errorf("reading GitHub's answer from %s: %w", resp.Request.URL, err)
	}
	if m.State == "pending" {
		return fmt.Errorf("%s: %w", org, ErrMembershipPending)
	}
	return nil
}

// apiError maps a non-2xx API answer to this package's errors; org names
// the org an SSO block is for.
func apiError(resp *http.Response, token, org string) error {
	if resp.StatusCode/100 == 2 {
		return nil
	}
	if sso := resp.Header.Get("X-GitHub-SSO"); strings.HasPrefix(sso, "required") {
		e := &SSOError{Org: org}
		if _, u, ok := strings.Cut(sso, "url="); ok {
			e.URL = strings.TrimSpace(u)
		}
		return e
	}
	if e := rateLimitError(resp); e != nil {
		return e
	}
	var body struct {
		Message string `json:"message"`
	}
	_ = json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&body)
	if resp.StatusCode == http.StatusUnauthorized {
		return fmt.Errorf("GitHub (%s) rejected the token: %w", resp.Request.URL.Host, ErrBadCredentials)
	}
	u := *resp.Request.URL
	u.User = nil
	return &HTTPError{Status: resp.StatusCode, Message: redact(body.Message, token), URL: u.String()}
}

// rateLimitError recognises GitHub's rate-limit answers: 403 or 429 with
// x-ratelimit-remaining: 0, or with retry-after.
func rateLimitError(resp *http.Response) *RateLimitError {
	if resp.StatusCode != http.StatusForbidden && resp.StatusCode != http.StatusTooManyRequests {
		return nil
	}
	if s := resp.Header.Get("Retry-After"); s != "" {
		if n, err := strconv.Atoi(s); err == nil {
			return &RateLimitError{Reset: time.Now().Add(time.Duration(n) * time.Second)}
		}
	}
	if resp.Header.Get("X-RateLimit-Remaining") != "0" {
		if resp.StatusCode == http.StatusTooManyRequests {
			return &RateLimitError{}
		}
		return nil
	}
	e := &RateLimitError{}
	if n, err := strconv.ParseInt(resp.Header.Get("X-RateLimit-Reset"), 10, 64); err == nil {
		e.Reset = time.Unix(n, 0)
	}
	return e
}

// parseScopes splits "read:packages, repo".
func parseScopes(h string) []string {
	var scopes []string
	for _, s := range strings.Split(h, ",") {
		if s = strings.TrimSpace(s); s != "" {
			scopes = append(scopes, s)
		}
	}
	return scopes
}

// ParseExpiration parses GitHub-Authentication-Token-Expiration, which comes
// as "2006-01-02 15:04:05 UTC" or with a numeric offset, "… +0900".
func ParseExpiration(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	t, err := time.Parse("2006-01-02 15:04:05 MST", s)
	if err != nil {
		t, err = time.Parse("2006-01-02 15:04:05 -0700", s)
	}
	return t, err
}
