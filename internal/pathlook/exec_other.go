//go:build !unix

package pathlook

import "io/fs"

// executable falls back to the mode's x bits where there is no eaccess.
func executable(path string, fi fs.FileInfo) bool {
	return fi.Mode()&0o111 != 0
}
