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
	for _, s := range []string{"octocat", "ghx_" + body, "see github_pat_ above"} {
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
		// However short: a bad copy is still a piece of a secret.
		{"see ", "ghp_short", ""},
		{"DXAI_TOKEN=", "gho_x1", " given"},
		{"user ", "ghu_abc", ""},
		{"=", "ghs_Ab3x9", ""},
		{"Bearer", "ghp_x", ""},
		{"x", "github_pat_11AB_cd", ""},
		// Underscores in a body with capitals or digits: the fixtures'
		// convention, and a fine-grained token's shape.
		{"token%3D", "ghp_DoctorGood000000000000000000000_0000", ""},
		// A commit label is a commit's only when a commit follows: a
		// token after one is masked.
		{"commit ", "ghp_short", ""},
		{"sha1:", legacy + "0", ""},
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
// is: words that merely contain a prefix's letters, a prefix with nothing
// after it, identifiers of lowercase words joined by _ after a prefix,
// hexadecimal runs of 64 digits or more (a sha256 digest), and a commit
// named as one: these hid what users need.
func TestRedactLeavesWords(t *testing.T) {
	sha256 := strings.Repeat("0123456789abcdef", 4)
	for _, s := range []string{
		"the github_pat_ prefix", "thghp_", "sha256:" + sha256,
		"lighthouse ghost ghosts_of_a_kind",
		// Identifiers with a prefix's letters inside: lowercase words
		// joined by _, which no token body is.
		"mygho_repository_snapshots", "/opt/ghu_internal_tools/1.0/lib", "ghs_cache_dir_", "xghp_build_v2",
		// Commits, which users need to see.
		"mvn-dxai 1.2.0 (commit " + legacy + ", go1.23 linux/amd64)",
		"https://github.com/o/r/commit/" + legacy, "vcs.revision=" + legacy, "tree/" + legacy,
		"sha1:" + strings.ToUpper(legacy), "Revision: " + legacy,
	} {
		if got := Redact(s); got != s {
			t.Errorf("Redact(%q) = %q, want it unchanged", s, got)
		}
	}
}

// TestRedactGluedLegacy: a legacy token glued to hexadecimal letters makes
// a longer run, 41 to 63 digits; no hash is that long, so the whole run is
// masked. The escape's "%3D" stays readable.
func TestRedactGluedLegacy(t *testing.T) {
	for _, tc := range []struct{ before, after, want string }{
		{"a", "", "…(41 chars)"},
		{"ab", "", "…(42 chars)"},
		{"", "ab", "…(42 chars)"},
		{"%3D", "0", "%3D…(41 chars)"},
		{"deadbeef", "cafe", "…(52 chars)"},
		{"commit a", "", "commit …(41 chars)"},
	} {
		msg := tc.before + legacy + tc.after
		if got := Redact(msg); got != tc.want || !Like(msg) {
			t.Errorf("Redact(%q+legacy+%q) = %q, want %q", tc.before, tc.after, got, tc.want)
		}
	}
}

// TestRedactLabelsAndIdentifiersHideNoToken: a commit label lets a 40-digit
// run through only as a word of its own, and an identifier's exception
// does not cover a legacy token glued into it (found by review: a login
// ending in "sha" and ghu_internal_<hex> printed the token in clear).
func TestRedactLabelsAndIdentifiersHideNoToken(t *testing.T) {
	lower := strings.ToLower(legacy)
	for _, msg := range []string{
		"https://sasha:" + legacy + "@ghcr.io",
		"https://rev:" + legacy + "@ghcr.io",
		"prev=" + legacy,
		"abbrev: " + legacy,
		"password_sha=" + legacy,
		"ghu_internal_" + lower,
		"token=ghp_zz_" + lower,
	} {
		if got := Redact(msg); strings.Contains(got, lower) || strings.Contains(got, legacy) {
			t.Errorf("Redact(%q) = %q: the legacy token shows", msg, got)
		}
	}
	for _, msg := range []string{"commit " + legacy, "sha1:" + legacy, "vcs.revision=" + legacy} {
		if got := Redact(msg); got != msg {
			t.Errorf("Redact(%q) = %q, want it unchanged (a labelled commit)", msg, got)
		}
	}
}
