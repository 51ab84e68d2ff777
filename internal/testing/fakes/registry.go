package fakes

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/google/go-containerregistry/pkg/registry"
)

// RegistryAuth selects how a Registry demands credentials.
type RegistryAuth int

const (
	// BearerAuth is ghcr.io's scheme: a 401 Bearer challenge on /v2/, and a
	// token service at /token on the same host:port that swaps Basic
	// USER:PAT for an opaque bearer token (GITHUB.md §1 Challenge, Token
	// endpoint, and the go-containerregistry "Fake tip").
	BearerAuth RegistryAuth = iota
	// BasicAuth is a plain distribution registry with htpasswd, like Debian's
	// docker-registry: a 401 with `WWW-Authenticate: Basic realm="…"` and
	// Basic USER:PAT on every /v2/ request. Not GitHub; here for variety.
	// Tokens the bearer mode would deny (wrong, revoked, fine-grained) get
	// that 401 again, as htpasswd has no 403.
	BasicAuth
)

// RegistryConfig configures a Registry. The zero value is a ghcr.io-style
// registry that accepts no token at all.
type RegistryConfig struct {
	Auth RegistryAuth
	// Tokens are the PATs the token service accepts, with any non-empty
	// username. Whether ghcr.io checks the username is unconfirmed
	// (GITHUB.md §1 Username); the fake records it in Requests.
	Tokens []string
	// Revoked are PATs answered like bad ones: 403 DENIED (GITHUB.md §1 Token
	// endpoint: "Bad, expired or revoked PAT … → 403"). Revoked wins over Tokens.
	Revoked []string
	// AcceptFineGrained lets github_pat_ tokens listed in Tokens work. By
	// default they get 403 DENIED: GitHub Packages takes classic PATs only and
	// fine-grained ones were observed failing on ghcr.io (GITHUB.md §2
	// "Fine-grained PATs and Packages").
	AcceptFineGrained bool
	// Public are repositories ("owner/image") an anonymous /token request
	// may pull (GITHUB.md §1 Token endpoint: anonymous request for a public
	// image → 200).
	Public []string
	// DeniedMessage is the message of the 403 DENIED errcode; "denied" by
	// default. "requested access to the resource is denied" is the observed
	// variant (GITHUB.md §1 Token endpoint).
	DeniedMessage string
	// RefreshTokens makes the token service answer a login that asks for
	// offline_token=true with a refresh_token too, as distribution's token
	// servers may (ghcr.io is not documented to: GITHUB.md §1). docker login
	// then hands the helper that refresh token, under user "<token>".
	RefreshTokens bool
}

// Registry is a real OCI registry (go-containerregistry's pkg/registry, in
// memory) behind a ghcr.io-style auth front, on one plain-HTTP 127.0.0.1
// listener. The docker CLI, skopeo, crane and go-containerregistry talk to it
// as they would to ghcr.io.
type Registry struct {
	server
	inner http.Handler

	mu         sync.Mutex
	cfg        RegistryConfig
	valid      map[string]bool
	revoked    map[string]bool
	public     map[string]bool
	issued     map[string]grant
	pushSecret string
}

// grant is what an issued bearer token allows.
type grant struct {
	all   bool            // authenticated: everything
	repos map[string]bool // anonymous: pull on these
}

// pusher* identify PushRandomImage's own traffic, which is never recorded.
const (
	pusherUser = "dxai-fakes-pusher"
	pusherUA   = "dxai-fakes-pusher"
)

// NewRegistry starts a Registry.
func NewRegistry(cfg RegistryConfig) (*Registry, error) {
	r := &Registry{
		inner:      registry.New(registry.Logger(discardLogger)),
		cfg:        cfg,
		valid:      set(cfg.Tokens),
		revoked:    set(cfg.Revoked),
		public:     set(cfg.Public),
		issued:     map[string]grant{},
		pushSecret: randomHex(16),
	}
	if r.cfg.DeniedMessage == "" {
		r.cfg.DeniedMessage = "denied"
	}
	if err := r.start(http.HandlerFunc(r.serveHTTP), func(req *http.Request) bool {
		return !strings.HasPrefix(req.UserAgent(), pusherUA)
	}); err != nil {
		return nil, fmt.Errorf("starting fake registry: %w", err)
	}
	return r, nil
}

// AddToken makes tok a valid PAT from now on.
func (r *Registry) AddToken(tok string) {
	r.mu.Lock()
	r.valid[tok] = true
	r.mu.Unlock()
}

// Revoke makes tok answer 403 DENIED from now on. Bearer tokens already
// issued for it keep working (their lifetime on ghcr.io is unconfirmed).
func (r *Registry) Revoke(tok string) {
	r.mu.Lock()
	r.revoked[tok] = true
	r.mu.Unlock()
}

// Ref returns the reference "127.0.0.1:PORT/repo" for a repository.
func (r *Registry) Ref(repo string) string { return r.Host() + "/" + repo }

func (r *Registry) serveHTTP(w http.ResponseWriter, req *http.Request) {
	switch {
	case r.cfg.Auth == BearerAuth && req.URL.Path == "/token":
		r.serveToken(w, req)
	case req.URL.Path == "/v2" || strings.HasPrefix(req.URL.Path, "/v2/"):
		if r.authorized(req) {
			r.inner.ServeHTTP(w, req)
			return
		}
		r.challenge(w, req)
	default:
		http.NotFound(w, req)
	}
}

// authorized reports whether a /v2/ request may reach the real registry.
func (r *Registry) authorized(req *http.Request) bool {
	scheme, user, secret := parseAuth(req.Header.Get("Authorization"))
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cfg.Auth == BasicAuth {
		return scheme == "basic" && r.acceptLocked(user, secret)
	}
	if scheme != "bearer" {
		return false
	}
	g, ok := r.issued[secret]
	if !ok {
		return false
	}
	if g.all {
		return true
	}
	repo := repoFromPath(req.URL.Path)
	read := req.Method == http.MethodGet || req.Method == http.MethodHead
	return repo == "" || (read && g.repos[repo])
}

// challenge answers 401 the way the registry would. For BearerAuth that is
// ghcr.io's challenge (GITHUB.md §1 Challenge): the literal placeholder scope
// on /v2/ and /v2/_catalog, the real repository:OWNER/IMAGE:pull elsewhere.
func (r *Registry) challenge(w http.ResponseWriter, req *http.Request) {
	h := w.Header()
	h.Set("Docker-Distribution-API-Version", "registry/2.0")
	if r.cfg.Auth == BasicAuth {
		h.Set("WWW-Authenticate", `Basic realm="Registry Realm"`)
	} else {
		scope := "repository:user/image:pull"
		if repo := repoFromPath(req.URL.Path); repo != "" {
			scope = "repository:" + repo + ":pull"
		}
		h.Set("WWW-Authenticate", fmt.Sprintf(`Bearer realm="%s/token",service="%s",scope="%s"`,
			r.URL(), r.Host(), scope))
	}
	writeJSON(w, http.StatusUnauthorized, errcodeBody("UNAUTHORIZED", "authentication required"))
}

// serveToken is ghcr.io's token service (GITHUB.md §1 Token endpoint).
func (r *Registry) serveToken(w http.ResponseWriter, req *http.Request) {
	if req.Method != http.MethodGet {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	scheme, user, secret := parseAuth(req.Header.Get("Authorization"))
	switch scheme {
	case "basic":
		r.mu.Lock()
		ok := r.acceptLocked(user, secret)
		msg := r.cfg.DeniedMessage
		r.mu.Unlock()
		if !ok {
			writeJSON(w, http.StatusForbidden, errcodeBody("DENIED", msg))
			return
		}
		tok := "djE6" + base64.StdEncoding.EncodeToString([]byte(randomHex(24)))
		r.mu.Lock()
		r.issued[tok] = grant{all: true}
		r.mu.Unlock()
		// No expires_in, no issued_at: ghcr.io sends neither.
		answer := map[string]string{"token": tok}
		if r.cfg.RefreshTokens && req.URL.Query().Get("offline_token") == "true" {
			answer["refresh_token"] = "fake-refresh-" + randomHex(16)
		}
		writeJSON(w, http.StatusOK, answer)
	case "":
		r.serveAnonymousToken(w, req)
	default:
		// A PAT sent as Bearer to /token gets the same 401 as anonymous
		// access to a private image (observed, GITHUB.md §1 Token endpoint).
		writeJSON(w, http.StatusUnauthorized, errcodeBody("UNAUTHORIZED", "authentication required"))
	}
}

// serveAnonymousToken grants pull on the public repositories among the
// requested scopes, and answers 401 UNAUTHORIZED if there are none (private
// or missing image, observed per GITHUB.md §1 Token endpoint). Granting the
// public subset of a mixed request is the fake's choice.
func (r *Registry) serveAnonymousToken(w http.ResponseWriter, req *http.Request) {
	repos := map[string]bool{}
	var first string
	r.mu.Lock()
	for _, s := range req.URL.Query()["scope"] {
		for _, one := range strings.Fields(s) {
			repo, actions, ok := parseScope(one)
			if ok && r.public[repo] && strings.Contains(","+actions+",", ",pull,") {
				repos[repo] = true
				if first == "" {
					first = repo
				}
			}
		}
	}
	r.mu.Unlock()
	if len(repos) == 0 {
		writeJSON(w, http.StatusUnauthorized, errcodeBody("UNAUTHORIZED", "authentication required"))
		return
	}
	// Anonymous tokens decode as "v1:OWNER/IMAGE:<digits>" (GITHUB.md §1).
	tok := base64.StdEncoding.EncodeToString([]byte("v1:" + first + ":" + randomDigits(10)))
	r.mu.Lock()
	r.issued[tok] = grant{repos: repos}
	r.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]string{"token": tok})
}

// acceptLocked decides whether user:secret is a working PAT. r.mu is held.
func (r *Registry) acceptLocked(user, secret string) bool {
	if user == pusherUser && secret == r.pushSecret {
		return true
	}
	switch {
	case user == "" || secret == "":
		return false
	case r.revoked[secret] || !r.valid[secret]:
		return false
	case strings.HasPrefix(secret, "github_pat_") && !r.cfg.AcceptFineGrained:
		return false
	}
	return true
}

// repoFromPath returns "owner/image" for /v2/owner/image/{manifests,blobs,
// tags,referrers}/…, and "" for /v2/, /v2/_catalog and anything else.
func repoFromPath(p string) string {
	segs := strings.Split(strings.TrimPrefix(p, "/v2/"), "/")
	for i := 1; i < len(segs); i++ {
		switch segs[i] {
		case "manifests", "blobs", "tags", "referrers":
			return strings.Join(segs[:i], "/")
		}
	}
	return ""
}

// parseScope splits "repository:owner/image:pull,push".
func parseScope(s string) (repo, actions string, ok bool) {
	typ, rest, ok := strings.Cut(s, ":")
	if !ok || typ != "repository" {
		return "", "", false
	}
	i := strings.LastIndex(rest, ":")
	if i < 0 {
		return "", "", false
	}
	return rest[:i], rest[i+1:], true
}

func set(xs []string) map[string]bool {
	m := make(map[string]bool, len(xs))
	for _, x := range xs {
		m[x] = true
	}
	return m
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func randomDigits(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = '0' + b[i]%10
	}
	return string(b)
}
