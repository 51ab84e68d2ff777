//go:build unix

package main

import "syscall"

// execve replaces mvn-dxai with the command, so signals, the terminal,
// stdin/stdout and the exit status are the command's own, and the token
// lives only in its environment.
func execve(path string, argv, env []string) error {
	return syscall.Exec(path, argv, env)
}
