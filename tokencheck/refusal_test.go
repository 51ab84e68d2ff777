package tokencheck

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/dynamixs-ai/dxai/tokenshape"
)

// TestRefusalRedacts checks that a registry echoing the token in its error
// message cannot make us print it.
func TestRefusalRedacts(t *testing.T) {
	const tok = "ghp_EchoedEchoedEchoedEchoedEchoedEc0de"
	for _, status := range []int{401, 403, 500} {
		resp := &http.Response{
			StatusCode: status,
			Body:       io.NopCloser(strings.NewReader(`{"errors":[{"code":"DENIED","message":"token ` + tok + ` is bad"}]}`)),
			Request:    &http.Request{URL: &url.URL{Scheme: "https", Host: "ghcr.io", Path: "/token"}},
		}
		err := (&login{registry: "ghcr.io", token: tok}).refusal(resp)
		if strings.Contains(err.Error(), tok) || !strings.Contains(err.Error(), tokenshape.Mask(tok)) {
			t.Errorf("%d: %v", status, err)
		}
	}
}
