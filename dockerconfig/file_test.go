package dockerconfig

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

func setHelper(c *Config) error {
	c.SetCredHelper("ghcr.io", "dxai")
	return nil
}

const withHelper = "{\n\t\"credHelpers\": {\n\t\t\"ghcr.io\": \"dxai\"\n\t}\n}"

func TestDirAndPath(t *testing.T) {
	env := map[string]string{"HOME": "/home/u"}
	getenv := func(k string) string { return env[k] }
	if got, want := DirFor(getenv), "/home/u/.docker"; got != want {
		t.Errorf("DirFor = %q, want %q", got, want)
	}
	if got, want := PathFor(getenv), "/home/u/.docker/config.json"; got != want {
		t.Errorf("PathFor = %q, want %q", got, want)
	}
	env["DOCKER_CONFIG"] = "/etc/dock"
	if got, want := PathFor(getenv), "/etc/dock/config.json"; got != want {
		t.Errorf("PathFor with DOCKER_CONFIG = %q, want %q", got, want)
	}
	// No HOME: never a path relative to the working folder.
	env = map[string]string{}
	if got := PathFor(getenv); got != "" {
		t.Errorf("PathFor without HOME = %q, want \"\"", got)
	}
}

func TestUpdateCreates(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "home", ".docker")
	path := filepath.Join(dir, "config.json")
	changed, err := Update(path, setHelper)
	if err != nil || !changed {
		t.Fatalf("Update = %v, %v; want true, nil", changed, err)
	}
	assertFile(t, path, withHelper, 0o600)
	if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("new folder: %v, %v; want mode 0700", fi.Mode(), err)
	}
	c, exists, err := Load(path)
	if err != nil || !exists || c.CredHelpers()["ghcr.io"] != "dxai" {
		t.Errorf("Load = %v, %v, %v", c.CredHelpers(), exists, err)
	}
}

func TestUpdateNoChangeCreatesNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.json")
	changed, err := Update(path, func(c *Config) error {
		c.RemoveCredHelper("ghcr.io", "dxai")
		c.RemoveAuth("ghcr.io")
		return nil
	})
	if err != nil || changed {
		t.Fatalf("Update = %v, %v; want false, nil", changed, err)
	}
	if _, err := os.Lstat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Update created %s: %v", path, err)
	}
	c, exists, err := Load(path)
	if err != nil || exists || len(c.CredHelpers()) != 0 {
		t.Errorf("Load of a missing file = %v, %v, %v", c, exists, err)
	}
	if got := string(c.Bytes()); got != "{}" {
		t.Errorf("New().Bytes() = %q, want {}", got)
	}
}

func TestUpdateKeepsMode(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.json")
	if err := os.WriteFile(path, []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Chmod(path, 0o644) // whatever the umask
	if _, err := Update(path, setHelper); err != nil {
		t.Fatal(err)
	}
	assertFile(t, path, withHelper, 0o644)
}

func TestUpdateFollowsSymlink(t *testing.T) {
	tmp := t.TempDir()
	target := filepath.Join(tmp, "dotfiles", "docker.json")
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(target, []byte("{}"), 0o640); err != nil {
		t.Fatal(err)
	}
	os.Chmod(target, 0o640)
	link := filepath.Join(tmp, ".docker", "config.json")
	if err := os.MkdirAll(filepath.Dir(link), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../dotfiles/docker.json", link); err != nil {
		t.Fatal(err)
	}
	changed, err := Update(link, setHelper)
	if err != nil || !changed {
		t.Fatalf("Update = %v, %v", changed, err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		t.Fatalf("config.json is no longer a symlink: %v, %v", fi.Mode(), err)
	}
	if dest, _ := os.Readlink(link); dest != "../dotfiles/docker.json" {
		t.Errorf("link now points to %q", dest)
	}
	assertFile(t, target, withHelper, 0o640)
}

func TestUpdateFnError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.json")
	const in = `{"credsStore": "pass"}`
	if err := os.WriteFile(path, []byte(in), 0o600); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	changed, err := Update(path, func(c *Config) error {
		c.SetCredHelper("ghcr.io", "dxai")
		return boom
	})
	if changed || !errors.Is(err, boom) {
		t.Errorf("Update = %v, %v; want false and boom", changed, err)
	}
	assertFile(t, path, in, 0o600)
}

func TestParseErrorWithoutFile(t *testing.T) {
	_, err := Parse([]byte("{\n\t\"a\": tru\n}"), "")
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Line != 2 || pe.Col != 10 || err.Error() != "2:10: invalid character '\\n' in literal true (expecting 'e')" {
		t.Errorf("err = %#v (%v)", err, err)
	}
}

func assertFile(t *testing.T, path, want string, mode fs.FileMode) {
	t.Helper()
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("%s:\n%s\nwant:\n%s", path, got, want)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != mode {
		t.Errorf("%s mode %v, want %v", path, fi.Mode().Perm(), mode)
	}
}
