// Package doctor checks everything the dxai token depends on, and says how
// to fix what is wrong: the keyring and the token in it, what GitHub and
// each registry say about the token, the docker config, the helper and
// podman/skopeo's auth files, the settings.xml Maven reads and the pom.xml
// in the working folder, and every copy init recorded (drift).
//
// Each check is a small method that adds Checks; Run runs them in order,
// later checks using what earlier ones found. Run prints nothing: the
// caller shows the Checks (mvn-dxai doctor prints them as text or JSON).
package doctor

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"time"

	"github.com/dynamixs-ai/dxai/credstore"
	"github.com/dynamixs-ai/dxai/internal/product"
	"github.com/dynamixs-ai/dxai/internal/state"
	"github.com/dynamixs-ai/dxai/mavencheck"
	"github.com/dynamixs-ai/dxai/tokenshape"
)

// Status is the outcome of one check.
type Status string

// The outcomes of a check.
const (
	OK   Status = "ok"
	Fail Status = "fail"
	Warn Status = "warn"
	Skip Status = "skip"
)

// Check is one line of the report.
type Check struct {
	Name    string `json:"name"`
	Status  Status `json:"status"`
	Message string `json:"message"`
	Fix     string `json:"fix"`
}

// Env is the world the checks look at, passed in so that they read
// nothing of the process's own.
type Env struct {
	// Getenv reads the environment.
	Getenv func(string) string
	// Home is the user's home folder; WorkDir the folder doctor runs in.
	Home, WorkDir string
	// Path shortens a path for messages (~/… under the home folder).
	Path func(string) string
	// OpenStore opens the credential store.
	OpenStore func() (*credstore.Store, error)
	// HTTP sends the online checks' requests; nil: tokencheck's default.
	HTTP *http.Client
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Report, when set, is given each check as soon as it is made, so a
	// terminal shows progress while the slow online checks run.
	Report func(Check)
}

// Targets are the names and files doctor checks, as the command line, the
// record and the defaults pick them; an empty Docker skips that side. The
// settings file is worked out by the Maven checks themselves (from
// Input.Settings, the project and Maven's user home), as mvn would.
type Targets struct {
	ServerID, Docker string
	Served           []string
	Record           state.Record
}

// Input is what the user asked for.
type Input struct {
	// Settings is the --settings flag, standing for mvn -s ("" when not
	// given).
	Settings string
	// NoMaven skips the Maven checks; Offline the ones that ask GitHub and
	// the registries.
	NoMaven, Offline bool
	// Skipped are the lines for the sides the last init was told to leave
	// alone, shown in place of their checks.
	Skipped []Check
}

// doctor runs the checks and keeps what earlier checks found for the later
// ones.
type doctor struct {
	env    Env
	in     Input
	t      Targets
	checks []Check

	// entry is the credential docker and exec get (DXAI_TOKEN over the
	// keyring); stored is the keyring's own, if it has one.
	entry  credstore.Entry
	stored credstore.Entry
	// fromEnv says entry is DXAI_TOKEN's: fixes then end in setting it,
	// not in storing a token (see expiry.ThenUse).
	fromEnv bool
	// view is what the recorded copies are compared with (see
	// Env.CompareWith).
	view StoreView
	// kind is the token's kind; badShape says it cannot be a token at all.
	kind     tokenshape.Kind
	badShape bool
}

// Run runs every check, in the order a user fixes them.
func Run(ctx context.Context, env Env, in Input, t Targets) []Check {
	d := &doctor{env: env, in: in, t: t}
	d.keyring()
	d.copies()
	d.online(ctx)
	for _, c := range in.Skipped {
		d.add(c)
	}
	if t.Docker != "" {
		d.docker(ctx)
	}
	if !in.NoMaven {
		d.maven()
	}
	d.gradle()
	return d.checks
}

// Failed reports whether a check failed (doctor then exits 1).
func Failed(checks []Check) bool {
	return slices.ContainsFunc(checks, func(c Check) bool { return c.Status == Fail })
}

func (d *doctor) add(c Check) {
	d.checks = append(d.checks, c)
	if d.env.Report != nil {
		d.env.Report(c)
	}
}

// ok records a check that passed.
func (d *doctor) ok(name, format string, args ...any) {
	d.add(Check{Name: name, Status: OK, Message: sprintf(format, args...)})
}

// bad records a failed check and what fixes it.
func (d *doctor) bad(name, fix, format string, args ...any) {
	d.add(Check{Name: name, Status: Fail, Message: sprintf(format, args...), Fix: fix})
}

// warn records a problem that does not stop anything yet.
func (d *doctor) warn(name, fix, format string, args ...any) {
	d.add(Check{Name: name, Status: Warn, Message: sprintf(format, args...), Fix: fix})
}

// skip records a check that could not or need not run.
func (d *doctor) skip(name, format string, args ...any) {
	d.add(Check{Name: name, Status: Skip, Message: sprintf(format, args...)})
}

// now is the time by the clock doctor was given.
func (d *doctor) now() time.Time {
	if d.env.Now != nil {
		return d.env.Now()
	}
	return time.Now()
}

// path shortens p for messages.
func (d *doctor) path(p string) string { return d.env.Path(p) }

// initFor is the init command line for the settings file doctor looked at.
func (d *doctor) initFor(settings string) string {
	return "run \"mvn-dxai init" + d.env.InitFlags(d.t.Record, settings, d.t.ServerID) + "\""
}

// syncFix is the sync command line for the files doctor looked at; sync
// reaches only what init recorded, so for anything else it is init's.
func (d *doctor) syncFix(settings string) string {
	if !d.recorded(settings, d.t.ServerID) {
		return d.initFor(settings)
	}
	return `run "mvn-dxai sync"`
}

// recorded reports whether init recorded <server> id in the settings file.
func (d *doctor) recorded(settings, id string) bool {
	c, ok := d.t.Record.Find(state.MavenSettings, settings)
	return ok && slices.ContainsFunc(c.Servers, func(s state.Server) bool { return s.ID == id })
}

// InitFlags are the flags that make init wire the settings file with
// serverID, each left out where init picks the same by itself: what the
// record rec names, else the default. "" names neither file nor id.
// doctor, status and sync end their fixes with them; InitFix, for one
// recorded copy, names more. No fix names a form (--plaintext,
// --no-plaintext): init keeps the one it recorded, so running the fix
// never turns a ${env.DXAI_TOKEN} <server> into plain text, nor back.
func (e Env) InitFlags(rec state.Record, settings, serverID string) string {
	return e.initFlags(rec, settings, serverID, false)
}

// initFlags is InitFlags; with full, a file or id that is not the default
// is named even where the record would pick it, so that the command says
// in full which copy it writes.
func (e Env) initFlags(rec state.Record, settings, serverID string, full bool) string {
	var s string
	recSettings, recID := rec.Settings()
	defSettings := e.DefaultSettings()
	if settings != "" && (settings != cmp.Or(recSettings, defSettings) || full && settings != defSettings) {
		s += " --settings " + e.Path(settings)
	}
	if serverID != "" && (serverID != cmp.Or(recID, product.DefaultServerID) || full && serverID != product.DefaultServerID) {
		s += " --server-id " + serverID
	}
	return s
}

// MavenHome is the user.home Maven run in the working folder and
// environment would have (mavencheck.UserHome), with project also from the
// project's .mvn files, and an error from reading those, if any.
func (e Env) MavenHome(project bool) (mavencheck.Home, error) {
	return mavencheck.UserHome(mavencheck.HomeEnv{Getenv: e.Getenv, WorkDir: e.WorkDir, Project: project, Passwd: mavencheck.PasswdHome()})
}

// DefaultSettings is the user settings file Maven reads when no -s says
// otherwise: .m2/settings.xml under Maven's user.home.
func (e Env) DefaultSettings() string {
	h, _ := e.MavenHome(false)
	return h.Settings()
}

// HomeSettings is $HOME/.m2/settings.xml, where people (and dxai before
// it knew better) expect Maven's user settings.
func (e Env) HomeSettings() string { return filepath.Join(e.Home, ".m2", "settings.xml") }

var sprintf = fmt.Sprintf
