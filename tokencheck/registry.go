package tokencheck

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/dynamixs-ai/dxai/internal/hint"
)

// CheckRegistry logs in to a container registry as `docker login` does, and
// reports whether the registry accepts username and token:
//
//  1. GET /v2/ without credentials, expecting 401 with a challenge.
//  2. For a Bearer challenge, GET the realm with
//     account=USER&client_id=docker&offline_token=true&service=SERVICE and
//     Basic USER:TOKEN (no scope), then GET /v2/ with the bearer token it
//     returns, expecting 200. For a Basic challenge, GET /v2/ with Basic.
//
// registry is a host[:port] ("ghcr.io", "127.0.0.1:5000") or a URL. https
// is used, except for loopback hosts (127.0.0.0/8, localhost, ::1), which
// are tried with https and then, like docker, plain http. An http:// URL for
// any other host is refused with ErrInsecureRegistry, as is an http realm
// or a redirect to http on such a host (checkTransport, the rule the GitHub
// API client follows too).
//
// Errors: *DeniedError (403, what ghcr.io answers for a bad, expired or
// revoked PAT), ErrBadCredentials (401, wrapped), *NetworkError,
// ErrInsecureRegistry, *HTTPError. A nil httpClient means one with
// DefaultTimeout; every request is also bounded by DefaultTimeout.
func CheckRegistry(ctx context.Context, httpClient *http.Client, registry, username, token string) error {
	if username == "" {
		return errors.New("a registry login needs a username: use your GitHub username")
	}
	host, schemes, err := registrySchemes(registry)
	if err != nil {
		return err
	}
	l := &login{client: orDefault(httpClient), registry: host, user: username, token: token}
	var netErrs []error
	for _, scheme := range schemes {
		err := l.try(ctx, scheme+"://"+host)
		var ne *NetworkError
		if !errors.As(err, &ne) {
			return err
		}
		netErrs = append(netErrs, ne.Err)
	}
	if len(netErrs) == 1 {
		return &NetworkError{Host: host, Err: netErrs[0]}
	}
	return &NetworkError{Host: host, Err: attempts(netErrs)}
}

// addressFix is the way out of a registry address that is none.
const addressFix = "give a host name such as " + RegistryHost + " (or https://HOST)"

// registrySchemes works out the host and the schemes to try, in order.
func registrySchemes(registry string) (host string, schemes []string, err error) {
	r := strings.TrimSpace(registry)
	scheme := ""
	if s, rest, ok := strings.Cut(r, "://"); ok {
		scheme, r = strings.ToLower(s), rest
	}
	host, _, _ = strings.Cut(r, "/")
	if host == "" {
		return "", nil, hint.New(addressFix, "%q is not a registry address", registry)
	}
	loop := isLoopback(host)
	switch {
	case scheme == "https":
		return host, []string{"https"}, nil
	case scheme == "http" && loop:
		return host, []string{"http"}, nil
	case scheme == "http":
		return host, nil, fmt.Errorf("%s: %w", host, ErrInsecureRegistry)
	case scheme != "":
		return "", nil, hint.New(addressFix, "%q is not a registry address: unknown scheme %q", registry, scheme)
	case loop:
		return host, []string{"https", "http"}, nil
	}
	return host, []string{"https"}, nil
}

// isLoopback reports whether host[:port] is 127.0.0.0/8, ::1 or localhost.
func isLoopback(hostport string) bool {
	u, err := url.Parse("//" + hostport)
	if err != nil {
		return false
	}
	h := u.Hostname()
	if strings.EqualFold(h, "localhost") {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

type login struct {
	client   *http.Client
	registry string
	user     string
	token    string
}

// try runs the docker login exchange against base ("https://ghcr.io").
func (l *login) try(ctx context.Context, base string) error {
	resp, err := l.send(ctx, base+"/v2/", "")
	if err != nil {
		return err
	}
	resp.Body.Close()
	isV2 := strings.Contains(resp.Header.Get("Docker-Distribution-API-Version"), "registry/2.0")
	switch {
	case resp.StatusCode == http.StatusOK && isV2:
		return nil // no auth required: docker login succeeds too
	case resp.StatusCode != http.StatusUnauthorized || !isV2:
		return fmt.Errorf("%s does not look like a container registry (GET %s/v2/ answered %d without "+
			"Docker-Distribution-API-Version: registry/2.0); check the registry address", l.registry, base, resp.StatusCode)
	}
	cs := parseChallenges(resp.Header)
	if c, ok := pick(cs, "bearer"); ok {
		bearer, err := l.fetchToken(ctx, base, c)
		if err != nil {
			return err
		}
		return l.verify(ctx, base, "Bearer "+bearer)
	}
	if _, ok := pick(cs, "basic"); ok {
		return l.verify(ctx, base, "basic")
	}
	return fmt.Errorf("%s asked for credentials in a way dxai does not know (WWW-Authenticate: %q)",
		l.registry, resp.Header.Get("WWW-Authenticate"))
}

// fetchToken asks the challenge's realm for a bearer token, as docker's
// loginV2 does: no scope, account and client_id=docker, Basic USER:TOKEN.
func (l *login) fetchToken(ctx context.Context, base string, c challenge) (string, error) {
	realm, err := url.Parse(c.params["realm"])
	if err != nil || c.params["realm"] == "" || realm.Host == "" {
		return "", fmt.Errorf("%s sent a Bearer challenge without a usable realm (%q)", l.registry, c.params["realm"])
	}
	switch {
	case realm.Scheme == "https":
	case realm.Scheme == "http" && checkTransport(realm) == nil && strings.HasPrefix(base, "http://"):
		// An https registry never sends its logins over http, even locally.
	case realm.Scheme == "http":
		return "", fmt.Errorf("%s sends logins to %s: %w", l.registry, realm.Host, ErrInsecureRegistry)
	default:
		return "", fmt.Errorf("%s sent a realm with scheme %q; only https is supported", l.registry, realm.Scheme)
	}
	q := realm.Query()
	q.Set("account", l.user)
	q.Set("client_id", "docker")
	q.Set("offline_token", "true")
	if s := c.params["service"]; s != "" {
		q.Set("service", s)
	}
	realm.RawQuery = q.Encode()

	resp, err := l.send(ctx, realm.String(), "basic")
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return "", l.refusal(resp)
	}
	var t struct {
		Token       string `json:"token"`
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&t); err != nil {
		return "", fmt.Errorf("reading the token from %s: %w", realm.Host, err)
	}
	if t.Token == "" {
		t.Token = t.AccessToken
	}
	if t.Token == "" {
		return "", fmt.Errorf("%s: authorization server did not include a token", l.registry)
	}
	return t.Token, nil
}

// verify sends GET /v2/ with credentials and expects 200.
func (l *login) verify(ctx context.Context, base, auth string) error {
	resp, err := l.send(ctx, base+"/v2/", auth)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusOK {
		return nil
	}
	return l.refusal(resp)
}

// refusal maps a failed answer: 403 → *DeniedError, 401 → ErrBadCredentials.
func (l *login) refusal(resp *http.Response) error {
	ec, ok := readErrcode(resp.Body)
	ec.Message = redact(ec.Message, l.token)
	switch {
	case resp.StatusCode == http.StatusForbidden:
		return &DeniedError{Registry: l.registry, Code: ec.Code, Message: ec.Message}
	case resp.StatusCode == http.StatusUnauthorized && ok:
		return fmt.Errorf("%s refused the login (%s): %w", l.registry, ec, ErrBadCredentials)
	case resp.StatusCode == http.StatusUnauthorized:
		return fmt.Errorf("%s refused the login (401): %w", l.registry, ErrBadCredentials)
	}
	u := *resp.Request.URL
	u.RawQuery = ""
	e := &HTTPError{Status: resp.StatusCode, URL: u.String()}
	if ok {
		e.Message = ec.String()
	}
	return e
}

// send makes one GET, bounded by DefaultTimeout. auth is "" for none,
// "basic" for Basic USER:TOKEN, or a full Authorization value.
func (l *login) send(ctx context.Context, u, auth string) (*http.Response, error) {
	return boundedGet(ctx, l.client, u, func(req *http.Request) {
		switch auth {
		case "":
		case "basic":
			req.SetBasicAuth(l.user, l.token)
		default:
			req.Header.Set("Authorization", auth)
		}
		req.Header.Set("User-Agent", DefaultUserAgent)
	})
}
