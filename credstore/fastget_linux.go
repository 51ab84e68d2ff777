//go:build linux

package credstore

import (
	"strings"

	"github.com/godbus/dbus/v5"
)

// osKeyring is the operating system's keyring: on Linux, go-keyring behind
// fastKeyring's quicker read.
func osKeyring() Keyring { return fastKeyring{OSKeyring{}} }

// fastKeyring reads the Secret Service with fastGet and leaves everything
// else to Fallback: every Get fastGet cannot answer for certain, every Set
// and every Delete. With OSKeyring as Fallback, prompts, the crash retry
// and the error translation are go-keyring's as before; the timeout is
// WithTimeout's, around the whole call.
type fastKeyring struct {
	Fallback Keyring
}

// Get implements Keyring.
func (k fastKeyring) Get(service, user string) (string, error) {
	s, found, ok := fastGet(service, user)
	switch {
	case ok && found:
		return s, nil
	case ok:
		return "", ErrNotFound
	}
	return k.Fallback.Get(service, user)
}

// Set implements Keyring.
func (k fastKeyring) Set(service, user, secret string) error {
	return k.Fallback.Set(service, user, secret)
}

// Delete implements Keyring.
func (k fastKeyring) Delete(service, user string) error {
	return k.Fallback.Delete(service, user)
}

// The Secret Service names fastGet uses. go-keyring reads from the "login"
// collection when the service has one, so fastGet answers only from there.
const (
	ssName        = "org.freedesktop.secrets"
	ssPath        = "/org/freedesktop/secrets"
	ssService     = "org.freedesktop.Secret.Service"
	ssCollection  = "org.freedesktop.Secret.Collection"
	ssSession     = "org.freedesktop.Secret.Session"
	ssLogin       = "/org/freedesktop/secrets/collection/login"
	busHello      = "org.freedesktop.DBus.Hello"
	propertiesGet = "org.freedesktop.DBus.Properties.Get"
)

// fastGet reads service/user from the Secret Service with godbus (the
// D-Bus client go-keyring links anyway) in three round trips instead of
// go-keyring's nine (connect, Hello, Collections, Unlock, SearchItems,
// OpenSession, Unlock, GetSecret, Close: one after the other). On a
// private connection it sends, without waiting between them, Hello,
// Service.SearchItems (every collection, split into unlocked and locked
// items), Service.OpenSession("plain") and the login collection's Locked
// property; then, if the entry is there, one Service.GetSecrets. The
// session is closed without waiting for a reply.
//
// It answers (ok true) only when the answer is certainly go-keyring's:
//   - the login collection is unlocked and holds exactly one matching
//     item, which is unlocked: its secret (found true);
//   - the login collection is unlocked and holds no matching item: found
//     false (go-keyring: ErrNotFound).
//
// In every other case (no session bus address without autolaunch, no
// Secret Service, no login collection, a locked one, several matching
// items, a daemon that crashed, any D-Bus error or unexpected reply) ok is
// false and the caller asks go-keyring. fastGet has no deadline of its
// own: WithTimeout bounds it together with that fallback.
func fastGet(service, user string) (secret string, found, ok bool) {
	// No autolaunch: without a bus address go-keyring's own attempt gives
	// the error text (dbus-launch…) that Translate knows.
	conn, err := dbus.SessionBusPrivateNoAutoStartup()
	if err != nil {
		return "", false, false
	}
	defer conn.Close()
	if err := conn.Auth(nil); err != nil {
		return "", false, false
	}
	// The bus handles a connection's messages in order, so the calls after
	// Hello may follow it at once.
	hello := conn.BusObject().Go(busHello, 0, nil)
	svc := conn.Object(ssName, ssPath)
	search := svc.Go(ssService+".SearchItems", 0, nil, map[string]string{"username": user, "service": service})
	open := svc.Go(ssService+".OpenSession", 0, nil, "plain", dbus.MakeVariant(""))
	locked := conn.Object(ssName, ssLogin).Go(propertiesGet, 0, nil, ssCollection, "Locked")

	var session dbus.ObjectPath
	var output dbus.Variant
	openErr := (<-open.Done).Store(&output, &session)
	if openErr == nil && session != "" && session != "/" {
		// go-keyring closes its session too; no need to wait for the reply.
		defer conn.Object(ssName, session).Call(ssSession+".Close", dbus.FlagNoReplyExpected)
	}
	var name string
	if err := (<-hello.Done).Store(&name); err != nil {
		return "", false, false
	}
	var unlocked, lockedItems []dbus.ObjectPath
	if err := (<-search.Done).Store(&unlocked, &lockedItems); err != nil {
		return "", false, false
	}
	var isLocked dbus.Variant
	if err := (<-locked.Done).Store(&isLocked); err != nil {
		return "", false, false
	}
	if l, typed := isLocked.Value().(bool); !typed || l {
		return "", false, false
	}
	unlocked, lockedItems = inLogin(unlocked), inLogin(lockedItems)
	switch {
	case len(lockedItems) > 0 || len(unlocked) > 1:
		return "", false, false
	case len(unlocked) == 0:
		return "", false, true
	case openErr != nil || session == "" || session == "/":
		return "", false, false
	}
	item := unlocked[0]
	var secrets map[dbus.ObjectPath]struct {
		Session     dbus.ObjectPath
		Parameters  []byte
		Value       []byte
		ContentType string
	}
	if err := svc.Call(ssService+".GetSecrets", 0, []dbus.ObjectPath{item}, session).Store(&secrets); err != nil {
		return "", false, false
	}
	s, has := secrets[item]
	if !has {
		return "", false, false
	}
	return string(s.Value), true, true
}

// inLogin keeps the items of the login collection.
func inLogin(items []dbus.ObjectPath) []dbus.ObjectPath {
	var in []dbus.ObjectPath
	for _, p := range items {
		if strings.HasPrefix(string(p), ssLogin+"/") {
			in = append(in, p)
		}
	}
	return in
}
