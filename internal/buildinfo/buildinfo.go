// Package buildinfo says which build of dxai is running: the version and
// commit stamped at build time with -ldflags -X, falling back to what the Go
// toolchain recorded (go install …@vX.Y.Z, or a VCS checkout).
package buildinfo

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// Set at build time, e.g.
// go build -ldflags "-X github.com/dynamixs-ai/dxai/internal/buildinfo.Version=v1.2.3 -X …Commit=abc1234".
var (
	Version string
	Commit  string
)

// Info is a build's identity.
type Info struct {
	Version, Commit, Go string
}

// Get returns this build's identity.
func Get() Info {
	i := Info{Version: Version, Commit: Commit, Go: runtime.Version()}
	if bi, ok := debug.ReadBuildInfo(); ok {
		if i.Version == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			i.Version = bi.Main.Version
		}
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && i.Commit == "" {
				i.Commit = s.Value
			}
		}
	}
	if i.Version == "" {
		i.Version = "devel"
	}
	if len(i.Commit) > 12 {
		i.Commit = i.Commit[:12]
	}
	if i.Commit == "" {
		i.Commit = "unknown"
	}
	return i
}

// Line is the one-line answer to `NAME version`.
func Line(name string) string {
	i := Get()
	return fmt.Sprintf("%s %s (commit %s, %s %s/%s)", name, i.Version, i.Commit, i.Go, runtime.GOOS, runtime.GOARCH)
}
