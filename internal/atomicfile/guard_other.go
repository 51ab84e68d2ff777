//go:build !unix

package atomicfile

// check has nothing to check without Unix owners and modes: on Windows the
// user's profile folders are private by their access lists.
func check(path, real string, links []string, kind Kind) error { return nil }

// checkProgram has nothing to check either.
func checkProgram(path, real string, links []string) error { return nil }
