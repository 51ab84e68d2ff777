package dockerconfig

import (
	"os"
	"path/filepath"
)

// Dir returns the docker CLI's configuration folder: $DOCKER_CONFIG when set,
// else $HOME/.docker. Like docker, it takes the home folder from $HOME; unlike
// docker it never falls back to the password database, so with HOME unset the
// result is the relative path ".docker".
func Dir() string {
	if dir := os.Getenv("DOCKER_CONFIG"); dir != "" {
		return dir
	}
	return filepath.Join(os.Getenv("HOME"), ".docker")
}

// Path returns the docker CLI's config.json: Dir()/config.json.
func Path() string {
	return filepath.Join(Dir(), "config.json")
}
