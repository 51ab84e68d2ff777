package tokencheck

import (
	"fmt"
	"strings"
	"time"

	"github.com/dynamixs-ai/dxai/internal/hint"
	"github.com/dynamixs-ai/dxai/tokenshape"
)

// ErrBadCredentials means GitHub (401) or a registry (401) did not accept
// the token at all: it is wrong, expired or revoked.
var ErrBadCredentials error = hint.New("create a new classic personal access token with read:packages at "+tokenshape.NewTokenURL, "%s", "bad credentials: the token is mistyped, expired or revoked")

// ErrNotMember means GitHub says the token's user is not a member of the org
// (404 on /user/memberships/orgs/ORG).
var ErrNotMember error = hint.New("ask an organization owner to invite you, then accept the invitation", "%s", "GitHub says this account is not a member of the organization "+
	"(or the token cannot see the membership)")

// ErrOrgNotFound means the organization does not exist, or the token cannot
// see it (404 on /orgs/ORG).
var ErrOrgNotFound error = hint.New("check the organization name", "%s", "GitHub does not know the organization, or the token cannot see it")

// ErrMembershipPending means the user was invited but has not accepted.
var ErrMembershipPending error = hint.New("accept it on github.com, then try again", "%s", "the invitation to the organization is still pending")

// ErrInsecureRegistry means a registry address asked for plain http on a
// host that is not loopback, where a token must never be sent.
// It wraps ErrPlainHTTP.
var ErrInsecureRegistry error = hint.New("use an https:// registry address", "%w", ErrPlainHTTP)

// SSOError means the org enforces SAML single sign-on and the token is not
// authorized for it (403 with X-GitHub-SSO: required; url=…).
type SSOError struct {
	Org string
	// URL is where to authorize the token; GitHub's link expires after an hour.
	URL string
}

func (e *SSOError) Error() string {
	org := e.Org
	if org == "" {
		org = "the organization"
	}
	return fmt.Sprintf("the token is not authorized for single sign-on in %s", org)
}

// Fix says where to authorize the token.
func (e *SSOError) Fix() string {
	where := e.URL
	if where == "" {
		where = "https://github.com/settings/tokens (Configure SSO → Authorize)"
	}
	return "authorize it at " + where
}

// RateLimitError means GitHub's API rate limit is used up (403 or 429 with
// x-ratelimit-remaining: 0, or retry-after).
type RateLimitError struct {
	Reset time.Time
}

func (e *RateLimitError) Error() string {
	if e.Reset.IsZero() {
		return "GitHub's API rate limit is used up"
	}
	return fmt.Sprintf("GitHub's API rate limit is used up until %s", e.Reset.Local().Format("15:04:05"))
}

// Fix says when to try again.
func (e *RateLimitError) Fix() string {
	if e.Reset.IsZero() {
		return "wait a few minutes and try again"
	}
	return "try again after " + e.Reset.Local().Format("15:04:05")
}

// NetworkError means GitHub or the registry could not be reached at all:
// DNS, connection refused, TLS failure or timeout. Its message says only
// that; the caller adds what to do (check the network, or skip the checks).
type NetworkError struct {
	Host string
	Err  error
}

func (e *NetworkError) Error() string {
	return fmt.Sprintf("cannot reach %s: %v", e.Host, e.Err)
}

func (e *NetworkError) Unwrap() error { return e.Err }

// HTTPError is any other unexpected answer.
type HTTPError struct {
	Status  int
	Message string
	// URL is the request's URL (never carrying a token).
	URL string
}

func (e *HTTPError) Error() string {
	msg := fmt.Sprintf("%s answered %d", e.URL, e.Status)
	if e.Message != "" {
		msg += ": " + e.Message
	}
	return msg
}

// DeniedError means a registry refused the token with 403 (ghcr.io answers
// a bad, expired or revoked PAT with 403 DENIED "denied").
type DeniedError struct {
	Registry string
	// Code and Message are the registry's errcode, e.g. DENIED and denied.
	Code    string
	Message string
}

func (e *DeniedError) Error() string {
	said := "403"
	if e.Code != "" {
		said = strings.ToLower(strings.ReplaceAll(e.Code, "_", " ")) + ": " + e.Message
	}
	return fmt.Sprintf("%s refused the token (%s): it is revoked, expired, or not a classic personal access token", e.Registry, said)
}

// Fix says what token to get instead.
func (e *DeniedError) Fix() string {
	return "create a new classic token with read:packages at " + tokenshape.NewTokenURL
}

// redact replaces every occurrence of token in a server-provided message by
// its mask, so a server that echoes credentials cannot leak them through us.
func redact(msg, token string) string {
	if token == "" {
		return msg
	}
	return strings.ReplaceAll(msg, token, tokenshape.Mask(token))
}

// attempts are the failures of several tries (https, then http), printed on
// one line.
type attempts []error

func (a attempts) Error() string {
	msgs := make([]string, len(a))
	for i, err := range a {
		msgs[i] = err.Error()
	}
	return strings.Join(msgs, "; ")
}

func (a attempts) Unwrap() []error { return a }
