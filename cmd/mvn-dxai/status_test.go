package main

import (
	"testing"

	"github.com/dynamixs-ai/dxai/internal/state"
)

// TestHoldsToken: status with DXAI_TOKEN used to read the keyring too
// (an unlock prompt, or a wait on a locked keyring) whatever init had
// recorded; it needs the stored token only to compare a copy that holds
// the token: a plain-text <server> or the --insecure-storage file.
func TestHoldsToken(t *testing.T) {
	settings := func(forms ...state.Form) state.Copy {
		c := state.Copy{Kind: state.MavenSettings, Path: "/h/.m2/settings.xml"}
		for _, f := range forms {
			c.Servers = append(c.Servers, state.Server{ID: "dynamixs-ai", Form: f})
		}
		return c
	}
	docker := state.Copy{Kind: state.DockerConfig, Path: "/h/.docker/config.json", CredHelpers: []string{"ghcr.io"}}
	for _, c := range []struct {
		name   string
		copies []state.Copy
		want   bool
	}{
		{"no record", nil, false},
		{"docker only", []state.Copy{docker}, false},
		{"env server", []state.Copy{docker, settings(state.FormEnv)}, false},
		{"token server", []state.Copy{settings(state.FormToken)}, true},
		{"env and token servers", []state.Copy{settings(state.FormEnv, state.FormToken)}, true},
		{"token file", []state.Copy{{Kind: state.TokenFile, Path: "/h/.config/dxai/insecure-credentials.json"}}, true},
	} {
		if got := holdsToken(state.Record{Copies: c.copies}); got != c.want {
			t.Errorf("%s: holdsToken = %v, want %v", c.name, got, c.want)
		}
	}
}
