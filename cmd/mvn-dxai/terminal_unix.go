//go:build unix

package main

import (
	"bytes"
	"fmt"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
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

// mayStop reports whether a stop would ever end: whether someone is there
// to continue the process (a job-control shell's fg or bg). That is the
// kernel's own rule for a Ctrl-Z it handles itself: it discards it in an
// orphaned process group, one where no member has a parent in another
// group of the same session. mvn-dxai leading its own session, as under
// ssh -t host mvn-dxai, docker exec -it, kubectl exec -it, tmux new or
// xterm -e, is such a group: stopped, it would hang for good. SIGSTOP,
// which stopSelf sends, is never discarded, so the rule is asked here.
//
// The members looked at are this process and its ancestors in its group
// (a script that runs mvn-dxai is in the job's group, its shell is not).
func mayStop() bool {
	pgrp := syscall.Getpgrp()
	sid, err := unix.Getsid(0)
	if err != nil {
		return false
	}
	ppid := os.Getppid()
	for range 64 { // a bound, not a limit any real chain of processes meets
		if ppid <= 1 {
			return false // init's child, or not told: no shell above
		}
		ppgrp, err := syscall.Getpgid(ppid)
		if err != nil {
			return false
		}
		if ppgrp != pgrp {
			psid, err := unix.Getsid(ppid)
			return err == nil && psid == sid
		}
		// The parent is in our group too: the rule asks about its parent.
		ppid = parentOf(ppid)
	}
	return false
}

// parentOf is process pid's parent, from /proc where there is one; 0 when
// it cannot be told.
func parentOf(pid int) int {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// "PID (COMM) STATE PPID ...": COMM may hold spaces and parentheses.
	var ppid int
	if i := bytes.LastIndexByte(b, ')'); i >= 0 {
		var state string
		if _, err := fmt.Sscan(string(b[i+1:]), &state, &ppid); err != nil {
			return 0
		}
	}
	return ppid
}
