package tokencheck

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
)

// ErrPlainHTTP means a request would carry a token over plain http to a host
// that is not this machine, where anyone on the network path can read it.
var ErrPlainHTTP = errors.New("refusing to send a token over plain http to a host that is not this machine")

// checkTransport is the one rule for where a token may go: over https to
// any host, over plain http only to this machine (127.0.0.0/8, ::1,
// localhost). The GitHub API client and the registry login both apply it
// to the first request, and boundedGet, through guarded, to every
// redirect. An error wraps ErrPlainHTTP.
func checkTransport(u *url.URL) error {
	if u.Scheme == "https" || u.Scheme == "http" && isLoopback(u.Host) {
		return nil
	}
	return fmt.Errorf("%s://%s: %w", u.Scheme, u.Host, ErrPlainHTTP)
}

// maxRedirects is net/http's own limit, kept when CheckRedirect is set.
const maxRedirects = 10

// guarded returns a copy of c that follows a redirect only where
// checkTransport allows a token: Go keeps the Authorization header on a
// redirect to the same host, so https://api.example.com redirecting to
// http://api.example.com would send it in clear text.
func guarded(c *http.Client) *http.Client {
	g := *c
	next := c.CheckRedirect
	g.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if err := checkTransport(req.URL); err != nil {
			return fmt.Errorf("redirected: %w", err)
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= maxRedirects {
			return fmt.Errorf("stopped after %d redirects", maxRedirects)
		}
		return nil
	}
	return &g
}

// refusedRedirect returns the rule's own error when a request failed
// because a redirect broke the rule, so it does not read as a network
// failure; else nil.
func refusedRedirect(err error) error {
	if !errors.Is(err, ErrPlainHTTP) {
		return nil
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
