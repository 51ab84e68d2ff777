// Package mavencheck reads what Maven reads, for "mvn-dxai doctor" and
// init: Maven's user.home (and so its default settings.xml), which
// settings.xml a project's .mvn/maven.config or MAVEN_ARGS selects, the
// repositories a pom.xml (or a settings.xml profile) declares, and whether a
// <mirror>'s mirrorOf takes a repository over. It only reads; the settings
// editor is package settingsxml.
package mavencheck

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// ConfigFile is the project's Maven command-line file, relative to its base
// folder.
const ConfigFile = ".mvn/maven.config"

// ProjectBaseDir finds the project base folder as the mvn launcher does:
// the nearest folder, from dir upward, that holds a .mvn folder. It reports
// false when there is none (Maven then uses dir itself).
func ProjectBaseDir(dir string) (string, bool) {
	dir = filepath.Clean(dir)
	for {
		if fi, err := os.Stat(filepath.Join(dir, ".mvn")); err == nil && fi.IsDir() {
			return dir, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

// ReadConfig reads the arguments in a .mvn/maven.config file. Maven 3.9
// takes one argument per line and Maven 3.8 splits the whole file at white
// space; ReadConfig splits every line at white space, which reads both
// layouts of "-s FILE", and skips blank lines and # comments. A missing file
// gives no arguments and no error.
func ReadConfig(path string) ([]string, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	var args []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		args = append(args, strings.Fields(line)...)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	return args, nil
}

// SettingsArg returns the user settings file that Maven's command line
// args select: the value of the first -s or --settings, in any of the forms
// Maven's parser takes ("-s F", "-sF", "-s=F", "--settings F",
// "--settings=F"). It reports false when args select none.
func SettingsArg(args []string) (string, bool) {
	for i, a := range args {
		switch {
		case a == "-s" || a == "--settings":
			if i+1 < len(args) {
				return args[i+1], true
			}
			return "", false
		case strings.HasPrefix(a, "--settings="):
			return strings.TrimPrefix(a, "--settings="), true
		case strings.HasPrefix(a, "-s=") && len(a) > 3:
			return a[3:], true
		case strings.HasPrefix(a, "-s") && !strings.HasPrefix(a, "--") && len(a) > 2:
			return a[2:], true
		}
	}
	return "", false
}

// Resolve makes a settings path from a command line absolute the way Maven
// does: relative to the folder Maven runs in.
func Resolve(path, workDir string) string {
	if filepath.IsAbs(path) {
		return filepath.Clean(path)
	}
	return filepath.Join(workDir, path)
}
