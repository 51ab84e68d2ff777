//go:build !unix

package main

import "os"

// jobSignals: no job control to answer here.
var jobSignals []os.Signal

func isStop(os.Signal) bool { return false }

func stopSelf() {}

func mayStop() bool { return false }
