package main

import (
	"strings"

	"github.com/dynamixs-ai/dxai/internal/doctor"
	"github.com/dynamixs-ai/dxai/internal/hint"
)

// pipeToken is how a hint shows a token piped to --token-stdin.
const pipeToken = `printf %s "$TOKEN" | `

// sameInit is the command line of the init in, rebuilt from its parsed
// flags for a hint to show as the command to run: every flag given stays,
// values quoted for the shell, and a token read from stdin is shown piped
// in from $TOKEN. A hint changes in (--offline, a --username) before it
// asks. The token itself is never part of it.
func sameInit(in initInput) string {
	var b strings.Builder
	if in.tokenStdin {
		b.WriteString(pipeToken)
	}
	b.WriteString("mvn-dxai init")
	flag := func(on bool, name string) {
		if on {
			b.WriteString(" --" + name)
		}
	}
	value := func(name, v string) {
		if v != "" {
			b.WriteString(" --" + name + " " + doctor.ShellQuote(v))
		}
	}
	flag(in.tokenStdin, "token-stdin")
	value("github-host", in.githubHost)
	value("settings", in.settings)
	value("server-id", in.serverID)
	flag(in.noMaven, "no-maven")
	flag(in.noDocker, "no-docker")
	flag(in.form.noPlaintext, "no-plaintext")
	flag(in.form.plaintext, "plaintext")
	flag(in.insecure, "insecure-storage")
	flag(in.gradle.force, "gradle")
	flag(in.gradle.skip, "no-gradle")
	value("gradle-url-prefix", in.gradle.urlPrefix)
	flag(in.offline, "offline")
	value("username", in.username)
	return b.String()
}

// noTokenError is init's answer when no token was given and there is no
// terminal to ask for one: the ways to give it, each with the flags given.
func noTokenError(in initInput) error {
	piped := in
	piped.tokenStdin = true
	asked := in
	asked.tokenStdin = false
	return hint.New("pipe it in: "+sameInit(piped)+"; or set DXAI_TOKEN; or run \""+sameInit(asked)+"\" in a terminal",
		"no token given, and no terminal to ask for one")
}

// initSettingsAgain gives a settings.xml failure met by init its way
// out: mend the file (its line, when known), then run the same init again;
// or leave Maven out.
func initSettingsAgain(u *ui, in initInput, err error) error {
	return settingsThen(u, "run again: "+sameInit(in)+"; or skip Maven with --no-maven", err)
}
