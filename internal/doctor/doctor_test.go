package doctor

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dynamixs-ai/dxai/credstore"
	"github.com/dynamixs-ai/dxai/internal/state"
	"github.com/dynamixs-ai/dxai/tokenshape"
)

// tok is a token of the right shape, built so that the source holds none.
func tok(name string) string { return "ghp_" + name + strings.Repeat("0", 36-len(name)) }

// world is a doctor over a fake environment, an in-memory keyring and a
// temporary home; each check can then run on its own.
func world(t *testing.T, env map[string]string, kr *credstore.Memory) *doctor {
	t.Helper()
	home := t.TempDir()
	getenv := func(k string) string {
		if k == "HOME" {
			return home
		}
		return env[k]
	}
	return &doctor{
		env: Env{
			Getenv: getenv, Home: home, WorkDir: home,
			Path:      func(p string) string { return strings.Replace(p, home, "~", 1) },
			OpenStore: func() (*credstore.Store, error) { return &credstore.Store{Keyring: kr, Getenv: getenv}, nil },
		},
		t: Targets{ServerID: "dynamixs-ai", Served: []string{"ghcr.io"}, Docker: filepath.Join(home, ".docker", "config.json")},
	}
}

// stored is a keyring holding e.
func stored(t *testing.T, e credstore.Entry) *credstore.Memory {
	t.Helper()
	m := &credstore.Memory{}
	if _, err := (&credstore.Store{Keyring: m, Getenv: func(string) string { return "" }}).Set(e); err != nil {
		t.Fatal(err)
	}
	return m
}

// only returns the one check called name.
func only(t *testing.T, d *doctor, name string) Check {
	t.Helper()
	var found []Check
	for _, c := range d.checks {
		if c.Name == name {
			found = append(found, c)
		}
	}
	if len(found) != 1 {
		t.Fatalf("checks called %s: %+v (all: %+v)", name, found, d.checks)
	}
	return found[0]
}

func TestKeyringEntryStored(t *testing.T) {
	d := world(t, nil, stored(t, credstore.Entry{Username: "octocat", Token: tok("Stored")}))
	d.keyring()
	if c := only(t, d, "keyring.entry"); c.Status != OK || !strings.Contains(c.Message, "for octocat") || strings.Contains(c.Message, tok("Stored")) {
		t.Errorf("entry: %+v", c)
	}
	if c := only(t, d, "token.type"); c.Status != OK {
		t.Errorf("type: %+v", c)
	}
	if d.entry.Token != tok("Stored") || !d.view.Known {
		t.Errorf("doctor did not keep what it found: %+v", d.entry)
	}
}

func TestKeyringEntryMissing(t *testing.T) {
	d := world(t, nil, &credstore.Memory{})
	d.keyring()
	c := only(t, d, "keyring.entry")
	if c.Status != Fail || !strings.Contains(c.Fix, `"mvn-dxai init"`) || !strings.Contains(c.Fix, "docker login ghcr.io") {
		t.Errorf("missing entry: %+v", c)
	}
}

func TestKeyringUnavailableWithEnvTokenIsAWarning(t *testing.T) {
	kr := &credstore.Memory{Err: &credstore.UnavailableError{Reason: "no bus"}}
	d := world(t, map[string]string{credstore.EnvToken: tok("FromEnv"), credstore.EnvUsername: "ci"}, kr)
	d.keyring()
	if c := only(t, d, "keyring"); c.Status != Warn || !strings.Contains(c.Message, credstore.EnvToken+" stands in") {
		t.Errorf("keyring: %+v", c)
	}
	if c := only(t, d, "token.source"); c.Status != OK || !strings.Contains(c.Message, "for ci") {
		t.Errorf("source: %+v", c)
	}
}

func TestEnvTokenOverridingTheKeyringIsAWarning(t *testing.T) {
	d := world(t, map[string]string{credstore.EnvToken: tok("FromEnv")}, stored(t, credstore.Entry{Username: "u", Token: tok("Stored")}))
	d.keyring()
	c := only(t, d, "token.source")
	if c.Status != Warn || !strings.Contains(c.Fix, "unset "+credstore.EnvToken) {
		t.Errorf("source: %+v", c)
	}
}

func TestTokenShape(t *testing.T) {
	for _, tc := range []struct {
		token  string
		status Status
	}{
		{tok("Classic"), OK},
		{"github_pat_" + strings.Repeat("A", 82), Warn},
		{"not a token", Fail},
	} {
		d := world(t, map[string]string{credstore.EnvToken: tc.token}, &credstore.Memory{})
		d.keyring()
		if c := only(t, d, "token.type"); c.Status != tc.status || (c.Status != OK && c.Fix == "") {
			t.Errorf("%.12s…: %+v", tc.token, c)
		}
		if d.badShape != (tc.status == Fail) {
			t.Errorf("%.12s…: badShape = %v", tc.token, d.badShape)
		}
	}
}

// TestEnvTokenFixSetsTheVariable: the fix of a bad DXAI_TOKEN used to end
// in storing a new token, which changes nothing while the variable
// overrides the keyring; it ends in setting or unsetting the variable.
func TestEnvTokenFixSetsTheVariable(t *testing.T) {
	for _, token := range []string{"not a token", "github_pat_" + strings.Repeat("A", 82), "ghp_Short000"} {
		for _, fromEnv := range []bool{true, false} {
			for _, c := range TokenChecks(credstore.Entry{Token: token}, fromEnv, credstore.Entry{}) {
				if c.Status == OK {
					continue
				}
				if sets := strings.Contains(c.Fix, "set "+credstore.EnvToken+" to it"); sets != fromEnv || strings.Contains(c.Fix, "init --token-stdin") == fromEnv {
					t.Errorf("%.12s… (from DXAI_TOKEN: %v): %s: fix %q", token, fromEnv, c.Name, c.Fix)
				}
			}
		}
	}
}

func TestCopiesWithoutRecordSkips(t *testing.T) {
	d := world(t, nil, &credstore.Memory{})
	d.copies()
	if c := only(t, d, "record"); c.Status != Skip {
		t.Errorf("record: %+v", c)
	}
}

func TestCopiesFindsAGoneDockerConfig(t *testing.T) {
	d := world(t, nil, &credstore.Memory{})
	d.t.Record = state.Record{Copies: []state.Copy{{Kind: state.DockerConfig, Path: d.t.Docker, CredHelpers: []string{"ghcr.io"}}}}
	d.copies()
	c := only(t, d, "record.docker")
	if c.Status != Fail || !strings.Contains(c.Message, "~/.docker/config.json, where init wrote credHelpers, is gone") || c.Fix == "" {
		t.Errorf("record.docker: %+v", c)
	}
}

func TestDockerConfigWiredAndPlain(t *testing.T) {
	d := world(t, nil, &credstore.Memory{})
	if err := os.MkdirAll(filepath.Dir(d.t.Docker), 0o700); err != nil {
		t.Fatal(err)
	}
	cfg := `{"credHelpers":{"ghcr.io":"dxai"},"auths":{"ghcr.io":{"auth":"dTpw"}}}`
	if err := os.WriteFile(d.t.Docker, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	d.dockerConfig()
	if c := only(t, d, "docker.credhelpers"); c.Status != OK {
		t.Errorf("credhelpers: %+v", c)
	}
	if c := only(t, d, "docker.plaintext"); c.Status == OK || c.Fix == "" {
		t.Errorf("plaintext: %+v", c)
	}
}

func TestOfflineSkipsTheOnlineChecks(t *testing.T) {
	d := world(t, nil, &credstore.Memory{})
	d.in.Offline = true
	d.online(context.Background())
	if c := only(t, d, "online"); c.Status != Skip {
		t.Errorf("online: %+v", c)
	}
}

func TestRunReportsEachCheckAsItIsMade(t *testing.T) {
	d := world(t, nil, &credstore.Memory{})
	var seen []string
	d.env.Report = func(c Check) { seen = append(seen, c.Name) }
	checks := Run(context.Background(), d.env, Input{Offline: true, NoMaven: true}, Targets{Served: []string{"ghcr.io"}, ServerID: "dynamixs-ai"})
	if len(seen) != len(checks) || len(checks) == 0 || !Failed(checks) {
		t.Errorf("reported %v of %d checks; failed = %v", seen, len(checks), Failed(checks))
	}
}

func TestKeptExpiryUsesTheGivenClock(t *testing.T) {
	d := world(t, nil, &credstore.Memory{})
	d.entry.Expires = "2030-01-10T00:00:00Z"
	d.env.Now = func() time.Time { return time.Date(2030, 1, 8, 0, 0, 0, 0, time.UTC) }
	d.keptExpiry()
	if c := only(t, d, "github.expiry"); c.Status != Warn || c.Fix == "" {
		t.Errorf("two days before: %+v", c)
	}
	d.checks = nil
	d.env.Now = func() time.Time { return time.Date(2030, 2, 1, 0, 0, 0, 0, time.UTC) }
	d.keptExpiry()
	if c := only(t, d, "github.expiry"); c.Status != Fail {
		t.Errorf("after: %+v", c)
	}
}

func TestGradleScriptRecordedButGone(t *testing.T) {
	d := world(t, nil, &credstore.Memory{})
	gone := filepath.Join(d.env.Home, ".gradle", "init.d", "dxai.gradle")
	d.t.Record = state.Record{Copies: []state.Copy{{Kind: state.GradleInit, Path: gone}}}
	d.gradle()
	if c := only(t, d, "gradle"); c.Status != Fail || !strings.Contains(c.Fix, "init --gradle") {
		t.Errorf("gradle: %+v", c)
	}
}

// TestInitFlags: the one rule for the flags a fix adds to "mvn-dxai init":
// each names what init would not pick by itself (the record's, else the
// default), shortened as messages show paths, and never a form: init keeps
// the recorded one (a copy in the ${env.DXAI_TOKEN} form stays in it).
func TestInitFlags(t *testing.T) {
	d := world(t, nil, &credstore.Memory{})
	e := d.env
	def := e.DefaultSettings()
	other := filepath.Join(e.Home, "ci", "settings.xml")
	rec := state.Record{Copies: []state.Copy{{Kind: state.MavenSettings, Path: other,
		Servers: []state.Server{{ID: "github", Form: state.FormToken}}}}}
	envRec := state.Record{Copies: []state.Copy{{Kind: state.MavenSettings, Path: def,
		Servers: []state.Server{{ID: "dynamixs-ai", Form: state.FormEnv}}}}}
	for _, c := range []struct {
		name         string
		rec          state.Record
		settings, id string
		want         string
	}{
		{"defaults", state.Record{}, def, "dynamixs-ai", ""},
		{"nothing named", state.Record{}, "", "", ""},
		{"other file and id", state.Record{}, other, "github", " --settings ~/ci/settings.xml --server-id github"},
		{"env form recorded", envRec, def, "dynamixs-ai", ""},
		{"the recorded ones", rec, other, "github", ""},
		{"the defaults over a record", rec, def, "dynamixs-ai", " --settings " + e.Path(def) + " --server-id dynamixs-ai"},
	} {
		if got := e.InitFlags(c.rec, c.settings, c.id); got != c.want {
			t.Errorf("%s: InitFlags = %q, want %q", c.name, got, c.want)
		}
	}
}

// TestInitFix: the fix for a recorded copy that is gone names its file and
// id in full where they are not the defaults, and where init would pick
// another copy's by itself; it names no form, as init writes the copy again
// in the one it recorded.
func TestInitFix(t *testing.T) {
	e := world(t, nil, &credstore.Memory{}).env
	def := e.DefaultSettings()
	ci := filepath.Join(e.Home, "ci", "settings.xml")
	first := state.Copy{Kind: state.MavenSettings, Path: ci, Servers: []state.Server{{ID: "github", Form: state.FormToken}}}
	second := state.Copy{Kind: state.MavenSettings, Path: def, Servers: []state.Server{{ID: "dynamixs-ai", Form: state.FormEnv}}}
	rec := state.Record{Copies: []state.Copy{first, second}}
	for _, c := range []struct {
		name string
		c    state.Copy
		want string
	}{
		{"the copy init picks", first, `run "mvn-dxai init --settings ~/ci/settings.xml --server-id github" to write it again`},
		{"another copy", second, `run "mvn-dxai init --settings ` + e.Path(def) + ` --server-id dynamixs-ai" to write it again`},
	} {
		if got := e.InitFix(rec, c.c); got != c.want {
			t.Errorf("%s: InitFix = %q, want %q", c.name, got, c.want)
		}
	}
	if got, want := e.InitFix(state.Record{Copies: []state.Copy{second}}, second), `run "mvn-dxai init" to write it again`; got != want {
		t.Errorf("defaults: InitFix = %q, want %q", got, want)
	}
}

// TestEnvTokenNotATokenNotShown: a DXAI_TOKEN without a token's shape
// (often a password set by mistake) used to be shown by its first and
// last four characters in the token.source line; like Check's own error,
// every line now gives its length alone, and a real token stays masked.
func TestEnvTokenNotATokenNotShown(t *testing.T) {
	const password = "MySecretPass2024"
	for _, stored := range []credstore.Entry{{}, {Username: "u", Token: tok("Stored")}} {
		checks := TokenChecks(credstore.Entry{Username: "u", Token: password}, true, stored)
		for _, c := range checks {
			if strings.Contains(c.Message+c.Fix, "MySe") || strings.Contains(c.Message+c.Fix, "2024") {
				t.Errorf("%s shows part of a DXAI_TOKEN that is no token: %q", c.Name, c.Message)
			}
		}
		if c := checks[0]; c.Name != "token.source" || !strings.Contains(c.Message, credstore.EnvToken+" (…(16 chars)") &&
			!strings.Contains(c.Message, "(…(16 chars) for u)") {
			t.Errorf("token.source: %+v", c)
		}
		if stored.Token != "" && !strings.Contains(checks[0].Message, tokenshape.Mask(stored.Token)) {
			t.Errorf("token.source leaves out the stored token's mask: %q", checks[0].Message)
		}
	}
}
