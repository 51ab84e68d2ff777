package fakes

import (
	"net"
	"sync"
)

// DeadURL returns "http://127.0.0.1:PORT" for a port nothing listens on, so a
// client sees "connection refused" at once: the "network down" case. It
// binds a free port and closes it; if even that fails it falls back to port 1.
func DeadURL() string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "http://127.0.0.1:1"
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	return "http://" + addr
}

// Blackhole accepts TCP connections on 127.0.0.1 and never answers, so a
// client's timeout is what ends the request: the "network hangs" case.
type Blackhole struct {
	ln    net.Listener
	mu    sync.Mutex
	conns []net.Conn
	done  chan struct{}
}

// NewBlackhole starts a Blackhole.
func NewBlackhole() (*Blackhole, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	b := &Blackhole{ln: ln, done: make(chan struct{})}
	go func() {
		defer close(b.done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			b.mu.Lock()
			b.conns = append(b.conns, c)
			b.mu.Unlock()
		}
	}()
	return b, nil
}

// URL is "http://127.0.0.1:PORT".
func (b *Blackhole) URL() string { return "http://" + b.ln.Addr().String() }

// Host is "127.0.0.1:PORT".
func (b *Blackhole) Host() string { return b.ln.Addr().String() }

// Close stops accepting and drops every held connection.
func (b *Blackhole) Close() error {
	err := b.ln.Close()
	<-b.done
	b.mu.Lock()
	for _, c := range b.conns {
		_ = c.Close()
	}
	b.conns = nil
	b.mu.Unlock()
	return err
}

// Conns is how many connections the Blackhole holds: a client is waiting
// on it once this is above zero.
func (b *Blackhole) Conns() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.conns)
}
