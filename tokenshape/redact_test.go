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

// TestRedactGluedTokens: a token glued to the word before it (a URL
// escape, a header written without its space, an identifier) used to pass
// through unmasked, since the pattern wanted a word boundary before the
// prefix. Each row is masked wherever the token starts, and the text
// around it stays as it was.
func TestRedactGluedTokens(t *testing.T) {
	for _, tc := range []struct{ before, tok, after string }{
		{"token%3D", classic, "&x=1"},
		{"x", classic, ""},
		{"_", classic, "-"},
		{"a", fine, ""},
		{"Bearer", classic, ""},
		{"invalid character entity &", classic, ";"},
		{"token%3D", legacy, "&x=1"},
		{"token%3d", strings.ToUpper(legacy), ""},
		{"x", legacy, "z"},
		{"key_", legacy, "_"},
		{"", legacy, ""},
		{"ghp", classic, ""},
	} {
		msg := tc.before + tc.tok + tc.after
		got := Redact(msg)
		if want := tc.before + Mask(tc.tok) + tc.after; got != want {
			t.Errorf("Redact(%s%s%s) = %q, want %q", tc.before, Mask(tc.tok), tc.after, got, want)
		}
		if !Like(msg) {
			t.Errorf("Like misses %s in %q", Mask(tc.tok), tc.before+"…"+tc.after)
		}
	}
}

// TestRedactLeavesWords: what only looks a little like a token stays as it
// is: words that merely contain a prefix's letters, a prefix with too
// little after it, and hexadecimal runs longer than a legacy token's 40
// digits (a sha256 digest), which are hashes, not tokens.
func TestRedactLeavesWords(t *testing.T) {
	sha256 := strings.Repeat("0123456789abcdef", 4)
	for _, s := range []string{
		"the github_pat_ prefix", "see ghp_short", "thghp_", "sha256:" + sha256,
		legacy + "ab", "ab" + legacy, "%3D" + legacy + "0", "lighthouse ghost ghosts_of_a_kind",
	} {
		if got := Redact(s); got != s {
			t.Errorf("Redact(%q) = %q, want it unchanged", s, got)
		}
	}
}
