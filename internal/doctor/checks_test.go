package doctor

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dynamixs-ai/dxai/credstore"
	"github.com/dynamixs-ai/dxai/internal/testing/fakes"
	"github.com/dynamixs-ai/dxai/settingsxml"
)

// settingsWith writes a settings.xml with one <server> and loads it.
func settingsWith(t *testing.T, d *doctor, id, user, password string, mode os.FileMode) (*settingsxml.Doc, string) {
	t.Helper()
	path := filepath.Join(d.env.Home, ".m2", "settings.xml")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	xml := "<settings>\n  <servers>\n    <server>\n      <id>" + id + "</id>\n      <username>" + user +
		"</username>\n      <password>" + password + "</password>\n    </server>\n  </servers>\n</settings>\n"
	if err := os.WriteFile(path, []byte(xml), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
	doc, _, err := settingsxml.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return doc, path
}

func TestServerHoldsTheCurrentToken(t *testing.T) {
	d := world(t, nil, &credstore.Memory{})
	d.stored = credstore.Entry{Username: "alice", Token: tok("Current")}
	doc, path := settingsWith(t, d, "dynamixs-ai", "alice", tok("Current"), 0o600)
	d.server(doc, path)
	for _, name := range []string{"maven.server", "maven.password", "maven.mode"} {
		if c := only(t, d, name); c.Status != OK {
			t.Errorf("%s: %+v", name, c)
		}
	}
}

func TestServerWithAStaleTokenFails(t *testing.T) {
	d := world(t, nil, &credstore.Memory{})
	d.stored = credstore.Entry{Username: "alice", Token: tok("Current")}
	doc, path := settingsWith(t, d, "dynamixs-ai", "alice", tok("Stale"), 0o644)
	d.server(doc, path)
	c := only(t, d, "maven.password")
	if c.Status != Fail || !strings.Contains(c.Message, "stale token") || strings.Contains(c.Message, tok("Stale")) || c.Fix == "" {
		t.Errorf("password: %+v", c)
	}
	if c := only(t, d, "maven.mode"); c.Status != Fail || c.Fix != "chmod 600 ~/.m2/settings.xml" {
		t.Errorf("mode: %+v", c)
	}
}

func TestServerMissingNamesInit(t *testing.T) {
	d := world(t, nil, &credstore.Memory{})
	doc, path := settingsWith(t, d, "other", "alice", "x", 0o600)
	d.server(doc, path)
	if c := only(t, d, "maven.server"); c.Status != Fail || !strings.HasPrefix(c.Fix, `run "mvn-dxai init`) {
		t.Errorf("server: %+v", c)
	}
}

func TestPasswordFromAForeignVariableShowsNothingOfIt(t *testing.T) {
	d := world(t, map[string]string{"CORP_SECRET": "hunter2hunter2"}, &credstore.Memory{})
	d.stored = credstore.Entry{Username: "alice", Token: tok("Current")}
	doc, path := settingsWith(t, d, "dynamixs-ai", "alice", "${env.CORP_SECRET}", 0o600)
	d.server(doc, path)
	c := only(t, d, "maven.password")
	if c.Status != Warn || strings.Contains(c.Message+c.Fix, "hunter2") {
		t.Errorf("password: %+v", c)
	}
}

func TestOnlineAgainstTheGitHubFake(t *testing.T) {
	gh, err := fakes.NewGitHubAPI()
	if err != nil {
		t.Fatal(err)
	}
	defer gh.Close()
	gh.SetToken(tok("Online"), fakes.APIToken{Login: "alice", Scopes: []string{"read:packages", "write:packages"}, Orgs: []string{"dynamixs-ai"}})
	gh.SetToken(tok("NoScope"), fakes.APIToken{Login: "alice", Scopes: []string{"repo"}, Orgs: []string{"dynamixs-ai"}})
	for _, tc := range []struct {
		token               string
		tokenStatus, scopes Status
	}{
		{tok("Online"), OK, OK},
		{tok("NoScope"), OK, Fail},
	} {
		d := world(t, map[string]string{"DXAI_GITHUB_API_URL": gh.URL()}, &credstore.Memory{})
		d.t.Docker = "" // no registry logins
		d.entry = credstore.Entry{Username: "alice", Token: tc.token}
		d.online(context.Background())
		if c := only(t, d, "github.token"); c.Status != tc.tokenStatus {
			t.Errorf("token: %+v", c)
		}
		if c := only(t, d, "github.scopes"); c.Status != tc.scopes {
			t.Errorf("scopes: %+v", c)
		}
		if c := only(t, d, "github.org"); c.Status != OK {
			t.Errorf("org: %+v", c)
		}
	}
}

func TestOnlineWithBadCredentials(t *testing.T) {
	gh, err := fakes.NewGitHubAPI()
	if err != nil {
		t.Fatal(err)
	}
	defer gh.Close()
	d := world(t, map[string]string{"DXAI_GITHUB_API_URL": gh.URL()}, &credstore.Memory{})
	d.t.Docker = ""
	d.entry = credstore.Entry{Username: "alice", Token: tok("Unknown")}
	d.online(context.Background())
	c := only(t, d, "github.token")
	if c.Status != Fail || !strings.Contains(c.Message, "bad credentials") || strings.Contains(c.Message, tok("Unknown")) {
		t.Errorf("token: %+v", c)
	}
}

func TestHelperNotOnPath(t *testing.T) {
	d := world(t, map[string]string{"PATH": t.TempDir()}, &credstore.Memory{})
	d.helper(context.Background())
	if c := only(t, d, "docker.helper"); c.Status != Fail || !strings.Contains(c.Fix, "make install") {
		t.Errorf("helper: %+v", c)
	}
}

// TestFindHelper: the one answer init, status and doctor give about the
// helper on the environment's PATH (never the process's): where it is,
// or what is wrong and what fixes it. An empty PATH entry is the current
// folder, as for docker: a helper there stops the search, and is refused.
func TestFindHelper(t *testing.T) {
	bin, cwd := t.TempDir(), t.TempDir()
	env := map[string]string{"PATH": bin}
	d := world(t, env, &credstore.Memory{})
	t.Chdir(cwd)
	if h := d.env.FindHelper(); h.Path != "" || h.Problem != "docker-credential-dxai is not on PATH, so docker cannot run it" || h.Fix != HelperInstallFix {
		t.Errorf("missing: %+v", h)
	}
	noexec := filepath.Join(bin, "docker-credential-dxai")
	if err := os.WriteFile(noexec, []byte("#!/bin/sh\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if h := d.env.FindHelper(); h.Path != "" || h.Problem != noexec+" is on PATH but not executable" || h.Fix != "chmod +x "+noexec {
		t.Errorf("not executable: %+v", h)
	}
	if err := os.Chmod(noexec, 0o755); err != nil {
		t.Fatal(err)
	}
	if h := d.env.FindHelper(); h.Path != noexec || h.Problem != "" || h.Fix != "" {
		t.Errorf("found: %+v", h)
	}
	if err := os.WriteFile(filepath.Join(cwd, "docker-credential-dxai"), []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	env["PATH"] = string(os.PathListSeparator) + bin
	if h := d.env.FindHelper(); h.Path != "" || !strings.Contains(h.Problem, "docker refuses a program found so") || !strings.Contains(h.Fix, `take "."`) {
		t.Errorf("found first in the current folder: %+v", h)
	}
	t.Setenv("PATH", bin)
	env["PATH"] = ""
	if h := d.env.FindHelper(); h.Path != "" {
		t.Errorf("found %s on the process's PATH, not the environment's", h.Path)
	}
}

func TestContainersAuthShadowsTheHelper(t *testing.T) {
	d := world(t, nil, &credstore.Memory{})
	auth := filepath.Join(d.env.Home, ".config", "containers", "auth.json")
	if err := os.MkdirAll(filepath.Dir(auth), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(auth, []byte(`{"auths":{"ghcr.io":{"auth":"dTpw"}}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	d.containersAuth()
	if c := only(t, d, "containers.auth"); c.Status != Warn || !strings.Contains(c.Fix, "podman logout --authfile ~/.config/containers/auth.json ghcr.io") {
		t.Errorf("containers.auth: %+v", c)
	}
}
