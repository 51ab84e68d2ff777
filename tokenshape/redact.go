package tokenshape

import (
	"regexp"
	"strings"
	"sync"
)

// likeRE finds candidates: a prefix and the token characters after it, or
// a run of hexadecimal digits. It is built from the same prefix list as
// Check and Mask, and compiled on first use: the helper's get, which runs
// on every pull, prints nothing in the common case and need not pay for it
// at start.
var likeRE = sync.OnceValue(func() *regexp.Regexp {
	alts := make([]string, len(prefixes))
	for i, p := range prefixes {
		alts[i] = regexp.QuoteMeta(p.prefix)
	}
	return regexp.MustCompile(`(?:` + strings.Join(alts, "|") + `)[A-Za-z0-9_]+|` + hexRun)
})

// wordsRE is what follows a prefix in an identifier, not a token.
var wordsRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[a-z][a-z0-9]*(?:_[a-z][a-z0-9]*)+_*$`)
})

// hexRun is a run of hexadecimal digits long enough to be a legacy token.
const hexRun = `[0-9A-Fa-f]{40,}`

// hexRE finds the hexadecimal runs inside an identifier that scan skips.
var hexRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(hexRun)
})

// commitRE is a label naming a git object, right before a 40-digit run.
// The label is a word of its own ("sasha:<token>@host" is a login, not a
// label), and "@" does not end one (it ends the user info of a URL).
var commitRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)(?:^|[^A-Za-z0-9_])(?:commit|revision|rev|sha1?|tree|blob)(?: |: |:|=|/)$`)
})

// legacyRun reports where the legacy token in a hexadecimal run found by
// likeRE starts, if the run is one (see the rule above). The run is always
// whole: no hexadecimal digit on either side.
func legacyRun(msg string, start, end int) (tokenStart int, ok bool) {
	if start > 0 && msg[start-1] == '%' && end-start >= 42 {
		start += 2 // a URL escape's two digits
	}
	switch n := end - start; {
	case n == 40 && commitRE().MatchString(msg[:start]) && !strings.HasPrefix(msg[end:], "@"):
		// A labelled commit; but one right before "@" is a URL's user
		// info ("https://rev:<token>@host"), whatever the user is named.
		return 0, false
	case n >= 40 && n < 64:
		return start, true
	}
	return 0, false
}

// Like reports whether s holds anything shaped like a GitHub token (by the
// rule above).
func Like(s string) bool {
	found := false
	scan(s, func(int, int) { found = true })
	return found
}

// Redact masks (as Mask does) every token-shaped part of msg.
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
		} else if body := start + prefixLen(msg[start:]); wordsRE().MatchString(msg[body:end]) {
			// An identifier, not a token; but a legacy token glued into it
			// ("ghu_internal_<40 hex>") is still one.
			for _, h := range hexRE().FindAllStringIndex(msg[body:end], -1) {
				if s, ok := legacyRun(msg, body+h[0], body+h[1]); ok {
					found(s, body+h[1])
				}
			}
			continue
		}
		found(start, end)
	}
}

// prefixLen is the length of the known prefix s starts with.
func prefixLen(s string) int {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p.prefix) {
			return len(p.prefix)
		}
	}
	return 0
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
