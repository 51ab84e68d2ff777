package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/docker/docker-credential-helpers/credentials"
	"github.com/dynamixs-ai/dxai/credstore"
	"github.com/dynamixs-ai/dxai/registries"
)

// helper implements credentials.Helper over the shared entry. Protocol
// answers go to stdout through credentials.Serve; everything meant for a
// person goes to stderr, which docker shows.
type helper struct {
	store *credstore.Store
	// served is DXAI_REGISTRIES, or ghcr.io; fromEnv says which. Without
	// the variable, the registries an entry was stored for replace it
	// (servedFor).
	served  []string
	fromEnv bool
	setup   error // a configuration error found at start (bad environment)
	stderr  io.Writer
	onStore func(old, new credstore.Entry) // after the keyring entry changed
}

var _ credentials.Helper = (*helper)(nil)

func newHelper(stderr io.Writer) *helper {
	h := &helper{stderr: stderr, onStore: syncMaven(stderr)}
	var err error
	if h.served, err = registries.Served(); err != nil {
		h.setup = err
		return h
	}
	h.fromEnv = registries.FromEnv()
	h.store, h.setup = credstore.Open()
	return h
}

// say writes a line for a person to stderr, in the helper's one voice.
func (h *helper) say(kind, msg string) { sayTo(h.stderr, kind, msg) }

func sayTo(w io.Writer, kind, msg string) {
	fmt.Fprintf(w, "%s: %s: %s\n", name, kind, msg)
}

// explain tells a person why the keyring could not be used and what to do.
func (h *helper) explain(err error) {
	h.say("warning", err.Error())
	var u *credstore.UnavailableError
	var c *credstore.CorruptError
	switch {
	case h.setup != nil && err == h.setup:
		h.say("hint", "fix or unset the variable; until then docker gets no credentials from dxai")
	case errors.As(err, &u) && u.Fix != "":
		h.say("hint", u.Fix)
	case errors.As(err, &c):
		h.say("hint", c.Fix())
	default:
		h.say("hint", `run "mvn-dxai doctor" to find out more`)
	}
}

// hintFix says on stderr how to make the keyring usable, when err is that
// it is not: the error, then the hint. Docker shows stderr as it comes and
// the protocol answer on stdout (the error itself) only after the helper
// exits, so a hint alone would read before the error it fixes.
func (h *helper) hintFix(err error) {
	var u *credstore.UnavailableError
	if errors.As(err, &u) && u.Fix != "" {
		h.say("error", err.Error())
		h.say("hint", u.Fix)
	}
}

// servedFor is what is served with entry e: DXAI_REGISTRIES when set, else
// the registries e was stored for, else ghcr.io.
func (h *helper) servedFor(e credstore.Entry) []string {
	if h.fromEnv || e.Registries == "" {
		return h.served
	}
	if list, err := registries.Parse(e.Registries); err == nil {
		return list
	}
	return h.served
}

// Get answers with the shared entry for a served registry. For any other
// host, a missing entry or an unreachable keyring it answers not-found, so
// docker goes on anonymously (public images still pull); in the last case
// it says why on stderr. A host outside DXAI_REGISTRIES, when set, is
// answered without reading the keyring; otherwise the entry says which
// hosts it is for.
func (h *helper) Get(serverURL string) (string, string, error) {
	if h.setup != nil {
		h.explain(h.setup)
		return "", "", credentials.NewErrCredentialsNotFound()
	}
	if h.fromEnv {
		if _, ok := registries.Match(h.served, serverURL); !ok {
			return "", "", credentials.NewErrCredentialsNotFound()
		}
	}
	e, _, err := h.store.Get()
	if err != nil {
		// Only a host it serves gets an explanation: docker asks about
		// every registry it pulls from (issue 15).
		if _, served := registries.Match(h.served, serverURL); served && !errors.Is(err, credstore.ErrNotFound) {
			h.explain(err)
		}
		return "", "", credentials.NewErrCredentialsNotFound()
	}
	if _, ok := registries.Match(h.servedFor(e), serverURL); !ok {
		return "", "", credentials.NewErrCredentialsNotFound()
	}
	return e.Username, e.Token, nil
}

// Add stores what `docker login` verified as the shared entry, so Maven
// gets the new token too. It writes nothing when the entry is unchanged
// (docker calls store on every login).
func (h *helper) Add(c *credentials.Credentials) error {
	if h.setup != nil {
		return h.setup
	}
	old, _ := h.store.GetKeyring()
	served := h.servedFor(old)
	if _, ok := registries.Match(served, c.ServerURL); !ok {
		return fmt.Errorf("%s stores credentials only for %s, not for %q: remove that registry from credHelpers in your docker config, or add it to %s",
			name, strings.Join(served, ", "), strings.TrimSpace(c.ServerURL), registries.EnvVar)
	}
	host, _ := registries.Match(served, c.ServerURL)
	if err := checkStore(c, host); err != nil {
		return err
	}
	// The new token is for the registries the old one was for, or those
	// DXAI_REGISTRIES names now.
	e := credstore.Entry{Username: c.Username, Token: c.Secret, Registries: registries.Record(served)}
	changed, err := h.store.Set(e)
	if err != nil {
		h.hintFix(err)
		return err
	}
	if changed && h.store.Backend() == credstore.FromFile {
		h.say("warning", "stored the token in plain text in "+h.store.File.Path+" (--insecure-storage), not in a keyring")
		h.say("hint", `once a keyring runs here, move the token there with "mvn-dxai init" (without --insecure-storage)`)
	}
	if changed && h.onStore != nil {
		h.onStore(old, e)
	}
	return nil
}

// Delete removes the shared entry; there being none is success (docker's
// logout calls erase twice). Hosts it does not serve hold nothing of ours.
func (h *helper) Delete(serverURL string) error {
	if h.setup != nil {
		return h.setup
	}
	served := h.served
	if !h.fromEnv {
		if e, err := h.store.GetKeyring(); err == nil {
			served = h.servedFor(e)
		}
	}
	if _, ok := registries.Match(served, serverURL); !ok {
		return nil
	}
	_, err := h.store.Delete()
	h.hintFix(err)
	return err
}

// List maps each served registry to the stored user name. It never fails;
// a keyring it cannot read gives an empty list, and a warning on stderr.
func (h *helper) List() (map[string]string, error) {
	out := map[string]string{}
	if h.setup != nil {
		return out, nil
	}
	e, _, err := h.store.Get()
	if err != nil {
		if !errors.Is(err, credstore.ErrNotFound) {
			h.explain(err)
		}
		return out, nil
	}
	for _, host := range h.servedFor(e) {
		out[host] = e.Username
	}
	return out, nil
}
