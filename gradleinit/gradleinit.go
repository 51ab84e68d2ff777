// Package gradleinit installs, checks and removes dxai's Gradle init script,
// $GRADLE_USER_HOME/init.d/dxai.gradle: it gives builds the shared token
// for the dynamixs-ai Maven repositories by running the helper's get at
// build time, so the token is never written into gradle.properties.
//
// What the script needs (the helper's absolute path, the server id, the
// URL prefix and the registry to ask the helper for) is baked into it,
// because the Gradle daemon keeps the environment it started with. A
// comment line holds the same values as JSON, so doctor and a later init
// can read them back.
package gradleinit

import (
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/dynamixs-ai/dxai/internal/atomicfile"
	"github.com/dynamixs-ai/dxai/internal/product"
	"github.com/dynamixs-ai/dxai/mavencheck"
)

//go:embed dxai.gradle
var template string

// DefaultURLPrefix is where the org's Maven repositories live.
const DefaultURLPrefix = "https://" + mavencheck.GitHubMavenHost + "/" + product.Org + "/"

// configMarker starts the comment line holding the Config as JSON.
const configMarker = "// dxai-config "

// Config is what the script is made for.
type Config struct {
	// Helper is the absolute path of docker-credential-dxai.
	Helper string `json:"helper"`
	// ServerID is the Maven server id: a repository of that name matches.
	ServerID string `json:"serverId"`
	// URLPrefix: a repository whose URL starts with it matches.
	URLPrefix string `json:"urlPrefix"`
	// Registry is the served registry the helper is asked for.
	Registry string `json:"registry"`
}

// Home is the Gradle user home: GRADLE_USER_HOME, else ~/.gradle, from
// getenv only (Java would take ~ from the password database; the user's
// HOME is what they mean), and an error when getenv has neither.
func Home(getenv func(string) string) (string, error) {
	if h := getenv("GRADLE_USER_HOME"); h != "" {
		return filepath.Abs(h)
	}
	home := getenv("HOME")
	if home == "" {
		return "", errors.New("HOME is not set, so ~/.gradle cannot be found")
	}
	return filepath.Join(home, ".gradle"), nil
}

// ScriptPath is where the script lives in Gradle user home home.
func ScriptPath(home string) string { return filepath.Join(home, "init.d", "dxai.gradle") }

// Script is the init script to look at: recorded, the one init's record
// lists, when there is one, else the one under Gradle's user home; home is
// that user home either way.
func Script(getenv func(string) string, recorded string) (path, home string, err error) {
	home, err = Home(getenv)
	if err != nil {
		return "", "", err
	}
	if recorded != "" {
		return recorded, home, nil
	}
	return ScriptPath(home), home, nil
}

// Check refuses values that cannot be baked into the script safely, or a
// prefix that would send the token over plain HTTP off this machine.
func (c Config) Check() error {
	for _, v := range []string{c.Helper, c.ServerID, c.URLPrefix, c.Registry} {
		if v == "" || strings.ContainsAny(v, "\r\n\x00") {
			return fmt.Errorf("%q cannot go into a Gradle script", v)
		}
	}
	if !filepath.IsAbs(c.Helper) {
		return fmt.Errorf("the helper path %s is not absolute", c.Helper)
	}
	if !Secure(c.URLPrefix) {
		return fmt.Errorf("--gradle-url-prefix %s is neither https:// nor http:// on this machine (127.0.0.1, localhost, [::1]): the token would cross the network in plain text", c.URLPrefix)
	}
	return nil
}

// Secure reports whether a URL (prefix) is https, or http on loopback
// (127.0.0.1, localhost, [::1]), as URL parsers see it: user info
// (http://localhost:@evil.com/ is a request to evil.com), a query, a
// fragment, a backslash, white space or non-ASCII are refused, since
// parsers disagree about where the host is in such URLs.
func Secure(u string) bool {
	for i := 0; i < len(u); i++ {
		if c := u[i]; c <= ' ' || c >= 0x7f || c == '\\' || c == '?' || c == '#' {
			return false
		}
	}
	p, err := url.Parse(u)
	if err != nil || p.User != nil || p.Opaque != "" || p.RawQuery != "" || p.Fragment != "" {
		return false
	}
	host := p.Hostname()
	switch p.Scheme {
	case "https":
		return host != ""
	case "http":
		return host == "127.0.0.1" || host == "localhost" || host == "::1"
	}
	return false
}

// NormalizePrefix ends a URL prefix in "/", so that it can only match URLs
// on its own host (https://nexus.corp would match
// https://nexus.corp.evil.com) and under its own path.
func NormalizePrefix(prefix string) string {
	if strings.HasSuffix(prefix, "/") {
		return prefix
	}
	return prefix + "/"
}

// Render is the script for c, with c's prefix ending in "/" (see
// NormalizePrefix).
func Render(c Config) ([]byte, error) {
	if err := c.Check(); err != nil {
		return nil, err
	}
	c.URLPrefix = NormalizePrefix(c.URLPrefix)
	js, err := json.Marshal(c)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	b.WriteString(configMarker + string(js) + "\n")
	fmt.Fprintf(&b, "def dxaiHelper = %s\n", groovyString(c.Helper))
	fmt.Fprintf(&b, "def dxaiServerId = %s\n", groovyString(c.ServerID))
	fmt.Fprintf(&b, "def dxaiUrlPrefix = %s\n", groovyString(c.URLPrefix))
	fmt.Fprintf(&b, "def dxaiRegistry = %s", groovyString(c.Registry))
	return []byte(strings.Replace(template, "{{CONFIG}}", b.String(), 1)), nil
}

// groovyString quotes s as a single-quoted Groovy string, in which only
// the backslash and the quote are special.
func groovyString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

// Install writes the script for c at path (mode 0644: it holds no
// secret), atomically, and reports whether it changed. A file there that
// is not dxai's is left alone and refused. The script runs the helper and
// hands the token on, so it is an atomicfile.Trusted file: another user's
// link, file or folder is refused (*atomicfile.UnsafeError).
func Install(path string, c Config) (bool, error) {
	data, err := Render(c)
	if err != nil {
		return false, err
	}
	return atomicfile.UpdateAs(path, 0o644, atomicfile.Trusted, func(old []byte, exists bool) ([]byte, error) {
		if exists && !ours(old) {
			return nil, &NotOursError{Path: path}
		}
		return data, nil
	})
}

// Remove deletes the script at path when it is dxai's, and reports
// whether it did; a missing one is fine, someone else's is refused, and so
// is one that fails the Trusted checks (another user's link or file).
func Remove(path string) (bool, error) {
	data, exists, err := atomicfile.ReadTrusted(path)
	if err != nil {
		return false, err
	}
	if !exists {
		return false, nil
	}
	if !ours(data) {
		return false, &NotOursError{Path: path}
	}
	if err := os.Remove(path); err != nil {
		return false, err
	}
	return true, nil
}

// Installed is what Read found at a path.
type Installed struct {
	Config Config
	// Edited says the file differs from what Render makes of its Config.
	Edited bool
}

// Read reads the script at path back. It returns fs.ErrNotExist when there
// is none, *NotOursError when the file is not dxai's, and
// *atomicfile.UnsafeError when it fails the Trusted checks: nothing in
// such a file (its prefix above all) may be used.
func Read(path string) (Installed, error) {
	data, exists, err := atomicfile.ReadTrusted(path)
	if err != nil {
		return Installed{}, err
	}
	if !exists {
		return Installed{}, &fs.PathError{Op: "open", Path: path, Err: fs.ErrNotExist}
	}
	if !ours(data) {
		return Installed{}, &NotOursError{Path: path}
	}
	line, _, _ := strings.Cut(strings.SplitN(string(data), configMarker, 2)[1], "\n")
	var in Installed
	if err := json.Unmarshal([]byte(line), &in.Config); err != nil {
		return Installed{}, &NotOursError{Path: path}
	}
	want, err := Render(in.Config)
	in.Edited = err != nil || string(want) != string(data)
	return in, nil
}

// ours reports whether a file was written by Install.
func ours(data []byte) bool {
	s := string(data)
	return strings.HasPrefix(s, "// dxai: ") && strings.Contains(s, "\n"+configMarker)
}

// NotOursError is a file at the script's path that dxai did not write.
type NotOursError struct{ Path string }

func (e *NotOursError) Error() string {
	return e.Path + " was not written by dxai, so it is left as it is"
}
