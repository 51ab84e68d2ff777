//go:build !linux

package credstore

// osKeyring is the operating system's keyring: go-keyring answers every
// call (fastget_linux.go has Linux's quicker read).
func osKeyring() Keyring { return OSKeyring{} }
