package tokenshape

import (
	"regexp"
	"strings"
	"sync"
)

// likeRE finds anything shaped like a GitHub token: one of the prefixes
// Check knows followed by token characters, or 40 hexadecimal digits (a
// legacy token). It is built from the same prefix list as Check and Mask,
// and compiled on first use: the helper's get, which runs on every pull,
// prints nothing in the common case and need not pay for it at start.
var likeRE = sync.OnceValue(func() *regexp.Regexp {
	alts := make([]string, len(prefixes))
	for i, p := range prefixes {
		alts[i] = regexp.QuoteMeta(p.prefix)
	}
	return regexp.MustCompile(`\b(?:` + strings.Join(alts, "|") + `)[A-Za-z0-9_]{8,}|\b[0-9A-Fa-f]{40}\b`)
})

// Like reports whether s holds anything shaped like a GitHub token (by its
// prefix or as 40 hexadecimal digits).
func Like(s string) bool { return likeRE().MatchString(s) }

// Redact masks (as Mask does) every token-shaped word in msg.
func Redact(msg string) string { return likeRE().ReplaceAllStringFunc(msg, Mask) }
