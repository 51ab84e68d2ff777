package tokencheck_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dynamixs-ai/dxai/internal/testing/fakes"
	"github.com/dynamixs-ai/dxai/tokencheck"
	"github.com/dynamixs-ai/dxai/tokenshape"
)

var revokedPAT = pat("Revoked0", "0009")

func newRegistry(t *testing.T, cfg fakes.RegistryConfig) *fakes.Registry {
	t.Helper()
	r, err := fakes.NewRegistry(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = r.Close() })
	return r
}

func TestCheckRegistryBearer(t *testing.T) {
	r := newRegistry(t, fakes.RegistryConfig{Tokens: []string{goodPAT, revokedPAT, finePAT}, Revoked: []string{revokedPAT}})
	ctx := context.Background()
	if err := tokencheck.CheckRegistry(ctx, nil, r.Host(), "octocat", goodPAT); err != nil {
		t.Fatalf("classic PAT: %v", err)
	}
	// What went over the wire is docker login's exchange (GITHUB.md §1).
	reqs := r.Requests()
	if len(reqs) != 3 {
		t.Fatalf("requests = %+v", reqs)
	}
	q, _ := url.ParseQuery(reqs[1].Query)
	if reqs[1].User != "octocat" || q.Get("account") != "octocat" || q.Get("client_id") != "docker" ||
		q.Get("offline_token") != "true" || q.Get("service") != r.Host() || q.Has("scope") || reqs[2].Scheme != "bearer" {
		t.Errorf("exchange = %+v", reqs)
	}
	for name, tok := range map[string]string{"wrong": badPAT, "revoked": revokedPAT, "fine-grained": finePAT} {
		err := tokencheck.CheckRegistry(ctx, nil, r.Host(), "octocat", tok)
		var d *tokencheck.DeniedError
		if !errors.As(err, &d) || d.Code != "DENIED" || d.Message != "denied" {
			t.Errorf("%s: %v", name, err)
			continue
		}
		for _, want := range []string{"denied: denied", "revoked", "classic", tokenshape.NewTokenURL} {
			if !strings.Contains(err.Error()+"; "+d.Fix(), want) {
				t.Errorf("%s: error lacks %q: %v", name, want, err)
			}
		}
	}
}

func TestCheckRegistryFineGrainedAccepted(t *testing.T) {
	r := newRegistry(t, fakes.RegistryConfig{Tokens: []string{finePAT}, AcceptFineGrained: true})
	if err := tokencheck.CheckRegistry(context.Background(), nil, "http://"+r.Host(), "octocat", finePAT); err != nil {
		t.Fatal(err)
	}
}

func TestCheckRegistryBasic(t *testing.T) {
	r := newRegistry(t, fakes.RegistryConfig{Auth: fakes.BasicAuth, Tokens: []string{goodPAT}})
	ctx := context.Background()
	if err := tokencheck.CheckRegistry(ctx, nil, r.Host(), "octocat", goodPAT); err != nil {
		t.Fatalf("good PAT: %v", err)
	}
	if err := tokencheck.CheckRegistry(ctx, nil, r.Host(), "octocat", badPAT); !errors.Is(err, tokencheck.ErrBadCredentials) {
		t.Errorf("bad PAT: %v", err)
	}
}

func TestCheckRegistryNetworkDown(t *testing.T) {
	host := strings.TrimPrefix(fakes.DeadURL(), "http://")
	start := time.Now()
	err := tokencheck.CheckRegistry(context.Background(), nil, host, "octocat", goodPAT)
	var ne *tokencheck.NetworkError
	if !errors.As(err, &ne) || !strings.HasPrefix(err.Error(), "cannot reach 127.0.0.1:") {
		t.Fatalf("dead registry: %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("a refused connection took %v to report", d)
	}
}

func TestCheckRegistryRefusesPlainHTTP(t *testing.T) {
	never := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		t.Errorf("request sent to %s", r.URL)
		return nil, errors.New("no")
	})}
	for _, reg := range []string{"http://ghcr.io", "http://10.0.0.1:5000", "http://localhost.example.com"} {
		err := tokencheck.CheckRegistry(context.Background(), never, reg, "octocat", goodPAT)
		if !errors.Is(err, tokencheck.ErrInsecureRegistry) {
			t.Errorf("%s: %v", reg, err)
		}
	}
}

// TestCheckRegistryNoHTTPFallback sends ghcr.io's traffic to the fake's
// plain-HTTP port: https fails, and for a host that is not loopback there
// must be no second try over http.
func TestCheckRegistryNoHTTPFallback(t *testing.T) {
	r := newRegistry(t, fakes.RegistryConfig{Tokens: []string{goodPAT}})
	var mu sync.Mutex
	var dialed []string
	tr := &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		mu.Lock()
		dialed = append(dialed, addr)
		mu.Unlock()
		return (&net.Dialer{}).DialContext(ctx, network, r.Host())
	}}
	defer tr.CloseIdleConnections()
	err := tokencheck.CheckRegistry(context.Background(), &http.Client{Transport: tr}, "ghcr.io", "octocat", goodPAT)
	var ne *tokencheck.NetworkError
	if !errors.As(err, &ne) {
		t.Fatalf("https to a plain-http server: %v", err)
	}
	if len(dialed) != 1 || dialed[0] != "ghcr.io:443" || len(r.Requests()) != 0 {
		t.Errorf("dialed %q, registry saw %+v; want one https attempt only", dialed, r.Requests())
	}
}

func TestCheckRegistryNotARegistry(t *testing.T) {
	m, err := fakes.NewMavenRepo(goodPAT)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	err = tokencheck.CheckRegistry(context.Background(), nil, m.Host(), "octocat", goodPAT)
	if err == nil || !strings.Contains(err.Error(), "does not look like a container registry") {
		t.Errorf("maven repository as registry: %v", err)
	}
	if err := tokencheck.CheckRegistry(context.Background(), nil, "ghcr.io", "", goodPAT); err == nil {
		t.Error("empty username accepted")
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
