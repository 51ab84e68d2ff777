package tokenshape

import (
	"strings"
	"testing"
)

// TestRedactKnowsEveryPrefix: the masking of messages and the kinds Check
// tells apart come from one list, so a prefix added for Check is masked
// in every message too.
func TestRedactKnowsEveryPrefix(t *testing.T) {
	// Built at run time so the source holds no token-shaped string.
	body := strings.Repeat("Ab1", 12)
	words := []string{strings.Repeat("0123456789abcdef", 3)[:40]}
	for _, p := range prefixes {
		words = append(words, p.prefix+body)
	}
	for _, w := range words {
		msg := "bad user " + w + " given"
		if !Like(msg) {
			t.Errorf("Like misses %s", Mask(w))
		}
		if got := Redact(msg); strings.Contains(got, w) || got != "bad user "+Mask(w)+" given" {
			t.Errorf("Redact(%s) = %q", Mask(w), got)
		}
	}
	for _, s := range []string{"octocat", "ghp_short", "ghx_" + body, "see github_pat_ above"} {
		if Like(s) {
			t.Errorf("Like(%q) = true", s)
		}
	}
}
