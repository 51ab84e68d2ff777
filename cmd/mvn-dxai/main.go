// Command mvn-dxai sets up and checks the shared dxai GitHub token for
// Maven and Docker: init, sync, status, doctor, logout, exec.
package main

import (
	"fmt"
	"os"

	"github.com/dynamixs-ai/dxai/internal/buildinfo"
)

const usage = `usage: mvn-dxai <command> [flags]

commands:
  version   print the version
  help      show this help
`

func main() {
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	switch os.Args[1] {
	case "version", "--version", "-v":
		fmt.Println(buildinfo.Line("mvn-dxai"))
	case "help", "-h", "--help":
		fmt.Print(usage)
	default:
		fmt.Fprintf(os.Stderr, "mvn-dxai: error: unknown command %q\n%s", os.Args[1], usage)
		os.Exit(2)
	}
}
