package fakes

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

type answer struct {
	status int
	header http.Header
	body   string
}

// do sends one request with an optional Authorization header.
func do(t *testing.T, method, url, auth string) answer {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return answer{resp.StatusCode, resp.Header, strings.TrimSpace(string(b))}
}

func basic(user, pass string) string {
	req, _ := http.NewRequest("GET", "http://x", nil)
	req.SetBasicAuth(user, pass)
	return req.Header.Get("Authorization")
}

func (a answer) want(t *testing.T, status int, body string) {
	t.Helper()
	if a.status != status || (body != "" && a.body != body) {
		t.Fatalf("got %d %s, want %d %s", a.status, a.body, status, body)
	}
}

// newRegistry starts a Registry closed at the end of the test.
func newRegistry(t *testing.T, cfg RegistryConfig) *Registry {
	t.Helper()
	r, err := NewRegistry(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = r.Close() })
	return r
}
