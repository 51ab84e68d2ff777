//go:build unix

package keyringtest

import "syscall"

// pause stops a process, so it holds its bus name and answers nothing.
func pause(pid int) error { return syscall.Kill(pid, syscall.SIGSTOP) }

func resume(pid int) { syscall.Kill(pid, syscall.SIGCONT) }
