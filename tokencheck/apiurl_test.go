package tokencheck

import (
	"errors"
	"strings"
	"testing"
)

// TestAPIURL: which GitHub API addresses are accepted, and how a bad one
// in the environment is named.
func TestAPIURL(t *testing.T) {
	for _, ok := range []string{DefaultAPIURL, "https://github.example.com/api/v3", "http://127.0.0.1:8080"} {
		if err := CheckAPIURL(ok); err != nil {
			t.Errorf("CheckAPIURL(%q) = %v", ok, err)
		}
	}
	for _, bad := range []string{"api.github.com", "github.example.com/api/v3", "ftp://x", "https://", ":"} {
		if err := CheckAPIURL(bad); err == nil {
			t.Errorf("CheckAPIURL(%q) accepted it", bad)
		}
	}
	env := map[string]string{APIURLEnv: "api.github.com"}
	getenv := func(k string) string { return env[k] }
	_, err := EnvAPIURLFrom(getenv)
	if want := `DXAI_GITHUB_API_URL="api.github.com" is not a URL`; err == nil || err.Error() != want {
		t.Errorf("EnvAPIURLFrom() = %v, want %s", err, want)
	}
	// The message says what is wrong; the fix, what to set instead.
	var fixer interface{ Fix() string }
	if want := "set DXAI_GITHUB_API_URL: use https://HOST/api/v3, or unset it to use " + DefaultAPIURL; !errors.As(err, &fixer) || fixer.Fix() != want {
		t.Errorf("EnvAPIURLFrom()'s fix = %v, want %s", fixer, want)
	}
	// The client names the variable too, rather than failing to connect.
	_, err = (&Client{APIURL: APIURLFrom(getenv), FromEnv: true}).User(t.Context(), "ghp_R4nd0mLook1ngT0kenAbCdEfGh1jKlM_c0de")
	var urlErr *APIURLError
	if !errors.As(err, &urlErr) || !strings.Contains(err.Error(), APIURLEnv) {
		t.Errorf("User with a bad %s = %v", APIURLEnv, err)
	}
	// Only the environment it is given counts, not the process's.
	t.Setenv(APIURLEnv, "api.github.com")
	env[APIURLEnv] = ""
	if u, err := EnvAPIURLFrom(getenv); u != DefaultAPIURL || err != nil {
		t.Errorf("EnvAPIURLFrom() unset = %q, %v", u, err)
	}
	if err := CheckAPIURL("api.github.com"); err == nil || strings.Contains(err.Error(), APIURLEnv) {
		t.Errorf("CheckAPIURL(%q) = %v; want an error that does not name the process's %s", "api.github.com", err, APIURLEnv)
	}
	_, err = (&Client{APIURL: "api.github.com"}).User(t.Context(), "ghp_R4nd0mLook1ngT0kenAbCdEfGh1jKlM_c0de")
	if !errors.As(err, &urlErr) || strings.Contains(err.Error(), APIURLEnv) {
		t.Errorf("User with a bad APIURL not from the environment = %v; want it not to name %s", err, APIURLEnv)
	}
}
