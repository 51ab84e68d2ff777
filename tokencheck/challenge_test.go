package tokencheck

import (
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/dynamixs-ai/dxai/internal/hint"
)

func TestParseChallenges(t *testing.T) {
	h := http.Header{}
	h.Add("WWW-Authenticate", `Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:user/image:pull"`)
	h.Add("WWW-Authenticate", `Basic realm="say \"hi\", please", Bearer realm=x,  service = "a b"`)
	got := parseChallenges(h)
	want := []challenge{
		{"bearer", map[string]string{"realm": "https://ghcr.io/token", "service": "ghcr.io", "scope": "repository:user/image:pull"}},
		{"basic", map[string]string{"realm": `say "hi", please`}},
		{"bearer", map[string]string{"realm": "x", "service": "a b"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("parseChallenges =\n%#v\nwant\n%#v", got, want)
	}
}

func TestRegistrySchemes(t *testing.T) {
	for in, want := range map[string][]string{
		"ghcr.io":                       {"https"},
		"https://ghcr.io/":              {"https"},
		"containers.example.com:8443/x": {"https"},
		"127.0.0.1:5000":                {"https", "http"},
		"127.9.8.7":                     {"https", "http"},
		"localhost:5000":                {"https", "http"},
		"[::1]:5000":                    {"https", "http"},
		"http://127.0.0.1:5000":         {"http"},
		"http://LOCALHOST":              {"http"},
		"http://ghcr.io":                nil,
		"http://10.0.0.1:5000":          nil,
		"http://127.0.0.1.nip.io":       nil,
		"ftp://ghcr.io":                 nil,
		"":                              nil,
	} {
		_, got, err := registrySchemes(in)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("registrySchemes(%q) = %q, want %q", in, got, want)
		}
		// An address that is none says so, and its fix goes in the hint.
		if want == nil && !errors.Is(err, ErrPlainHTTP) {
			if err == nil || strings.Contains(err.Error(), ";") || !strings.HasPrefix(hint.Of(err), "give a host name such as ghcr.io") {
				t.Errorf("registrySchemes(%q): %v (fix %q)", in, err, hint.Of(err))
			}
		}
	}
}
