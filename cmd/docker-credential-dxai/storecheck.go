package main

import (
	"fmt"
	"strings"

	"github.com/docker/docker-credential-helpers/credentials"
	"github.com/dynamixs-ai/dxai/internal/hint"
	"github.com/dynamixs-ai/dxai/registries"
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
		return hint.New(fmt.Sprintf("if %s is not a GitHub registry, remove it from credHelpers in your docker config (and from %s), so docker keeps its own credentials for it; "+
			`to change the GitHub token, run "mvn-dxai init"`, host, registries.EnvVar),
			"docker login got a refresh token from %s's own token server (docker hands it over as user %s), not a GitHub token, "+
				"and %s keeps only the GitHub token, so nothing was stored: the token already there still serves pulls and Maven", host, identityTokenUser, name)
	}
	if strings.TrimSpace(c.Secret) == "" {
		return hint.New(againWith, "refusing to store an empty token")
	}
	if strings.Contains(c.Secret, "${") {
		return hint.New(againWith, "refusing to store a Maven expression (${…}) as the token: Maven would expand it in settings.xml and send that other secret to GitHub")
	}
	if _, _, err := tokenshape.ForSharedEntry(c.Secret); err != nil {
		// The token's own fix, then how to give the helper the right one.
		return hint.Append(fmt.Errorf("refusing to store it: %w", err), ", then "+againWith)
	}
	if !tokenshape.ValidLogin(c.Username) {
		return hint.New("run docker login again with -u and your GitHub user name",
			"refusing to store it: the user name is not a GitHub user name (letters, digits and single hyphens)")
	}
	return nil
}

// againWith is how to give store a GitHub token after a refusal.
const againWith = "run docker login again with your GitHub token itself as the password"
