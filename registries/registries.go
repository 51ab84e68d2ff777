// Package registries knows which container registries dxai serves and maps
// the server URLs that docker and other clients send to a registry host.
//
// The mapping is deliberately strict: the GitHub token must never be handed
// to a host that merely looks like a served one (ghcr.io.evil.com,
// evil.com/ghcr.io, user@ghcr.io, ghcr.io#@evil.com, percent-encoded or
// non-ASCII names).
package registries

import (
	"fmt"
	"net"
	"strconv"
	"strings"

	"github.com/dynamixs-ai/dxai/internal/hint"
)

// Default is the registry served when neither DXAI_REGISTRIES nor init's
// record names others.
const Default = "ghcr.io"

// EnvVar names the variable that replaces the served list.
const EnvVar = "DXAI_REGISTRIES"

// Parse reads a comma-separated list of registries, as DXAI_REGISTRIES
// takes it; an empty list means the default. An entry that is not a plain
// host is an error naming it.
func Parse(list string) ([]string, error) {
	var hosts []string
	for _, item := range strings.Split(list, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		host, ok := Normalize(item)
		if !ok {
			return nil, fmt.Errorf("%q is not a registry host", item)
		}
		if !contains(hosts, host) {
			hosts = append(hosts, host)
		}
	}
	if len(hosts) == 0 {
		hosts = []string{Default}
	}
	return hosts, nil
}

// FromEnv reports whether DXAI_REGISTRIES is set in getenv's environment;
// it then replaces the recorded list.
func FromEnv(getenv func(string) string) bool { return strings.TrimSpace(getenv(EnvVar)) != "" }

// Resolve is the one answer to "which registries does the token go to",
// for every reader (the helper's get, store, erase and list; mvn-dxai
// sync, status, doctor and logout): DXAI_REGISTRIES when set in getenv's
// environment (a per-process override, never stored), else recorded (what
// init recorded, e.g. containers.HOST for --github-host), else the default.
// It reads nothing but its arguments. A bad DXAI_REGISTRIES is an error
// that knows its fix (hint.Of).
func Resolve(getenv func(string) string, recorded string) ([]string, error) {
	if v := getenv(EnvVar); strings.TrimSpace(v) != "" { // FromEnv, with one lookup
		hosts, err := Parse(v)
		if err != nil {
			return nil, hint.New(fmt.Sprintf("set %s to registry hosts (host[:port]) separated by commas, e.g. %s=ghcr.io,containers.example.com, or unset it to serve what init set up", EnvVar, EnvVar),
				"%s: %w", EnvVar, err)
		}
		return hosts, nil
	}
	hosts, err := Parse(recorded)
	if err != nil {
		return nil, fmt.Errorf("the registries recorded by mvn-dxai init: %w", err)
	}
	return hosts, nil
}

// Record is how a served list is remembered: "" for the default alone,
// else the hosts comma-separated, as DXAI_REGISTRIES takes them.
func Record(served []string) string {
	if len(served) == 1 && served[0] == Default {
		return ""
	}
	return strings.Join(served, ",")
}

// Match returns the served host that serverURL names, if any.
func Match(served []string, serverURL string) (string, bool) {
	host, ok := Normalize(serverURL)
	if !ok || !contains(served, host) {
		return "", false
	}
	return host, true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Normalize maps a server URL in any form clients send (ghcr.io,
// https://ghcr.io, https://ghcr.io/v2/, ghcr.io/owner/image, ghcr.io:443,
// with surrounding white space) to its lowercase host[:port], without the
// default port 443. It reports false for anything that is not plainly a
// host: user info, percent escapes, non-ASCII characters anywhere, a query
// or fragment anywhere, bad ports, schemes other than http and https, and
// http:// to any host but this machine's (see Loopback): the token would
// cross the network in plain text.
//
// Non-ASCII is refused before any case folding, which would turn the Kelvin
// sign (U+212A) into k. A query or fragment is refused because URL parsers
// disagree about the authority in https://ghcr.io#@evil.com; no client
// sends either to a credential helper.
func Normalize(serverURL string) (string, bool) {
	for i := 0; i < len(serverURL); i++ {
		if c := serverURL[i]; c >= 0x80 || c == '?' || c == '#' {
			return "", false
		}
	}
	s := strings.TrimSpace(serverURL)
	scheme := ""
	if i := strings.Index(s, "://"); i >= 0 {
		scheme = strings.ToLower(s[:i])
		if scheme != "https" && scheme != "http" {
			return "", false
		}
		s = s[i+3:]
	}
	if i := strings.IndexByte(s, '/'); i >= 0 {
		s = s[:i]
	}
	s = strings.ToLower(s)
	host, port, ok := splitHostPort(s)
	if !ok || !validHost(host) || scheme == "http" && !Loopback(host) {
		return "", false
	}
	if port == "" || port == "443" {
		return host, true
	}
	return host + ":" + port, true
}

// Loopback reports whether a normalized host (no port) is this machine:
// localhost, 127.0.0.0/8 or [::1].
func Loopback(host string) bool {
	if host == "localhost" || host == "[::1]" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.To4() != nil && ip.IsLoopback()
}

// splitHostPort splits host[:port], with IPv6 literals in brackets.
func splitHostPort(s string) (host, port string, ok bool) {
	if strings.HasPrefix(s, "[") {
		end := strings.Index(s, "]")
		if end < 0 {
			return "", "", false
		}
		host, rest := s[:end+1], s[end+1:]
		if rest == "" {
			return host, "", true
		}
		if !strings.HasPrefix(rest, ":") {
			return "", "", false
		}
		return host, rest[1:], validPort(rest[1:])
	}
	host, port, found := strings.Cut(s, ":")
	if !found {
		return host, "", true
	}
	return host, port, validPort(port)
}

func validPort(p string) bool {
	n, err := strconv.Atoi(p)
	return err == nil && n > 0 && n < 65536 && p[0] != '0' && p[0] != '+'
}

// validHost accepts DNS names of ASCII letters, digits and hyphens, and
// bracketed IPv6 literals.
func validHost(h string) bool {
	if strings.HasPrefix(h, "[") {
		inner := h[1 : len(h)-1]
		if inner == "" {
			return false
		}
		for _, c := range inner {
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c == ':' || c == '.') {
				return false
			}
		}
		return true
	}
	if h == "" || len(h) > 253 {
		return false
	}
	for _, label := range strings.Split(h, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, c := range label {
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}
