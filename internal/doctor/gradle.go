package doctor

import (
	"errors"
	"io/fs"
	"os"

	"github.com/dynamixs-ai/dxai/gradleinit"
	"github.com/dynamixs-ai/dxai/internal/state"
)

// gradle checks the Gradle init script: there when init installed it,
// dxai's own and as init wrote it, for this server id, and running a
// helper that exists.
func (d *doctor) gradle() {
	path, home, err := gradleinit.Script(d.env.Getenv, d.t.Record.First(state.GradleInit))
	if err != nil {
		return // no HOME: no Gradle to check
	}
	where := d.path(path)
	in, err := gradleinit.Read(path)
	var notOurs *gradleinit.NotOursError
	switch {
	case errors.Is(err, fs.ErrNotExist) && d.t.Record.First(state.GradleInit) == "":
		// Not set up: worth a line only where Gradle has been used.
		if _, err := os.Stat(home); err == nil {
			d.skip("gradle", "gradle: no dxai init script in %s, so Gradle builds are not wired (\"mvn-dxai init --gradle\" does it)", d.path(home))
		}
		return
	case errors.Is(err, fs.ErrNotExist):
		d.bad("gradle", `run "mvn-dxai init --gradle"`, "gradle: %s is gone, so Gradle builds get no token (401)", where)
		return
	case errors.As(err, &notOurs):
		d.warn("gradle", "move it away and run \"mvn-dxai init --gradle\"", "gradle: %s was not written by dxai", where)
		return
	case err != nil:
		d.bad("gradle", "check the file's permissions, then run \"mvn-dxai init --gradle\"", "gradle: %v", err)
		return
	}
	c := in.Config
	if fi, err := os.Stat(c.Helper); err != nil || !fi.Mode().IsRegular() || fi.Mode().Perm()&0o111 == 0 {
		d.bad("gradle", `run "make install", then "mvn-dxai init --gradle" (it bakes in where the helper is)`,
			"gradle: %s runs %s, which is missing, so Gradle builds get no token (401)", where, c.Helper)
		return
	}
	switch {
	case in.Edited:
		d.warn("gradle", `run "mvn-dxai init --gradle" to write it again`, "gradle: %s was edited by hand", where)
	case c.ServerID != d.t.ServerID:
		d.warn("gradle", "run \"mvn-dxai init --gradle"+d.env.InitFlags(d.t.Record, "", d.t.ServerID)+"\"",
			"gradle: %s gives the token to repositories named %s, not %s", where, c.ServerID, d.t.ServerID)
	default:
		d.ok("gradle", "gradle: %s runs %s for repositories named %s or under %s", where, c.Helper, c.ServerID, c.URLPrefix)
	}
}
