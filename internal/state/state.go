// Package state keeps the record of what mvn-dxai init set up: every place
// where dxai wrote the token or pointed at it, and the registries the token
// is for. It holds no secret.
//
// The record is the one list every verb works from. init (and logout) are
// the only ones that change where things are wired; the helper's store and
// mvn-dxai sync update every plain-text copy it lists; the helper's erase
// and mvn-dxai logout remove them; status and doctor compare each copy
// with the keyring. A copy is one kind of place (a Maven settings file, a
// docker config, the opt-in plain-text file; a new kind, such as a Gradle
// init script, is one more Kind) with what dxai owns there.
//
// The verbs that change copies hold the record's lock while they do (Hold):
// the record's lock first, then a copy's file lock, never the other way
// round.
package state

import (
	"encoding/json"
	"path/filepath"
	"slices"

	"github.com/dynamixs-ai/dxai/internal/atomicfile"
	"github.com/dynamixs-ai/dxai/internal/hint"
	"github.com/dynamixs-ai/dxai/registries"
)

// Version is the record's format; older records are read and rewritten in
// it.
const Version = 2

// Kind is a kind of place dxai writes to.
type Kind string

// The kinds of copies.
const (
	// MavenSettings is a settings.xml with <server> entries dxai owns.
	MavenSettings Kind = "maven-settings"
	// DockerConfig is a docker config.json with credHelpers keys naming
	// the helper.
	DockerConfig Kind = "docker-config"
	// TokenFile is the opt-in plain-text file (init --insecure-storage).
	TokenFile Kind = "token-file"
	// GradleInit is the Gradle init script that runs the helper at build
	// time (gradleinit); it holds no secret.
	GradleInit Kind = "gradle-init"
)

// Form is how a copy holds the credential.
type Form string

// The forms.
const (
	// FormToken is the token itself, in plain text.
	FormToken Form = "token"
	// FormEnv is a reference to ${env.DXAI_TOKEN}: no secret.
	FormEnv Form = "env"
)

// Server is a <server> in a settings file that dxai wrote.
type Server struct {
	ID   string `json:"id"`
	Form Form   `json:"form"`
	// Created says dxai added the <server>: it goes whole when dxai is done
	// with it. Otherwise the user had it first, and only the password dxai
	// put there goes.
	Created bool `json:"created,omitempty"`
	// OldUsername is the <username> the user's <server> had before init
	// replaced it (only when Created is false and it differed): logout puts
	// it back. The old password is never kept, so it cannot be restored.
	OldUsername string `json:"oldUsername,omitempty"`
	// EnvOnly says Form is FormEnv only because init had no keyring
	// (DXAI_TOKEN alone) and no --no-plaintext: no token to write, not the
	// user's choice, so a later init with a keyring does not keep it.
	EnvOnly bool `json:"envOnly,omitempty"`
}

// Copy is one place dxai wrote to.
type Copy struct {
	Kind Kind   `json:"kind"`
	Path string `json:"path"`
	// Servers are the <server> entries dxai owns in a MavenSettings file.
	Servers []Server `json:"servers,omitempty"`
	// CredHelpers are the credHelpers keys dxai set in a DockerConfig.
	CredHelpers []string `json:"credHelpers,omitempty"`
	// CreatedParent says dxai created the element holding its entries
	// (<servers>, "credHelpers"): it goes again with the last of them.
	CreatedParent bool `json:"createdParent,omitempty"`
	// CreatedFile says init created the file itself (a MavenSettings or
	// DockerConfig): logout removes it again when nothing but init's empty
	// template is left in it. Records from before the field say false.
	CreatedFile bool `json:"createdFile,omitempty"`
	// CreatedDir says init created the folder a MavenSettings or
	// DockerConfig file is in (~/.m2, ~/.docker): logout removes it again
	// with the file when nothing else is in it. Records from before the
	// field say false: such a folder stays.
	CreatedDir bool `json:"createdDir,omitempty"`
	// CreatedHome says init created the Gradle user home a GradleInit
	// script is in (init --gradle where Gradle had never run); with
	// CreatedParent (init created its init.d), logout removes them again
	// when they are empty, so that a later init does not take them for a
	// Gradle the user has.
	CreatedHome bool `json:"createdHome,omitempty"`
	// Form is how a copy that is one credential as a whole holds it (a
	// new kind such as a Gradle init script: Kind, Path and Form are all
	// it needs).
	Form Form `json:"form,omitempty"`
	// Default says a MavenSettings file was the one Maven read by default
	// (.m2/settings.xml under its user.home) when init ran, rather than
	// one the user gives Maven with -s.
	Default bool `json:"default,omitempty"`
}

// HoldsToken reports whether the copy holds the token itself.
func (c Copy) HoldsToken() bool {
	if c.Kind == TokenFile || c.Form == FormToken {
		return true
	}
	for _, s := range c.Servers {
		if s.Form == FormToken {
			return true
		}
	}
	return false
}

// Record is what init set up. The zero Record is "nothing set up".
type Record struct {
	Version int `json:"version"`
	// Registries are the registries the token is for, as registries.Record
	// writes them: empty for ghcr.io. Only init writes them (--github-host).
	Registries string `json:"registries,omitempty"`
	// Copies are the places, the Maven settings file init last wrote first.
	Copies []Copy `json:"copies,omitempty"`
	// EnvToken says the last init was the environment-token setup
	// (DXAI_TOKEN set, no keyring): it stored the token nowhere.
	EnvToken bool `json:"envToken,omitempty"`
	// Skipped are the sides the last init was told to leave alone
	// (--no-maven, --no-docker, --no-gradle): status and doctor show them as
	// skipped rather than as missing.
	Skipped []Side `json:"skipped,omitempty"`
}

// Side is a part of the setup that init can be told to leave alone.
type Side string

// The sides.
const (
	SideMaven  Side = "maven"
	SideDocker Side = "docker"
	SideGradle Side = "gradle"
)

// Skips reports whether the last init was told to leave side s alone.
func (r Record) Skips(s Side) bool { return slices.Contains(r.Skipped, s) }

// Empty reports whether nothing is recorded.
func (r Record) Empty() bool {
	return len(r.Copies) == 0 && r.Registries == "" && !r.EnvToken && len(r.Skipped) == 0
}

// Of returns the copies of one kind, in order.
func (r Record) Of(k Kind) []Copy {
	var out []Copy
	for _, c := range r.Copies {
		if c.Kind == k {
			out = append(out, c)
		}
	}
	return out
}

// Find returns the copy of kind k at path.
func (r Record) Find(k Kind, path string) (Copy, bool) {
	for _, c := range r.Copies {
		if c.Kind == k && c.Path == path {
			return c, true
		}
	}
	return Copy{}, false
}

// Put records c, replacing the copy of its kind at its path; it goes first
// among the copies. A copy with nothing in it (no servers, no credHelpers
// keys) is dropped instead.
func (r *Record) Put(c Copy) {
	r.Drop(c.Kind, c.Path)
	if c.Kind == MavenSettings && len(c.Servers) == 0 || c.Kind == DockerConfig && len(c.CredHelpers) == 0 {
		return
	}
	r.Copies = slices.Insert(r.Copies, 0, c)
}

// Drop forgets the copy of kind k at path.
func (r *Record) Drop(k Kind, path string) {
	r.Copies = slices.DeleteFunc(r.Copies, func(c Copy) bool { return c.Kind == k && c.Path == path })
}

// First is the path of the copy of kind k init wrote last ("" when there
// is none).
func (r Record) First(k Kind) string {
	if cs := r.Of(k); len(cs) > 0 {
		return cs[0].Path
	}
	return ""
}

// Settings is the settings file init last wrote, and the server id it
// used there ("" when there is none).
func (r Record) Settings() (path, serverID string) {
	cs := r.Of(MavenSettings)
	if len(cs) == 0 {
		return "", ""
	}
	if len(cs[0].Servers) == 0 {
		return cs[0].Path, ""
	}
	return cs[0].Path, cs[0].Servers[0].ID
}

// PathIn is the record's file in the user config folder dir
// ($XDG_CONFIG_HOME, or the platform's user config folder, which the
// caller's main finds): dir/dxai/state.json.
func PathIn(dir string) string { return filepath.Join(dir, "dxai", "state.json") }

// v1 is the record before Version 2: one settings file and one docker
// config.
type v1 struct {
	Settings     string `json:"settings"`
	ServerID     string `json:"serverId"`
	Plaintext    bool   `json:"plaintext"`
	DockerConfig string `json:"dockerConfig"`
	Registries   string `json:"registries"`
}

// Parse reads a record. A record of the first format is converted: its
// server counts as one dxai created, as logout then removed it whole, and
// its docker config as wired for the registries it recorded.
func Parse(data []byte) (Record, error) {
	var r Record
	if err := json.Unmarshal(data, &r); err != nil {
		return Record{}, err
	}
	if r.Version >= Version {
		return r, r.validate()
	}
	var old v1
	if err := json.Unmarshal(data, &old); err != nil {
		return Record{}, err
	}
	r = Record{Version: Version, Registries: old.Registries}
	if old.DockerConfig != "" {
		hosts, err := registries.Parse(old.Registries)
		if err != nil {
			return Record{}, err
		}
		r.Put(Copy{Kind: DockerConfig, Path: old.DockerConfig, CredHelpers: hosts})
	}
	if old.Settings != "" && old.ServerID != "" {
		form := FormEnv
		if old.Plaintext {
			form = FormToken
		}
		r.Put(Copy{Kind: MavenSettings, Path: old.Settings, Servers: []Server{{ID: old.ServerID, Form: form, Created: true}}})
	}
	return r, r.validate()
}

// LoadFrom reads the record at path, under the rules of an
// atomicfile.Trusted file (an *atomicfile.UnsafeError refuses it); a
// missing file is the zero Record.
//
// Every error knows its fix (hint.Of): a refusal of a file, link or folder
// of another user's its own (atomicfile.UnsafeError), anything else
// deleting the record and running init again, which writes a new one.
func LoadFrom(path string) (Record, error) {
	r, err := loadFrom(path)
	return r, hint.Wrap(err, deleteFix(path))
}

// deleteFix is the way out of a record that cannot be used as it is.
func deleteFix(path string) string { return "delete " + path + ` and run "mvn-dxai init" again` }

func loadFrom(path string) (Record, error) {
	// The record says where the token goes: one that another user could
	// have planted or redirected is refused whole, as on writing.
	data, ok, err := atomicfile.ReadTrusted(path)
	if err != nil {
		return Record{}, err
	}
	if !ok {
		return Record{}, nil
	}
	return parseAt(path, data)
}

// parseAt is Parse of the record read from path; a record that does not
// parse is refused with the way out (delete it and run init again).
func parseAt(path string, data []byte) (Record, error) {
	r, err := Parse(data)
	if err != nil {
		return Record{}, hint.New(deleteFix(path), "%s: %v", path, err)
	}
	return r, nil
}

// SaveTo writes r as the record at path, unless it is unchanged; an empty
// record removes the file. It names the files the helper writes the token
// to, so it is an atomicfile.Trusted file.
func SaveTo(path string, r Record) error {
	return Update(path, func(cur *Record) { *cur = r })
}

// Update changes the record at path in one read-modify-write cycle under
// the record's lock, the lock atomicfile takes for every file (a wait for
// it ends after atomicfile.LockTimeout): fn gets the record as it is on
// disk now, not as the caller read it earlier. It is Hold, Held.Update
// and Release in one: for a single change by a process that does not hold
// the lock already.
func Update(path string, fn func(*Record)) error {
	h, err := Hold(path)
	if err != nil {
		return err
	}
	defer h.Release()
	return h.Update(fn)
}

// Held is the record's lock, held by one run of a verb from before its
// first change (to the keyring or any copy) to its end, so that the record
// and the copies it lists change as one unit: no other dxai process
// records, writes or removes a copy meanwhile, and the record the run
// read after Hold stays the record on disk until it saves its own.
//
// Lock order: the record's lock first, then a copy's file lock (each
// settingsxml, dockerconfig or atomicfile update takes and drops its own);
// nothing takes them the other way round. A process holding the record
// must save it only through Held.Update: any other lock on the record
// would wait for itself.
type Held struct {
	path string
	f    *atomicfile.Held
}

// Hold takes the record's lock at path, after the checks of an
// atomicfile.Trusted file (a record another user could plant or redirect
// is refused before any change). A lock held elsewhere is waited for at
// most atomicfile.LockTimeout, then an *atomicfile.LockError, whose fix
// says how to find the holder.
func Hold(path string) (*Held, error) {
	f, err := atomicfile.Hold(path, atomicfile.Trusted)
	if err != nil {
		return nil, err
	}
	return &Held{path: path, f: f}, nil
}

// Update applies fn to the record as it is on disk and saves it, under the
// held lock. A record fn leaves empty removes the file. A record on disk
// that cannot be parsed stops Update, and nothing is written.
func (h *Held) Update(fn func(*Record)) error {
	_, err := h.f.Update(0o600, func(old []byte, exists bool) ([]byte, error) {
		var r Record
		if exists {
			var err error
			if r, err = parseAt(h.path, old); err != nil {
				return nil, err
			}
		}
		fn(&r)
		if r.Empty() {
			return nil, atomicfile.ErrRemove
		}
		r.Version = Version
		data, err := json.MarshalIndent(r, "", "  ")
		if err != nil {
			return nil, err
		}
		return append(data, '\n'), nil
	})
	return err
}

// Save writes r as the record, under the held lock (see Update).
func (h *Held) Save(r Record) error { return h.Update(func(cur *Record) { *cur = r }) }

// Release lets go of the record's lock.
func (h *Held) Release() { h.f.Release() }
