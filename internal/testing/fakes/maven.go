package fakes

import (
	"crypto/md5"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
)

// MavenRepo is a loopback stand-in for maven.pkg.github.com
// (GITHUB.md §3). Paths are served exactly as Put stored them, so a test
// picks the /OWNER/REPOSITORY/ layout it wants.
type MavenRepo struct {
	server

	mu           sync.Mutex
	valid        map[string]bool
	noAccess     map[string]bool
	files        map[string][]byte
	puts         []string
	seen         []Credential
	unauthorized int
}

// Credential is a username/token pair a fake was sent.
type Credential struct {
	// Scheme is "basic" or "token" (`Authorization: token PAT`).
	Scheme   string
	Username string
	Token    string
}

// MavenRealm is the Basic realm of the 401 challenge. GitHub's npm registry
// names it so, and sbt credentials for maven.pkg.github.com use the same
// realm; the exact Maven header is unconfirmed (GITHUB.md §3).
const MavenRealm = "GitHub Package Registry"

// NewMavenRepo starts a MavenRepo that accepts the given tokens with any
// username: the docs ask for the GitHub username, users report it is ignored
// (GITHUB.md §3 "Auth is required even for public packages"). Usernames are
// recorded in Seen.
func NewMavenRepo(tokens ...string) (*MavenRepo, error) {
	m := &MavenRepo{
		valid:    set(tokens),
		noAccess: map[string]bool{},
		files:    map[string][]byte{},
	}
	if err := m.start(http.HandlerFunc(m.serveHTTP), nil); err != nil {
		return nil, fmt.Errorf("starting fake maven repository: %w", err)
	}
	return m, nil
}

// AddToken makes tok a valid token from now on.
func (m *MavenRepo) AddToken(tok string) {
	m.mu.Lock()
	m.valid[tok] = true
	m.mu.Unlock()
}

// DenyAccess makes tok a valid token without access to the packages: 403,
// as for a token without read:packages or repo access (GITHUB.md §3; the
// body is unconfirmed, the fake sends a short text).
func (m *MavenRepo) DenyAccess(tok string) {
	m.mu.Lock()
	m.valid[tok] = true
	m.noAccess[tok] = true
	m.mu.Unlock()
}

// Put stores an artifact file at path ("owner/repo/ai/dynamixs/…/x-1.0.pom";
// a leading slash is optional). Unless a ".sha1" or ".md5" file is put too,
// GETs of path+".sha1" and path+".md5" answer the computed checksum.
func (m *MavenRepo) Put(path string, data []byte) {
	m.mu.Lock()
	m.files[cleanPath(path)] = append([]byte(nil), data...)
	m.mu.Unlock()
}

// File returns a stored file (put by a test or uploaded by a client).
func (m *MavenRepo) File(path string) ([]byte, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b, ok := m.files[cleanPath(path)]
	return append([]byte(nil), b...), ok
}

// Puts returns the paths successfully uploaded with PUT, oldest first.
func (m *MavenRepo) Puts() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]string(nil), m.puts...)
}

// Seen returns every credential sent, right or wrong, oldest first.
func (m *MavenRepo) Seen() []Credential {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]Credential(nil), m.seen...)
}

// Unauthorized counts the 401 answers so far.
func (m *MavenRepo) Unauthorized() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.unauthorized
}

func (m *MavenRepo) serveHTTP(w http.ResponseWriter, req *http.Request) {
	scheme, user, secret := parseAuth(req.Header.Get("Authorization"))
	m.mu.Lock()
	if scheme != "" {
		m.seen = append(m.seen, Credential{Scheme: scheme, Username: user, Token: secret})
	}
	// Basic USER:PAT, and `Authorization: token PAT` (GITHUB.md §3).
	known := (scheme == "basic" || scheme == "token") && secret != "" && m.valid[secret]
	denied := m.noAccess[secret]
	if !known {
		m.unauthorized++
	}
	m.mu.Unlock()

	switch {
	case !known:
		// Missing or invalid credentials → 401, always with a Basic
		// challenge, or Maven never sends credentials (GITHUB.md §3 Fake tip).
		w.Header().Set("WWW-Authenticate", `Basic realm="`+MavenRealm+`"`)
		http.Error(w, "401 Unauthorized", http.StatusUnauthorized)
	case denied:
		http.Error(w, "403 Forbidden", http.StatusForbidden)
	case req.Method == http.MethodPut:
		m.servePut(w, req)
	case req.Method == http.MethodGet || req.Method == http.MethodHead:
		m.serveGet(w, req)
	default:
		w.Header().Set("Allow", "GET, HEAD, PUT")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	}
}

func (m *MavenRepo) servePut(w http.ResponseWriter, req *http.Request) {
	data, err := io.ReadAll(req.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	p := cleanPath(req.URL.Path)
	m.mu.Lock()
	m.files[p] = data
	m.puts = append(m.puts, p)
	m.mu.Unlock()
	w.WriteHeader(http.StatusCreated)
}

// serveGet answers a stored file or a computed checksum; a missing artifact
// is 404 (inferred, GITHUB.md §3).
func (m *MavenRepo) serveGet(w http.ResponseWriter, req *http.Request) {
	p := cleanPath(req.URL.Path)
	m.mu.Lock()
	data, ok := m.files[p]
	if !ok {
		data, ok = m.checksumLocked(p)
	}
	m.mu.Unlock()
	if !ok {
		http.NotFound(w, req)
		return
	}
	w.Header().Set("Content-Type", contentType(p))
	w.Header().Set("Content-Length", fmt.Sprint(len(data)))
	w.WriteHeader(http.StatusOK)
	if req.Method == http.MethodGet {
		_, _ = w.Write(data)
	}
}

func (m *MavenRepo) checksumLocked(p string) ([]byte, bool) {
	for ext, sum := range map[string]func([]byte) string{
		".sha1": func(b []byte) string { s := sha1.Sum(b); return hex.EncodeToString(s[:]) },
		".md5":  func(b []byte) string { s := md5.Sum(b); return hex.EncodeToString(s[:]) },
	} {
		if base, ok := strings.CutSuffix(p, ext); ok {
			if data, ok := m.files[base]; ok {
				return []byte(sum(data)), true
			}
		}
	}
	return nil, false
}

func cleanPath(p string) string { return strings.TrimLeft(p, "/") }

func contentType(p string) string {
	switch {
	case strings.HasSuffix(p, ".pom"), strings.HasSuffix(p, ".xml"):
		return "text/xml"
	case strings.HasSuffix(p, ".jar"):
		return "application/java-archive"
	}
	return "application/octet-stream"
}
