package mavencheck

import (
	"net/url"
	"slices"
	"strings"
)

// MirrorOf reports whether a <mirror> with this <mirrorOf> pattern takes
// over the repository with this id and URL, by the rules of Maven's
// DefaultMirrorSelector: "*" or the exact id match at once; otherwise the
// comma-separated entries are read in order, where "!id" excludes and stops,
// "id" includes and stops, and "*", "external:*" (any host but localhost and
// file: URLs) and "external:http:*" (the same over plain http) include but
// let a later "!id" still exclude.
func MirrorOf(pattern, id, repoURL string) bool {
	pattern = strings.TrimSpace(pattern)
	if pattern == "*" || pattern == id {
		return true
	}
	matched := false
	for _, p := range strings.Split(pattern, ",") {
		p = strings.TrimSpace(p)
		switch {
		case len(p) > 1 && p[0] == '!':
			if p[1:] == id {
				return false
			}
		case p == id:
			return true
		case p == "*":
			matched = true
		case p == "external:*" && external(repoURL):
			matched = true
		case p == "external:http:*" && external(repoURL) && strings.HasPrefix(strings.ToLower(repoURL), "http:"):
			matched = true
		}
	}
	return matched
}

// external is Maven's isExternalRepo: not on this machine, not a file: URL.
func external(repoURL string) bool {
	u, err := url.Parse(repoURL)
	if err != nil {
		return true
	}
	h := strings.ToLower(u.Hostname())
	return !strings.EqualFold(u.Scheme, "file") && h != "localhost" && h != "127.0.0.1"
}

// Exclude rewrites a mirrorOf pattern so that it no longer takes over the
// repositories ids, keeping the rest of the list: entries naming an id are
// dropped, and "!id" is appended where a wildcard would still match. It
// returns "" when nothing is left, that is when the mirror only served ids
// and should be removed.
func Exclude(pattern string, repoURL string, ids ...string) string {
	var kept []string
	for _, p := range strings.Split(pattern, ",") {
		p = strings.TrimSpace(p)
		if p != "" && !slices.Contains(ids, p) {
			kept = append(kept, p)
		}
	}
	for _, id := range ids {
		if MirrorOf(strings.Join(kept, ","), id, repoURL) {
			kept = append(kept, "!"+id)
		}
	}
	if !slices.ContainsFunc(kept, func(p string) bool { return !strings.HasPrefix(p, "!") }) {
		return ""
	}
	return strings.Join(kept, ",")
}
