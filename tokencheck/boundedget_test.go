package tokencheck

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestBoundedGet: the one GET both the API client and the registry login
// send: the caller's headers go out, the body reads until closed, a
// transport failure is a *NetworkError, the caller's cancellation comes
// back as it is, and a redirect to plain http off this machine is refused
// (ErrPlainHTTP, not a network failure) even through a client the caller
// did not guard.
func TestBoundedGet(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, r.Header.Get("X-Test"))
	}))
	defer srv.Close()
	set := func(req *http.Request) { req.Header.Set("X-Test", "sent") }
	resp, err := boundedGet(context.Background(), srv.Client(), srv.URL, set)
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || string(body) != "sent" {
		t.Errorf("body = %q, %v; want the header the caller set", body, err)
	}

	redirect := httptest.NewServer(http.RedirectHandler("http://example.invalid/user", http.StatusFound))
	defer redirect.Close()
	if _, err := boundedGet(context.Background(), redirect.Client(), redirect.URL, set); !errors.Is(err, ErrPlainHTTP) || errors.As(err, new(*NetworkError)) {
		t.Errorf("redirect to plain http: %v; want it refused with ErrPlainHTTP", err)
	}

	addr := srv.URL
	srv.Close()
	var ne *NetworkError
	if _, err := boundedGet(context.Background(), http.DefaultClient, addr, set); !errors.As(err, &ne) {
		t.Errorf("closed server: %v; want a *NetworkError", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := boundedGet(ctx, http.DefaultClient, addr, set); !errors.Is(err, context.Canceled) || errors.As(err, &ne) {
		t.Errorf("canceled: %v; want the cancellation as it is", err)
	}
}
