// Package pathlook finds a program on the PATH of an environment that is
// passed in, never the process's own, by os/exec's rule (and so docker's,
// which runs its credential helpers through os/exec): the first entry
// holding a file the caller may execute wins; an empty or relative entry
// that does is an error (exec.ErrDot), not a reason to look further. On
// top of that rule, a program another user could change is refused
// (atomicfile.CheckProgram): dxai neither runs it nor names it for others
// to run.
package pathlook

import (
	"os"
	"path/filepath"

	"github.com/dynamixs-ai/dxai/internal/atomicfile"
)

// Found is what Find saw. Path is the program to run, and only ever one
// that passed the checks; it is "" when none did. The others say why:
//   - Relative: os/exec stopped at this program, found through an empty
//     or relative PATH entry, and refuses it (exec.ErrDot);
//   - Unsafe: os/exec would run this program, but another user can
//     change it (Refused says how, an *atomicfile.UnsafeError);
//   - NotExecutable: the first file so named that the caller cannot
//     execute (os/exec skips it), even when a later one was found.
type Found struct {
	Path, NotExecutable, Relative, Unsafe string
	Refused                               error
}

// Find looks for name in each folder of pathList (a PATH value), in
// order, as os/exec does (an empty entry is the current folder).
func Find(pathList, name string) Found {
	var f Found
	for _, dir := range filepath.SplitList(pathList) {
		if dir == "" {
			dir = "."
		}
		p := filepath.Join(dir, name)
		fi, err := os.Stat(p)
		if err != nil || fi.IsDir() {
			continue
		}
		if !executable(p, fi) {
			if f.NotExecutable == "" {
				f.NotExecutable = p
			}
			continue
		}
		if !filepath.IsAbs(p) {
			f.Relative = p
			return f
		}
		if _, err := atomicfile.CheckProgram(p); err != nil {
			f.Unsafe, f.Refused = p, err
		} else {
			f.Path = p
		}
		return f
	}
	return f
}
