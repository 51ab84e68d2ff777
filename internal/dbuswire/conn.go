//go:build linux

package dbuswire

import (
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// ErrTimeout means the deadline passed before the bus answered.
var ErrTimeout = errors.New("dbuswire: the bus did not answer in time")

// maxMessage bounds a reply the fast path accepts; the answers it expects
// are a few hundred bytes.
const maxMessage = 1 << 20

// Conn is a connection to a message bus. It is not safe for concurrent use.
type Conn struct {
	fd       int
	deadline time.Time
	serial   uint32
	authed   bool
	in       []byte // bytes read and not yet consumed (read into its spare capacity)
}

// Dial connects to the first address in addr (a D-Bus address list) that
// is a reachable unix:path= or unix:abstract= socket. Every later read and
// write of the connection fails with ErrTimeout once deadline passes.
func Dial(addr string, deadline time.Time) (*Conn, error) {
	var last error
	for _, a := range strings.Split(addr, ";") {
		path, err := unixPath(a)
		if err != nil {
			last = err
			continue
		}
		fd, err := syscall.Socket(syscall.AF_UNIX, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
		if err != nil {
			return nil, err
		}
		c := &Conn{fd: fd, deadline: deadline}
		// Connecting to a bus whose backlog is full blocks, bounded by
		// the send timeout.
		if err := c.setTimeout(syscall.SO_SNDTIMEO); err != nil {
			c.Close()
			return nil, err
		}
		if err := syscall.Connect(fd, &syscall.SockaddrUnix{Name: path}); err != nil {
			c.Close()
			last = err
			continue
		}
		return c, nil
	}
	if last == nil {
		last = fmt.Errorf("dbuswire: no unix socket in the bus address %q", addr)
	}
	return nil, last
}

// Close closes the connection.
func (c *Conn) Close() error { return syscall.Close(c.fd) }

// setTimeout sets the socket's send or receive timeout to what is left
// until the deadline.
func (c *Conn) setTimeout(opt int) error {
	left := time.Until(c.deadline)
	if left <= 0 {
		return ErrTimeout
	}
	if left < time.Microsecond {
		left = time.Microsecond
	}
	tv := syscall.NsecToTimeval(left.Nanoseconds())
	return syscall.SetsockoptTimeval(c.fd, syscall.SOL_SOCKET, opt, &tv)
}

// Send writes calls in one write and returns their serials. The first Send
// on a connection also carries the authentication and the bus's Hello.
func (c *Conn) Send(calls ...*Call) ([]uint32, error) {
	var buf []byte
	if !c.authed {
		buf = append(buf, 0)
		buf = append(buf, "AUTH EXTERNAL "+hex.EncodeToString([]byte(strconv.Itoa(os.Getuid())))+"\r\nBEGIN\r\n"...)
		hello := &Call{Destination: "org.freedesktop.DBus", Path: "/org/freedesktop/DBus", Interface: "org.freedesktop.DBus", Member: "Hello"}
		c.serial++
		buf = hello.appendMessage(buf, c.serial)
	}
	serials := make([]uint32, len(calls))
	for i, call := range calls {
		c.serial++
		serials[i] = c.serial
		buf = call.appendMessage(buf, c.serial)
	}
	if err := c.setTimeout(syscall.SO_SNDTIMEO); err != nil {
		return nil, err
	}
	for len(buf) > 0 {
		n, err := syscall.Write(c.fd, buf)
		if err == syscall.EINTR {
			continue
		}
		if err == syscall.EAGAIN {
			return nil, ErrTimeout
		}
		if err != nil {
			return nil, err
		}
		buf = buf[n:]
	}
	return serials, nil
}

// fill reads more bytes from the socket.
func (c *Conn) fill() error {
	if err := c.setTimeout(syscall.SO_RCVTIMEO); err != nil {
		return err
	}
	if cap(c.in)-len(c.in) < 2048 {
		grown := make([]byte, len(c.in), 2*cap(c.in)+4096)
		copy(grown, c.in)
		c.in = grown
	}
	for {
		n, err := syscall.Read(c.fd, c.in[len(c.in):cap(c.in)])
		switch {
		case err == syscall.EINTR:
			continue
		case err == syscall.EAGAIN:
			return ErrTimeout
		case err != nil:
			return err
		case n == 0:
			return errors.New("dbuswire: the bus closed the connection")
		}
		c.in = c.in[:len(c.in)+n]
		return nil
	}
}

// readAuth consumes the bus's answer to the pipelined AUTH: "OK <guid>".
func (c *Conn) readAuth() error {
	for {
		if i := strings.Index(string(c.in), "\r\n"); i >= 0 {
			line := string(c.in[:i])
			c.in = c.in[i+2:]
			if !strings.HasPrefix(line, "OK ") {
				return fmt.Errorf("dbuswire: the bus refused EXTERNAL authentication: %q", line)
			}
			c.authed = true
			return nil
		}
		if len(c.in) > 512 {
			return errors.New("dbuswire: no answer line to AUTH")
		}
		if err := c.fill(); err != nil {
			return err
		}
	}
}

// Replies reads messages until it has the reply (method return or error)
// to each of serials, and returns them in the order of serials. Other
// messages (signals such as NameAcquired, the Hello reply) are dropped.
func (c *Conn) Replies(serials ...uint32) ([]*Message, error) {
	if !c.authed {
		if err := c.readAuth(); err != nil {
			return nil, err
		}
	}
	want := make(map[uint32]int, len(serials))
	for i, s := range serials {
		want[s] = i
	}
	out := make([]*Message, len(serials))
	for left := len(serials); left > 0; {
		m, err := c.next()
		if err != nil {
			return nil, err
		}
		if m.Type != TypeReturn && m.Type != TypeError {
			continue
		}
		if i, ok := want[m.ReplySerial]; ok && out[i] == nil {
			out[i] = m
			left--
		}
	}
	return out, nil
}

// next reads one whole message.
func (c *Conn) next() (*Message, error) {
	for {
		if len(c.in) >= 16 {
			size, err := messageSize(c.in)
			if err != nil {
				return nil, err
			}
			if size > maxMessage {
				return nil, fmt.Errorf("dbuswire: a %d-byte message is more than this client reads", size)
			}
			if len(c.in) >= size {
				m, err := ParseMessage(c.in[:size])
				c.in = c.in[size:]
				return m, err
			}
		}
		if err := c.fill(); err != nil {
			return nil, err
		}
	}
}
