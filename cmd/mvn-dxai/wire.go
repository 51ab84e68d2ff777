package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/dynamixs-ai/dxai/credstore"
	"github.com/dynamixs-ai/dxai/dockerconfig"
	"github.com/dynamixs-ai/dxai/settingsxml"
)

// HelperName is what credHelpers maps a registry to: docker then runs
// docker-credential-dxai.
const HelperName = "dxai"

// EnvPassword is the password --no-plaintext writes: Maven resolves it
// from the environment, which "mvn-dxai exec" fills from the keyring.
const EnvPassword = "${env." + credstore.EnvToken + "}"

// serverFor is the <server> entry for e.
func serverFor(id string, e credstore.Entry, plaintext bool) settingsxml.Server {
	s := settingsxml.Server{ID: id, Username: e.Username, Password: e.Token}
	if !plaintext {
		s.Password = EnvPassword
	}
	return s
}

// upsertServer writes our server into the settings file and makes a file
// that holds the token private. With onlyExisting it changes nothing
// unless a server with that id is already there.
func upsertServer(u *ui, path string, s settingsxml.Server, onlyExisting bool) (bool, error) {
	var matched int
	changed, err := settingsxml.Update(path, func(d *settingsxml.Doc) error {
		if onlyExisting && len(d.Servers(s.ID)) == 0 {
			return nil
		}
		matched = d.Upsert(s)
		return nil
	})
	if err != nil {
		return false, settingsError(path, err)
	}
	if matched > 1 {
		u.warn("%s has %d <server> entries with id %s; all were updated", u.path(path), matched, s.ID)
		u.hint("keep one of them: Maven uses the first, but not every Maven code path agrees")
	}
	if s.Password != EnvPassword {
		if err := makePrivate(u, path); err != nil {
			return changed, err
		}
	}
	return changed, nil
}

// makePrivate gives a file that holds the token mode 0600, saying so when
// it was readable by others.
func makePrivate(u *ui, path string) error {
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm()&0o077 == 0 {
		return nil
	}
	if err := os.Chmod(path, fi.Mode().Perm()&0o700); err != nil {
		return fmt.Errorf("making %s private: %w", path, err)
	}
	u.warn("%s holds your token but was readable by others (mode %04o); it is now %04o",
		u.path(path), fi.Mode().Perm(), fi.Mode().Perm()&0o700)
	return nil
}

// removeServer takes every server with id out of the settings file.
func removeServer(path, id string) (int, error) {
	var removed int
	_, err := settingsxml.Update(path, func(d *settingsxml.Doc) error {
		removed = d.Remove(id)
		return nil
	})
	return removed, settingsError(path, err)
}

// settingsError adds the way out to a settings.xml failure.
func settingsError(path string, err error) error {
	if err == nil {
		return nil
	}
	return fail("fix the file (it was left exactly as it was), or point to another with --settings, or skip Maven with --no-maven",
		"%v", err)
}

// dockerError adds the way out to a docker config failure.
func dockerError(err error) error {
	if err == nil {
		return nil
	}
	return fail("fix the file (it was left exactly as it was), or skip Docker with --no-docker", "%v", err)
}

// wireDocker maps every served registry to our helper and removes the
// plaintext credentials it replaces. It reports what it changed.
func wireDocker(path string, served []string) (changed []string, removed []string, err error) {
	_, err = dockerconfig.Update(path, func(c *dockerconfig.Config) error {
		for _, host := range served {
			if c.SetCredHelper(host, HelperName) {
				changed = append(changed, host)
			}
			removed = append(removed, c.RemoveAuth(host)...)
		}
		return nil
	})
	return changed, removed, dockerError(err)
}

// unwireDocker removes our credHelpers entries, and only ours.
func unwireDocker(path string, served []string) (removed []string, err error) {
	if _, exists, err := dockerconfig.Load(path); err != nil || !exists {
		return nil, dockerError(err)
	}
	_, err = dockerconfig.Update(path, func(c *dockerconfig.Config) error {
		for _, host := range served {
			if c.RemoveCredHelper(host, HelperName) {
				removed = append(removed, host)
			}
		}
		return nil
	})
	return removed, dockerError(err)
}

func arrows(hosts []string) string {
	var parts []string
	for _, h := range hosts {
		parts = append(parts, h+" → "+HelperName)
	}
	return strings.Join(parts, ", ")
}
