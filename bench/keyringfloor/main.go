// Command keyringfloor is the floor for docker-credential-dxai get: the
// least a Go program can do to answer from the same keyring entry. It makes
// one go-keyring Get of service "dxai", account "github.com" and prints the
// stored value; no timeout, no JSON, no registry matching, and no import of
// this module's packages (their init would be part of what is measured).
// scripts/bench times the helper against it.
package main

import (
	"os"

	"github.com/zalando/go-keyring"
)

func main() {
	s, err := keyring.Get("dxai", "github.com") // credstore.Service, credstore.Account
	if err != nil {
		os.Stderr.WriteString("keyringfloor: " + err.Error() + "\n")
		os.Exit(1)
	}
	os.Stdout.WriteString(s + "\n")
}
