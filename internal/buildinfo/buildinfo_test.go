package buildinfo

import (
	"runtime"
	"testing"
)

// The values scripts/dist stamps with -ldflags -X come out of Line as given,
// with the commit cut to 12 digits.
func TestLineStamped(t *testing.T) {
	defer func(v, c string) { Version, Commit = v, c }(Version, Commit)
	Version, Commit = "v1.2.3-4-gabcdef012345-dirty", "abcdef0123456789abcdef0123456789abcdef01"
	want := "mvn-dxai v1.2.3-4-gabcdef012345-dirty (commit abcdef012345, " + runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH + ")"
	if got := Line("mvn-dxai"); got != want {
		t.Errorf("Line = %q\nwant   %q", got, want)
	}
}

// An unstamped test binary has neither a module version nor VCS settings.
func TestGetUnstamped(t *testing.T) {
	defer func(v, c string) { Version, Commit = v, c }(Version, Commit)
	Version, Commit = "", ""
	if i := Get(); i.Version != "devel" || i.Commit != "unknown" || i.Go != runtime.Version() {
		t.Errorf("Get = %+v; want devel, unknown, %s", i, runtime.Version())
	}
}
