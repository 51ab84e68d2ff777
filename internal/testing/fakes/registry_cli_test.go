package fakes

import (
	"encoding/base64"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dynamixs-ai/dxai/internal/testing/keyringtest"
)

// cliEnv returns an environment for a real CLI: HOME and DOCKER_CONFIG in
// temp folders, and a PATH holding only tool, so no credential helper
// (docker-credential-secretservice, pass) on the machine is picked up.
func cliEnv(t *testing.T, tool string) (env []string, dockerConfig string) {
	t.Helper()
	bin, err := exec.LookPath(tool)
	if err != nil {
		keyringtest.Skip(t, tool+" is not on PATH (install it to run this test)")
	}
	dir := t.TempDir()
	pathDir := filepath.Join(dir, "bin")
	dockerConfig = filepath.Join(dir, "docker")
	for _, d := range []string{pathDir, dockerConfig, filepath.Join(dir, "home")} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(bin, filepath.Join(pathDir, tool)); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dockerConfig, "config.json"), []byte(`{"auths":{}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	env = append(os.Environ(), "PATH="+pathDir, "HOME="+filepath.Join(dir, "home"),
		"DOCKER_CONFIG="+dockerConfig, "XDG_RUNTIME_DIR="+filepath.Join(dir, "home"))
	return env, dockerConfig
}

func dockerLogin(t *testing.T, env []string, host, user, pass string) (string, error) {
	t.Helper()
	cmd := exec.Command("docker", "login", "-u", user, "--password-stdin", host)
	cmd.Env = env
	cmd.Stdin = strings.NewReader(pass + "\n")
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// TestDockerLogin runs the real docker CLI (28, no daemon: it logs in
// client-side, https first, then http for 127.0.0.1) against the fake, as
// TESTING.md "The docker CLI without a daemon" describes.
func TestDockerLogin(t *testing.T) {
	env, dockerConfig := cliEnv(t, "docker")
	r := newRegistry(t, RegistryConfig{Tokens: []string{goodPAT, revokedPAT}, Revoked: []string{revokedPAT}})

	out, err := dockerLogin(t, env, r.Host(), "octocat", goodPAT)
	if err != nil || !strings.Contains(out, "Login Succeeded") {
		t.Fatalf("docker login with a good PAT: %v\n%s", err, out)
	}
	cfg, err := os.ReadFile(filepath.Join(dockerConfig, "config.json"))
	if err != nil {
		t.Fatal(err)
	}
	if want := base64.StdEncoding.EncodeToString([]byte("octocat:" + goodPAT)); !strings.Contains(string(cfg), want) {
		t.Errorf("config.json does not hold the stored credentials:\n%s", cfg)
	}

	// What docker sent is GITHUB.md §1 "What docker login sends".
	reqs := r.Requests()
	if len(reqs) != 3 {
		t.Fatalf("docker login sent %d requests, want ping, token, ping: %+v", len(reqs), reqs)
	}
	q, _ := url.ParseQuery(reqs[1].Query)
	if reqs[0].Status != 401 || reqs[1].Path != "/token" || reqs[1].User != "octocat" ||
		q.Get("account") != "octocat" || q.Get("client_id") != "docker" || q.Get("offline_token") != "true" ||
		q.Get("service") != r.Host() || q.Has("scope") || reqs[2].Scheme != "bearer" || reqs[2].Status != 200 {
		t.Errorf("unexpected docker login exchange: %+v", reqs)
	}

	for _, pass := range []string{"ghp_wrongwrongwrongwrongwrongwrongwron", revokedPAT} {
		out, err := dockerLogin(t, env, r.Host(), "octocat", pass)
		if err == nil || strings.Contains(out, "Login Succeeded") {
			t.Fatalf("docker login with a bad PAT succeeded:\n%s", out)
		}
		// Docker prints the 403 DENIED errcode as "denied: denied" (GITHUB.md §1).
		if want := `Get "http://` + r.Host() + `/v2/": denied: denied`; !strings.Contains(out, want) {
			t.Errorf("docker login output lacks %q:\n%s", want, out)
		}
	}
}

func TestDockerLoginBasicRegistry(t *testing.T) {
	env, _ := cliEnv(t, "docker")
	r := newRegistry(t, RegistryConfig{Auth: BasicAuth, Tokens: []string{goodPAT}})
	if out, err := dockerLogin(t, env, r.Host(), "octocat", goodPAT); err != nil || !strings.Contains(out, "Login Succeeded") {
		t.Fatalf("docker login with a good PAT: %v\n%s", err, out)
	}
	out, err := dockerLogin(t, env, r.Host(), "octocat", "ghp_wrong")
	if want := "login attempt to http://" + r.Host() + "/v2/ failed with status: 401 Unauthorized"; err == nil || !strings.Contains(out, want) {
		t.Fatalf("docker login with a bad PAT: %v, output lacks %q:\n%s", err, want, out)
	}
}

// TestSkopeo inspects a pushed image with the real skopeo, which requests a
// repository-scoped token as a pull does.
func TestSkopeo(t *testing.T) {
	env, _ := cliEnv(t, "skopeo")
	r := newRegistry(t, RegistryConfig{Tokens: []string{goodPAT}})
	ref, err := r.PushRandomImage("dynamixs-ai/app")
	if err != nil {
		t.Fatal(err)
	}
	skopeo := func(pass string) (string, error) {
		cmd := exec.Command("skopeo", "inspect", "--tls-verify=false", "--creds", "octocat:"+pass, "docker://"+r.Ref("dynamixs-ai/app"))
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	out, err := skopeo(goodPAT)
	if digest := ref[strings.LastIndex(ref, "@")+1:]; err != nil || !strings.Contains(out, digest) {
		t.Fatalf("skopeo inspect with a good PAT: %v\n%s", err, out)
	}
	out, err = skopeo("ghp_wrong")
	if err == nil || !strings.Contains(out, "403") {
		t.Fatalf("skopeo inspect with a bad PAT: %v\n%s", err, out)
	}
	var scoped bool
	for _, q := range r.Requests() {
		scoped = scoped || (q.Path == "/token" && strings.Contains(q.Query, "scope=repository%3Adynamixs-ai%2Fapp%3Apull"))
	}
	if !scoped {
		t.Errorf("skopeo never asked for a repository scope: %+v", r.Requests())
	}
}
