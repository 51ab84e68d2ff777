//go:build unix

package main

import (
	"os"
	"syscall"
)

// jobSignals are the terminal's stop (Ctrl-Z) and the shell's go-on (fg,
// bg), which a hidden prompt must see to give the terminal back meanwhile.
var jobSignals = []os.Signal{syscall.SIGTSTP, syscall.SIGCONT}

// isStop reports whether sig asks the process to stop.
func isStop(sig os.Signal) bool { return sig == syscall.SIGTSTP }

// stopSelf stops the process as a Ctrl-Z it had not caught would; SIGCONT
// goes on. It sends SIGSTOP: once caught, SIGTSTP stays with Go's handler
// even after signal.Reset, so sending it again would not stop anything.
func stopSelf() { _ = syscall.Kill(os.Getpid(), syscall.SIGSTOP) }
