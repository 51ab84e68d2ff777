// Command noop does nothing: it is the process floor for scripts/bench, the
// cost of starting and ending a Go binary on this machine.
package main

func main() {}
