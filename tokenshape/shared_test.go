package tokenshape

import (
	"errors"
	"strings"
	"testing"
)

// TestForSharedEntry: the one rule init and the helper's store share for
// what may become the shared GitHub token: what Check refuses, and a
// fine-grained token, which GitHub Packages refuses.
func TestForSharedEntry(t *testing.T) {
	for tok, ok := range map[string]bool{
		"ghp_UnitTestToken00000000000000000000000": true,
		"ghs_UnitTestInstallation0000000000000000": true, // a warning, as in init
		"github_pat_11UnitTest_FineGrained000000":  false,
		"ghp_short": false, // a classic token is 40 characters
		"ghp_UnitTestToken0000000000000000000000":   false, // 39
		"ghp_UnitTestToken000000000000000000000000": false, // 41
		"ghr_UnitTestRefresh000000000000000000000":  false,
		// Every kind with a fixed shape is held to it, not ghp_ alone.
		"gho_x1":                         false,
		"ghu_abc":                        false,
		"ghp_" + strings.Repeat("_", 36): false,
		"ghp_UnitTestToken0000000000000000000__00":          false,
		"_ghp_UnitTestToken000000000000000000000":           false,
		"gho_UnitTestOAuth0000000000000000000_000":          true,
		"ghu_UnitTestUser00000000000000000000_000":          true,
		"ghu_UnitTestUser0000000000000000000_000":           false, // 39
		"ghs_UnitTestInstallation00000000000000":            false, // 38
		"ghs_UnitTestInstallationLonger00000000000000_0000": true,  // ghs_ may grow
		"${env.AWS_SECRET_ACCESS_KEY}":                      false,
		"hunter2CorrectHorse":                               false,
		"":                                                  false,
	} {
		_, _, err := ForSharedEntry(tok)
		if (err == nil) != ok {
			t.Errorf("ForSharedEntry(%q) = %v, want ok=%v", tok, err, ok)
		}
	}
	if _, _, err := ForSharedEntry("github_pat_11UnitTest_FineGrained000000"); !errors.Is(err, ErrFineGrained) {
		t.Errorf("a fine-grained token: %v, want ErrFineGrained", err)
	}
	// A classic token of another length is refused with what one looks
	// like, and the page for a new one.
	_, _, err := ForSharedEntry("ghp_short")
	if err == nil || err.Error() != "classic personal access tokens are 40 characters long (ghp_ and 36 letters and digits), got 9" {
		t.Errorf("ghp_short: %v", err)
	}
	checkFix(t, err)
	for tok, want := range map[string]string{
		"gho_x1":                         "OAuth app tokens are 40 characters long (gho_ and 36 letters and digits), got 6",
		"ghp_" + strings.Repeat("_", 36): "classic personal access tokens are 40 characters long (ghp_ and 36 letters and digits), and ghp_…____ has other characters",
		"ghs_short":                      "GitHub App installation tokens are at least 40 characters long (ghs_ and at least 36 letters and digits), got 9",
	} {
		if _, _, err := ForSharedEntry(tok); err == nil || err.Error() != want {
			t.Errorf("ForSharedEntry(%s) = %v, want %q", Mask(tok), err, want)
		}
	}
}
