package tokencheck

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// DefaultAPIURL is GitHub.com's REST API.
const DefaultAPIURL = "https://api.github.com"

// APIURLEnv names the variable that overrides the API URL, for GitHub
// Enterprise and for tests.
const APIURLEnv = "DXAI_GITHUB_API_URL"

// DefaultTimeout bounds every request that has no shorter deadline.
const DefaultTimeout = 10 * time.Second

// DefaultUserAgent is sent when Client.UserAgent is empty; GitHub's API
// refuses requests without a User-Agent.
const DefaultUserAgent = "dxai-tokencheck"

// Client asks GitHub's REST API about tokens. The zero value talks to
// api.github.com with a 10-second timeout.
type Client struct {
	// APIURL is the REST API root; DefaultAPIURL if empty.
	APIURL string
	// HTTP sends the requests; a client with DefaultTimeout if nil.
	HTTP *http.Client
	// UserAgent is sent with every request; DefaultUserAgent if empty.
	UserAgent string
	// FromEnv says APIURL came from DXAI_GITHUB_API_URL, so errors name
	// the variable.
	FromEnv bool
}

// APIURLFrom returns DXAI_GITHUB_API_URL in the environment getenv reads,
// or DefaultAPIURL when it is unset or empty.
func APIURLFrom(getenv func(string) string) string {
	if u := strings.TrimSpace(getenv(APIURLEnv)); u != "" {
		return strings.TrimRight(u, "/")
	}
	return DefaultAPIURL
}

// APIURLError means an API root is not an http(s) URL with a host, such as
// DXAI_GITHUB_API_URL=api.github.com without its scheme, or is plain http
// to a host that is not this machine (Insecure; it then wraps
// ErrPlainHTTP).
type APIURLError struct {
	URL string
	// FromEnv says the URL came from DXAI_GITHUB_API_URL.
	FromEnv bool
	// Insecure says the URL is http:// to a host that is not loopback.
	Insecure bool
}

func (e *APIURLError) Error() string {
	what := fmt.Sprintf("the GitHub API address %q", e.URL)
	if e.FromEnv {
		what = fmt.Sprintf("%s=%q", APIURLEnv, e.URL)
	}
	if e.Insecure {
		return fmt.Sprintf("%s: %v", what, ErrPlainHTTP)
	}
	return what + " is not a URL"
}

// Fix says what to set instead.
func (e *APIURLError) Fix() string {
	fix := "use https://HOST/api/v3"
	if e.Insecure {
		fix = "use " + "https://" + strings.TrimPrefix(e.URL, "http://")
	}
	if e.FromEnv {
		fix = fmt.Sprintf("set %s: %s, or unset it to use %s", APIURLEnv, fix, DefaultAPIURL)
	}
	return fix
}

func (e *APIURLError) Unwrap() error {
	if e.Insecure {
		return ErrPlainHTTP
	}
	return nil
}

// CheckAPIURL returns an *APIURLError unless raw is an https URL with a
// host, or an http one to this machine (checkTransport's rule). It reads
// no environment: EnvAPIURLFrom checks DXAI_GITHUB_API_URL and names it.
func CheckAPIURL(raw string) error { return checkAPIURL(raw, false) }

// checkAPIURL is CheckAPIURL, told whether raw came from the environment.
func checkAPIURL(raw string, fromEnv bool) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return &APIURLError{URL: raw, FromEnv: fromEnv}
	}
	if checkTransport(u) != nil {
		return &APIURLError{URL: raw, FromEnv: fromEnv, Insecure: true}
	}
	return nil
}

// EnvAPIURLFrom is APIURLFrom, checked: a DXAI_GITHUB_API_URL that is not
// an http or https URL is an *APIURLError that names the variable.
func EnvAPIURLFrom(getenv func(string) string) (string, error) {
	u := APIURLFrom(getenv)
	if err := checkAPIURL(u, u != DefaultAPIURL); err != nil {
		return "", err
	}
	return u, nil
}

// EnterpriseAPIURL is a GitHub Enterprise Server's REST API:
// https://HOST/api/v3.
func EnterpriseAPIURL(host string) string { return "https://" + host + "/api/v3" }

// EnterpriseRegistryHost is a GitHub Enterprise Server's container registry,
// containers.HOST (it needs subdomain isolation, GHES 3.5 and later).
func EnterpriseRegistryHost(host string) string { return "containers." + host }

// EnterpriseMavenURL is a GitHub Enterprise Server's Maven registry root,
// https://maven.HOST (with subdomain isolation).
func EnterpriseMavenURL(host string) string { return "https://maven." + host }

// GitHub.com's package registries.
const (
	RegistryHost = "ghcr.io"
	MavenURL     = "https://maven.pkg.github.com"
)

func (c *Client) apiURL() string {
	if c.APIURL == "" {
		return DefaultAPIURL
	}
	return strings.TrimRight(c.APIURL, "/")
}

// get sends an authenticated GET to the API, bounded by DefaultTimeout.
// The caller must close the body. Transport failures are *NetworkError; an
// API root that is not a URL, or is plain http to another host, is an
// *APIURLError; a redirect to plain http on another host wraps
// ErrPlainHTTP.
func (c *Client) get(ctx context.Context, path, token string) (*http.Response, error) {
	raw := c.apiURL()
	if err := checkAPIURL(raw, c.FromEnv); err != nil {
		return nil, err
	}
	ua := c.UserAgent
	if ua == "" {
		ua = DefaultUserAgent
	}
	return boundedGet(ctx, orDefault(c.HTTP), raw+path, func(req *http.Request) {
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Accept", "application/vnd.github+json")
		req.Header.Set("X-GitHub-Api-Version", "2022-11-28")
		req.Header.Set("User-Agent", ua)
	})
}

// boundedGet sends a GET to u through client, guarded so that no redirect
// takes the request to plain http off this machine, with the headers set
// adds, bounded by DefaultTimeout; the caller must close the body, which ends
// the bound. Transport failures are *NetworkError, a redirect refused for
// plain http says so (refusedRedirect), and the caller's own cancellation
// comes back as it is.
func boundedGet(ctx context.Context, client *http.Client, u string, set func(*http.Request)) (*http.Response, error) {
	ctx, cancel := context.WithTimeout(ctx, DefaultTimeout)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		cancel()
		return nil, err
	}
	set(req)
	resp, err := guarded(client).Do(req)
	if err != nil {
		cancel()
		if refused := refusedRedirect(err); refused != nil {
			return nil, refused
		}
		return nil, networkError(req, err)
	}
	resp.Body = &cancelBody{resp.Body, cancel}
	return resp, nil
}

func orDefault(c *http.Client) *http.Client {
	if c != nil {
		return c
	}
	return &http.Client{Timeout: DefaultTimeout}
}

// cancelBody releases a request's context when its body is closed.
type cancelBody struct {
	body   io.ReadCloser
	cancel context.CancelFunc
}

func (b *cancelBody) Read(p []byte) (int, error) { return b.body.Read(p) }

func (b *cancelBody) Close() error {
	err := b.body.Close()
	b.cancel()
	return err
}

// networkError wraps a transport failure. A caller's own cancellation is
// passed through as it is.
func networkError(req *http.Request, err error) error {
	if errors.Is(err, context.Canceled) {
		return err
	}
	return &NetworkError{Host: req.URL.Host, Err: err}
}
