package dockerconfig

import "path/filepath"

// DirFor returns the docker CLI's configuration folder in the environment
// getenv reads: $DOCKER_CONFIG when set, else $HOME/.docker. Like docker,
// it takes the home folder from $HOME; unlike docker it never falls back to
// the password database. With neither set it returns "", never a path
// relative to the working folder: callers must say that HOME is missing.
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

// PathFor returns the docker CLI's config.json: DirFor's folder
// /config.json, or "" when that is "".
func PathFor(getenv func(string) string) string {
	dir := DirFor(getenv)
	if dir == "" {
		return ""
	}
	return filepath.Join(dir, "config.json")
}
