package tokencheck_test

import (
	"context"
	"errors"
	"github.com/dynamixs-ai/dxai/internal/hint"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/dynamixs-ai/dxai/tokencheck"
)

// recorder is a transport standing in for remote hosts: it answers https
// requests with serve, and remembers every request that would have carried
// credentials over plain http.
type recorder struct {
	serve func(*http.Request) *http.Response
	mu    sync.Mutex
	clear []string
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Scheme == "http" {
		if req.Header.Get("Authorization") != "" {
			r.mu.Lock()
			r.clear = append(r.clear, req.URL.String())
			r.mu.Unlock()
		}
		return nil, errors.New("recorder: plain http is not answered")
	}
	if r.serve == nil {
		return nil, errors.New("recorder: nothing to answer with")
	}
	resp := r.serve(req)
	resp.Request = req
	if resp.Body == nil {
		resp.Body = http.NoBody
	}
	return resp, nil
}

// answer is a response with a status and header pairs.
func answer(status int, kv ...string) *http.Response {
	h := http.Header{}
	for i := 0; i+1 < len(kv); i += 2 {
		h.Add(kv[i], kv[i+1])
	}
	return &http.Response{StatusCode: status, Header: h, Body: http.NoBody}
}

// TestAPIRefusesPlainHTTP: DXAI_GITHUB_API_URL=http://api.example.com
// would send Authorization: Bearer <token> in clear text. The API root is
// refused before any request, saying why and what to set instead.
func TestAPIRefusesPlainHTTP(t *testing.T) {
	rec := &recorder{}
	c := &tokencheck.Client{APIURL: "http://api.example.com", HTTP: &http.Client{Transport: rec}}
	_, err := c.User(context.Background(), goodPAT)
	var urlErr *tokencheck.APIURLError
	if !errors.As(err, &urlErr) || !errors.Is(err, tokencheck.ErrPlainHTTP) {
		t.Fatalf("User over http to a remote host = %v; want an *APIURLError for plain http", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "plain http") || strings.Contains(msg, goodPAT) {
		t.Errorf("message does not say why: %s", msg)
	}
	if fix := urlErr.Fix(); fix != "use https://api.example.com" {
		t.Errorf("fix = %q, want the https form", fix)
	}
	if err := c.CheckOrg(context.Background(), goodPAT, org); !errors.Is(err, tokencheck.ErrPlainHTTP) {
		t.Errorf("CheckOrg over http = %v", err)
	}
	if len(rec.clear) != 0 {
		t.Errorf("sent the token in clear text to %q", rec.clear)
	}

	for _, ok := range []string{"http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:1", "https://api.example.com"} {
		if err := tokencheck.CheckAPIURL(ok); err != nil {
			t.Errorf("CheckAPIURL(%q) = %v", ok, err)
		}
	}
	for _, bad := range []string{"http://api.example.com", "http://10.0.0.1/api/v3", "http://localhost.example.com", "HTTP://api.github.com"} {
		if err := tokencheck.CheckAPIURL(bad); !errors.Is(err, tokencheck.ErrPlainHTTP) {
			t.Errorf("CheckAPIURL(%q) = %v; want plain http refused", bad, err)
		}
	}
	_, err = tokencheck.EnvAPIURLFrom(func(k string) string {
		if k == tokencheck.APIURLEnv {
			return "http://api.example.com"
		}
		return ""
	})
	if err == nil || !strings.Contains(err.Error(), tokencheck.APIURLEnv+"=") || !strings.Contains(hint.Of(err), "https://api.example.com") {
		t.Errorf("EnvAPIURLFrom() = %v (fix %q); want it to name the variable and its fix the https form", err, hint.Of(err))
	}
}

// TestRedirectToPlainHTTP: an https API or registry that redirects to
// plain http on the same host would get the token sent in clear text (Go
// keeps Authorization on a same-host redirect). The one rule holds for
// every hop, not only the first.
func TestRedirectToPlainHTTP(t *testing.T) {
	rec := &recorder{serve: func(r *http.Request) *http.Response {
		return answer(http.StatusFound, "Location", "http://api.example.com"+r.URL.Path)
	}}
	c := &tokencheck.Client{APIURL: "https://api.example.com", HTTP: &http.Client{Transport: rec}}
	_, err := c.User(context.Background(), goodPAT)
	if !errors.Is(err, tokencheck.ErrPlainHTTP) {
		t.Errorf("User redirected to http = %v; want plain http refused", err)
	}
	var ne *tokencheck.NetworkError
	if errors.As(err, &ne) {
		t.Errorf("a refused redirect reads as a network failure: %v", err)
	}

	// A registry that redirects the logged-in /v2/ to http.
	rec2 := &recorder{serve: func(r *http.Request) *http.Response {
		if r.Header.Get("Authorization") == "" {
			return answer(http.StatusUnauthorized, "Docker-Distribution-API-Version", "registry/2.0", "WWW-Authenticate", `Basic realm="x"`)
		}
		return answer(http.StatusTemporaryRedirect, "Location", "http://registry.example.com/v2/")
	}}
	err = tokencheck.CheckRegistry(context.Background(), &http.Client{Transport: rec2}, "registry.example.com", "octocat", goodPAT)
	if !errors.Is(err, tokencheck.ErrPlainHTTP) {
		t.Errorf("registry redirected to http = %v; want plain http refused", err)
	}
	if clear := append(rec.clear, rec2.clear...); len(clear) != 0 {
		t.Errorf("sent the token in clear text to %q", clear)
	}
}
