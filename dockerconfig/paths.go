package dockerconfig

import (
	"os"
	"path/filepath"
)

// Dir returns the docker CLI's configuration folder: $DOCKER_CONFIG when set,
// else $HOME/.docker. Like docker, it takes the home folder from $HOME; unlike
// docker it never falls back to the password database. With neither set it
// returns "", never a path relative to the working folder: callers must say
// that HOME is missing.
func Dir() string { return DirFor(os.Getenv) }

// DirFor is Dir in the environment getenv reads.
func DirFor(getenv func(string) string) string {
	if dir := getenv("DOCKER_CONFIG"); dir != "" {
		return dir
	}
	home := getenv("HOME")
	if home == "" {
		return ""
	}
	return filepath.Join(home, ".docker")
}

// Path returns the docker CLI's config.json: Dir()/config.json, or "" when
// Dir is "".
func Path() string { return PathFor(os.Getenv) }

// PathFor is Path in the environment getenv reads.
func PathFor(getenv func(string) string) string {
	dir := DirFor(getenv)
	if dir == "" {
		return ""
	}
	return filepath.Join(dir, "config.json")
}
