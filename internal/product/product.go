// Package product holds the names both mvn-dxai's commands and its doctor
// agree on: the organization, the helper's name, the default server id,
// the password placeholder and where to create a token.
package product

import (
	"strings"

	"github.com/dynamixs-ai/dxai/credstore"
)

// Org is the GitHub organization whose packages dxai is for.
const Org = "dynamixs-ai"

// DefaultServerID is the repository id the org's POMs use, and so the id
// settings.xml must hold the credentials under.
const DefaultServerID = "dynamixs-ai"

// HelperName is what credHelpers maps a registry to: docker then runs
// HelperBin.
const HelperName = "dxai"

// HelperBin is the credential helper's executable.
const HelperBin = "docker-credential-" + HelperName

// EnvPassword is the password --no-plaintext writes: Maven resolves it
// from the environment, which "mvn-dxai exec" fills from the keyring.
const EnvPassword = "${env." + credstore.EnvToken + "}"

// Arrows shows the credHelpers entries for hosts: "ghcr.io → dxai".
func Arrows(hosts []string) string {
	var parts []string
	for _, h := range hosts {
		parts = append(parts, h+" → "+HelperName)
	}
	return strings.Join(parts, ", ")
}

// And lists items as a sentence does: "a", "a and b", "a, b and c".
func And(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// RunInit is the fix of a file or token that init sets up, where no flag
// needs naming.
const RunInit = `run "mvn-dxai init"`
