package dbuswire

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// ErrNoAddress means there is no session bus address: neither
// DBUS_SESSION_BUS_ADDRESS nor $XDG_RUNTIME_DIR/bus.
var ErrNoAddress = errors.New("dbuswire: no session bus address")

// SessionBusAddress returns the session bus address the way godbus finds it
// without autolaunch: DBUS_SESSION_BUS_ADDRESS, else
// unix:path=$XDG_RUNTIME_DIR/bus when that socket exists.
func SessionBusAddress() (string, error) {
	if a := os.Getenv("DBUS_SESSION_BUS_ADDRESS"); a != "" && a != "autolaunch:" {
		return a, nil
	}
	if d := os.Getenv("XDG_RUNTIME_DIR"); d != "" {
		p := d + "/bus"
		if fi, err := os.Stat(p); err == nil && fi.Mode()&os.ModeSocket != 0 {
			return "unix:path=" + p, nil
		}
	}
	return "", ErrNoAddress
}

// unixPath is the socket of one unix: address, with abstract names given
// the leading "@" that package syscall turns into a NUL.
func unixPath(a string) (string, error) {
	rest, ok := strings.CutPrefix(a, "unix:")
	if !ok {
		return "", fmt.Errorf("dbuswire: %q is not a unix: bus address", a)
	}
	for _, kv := range strings.Split(rest, ",") {
		k, v, _ := strings.Cut(kv, "=")
		v, err := unescape(v)
		if err != nil {
			return "", err
		}
		switch k {
		case "path":
			return v, nil
		case "abstract":
			return "@" + v, nil
		}
	}
	return "", fmt.Errorf("dbuswire: %q has neither path= nor abstract=", a)
}

// unescape undoes the %XX escaping of D-Bus address values.
func unescape(v string) (string, error) {
	if !strings.Contains(v, "%") {
		return v, nil
	}
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		if v[i] != '%' {
			b.WriteByte(v[i])
			continue
		}
		if i+2 >= len(v) {
			return "", fmt.Errorf("dbuswire: bad escape in bus address value %q", v)
		}
		n, err := strconv.ParseUint(v[i+1:i+3], 16, 8)
		if err != nil {
			return "", fmt.Errorf("dbuswire: bad escape in bus address value %q", v)
		}
		b.WriteByte(byte(n))
		i += 2
	}
	return b.String(), nil
}
