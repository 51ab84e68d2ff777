//go:build unix

package mavencheck

import (
	"os"
	"os/user"
	"strconv"
)

// PasswdHome is the home folder the password database holds for the user
// this process runs as (Java's getpwuid(getuid())), "" when there is no
// entry. It never falls back to $HOME, unlike user.Current.
func PasswdHome() string {
	u, err := user.LookupId(strconv.Itoa(os.Getuid()))
	if err != nil {
		return ""
	}
	return u.HomeDir
}
