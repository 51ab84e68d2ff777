// Package pathlook finds a program on the PATH of an environment that is
// passed in, never the process's own, with one rule for every caller:
// only absolute folders count, as os/exec (and so docker) refuses a
// program found through an empty or relative entry (exec.ErrDot).
package pathlook

import (
	"os"
	"path/filepath"
)

// Found is what Find saw: Path, the first program called so that can be
// run ("" if none), and NotExecutable, the first regular file called so
// that cannot ("" if none).
type Found struct {
	Path, NotExecutable string
}

// Find looks for name in each absolute folder of pathList (a PATH value),
// in order.
func Find(pathList, name string) Found {
	var f Found
	for _, dir := range filepath.SplitList(pathList) {
		if !filepath.IsAbs(dir) {
			continue
		}
		p := filepath.Join(dir, name)
		fi, err := os.Stat(p)
		if err != nil || !fi.Mode().IsRegular() {
			continue
		}
		if fi.Mode().Perm()&0o111 != 0 {
			f.Path = p
			return f
		}
		if f.NotExecutable == "" {
			f.NotExecutable = p
		}
	}
	return f
}
