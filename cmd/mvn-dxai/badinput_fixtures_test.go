package main

// The bad input table's fixtures: tokens distinct per row, and the user's
// own files the rows start from.

import (
	"fmt"
	"strings"
)

// Tokens of the shape GitHub gives, distinct per row so a leak names its row.
func biBadToken(name string) string { return "ghp_" + name + strings.Repeat("0", 36-len(name)) }

var (
	biTokA      = biBadToken("BadInputA")
	biTokCRLF   = biBadToken("BadInputCRLF")
	biTokLink   = biBadToken("BadInputLink")
	biTokDir    = biBadToken("BadInputNewDir")
	biTokHome   = biBadToken("BadInputNoHome")
	biTokLong   = "ghp_" + strings.Repeat("L", 296)
	biTokSpaced = "ghp_Abcdef ghijklmnopqrstuvwxyzABCDEFGHIJ"
	biTokUni    = "ghp_ÄbcdefghijklmnopqrstuvwxyzABCDEFGHIJ"
	biTokRefr   = "ghr_AbcdefghijklmnopqrstuvwxyzABCDEFGHIJ"
	// biRefreshJWT stands in for a registry token server's refresh token.
	biRefreshJWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJiYWRpbnB1dCJ9.c2lnbmF0dXJl"
	biPassword   = "CorrectHorseBattery42"
)

// biUserSettings and biUserDocker are a user's own files: a failing command
// must leave them exactly as they are.
const biUserSettings = `<?xml version="1.0" encoding="UTF-8"?>
<!-- mine: keep -->
<settings>
  <servers>
    <server>
      <id>nexus</id>
      <username>me</username>
      <password>{COQLCE6DU6GtcS5P=}</password>
    </server>
  </servers>
</settings>
`

const biUserDocker = `{
	"auths": {
		"registry.example.com": {
			"auth": "bWU6aHVudGVyMg=="
		}
	},
	"credsStore": "desktop"
}
`

// biOurSettings and biOurDocker are what a finished init leaves.
var biOurSettings = `<?xml version="1.0" encoding="UTF-8"?>
<settings>
  <servers>
    <server>
      <id>dynamixs-ai</id>
      <username>alice</username>
      <password>` + biTokA + `</password>
    </server>
  </servers>
</settings>
`

const biOurDocker = `{
	"credHelpers": {
		"ghcr.io": "dxai"
	}
}
`

func biUserFiles() map[string]biFile {
	return map[string]biFile{
		"home/.m2/settings.xml":      {content: biUserSettings, mode: 0o644},
		"home/.docker/config.json":   {content: biUserDocker},
		"home/.config/dxai/keep.txt": {content: "a file dxai does not know\n"},
	}
}

// biWithFiles is biUserFiles with some replaced.
func biWithFiles(over map[string]biFile) map[string]biFile {
	m := biUserFiles()
	for k, v := range over {
		m[k] = v
	}
	return m
}

// The usual command lines.
var (
	biInitOffline = []string{"mvn-dxai", "init", "--offline", "--token-stdin", "--username", "alice"}
	biHelperGet   = []string{"docker-credential-dxai", "get"}
	biHelperStore = []string{"docker-credential-dxai", "store"}
)

// The helper's hints after input docker never sends: how to send what it
// does.
const (
	biHelperGetHint   = `(?m)^docker-credential-dxai: hint: docker runs it for you; by hand: echo ghcr\.io \| docker-credential-dxai get\n$`
	biHelperStoreHint = `(?m)^docker-credential-dxai: hint: "docker login ghcr\.io" runs it for you; to store a token for Maven and docker, run: printf %s "\$TOKEN" \| mvn-dxai init --token-stdin\n$`
)

func biArgs(base []string, more ...string) []string {
	return append(append([]string{}, base...), more...)
}

func biStoreJSON(server, user, secret string) string {
	return fmt.Sprintf(`{"ServerURL":%q,"Username":%q,"Secret":%q}`, server, user, secret)
}

// Fragments of the messages rows expect.
const (
	biFileHint = `(?m)^mvn-dxai: hint: fix \S+ \(it was left exactly as it was\), then run again: .*mvn-dxai init .*; or skip Maven with --no-maven$`
	biNotFound = `^credentials not found in native keychain\n$`
	// biTokenAgain is a token-shape error's hint: its own fix, naming the
	// page for a new token once (the error line above it never does).
	biTokenAgain = `(?m)^mvn-dxai: hint: (.*, or )?create a classic personal access token \(ghp_ followed by 36 letters and digits\) with read:packages at https://github\.com/settings/tokens/new\?scopes=read:packages,write:packages&description=dxai` + biStoreNew + `\n\z`
	// biStoreNew ends the fix of a token init refuses: the one command
	// that stores another token even over one already stored.
	biStoreNew = `, then store it with: printf %s "\$NEW_TOKEN" \| mvn-dxai init --token-stdin`
	// biTimeoutFix and biRegistriesFix are the fixes of a bad
	// DXAI_KEYRING_TIMEOUT and DXAI_REGISTRIES, in every command.
	biTimeoutFix    = `set DXAI_KEYRING_TIMEOUT to whole seconds or a Go duration, e\.g\. DXAI_KEYRING_TIMEOUT=90s, or unset it to use the default`
	biRegistriesFix = `set DXAI_REGISTRIES to registry hosts \(host\[:port\]\) separated by commas, e\.g\. DXAI_REGISTRIES=ghcr\.io,containers\.example\.com, or unset it to serve what init set up`
	// biNoCreds is what the helper adds to a setup error's fix.
	biNoCreds      = `; until then docker gets no credentials from dxai`
	biCmdlineToken = `(?m)^mvn-dxai: error: a token is never taken from the command line: every process on this machine can read it there\nmvn-dxai: hint: pipe it in with --token-stdin, set DXAI_TOKEN`
)
