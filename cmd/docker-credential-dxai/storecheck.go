package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/docker/docker-credential-helpers/credentials"
	"github.com/dynamixs-ai/dxai/tokenshape"
)

// identityTokenUser is the user name docker sends with an identity token:
// a refresh token the registry's own token server issued at login.
const identityTokenUser = "<token>"

// checkStore refuses what mvn-dxai init would refuse: store replaces the
// one GitHub token every served registry and settings.xml use, so only a
// GitHub token for a GitHub login may replace it. Nothing here asks GitHub
// or the registry: docker login has just verified the credentials, and a
// login must not wait on a second network round trip. For the same reason
// the shape warnings init shows (an odd length, an installation token) are
// left to "mvn-dxai doctor": the registry has just accepted the token.
// What may go into the shared entry at all is tokenshape.ForSharedEntry,
// the rule init applies too. The
// secret is never put in an error.
func checkStore(c *credentials.Credentials, host string) error {
	if c.Username == identityTokenUser {
		return fmt.Errorf("docker login got a refresh token from %s's own token server (docker hands it over as user %s), not a GitHub token, "+
			"and %s keeps only the GitHub token, so nothing was stored: the token already there still serves pulls and Maven; "+
			"if %s is not a GitHub registry, remove it from credHelpers in your docker config (and from %s), so docker keeps its own credentials for it; "+
			`to change the GitHub token, run "mvn-dxai init"`, host, identityTokenUser, name, host, "DXAI_REGISTRIES")
	}
	if strings.TrimSpace(c.Secret) == "" {
		return errors.New("refusing to store an empty token: run docker login again with your GitHub token as the password")
	}
	if strings.Contains(c.Secret, "${") {
		return errors.New("refusing to store a Maven expression (${…}) as the token: Maven would expand it in settings.xml and send that other secret to GitHub; " +
			"run docker login again with the GitHub token itself as the password")
	}
	if _, _, err := tokenshape.ForSharedEntry(c.Secret); err != nil {
		return fmt.Errorf("refusing to store it: %w", err)
	}
	if !tokenshape.ValidLogin(c.Username) {
		return errors.New("refusing to store it: the user name is not a GitHub user name (letters, digits and single hyphens); " +
			"run docker login again with -u and your GitHub user name")
	}
	return nil
}
