//go:build linux

package dbuswire

import (
	"bytes"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dynamixs-ai/dxai/internal/keyringtest"
)

func TestUnixPath(t *testing.T) {
	for _, c := range []struct{ addr, want, err string }{
		{"unix:path=/run/user/1000/bus", "/run/user/1000/bus", ""},
		{"unix:abstract=/tmp/dbus-XYZ,guid=0123", "@/tmp/dbus-XYZ", ""},
		{"unix:guid=0123,path=/tmp/a%20b%2cc", "/tmp/a b,c", ""},
		{"unix:path=/tmp/bad%2", "", "bad escape"},
		{"unix:path=/tmp/bad%zz", "", "bad escape"},
		{"unix:tmpdir=/tmp", "", "neither path= nor abstract="},
		{"tcp:host=localhost,port=1", "", "not a unix: bus address"},
	} {
		got, err := unixPath(c.addr)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("unixPath(%q) = %q, %v; want an error with %q", c.addr, got, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("unixPath(%q) = %q, %v; want %q", c.addr, got, err, c.want)
		}
	}
}

func TestSessionBusAddress(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
	t.Setenv("XDG_RUNTIME_DIR", dir)
	if _, err := SessionBusAddress(); !errors.Is(err, ErrNoAddress) {
		t.Fatalf("without a bus: %v", err)
	}
	l, err := net.Listen("unix", filepath.Join(dir, "bus"))
	if err != nil {
		t.Skip("no unix sockets here:", err)
	}
	defer l.Close()
	if a, err := SessionBusAddress(); err != nil || a != "unix:path="+dir+"/bus" {
		t.Fatalf("with $XDG_RUNTIME_DIR/bus: %q, %v", a, err)
	}
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:abstract=/x")
	if a, err := SessionBusAddress(); err != nil || a != "unix:abstract=/x" {
		t.Fatalf("from the environment: %q, %v", a, err)
	}
}

// TestEncodeDecode encodes a call and reads it back with the decoder the
// replies go through, so both follow the same alignment rules.
func TestEncodeDecode(t *testing.T) {
	var e Encoder
	e.StringMap("username", "github.com", "service", "dxai")
	e.String("plain")
	e.StringVariant("")
	e.ObjectPaths("/a", "/b/c")
	e.Uint32(7)
	e.ObjectPaths()
	call := &Call{Destination: "org.example", Path: "/org/example", Interface: "org.example.I", Member: "M", Signature: "a{ss}svaouao", Body: e.Bytes()}
	msg := call.appendMessage(nil, 42)
	size, err := messageSize(msg)
	if err != nil || size != len(msg) {
		t.Fatalf("messageSize = %d, %v; the message is %d bytes", size, err, len(msg))
	}
	m, err := ParseMessage(msg)
	if err != nil {
		t.Fatal(err)
	}
	if m.Type != TypeCall || m.Signature != call.Signature {
		t.Fatalf("parsed type %d, signature %q", m.Type, m.Signature)
	}
	d := m.Decoder()
	var kv []string
	for more := d.Array(8); more(); {
		d.Struct()
		kv = append(kv, d.String(), d.String())
	}
	plain := d.String()
	sig := d.Signature()
	empty := d.String()
	paths := d.ObjectPaths()
	seven := d.Uint32()
	none := d.ObjectPaths()
	if err := d.Done(); err != nil {
		t.Fatal(err)
	}
	if strings.Join(kv, ",") != "username,github.com,service,dxai" || plain != "plain" || sig != "s" || empty != "" ||
		strings.Join(paths, ",") != "/a,/b/c" || seven != 7 || len(none) != 0 {
		t.Fatalf("decoded %q %q %q %q %q %d %q", kv, plain, sig, empty, paths, seven, none)
	}
}

// TestHelloBytes pins the encoding of Hello against the bytes the D-Bus
// specification's rules give (checked by hand, and accepted by
// dbus-daemon in TestRealBus).
func TestHelloBytes(t *testing.T) {
	hello := &Call{Destination: "org.freedesktop.DBus", Path: "/org/freedesktop/DBus", Interface: "org.freedesktop.DBus", Member: "Hello"}
	got := hello.appendMessage(nil, 1)
	var want []byte
	want = append(want, 'l', 1, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0)
	want = append(want, 0x6d, 0, 0, 0) // header fields: 109 bytes
	want = append(want, 1, 1, 'o', 0, 21, 0, 0, 0)
	want = append(want, "/org/freedesktop/DBus\x00\x00\x00"...)
	want = append(want, 2, 1, 's', 0, 20, 0, 0, 0)
	want = append(want, "org.freedesktop.DBus\x00\x00\x00\x00"...)
	want = append(want, 3, 1, 's', 0, 5, 0, 0, 0)
	want = append(want, "Hello\x00\x00\x00"...)
	want = append(want, 6, 1, 's', 0, 20, 0, 0, 0)
	want = append(want, "org.freedesktop.DBus\x00\x00\x00\x00"...)
	if !bytes.Equal(got, want) {
		t.Fatalf("Hello =\n%q\nwant\n%q", got, want)
	}
}

// fakeBus listens on a Unix socket and answers each connection with
// answer (after reading what the client sent first).
func fakeBus(t *testing.T, answer string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "bus")
	l, err := net.Listen("unix", path)
	if err != nil {
		t.Skip("no unix sockets here:", err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				buf := make([]byte, 4096)
				c.Read(buf)
				if answer != "" {
					c.Write([]byte(answer))
				}
				time.Sleep(5 * time.Second)
			}()
		}
	}()
	return "unix:path=" + path
}

func TestTimeout(t *testing.T) {
	addr := fakeBus(t, "") // accepts, never answers
	start := time.Now()
	c, err := Dial(addr, time.Now().Add(200*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	serials, err := c.Send(&Call{Destination: "org.example", Path: "/", Member: "M"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Replies(serials...)
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("Replies from a bus that never answers: %v; want ErrTimeout", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("timed out after %v; the deadline was 200ms", d)
	}
}

func TestRefused(t *testing.T) {
	c, err := Dial(fakeBus(t, "REJECTED DBUS_COOKIE_SHA1\r\n"), time.Now().Add(2*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	serials, err := c.Send(&Call{Path: "/", Member: "M"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Replies(serials...); err == nil || !strings.Contains(err.Error(), "refused EXTERNAL") {
		t.Fatalf("Replies after REJECTED: %v", err)
	}
}

func TestDialFails(t *testing.T) {
	deadline := time.Now().Add(time.Second)
	if _, err := Dial("unix:path="+filepath.Join(t.TempDir(), "none"), deadline); err == nil {
		t.Fatal("Dial of a missing socket succeeded")
	}
	if _, err := Dial("tcp:host=127.0.0.1,port=1", deadline); err == nil || !strings.Contains(err.Error(), "not a unix: bus address") {
		t.Fatalf("Dial of a tcp address: %v", err)
	}
}

// TestRealBus pipelines the authentication, Hello and two calls to a real
// dbus-daemon and reads the replies: a return and an error.
func TestRealBus(t *testing.T) {
	env := keyringtest.Env(t, keyringtest.NoService)
	for _, kv := range env {
		if a, ok := strings.CutPrefix(kv, "DBUS_SESSION_BUS_ADDRESS="); ok {
			t.Setenv("DBUS_SESSION_BUS_ADDRESS", a)
		}
	}
	addr, err := SessionBusAddress()
	if err != nil {
		t.Fatal(err)
	}
	c, err := Dial(addr, time.Now().Add(5*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var has, missing Encoder
	has.String("org.freedesktop.DBus")
	missing.String("org.example.Nobody")
	bus := Call{Destination: "org.freedesktop.DBus", Path: "/org/freedesktop/DBus", Interface: "org.freedesktop.DBus"}
	hasOwner, getOwner := bus, bus
	hasOwner.Member, hasOwner.Signature, hasOwner.Body = "NameHasOwner", "s", has.Bytes()
	getOwner.Member, getOwner.Signature, getOwner.Body = "GetNameOwner", "s", missing.Bytes()
	serials, err := c.Send(&hasOwner, &getOwner)
	if err != nil {
		t.Fatal(err)
	}
	replies, err := c.Replies(serials...)
	if err != nil {
		t.Fatal(err)
	}
	if r := replies[0]; r.Type != TypeReturn || r.Signature != "b" || !r.Decoder().Bool() {
		t.Fatalf("NameHasOwner: type %d signature %q err %v", r.Type, r.Signature, r.Err())
	}
	if err := replies[1].Err(); err == nil || !strings.Contains(err.Error(), "org.freedesktop.DBus.Error.NameHasNoOwner") {
		t.Fatalf("GetNameOwner of nobody: %v", err)
	}
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		t.Fatal("lost the bus address")
	}
}
