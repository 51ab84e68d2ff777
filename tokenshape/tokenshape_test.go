package tokenshape

import (
	"errors"
	"strings"
	"testing"
)

const (
	classic = "ghp_R4nd0mLook1ngT0kenAbCdEfGh1jKlM_c0de" // 40 chars
	fine    = "github_pat_11ABCDEFG0123456789abcde_" + "ZyXwVuTsRqPoNmLkJiHgFeDcBa0123456789ZyXwVuTsRqPoNmLkJiHgFeD"
	legacy  = "0123456789abcdef0123456789abcdef01234567"
)

func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		name, token string
		kind        Kind
		warn        string // substring of a warning, "" for none
		err         string // substring of the error, "" for none
	}{
		{"classic", classic, Classic, "", ""},
		{"classic, short", "ghp_abc123", Classic, "40 characters long (ghp_ and 36 letters and digits), got 10", ""},
		{"fine-grained", fine, FineGrained, "accepts only classic", ""},
		{"oauth", "gho_" + classic[4:], OAuth, "", ""},
		{"user-to-server", "ghu_" + classic[4:], UserToServer, "", ""},
		{"installation", "ghs_" + classic[4:], Installation, "expire", ""},
		{"legacy", legacy, Legacy, "", ""},
		{"legacy upper-case", strings.ToUpper(legacy), Legacy, "", ""},
		{"over 255", "ghp_" + strings.Repeat("a", 300), Classic, "304 characters long", ""},
		{"refresh", "ghr_" + classic[4:], Refresh, "", "refresh token"},
		{"empty", "", Unknown, "", "no token given"},
		{"leading space", " " + classic, Unknown, "", "a space at position 1"},
		{"trailing newline", classic + "\n", Unknown, "", "a line break at position 41"},
		{"tab inside", "ghp_abc\tdef", Unknown, "", "a tab"},
		{"no-break space", "ghp_abc\u00a0def", Unknown, "", "white space"},
		{"unicode", "ghp_ünïcödé0123456789", Unknown, "", "character GitHub tokens never have at position 5"},
		{"emoji", "ghp_🔑" + classic[5:], Unknown, "", "never have"},
		{"punctuation", "ghp-" + classic[4:], Unknown, "", "never have"},
		{"password", "hunter2hunter2", Unknown, "", "what was given (14 characters) does not look like a GitHub token"},
		{"39 hex", legacy[:39], Unknown, "", "40 hexadecimal digits"},
		{"bare prefix", "ghp_", Unknown, "", "does not look like"},
		{"upper-case prefix", "GHP_" + classic[4:], Unknown, "", "does not look like"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			kind, warns, err := Check(tc.token)
			if kind != tc.kind {
				t.Errorf("kind = %v, want %v", kind, tc.kind)
			}
			switch {
			case tc.err == "" && err != nil:
				t.Errorf("unexpected error: %v", err)
			case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
				t.Errorf("error = %v, want it to contain %q", err, tc.err)
			}
			// The message says what is wrong; its Fix says what to do,
			// naming the page for a new token once.
			if err != nil {
				checkFix(t, err)
			}
			if err != nil && strings.Contains(err.Error(), "does not look like") && len(tc.token) >= 8 &&
				(strings.Contains(err.Error(), tc.token[:4]) || strings.Contains(err.Error(), tc.token[len(tc.token)-4:])) {
				t.Errorf("an unknown shape is shown in part: %v", err)
			}
			var texts []string
			for _, w := range warns {
				checkFix(t, w)
				texts = append(texts, w.Error())
			}
			joined := strings.Join(texts, "\n")
			if (tc.warn == "") != (len(warns) == 0) || !strings.Contains(joined, tc.warn) {
				t.Errorf("warnings = %q, want %q", warns, tc.warn)
			}
			if len(tc.token) >= 8 && (strings.Contains(joined, tc.token) || err != nil && strings.Contains(err.Error(), tc.token)) {
				t.Errorf("token echoed: %v / %q", err, warns)
			}
		})
	}
}

func TestKindString(t *testing.T) {
	for k, want := range map[Kind]string{
		Classic: "classic personal access token", FineGrained: "fine-grained personal access token",
		Legacy: "legacy (pre-2021) token", Unknown: "unknown token", Kind(99): "Kind(99)",
	} {
		if got := k.String(); got != want {
			t.Errorf("%d.String() = %q, want %q", int(k), got, want)
		}
	}
}

func TestMask(t *testing.T) {
	for in, want := range map[string]string{
		classic:                "ghp_…c0de",
		fine:                   "github_pat_…gFeD",
		legacy:                 "0123…4567",
		"":                     "…(0 chars)",
		"ghp_abc":              "ghp_…(7 chars)",
		"abcdefghijk":          "…(11 chars)",
		"abcdefghijkl":         "…(12 chars)",
		"ghp_12345678":         "ghp_…(12 chars)",
		"ghp_1234567890a":      "ghp_…(15 chars)",
		"ghp_1234567890ab":     "ghp_…90ab",
		"github_pat_1234":      "github_pat_…(15 chars)",
		"ghp_":                 "ghp_…(4 chars)",
		"abcdefghijklmnop":     "…(16 chars)", // no token's shape: often a password
		"ünïcödé-tökén-lóng-x": "…(20 chars)",
		"ghp_" + strings.Repeat("x", 300) + "tail": "ghp_…tail",
	} {
		if got := Mask(in); got != want {
			t.Errorf("Mask(%q) = %q, want %q", in, got, want)
		}
	}
}

// checkFix fails unless err carries its fix through Fix, naming the page
// for a new token there and not in the message.
func checkFix(t *testing.T, err error) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Errorf("%v: not a *tokenshape.Error", err)
		return
	}
	if strings.Contains(e.Error(), "https://") {
		t.Errorf("the message carries a fix: %v", e)
	}
	if n := strings.Count(e.Fix(), NewTokenURL); n != 1 {
		t.Errorf("the fix names %s %d times, want once: %s", NewTokenURL, n, e.Fix())
	}
}
