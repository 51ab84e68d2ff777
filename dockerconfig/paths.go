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
func Dir() string {
	if dir := os.Getenv("DOCKER_CONFIG"); dir != "" {
		return dir
	}
	home := os.Getenv("HOME")
	if home == "" {
		return ""
	}
	return filepath.Join(home, ".docker")
}

// Path returns the docker CLI's config.json: Dir()/config.json, or "" when
// Dir is "".
func Path() string {
	dir := Dir()
	if dir == "" {
		return ""
	}
	return filepath.Join(dir, "config.json")
}
