//go:build linux

package credstore

import (
	"errors"
	"strings"
	"time"

	"github.com/dynamixs-ai/dxai/internal/dbuswire"
)

// The Secret Service names fastGet uses. go-keyring reads from the "login"
// collection when the service has one, so fastGet answers only from there.
const (
	ssName       = "org.freedesktop.secrets"
	ssPath       = "/org/freedesktop/secrets"
	ssService    = "org.freedesktop.Secret.Service"
	ssCollection = "org.freedesktop.Secret.Collection"
	ssSession    = "org.freedesktop.Secret.Session"
	ssLogin      = "/org/freedesktop/secrets/collection/login"
	dbusProps    = "org.freedesktop.DBus.Properties"
)

// fastGet reads service/user from the Secret Service in two round trips
// instead of go-keyring's nine (connect and authenticate, Hello,
// Collections, Unlock, SearchItems, OpenSession, Unlock, GetSecret, Close,
// one after the other), on the calling goroutine, with a minimal D-Bus
// client (internal/dbuswire) instead of godbus.
//
// The first write carries the authentication, Hello,
// Service.SearchItems (every collection, split into unlocked and locked
// items), Service.OpenSession("plain") and the login collection's Locked
// property; then, if the entry is there, one Service.GetSecrets. The
// session is closed without waiting for a reply.
//
// It answers only when the answer is certainly go-keyring's:
//   - fastFound: the login collection is unlocked and holds exactly one
//     matching item, which is unlocked; secret is its secret;
//   - fastNotFound: the login collection is unlocked and holds no matching
//     item (go-keyring: ErrNotFound);
//   - fastTimeout: the bus or the Secret Service did not answer before
//     deadline; go-keyring would wait as long.
//
// In every other case (no session bus address, a bus that is not a Unix
// socket or refuses EXTERNAL, no Secret Service, no login collection, a
// locked one, several matching items, any D-Bus error or unexpected reply)
// it says fastFallback, and the caller asks go-keyring, so its prompts,
// errors and their translations are as before.
func fastGet(service, user string, deadline time.Time) (secret string, outcome fastOutcome) {
	addr, err := dbuswire.SessionBusAddress()
	if err != nil {
		return "", fastFallback
	}
	conn, err := dbuswire.Dial(addr, deadline)
	if err != nil {
		return "", fastFallback
	}
	defer conn.Close()
	timedOut := func(err error) fastOutcome {
		if errors.Is(err, dbuswire.ErrTimeout) {
			return fastTimeout
		}
		return fastFallback
	}

	var search, open, locked dbuswire.Encoder
	search.StringMap("username", user, "service", service)
	open.String("plain")
	open.StringVariant("")
	locked.String(ssCollection)
	locked.String("Locked")
	serials, err := conn.Send(
		&dbuswire.Call{Destination: ssName, Path: ssPath, Interface: ssService, Member: "SearchItems", Signature: "a{ss}", Body: search.Bytes()},
		&dbuswire.Call{Destination: ssName, Path: ssPath, Interface: ssService, Member: "OpenSession", Signature: "sv", Body: open.Bytes()},
		&dbuswire.Call{Destination: ssName, Path: ssLogin, Interface: dbusProps, Member: "Get", Signature: "ss", Body: locked.Bytes()},
	)
	if err != nil {
		return "", timedOut(err)
	}
	replies, err := conn.Replies(serials...)
	if err != nil {
		return "", timedOut(err)
	}

	session := openedSession(replies[1])
	if session != "" {
		// go-keyring closes its session too; no need to wait for the reply.
		defer conn.Send(&dbuswire.Call{Destination: ssName, Path: session, Interface: ssSession, Member: "Close", NoReply: true})
	}
	if isLocked, known := lockedProperty(replies[2]); !known || isLocked {
		return "", fastFallback
	}
	unlocked, lockedItems, ok := searchResult(replies[0])
	if !ok {
		return "", fastFallback
	}
	unlocked, lockedItems = inLogin(unlocked), inLogin(lockedItems)
	switch {
	case len(lockedItems) > 0 || len(unlocked) > 1:
		return "", fastFallback
	case len(unlocked) == 0:
		return "", fastNotFound
	case session == "":
		return "", fastFallback
	}
	item := unlocked[0]

	var get dbuswire.Encoder
	get.ObjectPaths(item)
	get.String(session)
	serials, err = conn.Send(&dbuswire.Call{Destination: ssName, Path: ssPath, Interface: ssService, Member: "GetSecrets", Signature: "aoo", Body: get.Bytes()})
	if err != nil {
		return "", timedOut(err)
	}
	replies, err = conn.Replies(serials...)
	if err != nil {
		return "", timedOut(err)
	}
	s, ok := secretOf(replies[0], item)
	if !ok {
		return "", fastFallback
	}
	return s, fastFound
}

// openedSession is the session path of an OpenSession("plain") reply
// (signature "vo", the variant an empty string), or "".
func openedSession(m *dbuswire.Message) string {
	if m.Type != dbuswire.TypeReturn || m.Signature != "vo" {
		return ""
	}
	d := m.Decoder()
	if d.Signature() != "s" {
		return ""
	}
	_ = d.String()
	path := d.String()
	if d.Done() != nil || path == "/" {
		return ""
	}
	return path
}

// lockedProperty reads a Properties.Get reply holding a boolean.
func lockedProperty(m *dbuswire.Message) (locked, known bool) {
	if m.Type != dbuswire.TypeReturn || m.Signature != "v" {
		return false, false
	}
	d := m.Decoder()
	if d.Signature() != "b" {
		return false, false
	}
	locked = d.Bool()
	return locked, d.Done() == nil
}

// searchResult reads a SearchItems reply ("aoao": unlocked, locked).
func searchResult(m *dbuswire.Message) (unlocked, locked []string, ok bool) {
	if m.Type != dbuswire.TypeReturn || m.Signature != "aoao" {
		return nil, nil, false
	}
	d := m.Decoder()
	unlocked = d.ObjectPaths()
	locked = d.ObjectPaths()
	return unlocked, locked, d.Done() == nil
}

// secretOf reads item's secret value from a GetSecrets reply
// ("a{o(oayays)}": item → session, parameters, value, content type).
func secretOf(m *dbuswire.Message, item string) (string, bool) {
	if m.Type != dbuswire.TypeReturn || m.Signature != "a{o(oayays)}" {
		return "", false
	}
	d := m.Decoder()
	var value []byte
	found := false
	for more := d.Array(8); more(); {
		d.Struct()
		path := d.String()
		d.Struct()
		_ = d.String() // session
		_ = d.Bytes()  // parameters: none for "plain"
		v := d.Bytes()
		_ = d.String() // content type
		if path == item {
			value, found = v, true
		}
	}
	if d.Done() != nil || !found {
		return "", false
	}
	return string(value), true
}

// inLogin keeps the items of the login collection.
func inLogin(items []string) []string {
	var in []string
	for _, p := range items {
		if strings.HasPrefix(p, ssLogin+"/") {
			in = append(in, p)
		}
	}
	return in
}
