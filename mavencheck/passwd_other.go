//go:build !unix

package mavencheck

import "os"

// PasswdHome is the user's profile folder, which Java takes for user.home
// where there is no password database.
func PasswdHome() string {
	home, _ := os.UserHomeDir()
	return home
}
