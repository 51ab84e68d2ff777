package main

import (
	"errors"
	"io"
	"strings"

	"github.com/dynamixs-ai/dxai/credstore"
	"github.com/dynamixs-ai/dxai/internal/expiry"
	"github.com/dynamixs-ai/dxai/internal/hint"
	"github.com/dynamixs-ai/dxai/tokenshape"
)

// maxTokenInput bounds what --token-stdin reads: tokens are at most 255
// characters, so anything far larger is not a token.
const maxTokenInput = 64 << 10

// readTokenStdin reads a token piped on stdin, without its line ending.
func readTokenStdin(in io.Reader) (string, error) {
	data, err := io.ReadAll(io.LimitReader(in, maxTokenInput+1))
	if err != nil {
		return "", err
	}
	if len(data) > maxTokenInput {
		return "", hint.New("pipe only the token: printf %s \"$TOKEN\" | mvn-dxai init --token-stdin", "stdin holds more than 64 KiB; a GitHub token is at most 255 characters")
	}
	return trimTokenInput(string(data)), nil
}

// trimTokenInput is the one white-space rule for a token typed at the
// prompt or piped to --token-stdin: one trailing line ending (LF or CRLF,
// as echo, files and Windows editors end lines) and then trailing spaces
// and tabs (as copying from a web page adds them) are dropped. Any other
// white space, leading or inside, stays for the shape check to refuse: a
// token never holds any, so it means something else was copied along.
func trimTokenInput(s string) string {
	if t, ok := strings.CutSuffix(s, "\r\n"); ok {
		s = t
	} else {
		s = strings.TrimSuffix(s, "\n")
	}
	return strings.TrimRight(s, " \t")
}

// obtainToken finds the token: --token-stdin, else DXAI_TOKEN, else a
// credential migrated from the docker config (confirmed on a terminal),
// else a prompt on the terminal.
func obtainToken(u *ui, in initInput, migrated *credstore.Entry) (string, error) {
	if in.tokenStdin {
		return readTokenStdin(u.in)
	}
	if tok := u.getenv(credstore.EnvToken); tok != "" {
		return tok, nil
	}
	if migrated != nil && u.tty != nil {
		if confirm(u.tty, "Use the token for "+migrated.Username+" ("+tokenshape.Mask(migrated.Token)+") found in the docker config?") {
			return migrated.Token, nil
		}
	}
	if u.tty == nil {
		return "", noTokenError(in)
	}
	u.note("create a classic token with read:packages (and write:packages to publish) at %s", tokenshape.NewTokenURL)
	tok, err := u.tty.ReadSecret("GitHub token (input hidden): ")
	if err != nil {
		return "", err
	}
	return trimTokenInput(tok), nil
}

// checkShape refuses what may not go into the shared entry
// (tokenshape.ForSharedEntry, the helper's store's rule too) and warns
// about what looks off, without ever printing the token.
func checkShape(u *ui, tok string, fromEnv bool) (tokenshape.Kind, error) {
	kind, warnings, err := tokenshape.ForSharedEntry(tok)
	if err != nil {
		return kind, initAgain(err, fromEnv)
	}
	for _, w := range warnings {
		hint.Print(u.errOut, prog, "warning", initAgain(w, fromEnv), "")
	}
	return kind, nil
}

// initAgain is a token-shape error (a *tokenshape.Error) with its fix
// ending in the command that stores the right token, even over one
// already stored; for a token from DXAI_TOKEN (fromEnv), in setting the
// variable, which overrides any stored token.
func initAgain(err error, fromEnv bool) error { return hint.Append(err, expiry.ThenUse(fromEnv)) }

// askUsername asks for the GitHub login on the terminal.
func askUsername(u *ui) (string, error) {
	if u.tty == nil {
		return "", errors.New("no terminal")
	}
	for range 3 {
		name, err := u.tty.ReadLine("GitHub user name: ")
		if err != nil {
			return "", err
		}
		if tokenshape.ValidLogin(name) {
			return name, nil
		}
		u.warn("%q is not a GitHub user name (letters, digits and single hyphens)", name)
	}
	return "", errors.New("no valid user name given")
}
