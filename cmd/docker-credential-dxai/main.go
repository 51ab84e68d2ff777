// Command docker-credential-dxai is a Docker credential helper that answers
// from the one shared dxai keyring entry, and only for the registries it
// serves (ghcr.io, or DXAI_REGISTRIES). Wire it in with
// "credHelpers": {"ghcr.io": "dxai"} in ~/.docker/config.json, or run
// "mvn-dxai init".
package main

import (
	"fmt"
	"os"

	"github.com/docker/docker-credential-helpers/credentials"
	"github.com/dynamixs-ai/dxai/internal/buildinfo"
)

const name = "docker-credential-dxai"

func main() {
	if len(os.Args) == 2 {
		switch os.Args[1] {
		case "version", "--version", "-v":
			fmt.Println(buildinfo.Line(name))
			return
		}
	}
	credentials.Name = name
	credentials.Serve(newHelper(os.Stderr))
}
