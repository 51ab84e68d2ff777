// Package testworld builds the one clean environment in which tests run the
// project's binaries: a home of the test's own, the binaries first on PATH,
// a private keyring's bus, and nothing else of the caller's environment.
//
// Every test that runs a binary (the txtar scripts, the bad-input table, the
// leak and stress checks) takes its environment from Env, so that a
// variable of the developer's shell (DXAI_TOKEN, DOCKER_CONFIG, a proxy,
// GITHUB_ACTOR) can never change what a test sees, and no test writes to the
// real home.
package testworld

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// BusVars are the variables a keyring state sets.
var BusVars = []string{"DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR", "XDG_DATA_HOME"}

// Kept is the one allow list: the only variables a world takes from its
// base environment. The bus variables reach the keyring state the test
// chose; PATH holds the real components (docker, mvn, secret-tool) or, for
// keyringtest.NoBus, deliberately none of dbus-launch; JAVA_HOME is how
// Maven finds Java on some machines.
var Kept = append(slices.Clone(BusVars), "PATH", "JAVA_HOME")

// DefaultKeyringTimeout is DXAI_KEYRING_TIMEOUT in a world: long enough for
// a loaded two-core machine, short enough that a test meeting a hung
// keyring ends quickly.
const DefaultKeyringTimeout = 5 * time.Second

// JVMOpts are the JVM flags of a world's Maven runs (in MAVEN_OPTS): the
// JIT's first tier only. A Maven run of a test lives a second or two, in
// which the optimising tier only burns CPU; this cuts about a third of the
// CPU a run takes and changes nothing Maven does.
const JVMOpts = "-XX:TieredStopAtLevel=1"

// GradleOpts are the Gradle client's JVM options in a world (GRADLE_OPTS):
// JVMOpts, and a daemon the scripts start (one per Gradle user home, as
// users run Gradle) stops after a minute without a build, should a test
// end before its "gradle --stop".
const GradleOpts = JVMOpts + " -Dorg.gradle.daemon.idletimeout=60000"

// Options describe a world. Only Home is required.
type Options struct {
	// Home is the world's home: HOME, XDG_CONFIG_HOME (Home/.config),
	// XDG_CACHE_HOME (Home/.cache) and Maven's user.home, which Java takes
	// from the password database, not from HOME.
	Home string
	// Base is where the Kept variables come from: the environment of a
	// keyringtest state. Nil means the test process's own environment
	// without its bus variables, a world without a keyring.
	Base []string
	// BinDir, if set, goes first on PATH: the binaries under test.
	BinDir string
	// TmpDir, if set, is TMPDIR; otherwise TMPDIR is unset (Go then uses
	// /tmp) unless Set gives one.
	TmpDir string
	// KeyringTimeout is DXAI_KEYRING_TIMEOUT; zero means
	// DefaultKeyringTimeout. Only a test that runs many commands against
	// one keyring daemon at once needs more.
	KeyringTimeout time.Duration
	// Set are KEY=VALUE pairs applied last, each replacing KEY's value.
	Set []string
}

// Env returns the world's environment.
func Env(o Options) []string {
	base := o.Base
	if base == nil {
		base = slices.DeleteFunc(os.Environ(), func(kv string) bool {
			k, _, _ := strings.Cut(kv, "=")
			return slices.Contains(BusVars, k)
		})
	}
	var env []string
	for _, kv := range base {
		k, v, _ := strings.Cut(kv, "=")
		if !slices.Contains(Kept, k) {
			continue
		}
		if k == "PATH" && o.BinDir != "" {
			kv = "PATH=" + o.BinDir + string(os.PathListSeparator) + v
		}
		env = Setenv(env, kv)
	}
	timeout := o.KeyringTimeout
	if timeout == 0 {
		timeout = DefaultKeyringTimeout
	}
	env = Setenv(env, HomeVars(o.Home)...)
	env = Setenv(env,
		"LANG=C.UTF-8",
		"DXAI_KEYRING_TIMEOUT="+timeout.String(),
		"MAVEN_OPTS=-Duser.home="+o.Home+" "+JVMOpts,
		"GRADLE_OPTS="+GradleOpts,
	)
	if o.TmpDir != "" {
		env = Setenv(env, "TMPDIR="+o.TmpDir)
	}
	return Setenv(env, o.Set...)
}

// HomeVars are the variables (KEY=VALUE) that name a world's home and
// the user folders under it.
func HomeVars(home string) []string {
	return []string{
		"HOME=" + home,
		"XDG_CONFIG_HOME=" + filepath.Join(home, ".config"),
		"XDG_CACHE_HOME=" + filepath.Join(home, ".cache"),
	}
}

// Setenv returns a copy of env with each KEY=VALUE of kvs replacing KEY's
// value, or added.
func Setenv(env []string, kvs ...string) []string {
	out := slices.Clone(env)
	for _, kv := range kvs {
		k, _, _ := strings.Cut(kv, "=")
		out = append(Unsetenv(out, k), kv)
	}
	return out
}

// Unsetenv returns a copy of env without key k.
func Unsetenv(env []string, k string) []string {
	return slices.DeleteFunc(slices.Clone(env), func(kv string) bool {
		return strings.HasPrefix(kv, k+"=")
	})
}
