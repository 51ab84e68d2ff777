package tokencheck_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/dynamixs-ai/dxai/internal/testing/fakes"
	"github.com/dynamixs-ai/dxai/tokencheck"
	"github.com/dynamixs-ai/dxai/tokenshape"
)

// leak reports whether msg shows any 8 characters of token in a row, past a
// known prefix (which Mask shows on purpose).
func leak(msg, token string) bool {
	skip := 0
	for _, p := range []string{"github_pat_", "ghp_", "gho_", "ghu_", "ghs_", "ghr_"} {
		if strings.HasPrefix(token, p) {
			skip = len(p)
		}
	}
	for i := 0; i+8 <= len(token); i++ {
		if i+8 > skip && strings.Contains(msg, token[i:i+8]) {
			return true
		}
	}
	return false
}

// TestNoTokenInMessages collects every error and warning this package can
// produce, offline and against the fakes, and checks none shows the token.
func TestNoTokenInMessages(t *testing.T) {
	api, client := newAPI(t)
	_ = api
	bearer := newRegistry(t, fakes.RegistryConfig{Tokens: []string{goodPAT, revokedPAT}, Revoked: []string{revokedPAT}})
	basicReg := newRegistry(t, fakes.RegistryConfig{Auth: fakes.BasicAuth})
	dead := strings.TrimPrefix(fakes.DeadURL(), "http://")
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()

	var msgs []string
	add := func(err error) {
		if err != nil {
			msgs = append(msgs, err.Error())
		}
		var f interface{ Fix() string }
		if errors.As(err, &f) {
			msgs = append(msgs, f.Fix())
		}
	}
	tokens := []string{
		goodPAT, badPAT, revokedPAT, finePAT, ssoPAT, limited, outsider, scopeless,
		"ghr_RefreshRefreshRefreshRefreshRefresh01", "hunter2hunter2hunter2", "ghp_with space inside1234",
		"ghp_" + strings.Repeat("L0ng", 80), "ghp_ünïcödéünïcödéünïcödé", "ghp_short", "0123456789abcdef0123456789abcdef01234567",
		"ghs_Zq8Xw3VtZq8Xw3VtZq8Xw3VtZq8Xw3Vt0010",
	}
	for _, tok := range tokens {
		msgs = msgs[:0]
		_, warns, err := tokenshape.Check(tok)
		for _, w := range warns {
			add(w)
		}
		add(err)
		_, err = client.User(ctx, tok)
		add(err)
		add(client.CheckOrg(ctx, tok, org))
		for _, reg := range []string{bearer.Host(), basicReg.Host(), dead, "http://ghcr.io"} {
			add(tokencheck.CheckRegistry(ctx, &http.Client{Timeout: 5 * time.Second}, reg, "octocat", tok))
		}
		for _, m := range msgs {
			if leak(m, tok) {
				t.Errorf("message shows the token %s: %s", tokenshape.Mask(tok), m)
			}
		}
		if tok == badPAT && len(msgs) < 5 {
			t.Errorf("expected errors for a bad PAT, got %q", msgs)
		}
	}
}
