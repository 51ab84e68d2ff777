package fakes

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

var discardLogger = log.New(io.Discard, "", 0)

// Request is one request a fake received, with the credentials it carried.
type Request struct {
	Method string
	Path   string
	Query  string
	// Scheme is the Authorization scheme, lower-cased: "basic", "bearer",
	// "token", or "" when the request carried none.
	Scheme string
	// User is the Basic username, "" for other schemes.
	User string
	// Secret is the Basic password or the bearer/token value.
	Secret string
	// Status is the status code the fake answered.
	Status int
}

// server is the loopback HTTP server and request log every fake shares.
type server struct {
	ln   net.Listener
	srv  *http.Server
	done chan struct{}

	mu   sync.Mutex
	reqs []Request
}

// start serves h on a fresh 127.0.0.1 port and records each request after
// it is answered, unless record (when non-nil) says to skip it.
func (s *server) start(h http.Handler, record func(*http.Request) bool) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	s.ln = ln
	s.done = make(chan struct{})
	s.srv = &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
			h.ServeHTTP(sw, r)
			if record != nil && !record(r) {
				return
			}
			scheme, user, secret := parseAuth(r.Header.Get("Authorization"))
			s.mu.Lock()
			s.reqs = append(s.reqs, Request{
				Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery,
				Scheme: scheme, User: user, Secret: secret, Status: sw.status,
			})
			s.mu.Unlock()
		}),
		ReadHeaderTimeout: 10 * time.Second,
		// The docker CLI tries https first on loopback; silence the
		// resulting "TLS handshake" noise from net/http.
		ErrorLog: discardLogger,
	}
	go func() {
		defer close(s.done)
		_ = s.srv.Serve(ln)
	}()
	return nil
}

// Host is the fake's "127.0.0.1:PORT".
func (s *server) Host() string { return s.ln.Addr().String() }

// URL is the fake's base URL, "http://127.0.0.1:PORT", without a trailing slash.
func (s *server) URL() string { return "http://" + s.Host() }

// Requests returns a copy of every request recorded so far, oldest first.
func (s *server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.reqs...)
}

// ResetRequests forgets the recorded requests.
func (s *server) ResetRequests() {
	s.mu.Lock()
	s.reqs = nil
	s.mu.Unlock()
}

// Close stops the server and waits for it to exit.
func (s *server) Close() error {
	if s.srv == nil {
		return nil
	}
	err := s.srv.Close()
	<-s.done
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

type statusWriter struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.wrote {
		w.status, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(b)
}

// Flush lets the wrapped registry stream blobs.
func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// parseAuth splits an Authorization header. The scheme is matched
// case-insensitively, as HTTP requires and GitHub does (GITHUB.md §2 Request).
func parseAuth(h string) (scheme, user, secret string) {
	h = strings.TrimSpace(h)
	if h == "" {
		return "", "", ""
	}
	scheme, rest, _ := strings.Cut(h, " ")
	scheme = strings.ToLower(scheme)
	rest = strings.TrimSpace(rest)
	if scheme != "basic" {
		return scheme, "", rest
	}
	raw, err := base64.StdEncoding.DecodeString(rest)
	if err != nil {
		return scheme, "", ""
	}
	user, secret, _ = strings.Cut(string(raw), ":")
	return scheme, user, secret
}

// writeJSON answers with status and v encoded as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// errcodeBody is the distribution errcode JSON ghcr.io answers with
// (GITHUB.md §1 Challenge and Token endpoint).
func errcodeBody(code, message string) map[string]any {
	return map[string]any{"errors": []map[string]string{{"code": code, "message": message}}}
}
