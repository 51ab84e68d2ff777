package main

import (
	"testing"

	"github.com/dynamixs-ai/dxai/internal/hint"
	"github.com/dynamixs-ai/dxai/internal/state"
)

// TestSettingsForm: init writes the <server> in the form a flag names,
// else the one recorded for that file, else the one it last wrote into any
// file, else the token itself; an env-form copy never turns into plain
// text without --plaintext, and without a keyring there is no token to
// write.
func TestSettingsForm(t *testing.T) {
	const def, ci = "/home/a/.m2/settings.xml", "/home/a/ci/settings.xml"
	copyOf := func(path string, f state.Form) state.Copy {
		return state.Copy{Kind: state.MavenSettings, Path: path, Servers: []state.Server{{ID: "dynamixs-ai", Form: f}}}
	}
	envDef := state.Record{Copies: []state.Copy{copyOf(def, state.FormEnv)}}
	tokenCIFirst := state.Record{Copies: []state.Copy{copyOf(ci, state.FormToken), copyOf(def, state.FormEnv)}}
	plain, noPlain := formFlags{plaintext: true}, formFlags{noPlaintext: true}
	for _, c := range []struct {
		name           string
		flags          formFlags
		rec            state.Record
		settings       string
		envOnly        bool
		want           state.Form
		wantRemembered bool
	}{
		{"nothing recorded", formFlags{}, state.Record{}, def, false, state.FormToken, false},
		{"--no-plaintext", noPlain, state.Record{}, def, false, state.FormEnv, false},
		{"env recorded for the file", formFlags{}, envDef, def, false, state.FormEnv, true},
		{"env recorded, another file", formFlags{}, envDef, ci, false, state.FormEnv, true},
		{"the file's own form over the last one", formFlags{}, tokenCIFirst, def, false, state.FormEnv, true},
		{"the last one for a file not recorded", formFlags{}, tokenCIFirst, "/elsewhere.xml", false, state.FormToken, false},
		{"--plaintext over a recorded env", plain, envDef, def, false, state.FormToken, false},
		{"no keyring", formFlags{}, state.Record{}, def, true, state.FormEnv, false},
		{"no keyring, token recorded", formFlags{}, tokenCIFirst, ci, true, state.FormEnv, false},
	} {
		got, remembered, err := settingsForm(c.flags, c.rec, c.settings, c.envOnly)
		if err != nil || got != c.want || remembered != c.wantRemembered {
			t.Errorf("%s: settingsForm = %q, %v, %v; want %q, %v", c.name, got, remembered, err, c.want, c.wantRemembered)
		}
	}
	if _, _, err := settingsForm(plain, envDef, def, true); !hint.IsUsage(err) {
		t.Errorf("--plaintext without a keyring: %v, want a usage error", err)
	}
	if err := (formFlags{plaintext: true, noPlaintext: true}).check(); !hint.IsUsage(err) {
		t.Errorf("--plaintext --no-plaintext: %v, want a usage error", err)
	}
}
