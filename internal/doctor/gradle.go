package doctor

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/dynamixs-ai/dxai/gradleinit"
	"github.com/dynamixs-ai/dxai/internal/state"
)

// gradle checks the Gradle init script (see Env.CheckGradle).
func (d *doctor) gradle() {
	if c, ok := d.env.CheckGradle(d.t.Record, d.t.ServerID); ok {
		c.Message = "gradle: " + c.Message
		d.add(c)
	}
}

// CheckGradle checks the Gradle init script: there when init installed it,
// dxai's own and as init wrote it, for serverID, and running a helper that
// exists. ok is false when there is nothing to say: no script, none
// recorded, and no Gradle user home (Gradle never ran). doctor and status
// both show it; the message does not name the check.
func (e Env) CheckGradle(rec state.Record, serverID string) (c Check, ok bool) {
	recorded := rec.First(state.GradleInit)
	path, home, err := gradleinit.Script(e.Getenv, recorded)
	if err != nil {
		return Check{}, false // no HOME: no Gradle to check
	}
	c = Check{Name: "gradle", Status: Fail}
	result := func(s Status, fix, format string, args ...any) (Check, bool) {
		c.Status, c.Fix, c.Message = s, fix, fmt.Sprintf(format, args...)
		return c, true
	}
	where := e.Path(path)
	in, err := gradleinit.Read(path)
	var notOurs *gradleinit.NotOursError
	switch {
	case errors.Is(err, fs.ErrNotExist) && recorded == "":
		// Not set up: worth a line only where Gradle has been used.
		if _, err := os.Stat(home); err == nil {
			return result(Skip, "", "no dxai init script in %s, so Gradle builds are not wired (\"mvn-dxai init --gradle\" does it)", e.Path(home))
		}
		return Check{}, false
	case errors.Is(err, fs.ErrNotExist):
		return result(Fail, `run "mvn-dxai init --gradle"`, "%s is gone, so Gradle builds get no token (401)", where)
	case errors.As(err, &notOurs):
		return result(Warn, "move it away and run \"mvn-dxai init --gradle\"", "%s was not written by dxai", where)
	case err != nil:
		return result(Fail, "check the file's permissions, then run \"mvn-dxai init --gradle\"", "%s", e.PathsIn(err))
	}
	cfg := in.Config
	if fi, err := os.Stat(cfg.Helper); err != nil || !fi.Mode().IsRegular() || fi.Mode().Perm()&0o111 == 0 {
		return result(Fail, `run "make install", then "mvn-dxai init --gradle" (it bakes in where the helper is)`,
			"%s runs %s, which is missing, so Gradle builds get no token (401)", where, cfg.Helper)
	}
	switch {
	case in.Edited:
		return result(Warn, `run "mvn-dxai init --gradle" to write it again`, "%s was edited by hand", where)
	case cfg.ServerID != serverID:
		return result(Warn, "run \"mvn-dxai init --gradle"+e.InitFlags(rec, "", serverID)+"\"",
			"%s gives the token to repositories named %s, not %s", where, cfg.ServerID, serverID)
	}
	return result(OK, "", "%s runs %s for repositories named %s or under %s", where, cfg.Helper, cfg.ServerID, cfg.URLPrefix)
}
