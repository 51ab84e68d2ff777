package main

import (
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/dynamixs-ai/dxai/credstore"
	"github.com/dynamixs-ai/dxai/gradleinit"
	"github.com/dynamixs-ai/dxai/internal/doctor"
	"github.com/dynamixs-ai/dxai/internal/hint"
	"github.com/dynamixs-ai/dxai/internal/pathlook"
	"github.com/dynamixs-ai/dxai/internal/state"
)

// gradleFlags are init's Gradle flags.
type gradleFlags struct {
	force, skip bool
	urlPrefix   string
}

func addGradleFlags(fs *flag.FlagSet, g *gradleFlags) {
	fs.BoolVar(&g.force, "gradle", false, "install the Gradle init script even without a Gradle user home (default: when ~/.gradle or $GRADLE_USER_HOME exists)")
	fs.BoolVar(&g.skip, "no-gradle", false, "leave Gradle alone")
	fs.StringVar(&g.urlPrefix, "gradle-url-prefix", "", "Gradle repositories whose `URL` starts with this get the token (default "+gradleinit.DefaultURLPrefix+", or what init recorded)")
}

// check refuses contradictory or unsafe Gradle flags before init changes
// anything.
func (g gradleFlags) check() error {
	switch {
	case g.force && g.skip:
		return hint.Usage("--gradle and --no-gradle contradict each other", "drop one of them")
	case g.skip && g.urlPrefix != "":
		return hint.Usage("--gradle-url-prefix has no effect with --no-gradle", "drop one of them")
	case g.urlPrefix != "" && !gradleinit.Secure(g.urlPrefix):
		return hint.Usage("--gradle-url-prefix "+g.urlPrefix+" is neither https:// nor http:// on this machine: the token would cross the network in plain text",
			"use an https:// prefix, e.g. --gradle-url-prefix "+gradleinit.DefaultURLPrefix)
	}
	return nil
}

// gradleScript is where the script is, or would be: what init recorded,
// else $GRADLE_USER_HOME/init.d (default ~/.gradle/init.d).
func gradleScript(u *ui, rec state.Record) (path, home string, err error) {
	return gradleinit.Script(u.getenv, rec.First(state.GradleInit))
}

// gradleHelper is the absolute path of the helper the script runs: the
// one docker runs (doctor.Env.FindHelper, as init, status and doctor
// look for it), else the one beside mvn-dxai; else "" and what
// FindHelper found wrong, with its fix. Both lookups refuse a program
// another user can change.
func gradleHelper(u *ui) (string, doctor.Helper) {
	h := u.doctorEnv().FindHelper()
	if h.Path != "" || h.Refused {
		// A refused helper is what docker would run: it is reported,
		// not worked around.
		return h.Path, h
	}
	if self, err := os.Executable(); err == nil {
		if p := pathlook.Find(filepath.Dir(self), helperBin).Path; p != "" {
			return p, h
		}
	}
	return "", h
}

// setupGradle installs the init script when asked (--gradle) or when a
// Gradle user home exists. It returns the copy to record (Path "" for
// none), with the folders it created for the script, and whether it wrote
// the script.
func setupGradle(u *ui, g gradleFlags, rec state.Record, serverID, registry string) (state.Copy, bool, error) {
	var recorded state.Copy
	if cs := rec.Of(state.GradleInit); len(cs) > 0 {
		recorded = cs[0]
	}
	path, home, err := gradleScript(u, rec)
	if err != nil {
		if g.force {
			return state.Copy{}, false, hint.New("set HOME or GRADLE_USER_HOME", "%v", err)
		}
		return recorded, false, nil
	}
	if g.skip {
		return recorded, false, nil
	}
	if _, err := os.Stat(home); err != nil && !g.force {
		return recorded, false, nil
	}
	helper, found := gradleHelper(u)
	cfg := gradleinit.Config{ServerID: serverID, Registry: registry, URLPrefix: g.urlPrefix, Helper: helper}
	if cfg.URLPrefix == "" {
		cfg.URLPrefix = gradleinit.DefaultURLPrefix
		if old, err := gradleinit.Read(path); err == nil {
			cfg.URLPrefix = old.Config.URLPrefix
		}
	}
	if found.Refused {
		return state.Copy{}, false, hint.New(found.Fix+`; then run "mvn-dxai init --gradle" (or "mvn-dxai init --no-gradle" to leave Gradle builds out)`,
			"%s; so it was not written into %s for Gradle builds to run", found.Problem, u.path(path))
	}
	if cfg.Helper == "" {
		u.warn("%s: Gradle builds cannot get the token from it, so %s was not written", found.Problem, u.path(path))
		u.hint(`%s; then run "mvn-dxai init --gradle"`, found.Fix)
		return recorded, false, nil
	}
	_, homeErr := os.Lstat(home)
	_, dirErr := os.Lstat(filepath.Dir(path))
	changed, err := gradleinit.Install(path, cfg)
	var notOurs *gradleinit.NotOursError
	switch {
	case errors.As(err, &notOurs):
		u.warn("%s exists and was not written by dxai, so Gradle builds are not wired", u.path(path))
		u.hint("move it away and run \"mvn-dxai init --gradle\", or keep it and run \"mvn-dxai init --no-gradle\"")
		return recorded, false, nil
	case err != nil:
		return state.Copy{}, false, hint.New("check that "+u.path(filepath.Dir(path))+" is writable, or run \"mvn-dxai init --no-gradle\"", "writing %s: %v", u.path(path), err)
	}
	if changed {
		u.note("installed %s: Gradle builds get the token for repositories named %s or under %s, in memory only", u.path(path), cfg.ServerID, cfg.URLPrefix)
	}
	c := state.Copy{Kind: state.GradleInit, Path: path}
	if recorded.Path == path {
		c.CreatedParent, c.CreatedHome = recorded.CreatedParent, recorded.CreatedHome
	}
	c.CreatedParent = c.CreatedParent || errors.Is(dirErr, fs.ErrNotExist)
	c.CreatedHome = c.CreatedHome || errors.Is(homeErr, fs.ErrNotExist)
	return c, changed, nil
}

// tidyGradleDirs removes, after the script went, the init.d folder and the
// Gradle user home that init created for it (copy c), when they are empty:
// left behind, the home would make a later plain init take Gradle for
// used here and install the script unasked. A folder with anything in it
// is the user's or Gradle's now, and stays.
func tidyGradleDirs(u *ui, c state.Copy) {
	dir := filepath.Dir(c.Path)
	dirs := []struct {
		path    string
		created bool
	}{{dir, c.CreatedParent}, {filepath.Dir(dir), c.CreatedHome}}
	for _, d := range dirs {
		if !d.created || !removeEmptyDir(u, d.path) {
			return
		}
	}
}

// removeGradle removes the init script at path, if it is there and dxai's,
// and reports whether it did.
func removeGradle(u *ui, path string) bool {
	removed, err := gradleinit.Remove(path)
	var notOurs *gradleinit.NotOursError
	switch {
	case errors.As(err, &notOurs):
		return false
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		u.warn("could not remove %s: %v", u.path(path), err)
		u.hint("delete it by hand: without the token, it only warns")
		return false
	}
	if removed {
		u.note("removed %s", u.path(path))
	}
	return removed
}

// checkGradleName refuses a --gradle-credentials name that Gradle's
// credentials(PasswordCredentials) would not accept: letters and digits,
// starting with a letter.
func checkGradleName(name string) error {
	if name == "" {
		return nil
	}
	ok := true
	for i, c := range name {
		letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if !letter && (i == 0 || c < '0' || c > '9') {
			ok = false
		}
	}
	if !ok {
		return hint.Usage("--gradle-credentials "+name+" is not a name Gradle accepts: letters and digits only, starting with a letter",
			"name the repository like that in build.gradle too, e.g. --gradle-credentials dynamixsai")
	}
	return nil
}

// gradleCredentialsEnv is what Gradle reads as the project properties
// NAMEUsername and NAMEPassword; none without a name.
func gradleCredentialsEnv(name string, e credstore.Entry) map[string]string {
	if name == "" {
		return nil
	}
	return map[string]string{
		"ORG_GRADLE_PROJECT_" + name + "Username": e.Username,
		"ORG_GRADLE_PROJECT_" + name + "Password": e.Token,
	}
}
