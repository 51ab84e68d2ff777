package tokenshape

import (
	"regexp"
	"strings"
	"sync"
)

// likeRE finds anything shaped like a GitHub token: one of the prefixes
// Check knows followed by token characters, or a run of hexadecimal digits
// (a legacy token when it is exactly 40 long: see legacyRun). It is built
// from the same prefix list as Check and Mask, and compiled on first use:
// the helper's get, which runs on every pull, prints nothing in the common
// case and need not pay for it at start.
//
// A prefix counts wherever it starts, even right after a letter, digit or
// _ ("%3Dghp_…", "Bearerghp_…", "agithub_pat_…"): the prefixes are not
// words, so a word boundary before them would only let glued tokens
// through. A hexadecimal run likewise counts after any character that is
// not a hexadecimal digit ("x", "_", "%3D" ends in one, see legacyRun).
var likeRE = sync.OnceValue(func() *regexp.Regexp {
	alts := make([]string, len(prefixes))
	for i, p := range prefixes {
		alts[i] = regexp.QuoteMeta(p.prefix)
	}
	return regexp.MustCompile(`(?:` + strings.Join(alts, "|") + `)[A-Za-z0-9_]{8,}|[0-9A-Fa-f]{40,}`)
})

// legacyRun reports whether a hexadecimal run found by likeRE is a legacy
// token's shape: 40 digits, or 42 when the first two end a URL escape
// ("%3D" followed by the token, as in a query string). The run is always
// whole (no hexadecimal digit on either side), so a longer hash such as a
// sha256 digest is not taken for a token.
func legacyRun(msg string, start, end int) (tokenStart int, ok bool) {
	switch n := end - start; {
	case n == 40:
		return start, true
	case n == 42 && start > 0 && msg[start-1] == '%':
		return start + 2, true
	}
	return 0, false
}

// Like reports whether s holds anything shaped like a GitHub token (by its
// prefix or as 40 hexadecimal digits).
func Like(s string) bool {
	found := false
	scan(s, func(int, int) { found = true })
	return found
}

// Redact masks (as Mask does) every token-shaped word in msg.
func Redact(msg string) string {
	var b strings.Builder
	last := 0
	scan(msg, func(start, end int) {
		b.WriteString(msg[last:start])
		b.WriteString(Mask(msg[start:end]))
		last = end
	})
	if last == 0 {
		return msg
	}
	b.WriteString(msg[last:])
	return b.String()
}

// scan calls found with the bounds of each token-shaped part of msg, in
// order.
func scan(msg string, found func(start, end int)) {
	for _, m := range likeRE().FindAllStringIndex(msg, -1) {
		start, end := m[0], m[1]
		if isHex(msg[start]) {
			var ok bool
			if start, ok = legacyRun(msg, start, end); !ok {
				continue
			}
		}
		found(start, end)
	}
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
