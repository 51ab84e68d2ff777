package dockerconfig

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dynamixs-ai/dxai/internal/testing/keyringtest"
)

// These tests run the real docker CLI (no daemon needed: logout is
// client-side) against files we wrote. They skip where docker is missing.

// dockerCLI runs "docker --config dir args..." with HOME and PATH inside
// tmp, plus a helper docker-credential-dxaitest that logs its calls.
func dockerCLI(t *testing.T, tmp, dir string, args ...string) (log string) {
	t.Helper()
	docker, err := exec.LookPath("docker")
	if err != nil {
		keyringtest.Skip(t, "the docker CLI is not installed")
	}
	bin := filepath.Join(tmp, "bin")
	logFile := filepath.Join(tmp, "helper.log")
	script := "#!/bin/sh\necho \"$1 $(cat)\" >> '" + logFile + "'\n"
	if err := os.MkdirAll(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bin, "docker-credential-dxaitest"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(docker, append([]string{"--config", dir}, args...)...)
	cmd.Env = append(os.Environ(), "HOME="+tmp, "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("docker %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	if strings.Contains(string(out), "WARNING") {
		t.Errorf("docker %s warned:\n%s", strings.Join(args, " "), out)
	}
	b, _ := os.ReadFile(logFile)
	return string(b)
}

// TestDockerUsesOurHelper: docker reads the credHelpers entry we add to a
// file full of other settings, and calls our helper for that registry.
func TestDockerUsesOurHelper(t *testing.T) {
	tmp := t.TempDir()
	dir := filepath.Join(tmp, "docker")
	path := filepath.Join(dir, "config.json")
	g := loadGolden(t, "testdata/docker-written.txtar")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, g.in, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Update(path, func(c *Config) error {
		c.SetCredHelper("ghcr.io", "dxaitest")
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if log := dockerCLI(t, tmp, dir, "logout", "ghcr.io"); !strings.Contains(log, "erase ghcr.io") {
		t.Errorf("helper log = %q, want an erase of ghcr.io", log)
	}
}

// TestSerialisedLikeDocker: a file docker wrote, once we re-serialise it,
// is byte for byte what docker wrote.
func TestSerialisedLikeDocker(t *testing.T) {
	tmp := t.TempDir()
	dir := filepath.Join(tmp, "docker")
	path := filepath.Join(dir, "config.json")
	const in = `{"auths": {"a.example.com": {"auth": "dXNlcjpwYXNz"}, "b.example.com": {"auth": "dXNlcjpwYXNz"}},
  "credHelpers": {"ghcr.io": "dxaitest", "gcr.io": "gcloud"}, "psFormat": "<{{.ID}}> & \u00e9",
  "plugins": {"buildx": {"default": "true"}}, "currentContext": "default"}`
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(in), 0o600); err != nil {
		t.Fatal(err)
	}
	dockerCLI(t, tmp, dir, "logout", "a.example.com") // docker rewrites the file
	written, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	c, err := Parse(written, path)
	if err != nil {
		t.Fatal(err)
	}
	if !c.RemoveCredHelper("ghcr.io", "dxaitest") || !c.SetCredHelper("ghcr.io", "dxaitest") {
		t.Fatal("remove and set again did not both change the config")
	}
	if got := c.Bytes(); string(got) != string(written) {
		t.Errorf("ours:\n%s\ndocker's:\n%s", got, written)
	}
}
