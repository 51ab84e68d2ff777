package main

import (
	"cmp"
	"flag"
	"fmt"
	"path/filepath"

	"github.com/dynamixs-ai/dxai/credstore"
	"github.com/dynamixs-ai/dxai/dockerconfig"
	"github.com/dynamixs-ai/dxai/internal/hint"
	"github.com/dynamixs-ai/dxai/internal/product"
	"github.com/dynamixs-ai/dxai/internal/state"
	"github.com/dynamixs-ai/dxai/registries"
)

// DefaultServerID is the repository id the org's POMs use, and so the id
// settings.xml must hold the credentials under.
const DefaultServerID = product.DefaultServerID

// targetFlags are the flags that say which files a verb works on.
type targetFlags struct {
	settings, serverID string
	noMaven, noDocker  bool
}

func addTargetFlags(fs *flag.FlagSet, t *targetFlags) {
	fs.StringVar(&t.settings, "settings", "", "Maven settings `file` (default: the one Maven reads, or the one init used)")
	fs.StringVar(&t.serverID, "server-id", "", "the <server> id, which must equal the repository id in your POMs (default "+DefaultServerID+")")
	fs.BoolVar(&t.noMaven, "no-maven", false, "leave Maven's settings.xml alone")
	fs.BoolVar(&t.noDocker, "no-docker", false, "leave the docker config alone")
}

// targets are the files and names a verb works on; an empty path means
// that side is skipped.
type targets struct {
	settings, serverID string
	docker             string
	served             []string
	record             state.Record
	// rememberedID says serverID is the one an earlier init used, not a
	// flag's or the default.
	rememberedID bool
}

// loadRecord reads init's record; an error says the way out (state.LoadFrom).
func (u *ui) loadRecord() (state.Record, error) {
	path, err := u.recordPath()
	if err != nil {
		return state.Record{}, err
	}
	return state.LoadFrom(path) // its errors know their fix
}

// resolve picks each target from the flags, else what init recorded,
// else the defaults.
func (f *targetFlags) resolve(u *ui) (targets, error) {
	var t targets
	rec, err := u.loadRecord()
	if err != nil {
		return t, err
	}
	t.record = rec
	// The record's registries were checked when it was read, so only
	// DXAI_REGISTRIES can be wrong here.
	if t.served, err = registries.Resolve(u.getenv, rec.Registries); err != nil {
		return t, err // it knows its fix
	}
	recSettings, recID := rec.Settings()
	t.serverID = cmp.Or(f.serverID, recID, DefaultServerID)
	t.rememberedID = f.serverID == "" && recID != "" && recID != DefaultServerID
	if !f.noMaven {
		t.settings = cmp.Or(f.settings, recSettings)
		if t.settings == "" {
			if u.home == "" {
				return t, errNoHome
			}
			t.settings = u.defaultSettings()
		}
		if filepath.IsAbs(t.settings) {
			t.settings = filepath.Clean(t.settings)
		} else if u.workDir != "" {
			t.settings = filepath.Join(u.workDir, t.settings)
		}
	}
	if !f.noDocker {
		if t.docker = dockerconfig.PathFor(u.getenv); t.docker == "" {
			return t, errNoHome
		}
	}
	return t, nil
}

// dropSkipped leaves out, for status and doctor, the sides the last init
// was told to leave alone and so never wired (init --no-maven, --no-docker),
// unless a flag names the file. It returns the skipped sides, each shown as
// "skipped: init --no-SIDE" rather than as missing.
func (t *targets) dropSkipped(tf targetFlags) []state.Side {
	var out []state.Side
	if t.settings != "" && tf.settings == "" && t.record.Skips(state.SideMaven) && len(t.record.Of(state.MavenSettings)) == 0 {
		t.settings = ""
		out = append(out, state.SideMaven)
	}
	if t.docker != "" && t.record.Skips(state.SideDocker) && len(t.record.Of(state.DockerConfig)) == 0 {
		t.docker = ""
		out = append(out, state.SideDocker)
	}
	return out
}

// skippedNote is how status and doctor show a side init was told to skip.
func skippedNote(s state.Side) string { return "skipped: init --no-" + string(s) }

// sayRememberedID says, each time it is used, that the server id comes
// from an earlier init.
func (t targets) sayRememberedID(u *ui) {
	if t.rememberedID && t.settings != "" {
		u.note("using server id %s from your earlier init (--server-id changes it)", t.serverID)
	}
}

// errNoHome stops a verb that would otherwise look for ~/.m2 and ~/.docker
// in the working folder.
var errNoHome = hint.New("set HOME, or pass --settings FILE and set DOCKER_CONFIG",
	"HOME is not set, so ~/.m2/settings.xml and ~/.docker/config.json cannot be found")

// defaultSettings is the user settings file Maven reads when no -s says
// otherwise (doctor.Env.DefaultSettings): only the user's own settings
// count here, not a project's .mvn.
func (u *ui) defaultSettings() string { return u.doctorEnv().DefaultSettings() }

// recordPath is init's record in the user config folder; without one,
// the error says to set HOME.
func (u *ui) recordPath() (string, error) {
	if u.configDir == "" {
		return "", hint.New("set HOME (or XDG_CONFIG_HOME)", "finding the user config folder: neither $XDG_CONFIG_HOME nor $HOME is defined")
	}
	return state.PathIn(u.configDir), nil
}

// saveRecord saves rec, the record as this run of init has made it so
// far, under the held lock. A failure stops init before its next change:
// a copy written after it would be one no record knows, which no logout
// removes.
func saveRecord(held *heldRecord, rec state.Record) error {
	if err := held.Save(rec); err != nil {
		return hint.Wrap(fmt.Errorf(`could not record the setup, so the helper and "mvn-dxai sync" will not find settings.xml: %w`, err),
			`run "mvn-dxai init" again once that is fixed`)
	}
	return nil
}

// recordCopy records copy c in rec (see state.Record.Put) and saves rec
// (saveRecord).
func recordCopy(held *heldRecord, rec *state.Record, c state.Copy) error {
	rec.Put(c)
	return saveRecord(held, *rec)
}

// openStore opens the credential store; its only failure is a bad
// DXAI_KEYRING_TIMEOUT, which knows its fix.
func (u *ui) openStore() (*credstore.Store, error) {
	return credstore.OpenIn(u.keyring, u.getenv, u.configDir)
}

// parseTargets parses a verb's flags, including the target flags, and
// resolves the files it works on.
func parseTargets(u *ui, fs *flag.FlagSet, tf *targetFlags, args []string) (targets, error) {
	if err := parse(u, fs, args, 0); err != nil {
		return targets{}, err
	}
	return tf.resolve(u)
}
