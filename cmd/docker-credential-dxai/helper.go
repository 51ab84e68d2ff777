package main

import (
	"errors"
	"io"
	"strings"
	"time"

	"github.com/docker/docker-credential-helpers/credentials"
	"github.com/dynamixs-ai/dxai/credstore"
	"github.com/dynamixs-ai/dxai/internal/expiry"
	"github.com/dynamixs-ai/dxai/internal/handoff"
	"github.com/dynamixs-ai/dxai/internal/hint"
	"github.com/dynamixs-ai/dxai/internal/state"
	"github.com/dynamixs-ai/dxai/registries"
)

// helper implements credentials.Helper over the shared entry. Protocol
// answers go to stdout through credentials.Serve; everything meant for a
// person goes to stderr, which docker shows.
type helper struct {
	store *credstore.Store
	// served are the registries the token goes to, from
	// registries.Resolve over the environment and init's record.
	served []string
	// record is what init set up; the helper hands off to mvn-dxai when it
	// lists a plain-text copy to keep in step.
	record state.Record
	setup  error // a configuration error found at start (bad environment or record), with its fix
	stderr io.Writer
	// onChange runs after the store changed (handoff.Store or
	// handoff.Erase).
	onChange func(event string)
	now      func() time.Time // the clock for expiry warnings
}

var _ credentials.Helper = (*helper)(nil)

// newHelper is the helper in the world main gives it: getenv reads the
// environment and environ lists it (for mvn-dxai, which the helper runs),
// and configDir is the user config folder holding init's
// record and the opt-in token file ("" when there is none: then there is
// no record either).
func newHelper(stderr io.Writer, getenv func(string) string, environ func() []string, configDir string) *helper {
	h := &helper{stderr: stderr, onChange: handOff(stderr, getenv, environ), now: time.Now}
	// A setup error is reported on every call, with its own fix (each
	// knows one: the record's, DXAI_REGISTRIES's, DXAI_KEYRING_TIMEOUT's)
	// and what happens until it is made.
	if h.setup = h.configure(getenv, configDir); h.setup != nil {
		h.setup = hint.Append(h.setup, "; until then docker gets no credentials from dxai")
	}
	return h
}

// configure reads init's record, the served registries and the store.
func (h *helper) configure(getenv func(string) string, configDir string) error {
	var err error
	if configDir != "" {
		if h.record, err = state.LoadFrom(state.PathIn(configDir)); err != nil {
			return err
		}
	}
	// The record's registries were checked when it was read, so only
	// DXAI_REGISTRIES can be wrong here.
	if h.served, err = registries.Resolve(getenv, h.record.Registries); err != nil {
		return err
	}
	h.store, err = credstore.OpenIn(nil, getenv, configDir)
	return err
}

// say writes a line for a person to stderr, in the helper's one voice.
func (h *helper) say(kind, msg string) { sayTo(h.stderr, kind, msg) }

// sayTo writes one line: "docker-credential-dxai: KIND: MSG", or without
// KIND for a plain note of what was done.
func sayTo(w io.Writer, kind, msg string) { hint.Line(w, name, kind, msg) }

// explain tells a person why the keyring could not be used and what to do.
func (h *helper) explain(err error) {
	hint.Print(h.stderr, name, "warning", err, `run "mvn-dxai doctor" to find out more`)
}

// hintFix says on stderr how to make the keyring usable, when err knows
// that: the error, then the hint. Docker shows stderr as it comes and the
// protocol answer on stdout (the error itself) only after the helper
// exits, so a hint alone would read before the error it fixes.
func (h *helper) hintFix(err error) {
	if fix := hint.Of(err); fix != "" {
		h.say("error", err.Error())
		h.say("hint", fix)
	}
}

// Get answers with the shared entry for a served registry. For any other
// host, a missing entry or an unreachable keyring it answers not-found, so
// docker goes on anonymously (public images still pull); in the last case
// it says why on stderr. A host it does not serve is answered without
// reading the keyring.
func (h *helper) Get(serverURL string) (string, string, error) {
	if h.setup != nil {
		h.explain(h.setup)
		return "", "", credentials.NewErrCredentialsNotFound()
	}
	if _, ok := registries.Match(h.served, serverURL); !ok {
		return "", "", credentials.NewErrCredentialsNotFound()
	}
	e, ok := h.entry()
	if !ok {
		return "", "", credentials.NewErrCredentialsNotFound()
	}
	h.warnExpiry(e)
	return e.Username, e.Token, nil
}

// entry reads the shared entry for an answer (get, list): there being
// none is no failure, anything else is explained on stderr; either way the
// answer is that there is nothing.
func (h *helper) entry() (credstore.Entry, bool) {
	e, _, err := h.store.Get()
	if err != nil {
		if !errors.Is(err, credstore.ErrNotFound) {
			h.explain(err)
		}
		return credstore.Entry{}, false
	}
	return e, true
}

// warnExpiry says on stderr (which docker shows) that the token expires
// within a week or has expired, with the date, then in a hint what to do,
// from the date init or doctor kept in the entry: no file is read and no
// network asked. The answer stays the same: the registry decides.
func (h *helper) warnExpiry(e credstore.Entry) {
	if e.Expires == "" || h.now == nil {
		return
	}
	if msg, fix := expiry.Notice(e.Expires, h.now()); msg != "" {
		h.say("warning", msg)
		h.say("hint", fix)
	}
}

// Add stores what `docker login` verified as the shared entry, so Maven
// gets the new token too. It writes nothing when the entry is unchanged
// (docker calls store on every login).
func (h *helper) Add(c *credentials.Credentials) error {
	if h.setup != nil {
		h.hintFix(h.setup)
		return h.setup
	}
	host, ok := registries.Match(h.served, c.ServerURL)
	if !ok {
		err := hint.New("remove that registry from credHelpers in your docker config, or add it to "+registries.EnvVar,
			"this helper stores credentials only for %s, not for %q", strings.Join(h.served, ", "), strings.TrimSpace(c.ServerURL))
		h.hintFix(err)
		return err
	}
	if err := checkStore(c, host); err != nil {
		h.hintFix(err)
		return err
	}
	// The new token is for the registries init recorded; DXAI_REGISTRIES
	// only widens what this one process accepts, and is not stored.
	changed, err := h.store.SetKeepingExpiry(credstore.Entry{Username: c.Username, Token: c.Secret})
	if err != nil {
		h.hintFix(err)
		return err
	}
	if changed && h.store.Backend() == credstore.FromFile {
		h.say("warning", "stored the token in plain text in "+h.store.File.Path+" (--insecure-storage), not in a keyring")
		h.say("hint", credstore.MoveToKeyringFix)
	}
	if changed && h.onChange != nil && plaintextCopies(h.record) {
		h.onChange(handoff.Store)
	}
	return nil
}

// Delete removes the shared entry, and hands off to mvn-dxai to remove
// every plain-text copy init made, saying on stderr where the token was
// removed from; there being none is success (docker's logout calls erase
// twice). Hosts it does not serve hold nothing of ours.
func (h *helper) Delete(serverURL string) error {
	if h.setup != nil {
		h.hintFix(h.setup)
		return h.setup
	}
	if _, ok := registries.Match(h.served, serverURL); !ok {
		return nil
	}
	where := "the keyring"
	if h.store.Backend() == credstore.FromFile {
		where = "the plain-text file " + h.store.File.Path
	}
	removed, err := h.store.Delete()
	if removed {
		h.say("", "removed the token from "+where)
	}
	// The copies go even when the keyring cannot be reached.
	if h.onChange != nil && plaintextCopies(h.record) {
		h.onChange(handoff.Erase)
	}
	h.hintFix(err)
	return err
}

// plaintextCopies reports whether init recorded a settings file holding
// the token itself, which mvn-dxai keeps in step.
func plaintextCopies(r state.Record) bool {
	for _, c := range r.Of(state.MavenSettings) {
		if c.HoldsToken() {
			return true
		}
	}
	return false
}

// List maps each served registry to the stored user name. It never fails;
// a keyring it cannot read gives an empty list, and a warning on stderr.
func (h *helper) List() (map[string]string, error) {
	out := map[string]string{}
	if h.setup != nil {
		h.explain(h.setup)
		return out, nil
	}
	e, ok := h.entry()
	if !ok {
		return out, nil
	}
	for _, host := range h.served {
		out[host] = e.Username
	}
	return out, nil
}
