package testworld

import (
	"os"
	"slices"
	"testing"
	"time"
)

func TestEnvKeepsOnlyTheAllowList(t *testing.T) {
	base := []string{
		"PATH=/usr/bin", "DBUS_SESSION_BUS_ADDRESS=unix:path=/x", "XDG_RUNTIME_DIR=/run/x", "XDG_DATA_HOME=/d",
		"JAVA_HOME=/jdk", "HOME=/root", "DXAI_TOKEN=not-a-token", "DOCKER_CONFIG=/etc/docker", "HTTPS_PROXY=http://p",
		"GITHUB_ACTOR=someone", "MAVEN_ARGS=-X", "XDG_CONFIG_HOME=/cfg", "TMPDIR=/t",
	}
	got := Env(Options{Home: "/w/home", Base: base, BinDir: "/bin-under-test", TmpDir: "/w/tmp", Set: []string{"DXAI_REGISTRIES=h", "LANG=C"}})
	want := []string{
		"PATH=/bin-under-test" + string(os.PathListSeparator) + "/usr/bin",
		"DBUS_SESSION_BUS_ADDRESS=unix:path=/x", "XDG_RUNTIME_DIR=/run/x", "XDG_DATA_HOME=/d", "JAVA_HOME=/jdk",
		"HOME=/w/home", "XDG_CONFIG_HOME=/w/home/.config", "XDG_CACHE_HOME=/w/home/.cache",
		"DXAI_KEYRING_TIMEOUT=5s", "MAVEN_OPTS=-Duser.home=/w/home " + JVMOpts, "GRADLE_OPTS=" + GradleOpts, "TMPDIR=/w/tmp", "DXAI_REGISTRIES=h", "LANG=C",
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("Env:\n got %q\nwant %q", got, want)
	}
}

func TestEnvWithoutBaseDropsTheBus(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/users-own-bus")
	t.Setenv("XDG_RUNTIME_DIR", "/run/user/1000")
	t.Setenv("PATH", "/usr/bin")
	env := Env(Options{Home: "/h", KeyringTimeout: 10 * time.Second})
	for _, kv := range env {
		switch kv {
		case "DBUS_SESSION_BUS_ADDRESS=unix:path=/users-own-bus", "XDG_RUNTIME_DIR=/run/user/1000":
			t.Errorf("the user's bus reached a world without a keyring: %s", kv)
		}
	}
	for _, kv := range []string{"PATH=/usr/bin", "DXAI_KEYRING_TIMEOUT=10s"} {
		if !slices.Contains(env, kv) {
			t.Errorf("%s missing from %q", kv, env)
		}
	}
}
