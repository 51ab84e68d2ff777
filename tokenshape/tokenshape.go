// Package tokenshape knows what a GitHub token looks like, from its shape
// alone: its kind by prefix (Check), whether it may go into the shared
// keyring entry (ForSharedEntry), a GitHub login's shape (ValidLogin), and
// how to show a token masked (Mask). It never asks GitHub and imports no
// network code, so docker-credential-dxai, which runs at every docker pull,
// can apply the same rules as mvn-dxai init without linking net/http or
// crypto/tls; the online checks live in package tokencheck. Nothing here
// ever puts a token in an error or warning.
//
// # Redaction
//
// Redact masks every part of a message shaped like a GitHub token, and
// leaves identifiers that only look a little like one. The rule:
//
//   - A known prefix (ghp_, github_pat_, gho_, ghu_, ghs_, ghr_) followed by
//     at least one token character (A-Z, a-z, 0-9, _) is a token, however
//     short (a bad copy is still a secret's piece), wherever it starts:
//     glued after a letter, digit or _ ("%3Dghp_…", "Bearerghp_…",
//     "xghp_…"), since the prefixes are not words. It is not one when what
//     follows the prefix is lowercase words joined by _, each starting
//     with a letter ("mygho_repository_snapshots", "ghu_internal_tools"):
//     GitHub's token bodies are random letters and digits, so one made
//     only of lowercase words and _ does not occur (a fine-grained token's
//     body has one _, and digits and capitals around it).
//   - A run of hexadecimal digits 40 to 63 long is a legacy token (from
//     before April 2021; GitHub still accepts those that never expired),
//     also glued to hexadecimal letters on either side ("a" before one
//     makes a run of 41) and after a URL escape ("%3D" ends in two hex
//     digits, which stay shown). Runs of 64 and more are hashes (a sha256
//     digest) and stay.
//   - A run of exactly 40 right after a label naming a git object
//     ("commit ", "revision ", "sha1:", "/commit/", "tree/", "blob/") is
//     a commit id, and stays: mvn-dxai version names its commit so, and a
//     user needs it. A legacy token is never written after such a label.
//
// So 40-hex runs are masked everywhere except where a commit is named:
// masking only where a token is expected would miss the places nobody
// thought of, and a leak is worse than a hidden SHA.
package tokenshape

import (
	"fmt"
	"strings"
	"unicode"
)

// NewTokenURL is GitHub's page for a new classic personal access token, with
// the package scopes ticked and dxai as its note. GitHub Packages accepts
// only classic tokens.
const NewTokenURL = "https://github.com/settings/tokens/new?scopes=read:packages,write:packages&description=dxai"

// MaxLength is the longest token GitHub told integrators to accept.
const MaxLength = 255

// Kind is the type of a GitHub token, told by its prefix.
type Kind int

// Token kinds, by prefix (GitHub's token formats, 2021).
const (
	Unknown      Kind = iota
	Classic           // ghp_: classic personal access token
	FineGrained       // github_pat_: fine-grained personal access token
	OAuth             // gho_: OAuth app token
	UserToServer      // ghu_: GitHub App user-to-server token
	Installation      // ghs_: GitHub App installation token, also GITHUB_TOKEN
	Refresh           // ghr_: GitHub App refresh token
	Legacy            // 40 hex digits: token from before April 2021
)

var kindNames = map[Kind]string{
	Unknown:      "unknown token",
	Classic:      "classic personal access token",
	FineGrained:  "fine-grained personal access token",
	OAuth:        "OAuth app token",
	UserToServer: "GitHub App user-to-server token",
	Installation: "GitHub App installation token",
	Refresh:      "GitHub App refresh token",
	Legacy:       "legacy (pre-2021) token",
}

// String is the kind's human name, e.g. "classic personal access token".
func (k Kind) String() string {
	if s, ok := kindNames[k]; ok {
		return s
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// prefixes maps each prefix to its kind; github_pat_ comes first so no
// shorter prefix shadows it.
//
// body is how many characters follow the prefix in every token of that
// kind GitHub issues (0: no fixed length); atLeast makes it a minimum
// (GitHub has said installation tokens may grow). See Fits.
var prefixes = []struct {
	prefix  string
	kind    Kind
	body    int
	atLeast bool
}{
	{"github_pat_", FineGrained, 0, false},
	{"ghp_", Classic, 36, false},
	{"gho_", OAuth, 36, false},
	{"ghu_", UserToServer, 36, false},
	{"ghs_", Installation, 36, true},
	{"ghr_", Refresh, 0, false},
}

// Error is a token that is off by its shape: Error says what is wrong,
// Fix what to do about it (both binaries print it as a hint, through
// package hint). Neither ever contains the token.
type Error struct{ msg, fix string }

func (e *Error) Error() string { return e.msg }

// Fix says what to do about it.
func (e *Error) Fix() string { return e.fix }

func shapeErr(fix, format string, args ...any) *Error {
	return &Error{msg: fmt.Sprintf(format, args...), fix: fix}
}

// Fixes, each naming the page for a new token once.
const (
	createFix = "create a classic personal access token (ghp_ followed by 36 letters and digits) with read:packages at " + NewTokenURL
	copyFix   = "copy it again from where you saved it, or " + createFix
)

// Check tells what kind of token this is from its shape, without asking
// GitHub. It refuses empty tokens, whitespace, characters other than
// [A-Za-z0-9_], unknown shapes and refresh tokens; odd lengths and token
// kinds GitHub Packages may refuse only produce warnings. Errors and
// warnings are *Error, so they carry their fix; none contains the token,
// and an unknown shape is not shown even masked.
func Check(token string) (kind Kind, warnings []error, err error) {
	if token == "" {
		return Unknown, nil, shapeErr(createFix, "no token given")
	}
	for i, r := range token {
		switch {
		case unicode.IsSpace(r):
			return Unknown, nil, shapeErr("copy it again without spaces or line breaks, or "+createFix,
				"the token contains %s at position %d", spaceName(r), len([]rune(token[:i]))+1)
		case !isTokenChar(r):
			return Unknown, nil, shapeErr(copyFix, "the token contains a character GitHub tokens never have at position %d "+
				"(only letters A-Z and a-z, digits and _ are used)", len([]rune(token[:i]))+1)
		}
	}
	kind = kindOf(token)
	switch kind {
	case Unknown:
		// Not even masked: what does not look like a token is often a
		// password, whose first and last characters are no one's business.
		return Unknown, nil, shapeErr(createFix, "what was given (%d characters) does not look like a GitHub token: it has no ghp_, github_pat_, gho_, ghu_ or ghs_ prefix "+
			"and is not 40 hexadecimal digits", len(token))
	case Refresh:
		return Refresh, nil, shapeErr(createFix,
			"%s is a GitHub App refresh token: it can only be exchanged for a new user token "+
				"and cannot log in to GitHub Packages", Mask(token))
	}
	return kind, warn(token, kind), nil
}

func warn(token string, kind Kind) []error {
	var w []error
	if n := len(token); n > MaxLength {
		w = append(w, shapeErr("check it was copied on its own, or "+createFix,
			"the token is %d characters long; GitHub tokens are at most %d", n, MaxLength))
	} else if err := Fits(token); err != nil {
		w = append(w, err)
	}
	switch kind {
	case FineGrained:
		w = append(w, shapeErr(createFix, "GitHub Packages (ghcr.io, maven.pkg.github.com) accepts only classic personal access tokens, "+
			"and refuses fine-grained ones"))
	case Installation:
		w = append(w, shapeErr("for a workstation, "+createFix,
			"GitHub App installation tokens (and GITHUB_TOKEN in Actions) expire within hours"))
	}
	return w
}

// Fits says (as an *Error) when token, whose prefix names a kind with a
// fixed shape (ghp_, gho_, ghu_: 36 characters after the prefix; ghs_: at
// least 36), does not have it: a bad copy, or no token at all. The body
// is GitHub's token characters, A-Z, a-z, 0-9 and _; GitHub's tokens use
// letters and digits, and a _ is accepted only alone between two of them
// (GitHub documents _ as a token character, and test fixtures use one
// so that none has a real token's exact shape). What has no known
// prefix, or a kind without a fixed shape, fits. It is the one length
// rule: ForSharedEntry refuses what does not fit, doctor and status fail
// on it, Check warns.
func Fits(token string) error {
	for _, p := range prefixes {
		if !strings.HasPrefix(token, p.prefix) || p.body == 0 {
			continue
		}
		body := token[len(p.prefix):]
		n := len(body)
		okLen := n == p.body || p.atLeast && n > p.body && len(token) <= MaxLength
		okChars := body != "" && body[0] != '_' && body[n-1] != '_' && !strings.Contains(body, "__")
		for _, r := range body {
			okChars = okChars && isTokenChar(r)
		}
		if okLen && okChars {
			return nil
		}
		return lengthErr(token, p.prefix, p.kind, p.body, p.atLeast)
	}
	return nil
}

// lengthErr says that token, of kind by its prefix, has not the length
// and characters tokens of that kind have.
func lengthErr(token, prefix string, kind Kind, body int, atLeast bool) *Error {
	const fix = "check it was copied completely, or " + createFix
	least := ""
	if atLeast {
		least = "at least "
	}
	what := fmt.Sprintf("%ss are %s%d characters long (%s and %s%d letters and digits), ", kind, least, len(prefix)+body, prefix, least, body)
	m, long := mask(token)
	if long { // too short to show any of it
		return shapeErr(fix, what+"got %d", len(token))
	}
	if n := len(token); n == len(prefix)+body || atLeast && n > len(prefix)+body {
		return shapeErr(fix, what+"and %s has other characters", m)
	}
	return shapeErr(fix, what+"%s has %d", m, len(token))
}

func kindOf(token string) Kind {
	for _, p := range prefixes {
		if strings.HasPrefix(token, p.prefix) && len(token) > len(p.prefix) {
			return p.kind
		}
	}
	if len(token) == 40 && strings.Trim(strings.ToLower(token), "0123456789abcdef") == "" {
		return Legacy
	}
	return Unknown
}

func isTokenChar(r rune) bool {
	return r == '_' || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || ('0' <= r && r <= '9')
}

func spaceName(r rune) string {
	switch r {
	case ' ':
		return "a space"
	case '\t':
		return "a tab"
	case '\n', '\r':
		return "a line break"
	}
	return "white space"
}

// Mask shows enough of a token to recognise it and not enough to use it:
// the known prefix (ghp_, github_pat_, …) or else, for a legacy token, the
// first 4 characters, "…", and the last 4, e.g. "ghp_…c0de". At least 8
// characters always stay hidden. A token too short for that shows its
// known prefix, if it has one, and its length instead, e.g.
// "ghp_…(10 chars)", so that messages about a bad copy still read right.
//
// What has no token's shape (Unknown: no known prefix, not 40 hexadecimal
// digits) shows its length alone, "…(12 chars)", as Check's error does:
// it is often a password, whose first and last characters are no one's
// business. Mask is the one place that decides how much of a secret a
// message shows.
func Mask(token string) string {
	m, _ := mask(token)
	return m
}

// mask is Mask, and whether the result tells the length.
func mask(token string) (string, bool) {
	r := []rune(token)
	prefix := token[:prefixLen(token)]
	if prefix == "" && kindOf(token) != Legacy {
		return fmt.Sprintf("…(%d chars)", len(r)), true
	}
	head := len(prefix)
	if head == 0 {
		head = 4
	}
	if len(r)-head-4 < 2*4 {
		return fmt.Sprintf("%s…(%d chars)", prefix, len(r)), true
	}
	return string(r[:head]) + "…" + string(r[len(r)-4:]), false
}

// ValidLogin accepts what GitHub accepts as a login: alphanumerics and
// single inner hyphens, at most 39 characters. Bot logins such as
// github-actions[bot] are allowed too, as GITHUB_ACTOR has them.
func ValidLogin(s string) bool {
	s = strings.TrimSuffix(s, "[bot]")
	if s == "" || len(s) > 39 || s[0] == '-' || s[len(s)-1] == '-' || strings.Contains(s, "--") {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}
