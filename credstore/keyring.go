package credstore

import (
	"fmt"
	"runtime"
	"strconv"
	"time"

	"github.com/dynamixs-ai/dxai/internal/hint"
	"github.com/zalando/go-keyring"
)

// Keyring is the part of go-keyring that credstore uses; tests substitute
// an in-memory one.
type Keyring interface {
	Get(service, user string) (string, error)
	Set(service, user, secret string) error
	Delete(service, user string) error
}

// OSKeyring is the operating system's keyring through go-keyring, with its
// failures translated (see Translate) and a call that met a crashed
// keyring daemon made once more. Open uses it behind Linux's quicker read
// (fastget_linux.go) and WithTimeout.
type OSKeyring struct{}

// Get implements Keyring.
func (OSKeyring) Get(service, user string) (s string, err error) {
	err = onceMore(func() error {
		s, err = keyring.Get(service, user)
		return err
	})
	return s, Translate(err)
}

// onceMore runs call, and once more if the keyring daemon died while
// answering it: the call then meets the daemon D-Bus or systemd started
// again (locked, it gives the locked keyring's error). Every call here is
// idempotent: a read, a replacing write or a delete.
func onceMore(call func() error) error {
	err := call()
	if crashed(err) {
		err = call()
	}
	return err
}

// Set implements Keyring.
func (OSKeyring) Set(service, user, secret string) error {
	return Translate(onceMore(func() error { return keyring.Set(service, user, secret) }))
}

// Delete implements Keyring.
func (OSKeyring) Delete(service, user string) error {
	return Translate(onceMore(func() error { return keyring.Delete(service, user) }))
}

// EnvTimeout names the variable that sets the keyring timeout.
const EnvTimeout = "DXAI_KEYRING_TIMEOUT"

// Default timeouts: where an unlock prompt can show, a person needs time to
// answer it; on a headless Linux machine no prompt can show, so a keyring
// that does not answer fast never will.
const (
	PromptTimeout   = 60 * time.Second
	HeadlessTimeout = 5 * time.Second
)

// defaultTimeout is the timeout for this machine: PromptTimeout on macOS,
// Windows and Linux desktops, HeadlessTimeout without a display.
func defaultTimeout(getenv func(string) string) time.Duration {
	if runtime.GOOS == "darwin" || runtime.GOOS == "windows" {
		return PromptTimeout
	}
	if getenv("DISPLAY") != "" || getenv("WAYLAND_DISPLAY") != "" {
		return PromptTimeout
	}
	return HeadlessTimeout
}

// TimeoutFrom reads DXAI_KEYRING_TIMEOUT (a Go duration such as "90s", or
// whole seconds) in the environment getenv reads, else the default for
// this machine (defaultTimeout). Any other value is an error that knows
// its fix (hint.Of).
func TimeoutFrom(getenv func(string) string) (time.Duration, error) {
	v := getenv(EnvTimeout)
	if v == "" {
		return defaultTimeout(getenv), nil
	}
	if n, err := strconv.Atoi(v); err == nil && n > 0 {
		return time.Duration(n) * time.Second, nil
	}
	if d, err := time.ParseDuration(v); err == nil && d > 0 {
		return d, nil
	}
	return 0, hint.New(fmt.Sprintf("set %s to whole seconds or a Go duration, e.g. %s=90s, or unset it to use the default", EnvTimeout, EnvTimeout),
		"%s=%q is not a duration", EnvTimeout, v)
}

// WithTimeout bounds every call to k by d. go-keyring has no timeout of its
// own: a locked keyring waiting on an unlock prompt blocks until answered.
// A call that times out keeps running in the background; the short-lived
// binaries exit soon after.
func WithTimeout(k Keyring, d time.Duration) Keyring {
	return timeoutKeyring{k, d}
}

type timeoutKeyring struct {
	k Keyring
	d time.Duration
}

type result struct {
	s   string
	err error
}

func (t timeoutKeyring) run(f func() (string, error)) (string, error) {
	ch := make(chan result, 1)
	go func() {
		s, err := f()
		ch <- result{s, err}
	}()
	timer := time.NewTimer(t.d)
	defer timer.Stop()
	select {
	case r := <-ch:
		return r.s, r.err
	case <-timer.C:
		return "", timeoutError(t.d)
	}
}

// Get implements Keyring.
func (t timeoutKeyring) Get(service, user string) (string, error) {
	return t.run(func() (string, error) { return t.k.Get(service, user) })
}

func (t timeoutKeyring) Set(service, user, secret string) error {
	_, err := t.run(func() (string, error) { return "", t.k.Set(service, user, secret) })
	return err
}

func (t timeoutKeyring) Delete(service, user string) error {
	_, err := t.run(func() (string, error) { return "", t.k.Delete(service, user) })
	return err
}

// Memory is an in-memory Keyring for unit tests. Err, when set, is returned
// by every call.
type Memory struct {
	Items map[string]string
	Err   error
}

// Get implements Keyring.
func (m *Memory) Get(service, user string) (string, error) {
	if m.Err != nil {
		return "", m.Err
	}
	s, ok := m.Items[service+"/"+user]
	if !ok {
		return "", ErrNotFound
	}
	return s, nil
}

// Set implements Keyring.
func (m *Memory) Set(service, user, secret string) error {
	if m.Err != nil {
		return m.Err
	}
	if m.Items == nil {
		m.Items = map[string]string{}
	}
	m.Items[service+"/"+user] = secret
	return nil
}

// Delete implements Keyring.
func (m *Memory) Delete(service, user string) error {
	if m.Err != nil {
		return m.Err
	}
	if _, ok := m.Items[service+"/"+user]; !ok {
		return ErrNotFound
	}
	delete(m.Items, service+"/"+user)
	return nil
}
