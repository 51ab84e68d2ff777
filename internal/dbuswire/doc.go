// Package dbuswire is the small part of the D-Bus protocol that credstore's
// fast path needs, written for a process that lives a few milliseconds:
// connect to the session bus's Unix socket, authenticate with EXTERNAL,
// send method calls in one write without waiting in between, and read their
// replies, all on the calling goroutine, with one deadline, without the
// goroutines, the poller and the reflection a general client (godbus) uses.
//
// The authentication is pipelined as sd-bus does it: the client sends
// "AUTH EXTERNAL", "BEGIN" and its first messages at once, and the bus
// answers "OK" and then the replies (D-Bus specification, "Authentication
// protocol", BEGIN). So a first batch of calls costs one round trip,
// connect included.
//
// Only what the fast path sends and reads is encoded and decoded; anything
// else in a reply is an error, and the caller then asks a full client.
package dbuswire
