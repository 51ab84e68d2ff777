package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestLinksNoHTTP keeps net/http and crypto/tls out of the helper: it never
// talks HTTP, and docker runs it at every pull, so those packages would only
// cost binary size and init time on each get (docs/performance.md). The
// token rules it shares with mvn-dxai come from tokenshape, not tokencheck.
func TestLinksNoHTTP(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	out, err := exec.Command("go", "list", "-deps", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps: %v\n%s", err, out)
	}
	for _, pkg := range strings.Fields(string(out)) {
		switch pkg {
		case "net/http", "crypto/tls":
			t.Errorf("docker-credential-dxai links %s; find the import that brings it with: go list -deps -f '{{.ImportPath}}: {{.Imports}}' ./cmd/docker-credential-dxai", pkg)
		}
	}
}
