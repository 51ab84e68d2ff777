// Package credstore holds the one shared dxai credential: a GitHub login and
// token kept in the operating system's keyring (macOS Keychain, Windows
// Credential Manager, the Secret Service on Linux) through go-keyring; on
// Linux a read first tries fastKeyring, three pipelined D-Bus round trips.
//
// Both binaries read the same entry, service "dxai", account "github.com".
// Every keyring call is bounded by a timeout, keyring failures become
// *UnavailableError values that say what is wrong and what to do, and
// DXAI_TOKEN overrides the keyring for reads (CI, headless machines).
// Only the explicit opt-in FileStore ("mvn-dxai init --insecure-storage")
// writes the entry to disk in plain text, and only while its file exists.
package credstore

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
)

// The keyring coordinates of the shared entry.
const (
	Service = "dxai"
	Account = "github.com"
)

// Environment variables that override the keyring for reads.
const (
	EnvToken    = "DXAI_TOKEN"
	EnvUsername = "DXAI_USERNAME"
	EnvActor    = "GITHUB_ACTOR"
	// PlaceholderUser is the login used with DXAI_TOKEN when neither
	// DXAI_USERNAME nor GITHUB_ACTOR names one; GitHub's registries accept
	// any non-empty user name with a valid token.
	PlaceholderUser = "dxai"
)

// maxSecret keeps the stored JSON far under Windows' 2,560-byte limit.
const maxSecret = 2048

// ErrNotFound means there is no shared entry: nobody ran mvn-dxai init or
// docker login yet, or it was erased.
var ErrNotFound = errors.New("no dxai token is stored")

// Entry is the shared credential.
type Entry struct {
	Username string `json:"username"`
	Token    string `json:"token"`
	// Expires is when GitHub said the token expires (RFC 3339, UTC, as
	// internal/expiry formats it), learnt by "mvn-dxai init" and "mvn-dxai
	// doctor" online; "" when GitHub gave none or nobody asked. Kept here
	// so the helper can warn before the token runs out without reading
	// another file or the network.
	Expires string `json:"expires,omitempty"`
	// NoLogin says Username is PlaceholderUser because DXAI_TOKEN came
	// with neither DXAI_USERNAME nor GITHUB_ACTOR (see EnvEntry), so that
	// messages say no user name is set instead of showing the
	// placeholder as one. Never stored.
	NoLogin bool `json:"-"`
	// The registries the token is for are not here: they have one home,
	// the record init keeps (internal/state). An entry written by an older
	// dxai may still hold a "registries" field; it is ignored.
}

// Source says where an entry came from.
type Source string

// The sources an entry can have.
const (
	FromKeyring Source = "keyring"
	FromEnv     Source = "environment (" + EnvToken + ")"
	FromFile    Source = "plain-text file (--insecure-storage)"
)

// MoveToKeyringFix is the way out of a token kept in the plain-text file,
// for everything that says so (init, the helper's store, doctor).
const MoveToKeyringFix = `once a keyring runs here, move the token into it with "mvn-dxai init" (without --insecure-storage)`

// Store reads and writes the shared entry.
type Store struct {
	Keyring Keyring
	// File is the opt-in plain-text store; while its file exists it is
	// used instead of the keyring. Nil: never.
	File *FileStore
	// UseFile makes Set write File even though it does not exist yet: the
	// user just opted in.
	UseFile bool
	// Getenv reads the environment; nil means there is none (DXAI_TOKEN
	// is never read): the process's own is read only where main passes
	// os.Getenv.
	Getenv func(string) string
}

// OpenIn is the store on keyring, with the timeout from getenv's
// DXAI_KEYRING_TIMEOUT, the opt-in file in the user config folder
// configDir, and getenv as its environment; a nil keyring is the OS's.
// The store reads nothing of the process's own: each binary's main passes
// in the real environment and folder.
func OpenIn(keyring Keyring, getenv func(string) string, configDir string) (*Store, error) {
	timeout, err := TimeoutFrom(getenv)
	if err != nil {
		return nil, err
	}
	if keyring == nil {
		keyring = osKeyring()
	}
	return &Store{Keyring: WithTimeout(keyring, timeout), File: FileIn(configDir), Getenv: getenv}, nil
}

// Backend says where the entry is read from and written to: the opt-in
// file while it exists (or UseFile is set), else the keyring.
func (s *Store) Backend() Source {
	if s.File != nil && (s.UseFile || s.File.Exists()) {
		return FromFile
	}
	return FromKeyring
}

// keyringFor is the Keyring that holds the entry for src.
func (s *Store) keyringFor(src Source) Keyring {
	if src == FromFile {
		return s.File
	}
	return s.Keyring
}

func (s *Store) backend() Keyring { return s.keyringFor(s.Backend()) }

func (s *Store) getenv(k string) string {
	if s.Getenv != nil {
		return s.Getenv(k)
	}
	return ""
}

// Get returns the entry: from DXAI_TOKEN when it is set, else from the
// keyring. It returns ErrNotFound, an *UnavailableError or a *CorruptError,
// or an *atomicfile.UnsafeError for an opt-in file another user could
// have planted or redirected.
func (s *Store) Get() (Entry, Source, error) {
	if e, ok := EnvEntry(s.getenv); ok {
		return e, FromEnv, nil
	}
	src := s.Backend()
	e, err := s.getFrom(src)
	return e, src, err
}

// EnvEntry is the entry DXAI_TOKEN stands for in the environment getenv
// reads, which wins over the keyring: the token, with DXAI_USERNAME,
// else GITHUB_ACTOR, else PlaceholderUser as the login. ok is false when
// DXAI_TOKEN is unset.
func EnvEntry(getenv func(string) string) (e Entry, ok bool) {
	tok := getenv(EnvToken)
	if tok == "" {
		return Entry{}, false
	}
	login := cmp.Or(getenv(EnvUsername), getenv(EnvActor))
	return Entry{Username: cmp.Or(login, PlaceholderUser), Token: tok, NoLogin: login == ""}, true
}

// GetKeyring returns the stored entry (see Backend), ignoring DXAI_TOKEN.
func (s *Store) GetKeyring() (Entry, error) { return s.getFrom(s.Backend()) }

// getFrom reads the entry from where src says it is kept.
func (s *Store) getFrom(src Source) (Entry, error) {
	raw, err := s.keyringFor(src).Get(Service, Account)
	if err != nil {
		return Entry{}, err
	}
	var e Entry
	if err := json.Unmarshal([]byte(raw), &e); err != nil || e.Token == "" {
		c := &CorruptError{}
		if src == FromFile {
			c.File = s.File.Path
		}
		return Entry{}, c
	}
	return e, nil
}

// Set writes the entry to the keyring. It reports whether anything changed:
// an identical entry is not written again.
func (s *Store) Set(e Entry) (changed bool, err error) { return s.set(e, false) }

// SetKeepingExpiry is Set for an entry whose expiry date nobody asked
// GitHub for (docker login): when e has none and the store holds the same
// token, the date kept with it stays, since the same token expires when it did; a new
// token's date is unknown ("") until init or doctor asks. The store is
// read once, as by Set.
func (s *Store) SetKeepingExpiry(e Entry) (changed bool, err error) { return s.set(e, true) }

func (s *Store) set(e Entry, keepExpiry bool) (bool, error) {
	data, err := encode(e)
	if err != nil {
		return false, err
	}
	old, err := s.GetKeyring()
	if keepExpiry && err == nil && old.Token == e.Token && e.Expires == "" && old.Expires != "" {
		e.Expires = old.Expires
		if data, err = encode(e); err != nil {
			return false, err
		}
	}
	if err == nil && old == e {
		return false, nil
	}
	var unavailable *UnavailableError
	if errors.As(err, &unavailable) {
		return false, err
	}
	if err := s.backend().Set(Service, Account, string(data)); err != nil {
		return false, err
	}
	return true, nil
}

// encode is the entry as it is stored, refused before any keyring is
// asked when it is empty or larger than every keyring takes.
func encode(e Entry) ([]byte, error) {
	if e.Token == "" {
		return nil, errors.New("refusing to store an empty token")
	}
	data, err := json.Marshal(e)
	if err != nil {
		return nil, err
	}
	if len(data) > maxSecret {
		return nil, fmt.Errorf("the token and user name take %d bytes; a keyring entry holds at most %d (Windows' limit is 2560): check that what was given is one GitHub token", len(data), maxSecret)
	}
	return data, nil
}

// Delete removes the entry from the opt-in file and from the keyring. It
// succeeds when there was none, and reports whether one was removed. With
// the file gone, a keyring that cannot be reached is no failure: it held
// nothing of ours while the file was in use.
func (s *Store) Delete() (bool, error) {
	removedFile := false
	if s.File != nil && s.File.Exists() {
		if err := s.File.Delete(Service, Account); err != nil && !errors.Is(err, ErrNotFound) {
			return false, err
		}
		removedFile = true
	}
	err := s.Keyring.Delete(Service, Account)
	var unavailable *UnavailableError
	switch {
	case errors.Is(err, ErrNotFound):
		return removedFile, nil
	case removedFile && errors.As(err, &unavailable):
		return true, nil
	}
	return err == nil || removedFile, err
}

// MoveToKeyring stores the opt-in file's entry e in the keyring and removes
// the file: the way back from --insecure-storage once a keyring works.
func (s *Store) MoveToKeyring(e Entry) error {
	file := s.File
	s.File = nil
	defer func() { s.File = file }()
	if _, err := s.Set(e); err != nil {
		return err
	}
	if file != nil {
		if err := file.Delete(Service, Account); err != nil && !errors.Is(err, ErrNotFound) {
			return err
		}
	}
	return nil
}

// CorruptError means the keyring entry (or the plain-text credentials
// file) exists but is not dxai's JSON (for example, written by hand).
type CorruptError struct {
	// File is the plain-text credentials file that is corrupt; "" means
	// the keyring entry.
	File string
}

func (e *CorruptError) Error() string {
	if e.File != "" {
		return "the plain-text credentials file " + e.File + " does not hold a dxai credential"
	}
	return "the keyring entry " + Service + "/" + Account + " does not hold a dxai credential"
}

// Fix says how to repair it.
func (*CorruptError) Fix() string {
	return `run "mvn-dxai init" again to replace it`
}
