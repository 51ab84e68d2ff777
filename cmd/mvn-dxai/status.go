package main

import (
	"errors"
	"fmt"
	"slices"

	"github.com/dynamixs-ai/dxai/credstore"
	"github.com/dynamixs-ai/dxai/dockerconfig"
	"github.com/dynamixs-ai/dxai/internal/doctor"
	"github.com/dynamixs-ai/dxai/internal/hint"
	"github.com/dynamixs-ai/dxai/internal/product"
	"github.com/dynamixs-ai/dxai/internal/state"
	"github.com/dynamixs-ai/dxai/settingsxml"
	"github.com/dynamixs-ai/dxai/tokenshape"
)

const statusHelp = `Show what is configured where: the token (masked) and where it comes from,
then every copy init recorded (each <server> in settings.xml, the
credHelpers in the docker config, the --insecure-storage file) compared
with the keyring, the Gradle init script as doctor checks it, and the
helper on PATH. Exits 1 when something is not set
up, or a copy has drifted: it holds a token the keyring does not have,
another token, or is gone. Each such line is followed by a hint (on
stderr) with the command that fixes it, said once for all the lines it
fixes.
`

func runStatus(u *ui, args []string) error {
	var tf targetFlags
	fs := newFlags(u, "status", "[flags]", statusHelp)
	addTargetFlags(fs, &tf)
	describeSkips(fs, "do not show Maven's settings.xml", "do not show the docker config and the helper")
	t, err := parseTargets(u, fs, &tf, args)
	if err != nil {
		return err
	}
	skipped := t.dropSkipped(tf)
	ok := true
	// row reports one line; its fix, if any, follows as a hint, the
	// first time only: one fix for several lines is said once.
	hinted := map[string]bool{}
	row := func(r statusRow) {
		if !r.good {
			ok = false
		}
		u.report("%-8s %s", r.what, r.msg)
		if r.fix != "" && !hinted[r.fix] {
			hinted[r.fix] = true
			u.hint("%s", r.fix)
		}
	}

	var entry credstore.Entry
	env := u.doctorEnv()
	sv := doctor.StoreView{Name: "the keyring"}
	store, err := u.openStore()
	if err == nil {
		var src credstore.Source
		entry, src, err = store.Get()
		fromEnv := src == credstore.FromEnv
		var stored credstore.Entry
		switch {
		case !fromEnv:
			// Get read the stored entry itself: no second keyring read.
			stored, sv = entry, env.CompareWith(store, entry, err)
		case holdsToken(t.record) || store.Backend() == credstore.FromFile:
			// DXAI_TOKEN is what docker gets, but the copies are compared
			// with the stored entry, as doctor does. Only a copy that
			// holds the token needs it: the keyring is not asked (nor its
			// unlock prompt shown) otherwise.
			var serr error
			stored, serr = store.GetKeyring()
			sv = env.CompareWith(store, stored, serr)
		}
		if err == nil {
			kind, _, _ := tokenshape.Check(entry.Token)
			label := kind.String()
			if tokenshape.Fits(entry.Token) != nil {
				label = "not a token: a bad copy" // doctor's check, below, says why
			}
			from := string(src)
			if src == credstore.FromFile {
				from += " " + u.path(store.File.Path)
			}
			line := fmt.Sprintf("%s for %s (%s), from the %s", tokenshape.Mask(entry.Token), entry.Username, label, from)
			if entry.NoLogin {
				line = fmt.Sprintf("%s (%s), from the %s, %s", tokenshape.Mask(entry.Token), label, from, doctor.NoLogin)
			}
			row(statusRow{true, "token", line, ""})
			// doctor's offline token checks: a token that is none fails,
			// one that overrides the stored one is said.
			for _, c := range doctor.TokenChecks(entry, fromEnv, stored) {
				if c.Status != doctor.OK {
					row(statusRow{c.Status != doctor.Fail, "token", c.Message, c.Fix})
				}
			}
			if r := expiryStatus(entry, fromEnv, u.now()); r.msg != "" {
				row(r)
			}
		}
	}
	switch {
	case errors.Is(err, credstore.ErrNotFound):
		row(statusRow{false, "token", "none stored", doctor.NoTokenFix(t.record)})
	case err != nil:
		row(statusRow{false, "token", err.Error(), hint.Of(err)})
	}

	// What init recorded, each copy compared with the store; without a
	// record, the files a default init would write.
	recorded := map[state.Kind]bool{}
	for _, f := range env.CheckCopies(t.record, sv) {
		row(statusRow{f.OK, f.What, f.Msg, f.Fix})
	}
	for _, c := range t.record.Copies {
		recorded[c.Kind] = true
	}
	if t.rememberedID && t.settings != "" {
		row(statusRow{true, "maven", fmt.Sprintf("server id %s is remembered from your earlier init (--server-id changes it)", t.serverID), ""})
	}
	if t.settings != "" && !recorded[state.MavenSettings] {
		row(mavenStatus(u, t, entry))
	}
	if t.docker != "" && !recorded[state.DockerConfig] {
		row(dockerStatus(u, t))
	}
	// The Gradle init script, as doctor checks it: recorded or not.
	if c, ok := env.CheckGradle(t.record, t.serverID); ok {
		row(statusRow{c.Status != doctor.Fail, "gradle", c.Message, c.Fix})
	}
	for _, side := range skipped {
		row(statusRow{true, string(side), skippedNote(side), ""})
	}
	if t.docker != "" {
		if h := env.FindHelper(); h.Path != "" {
			row(statusRow{true, "helper", h.Path, ""})
		} else {
			row(statusRow{false, "helper", h.Problem, h.Fix})
		}
	}
	if !ok {
		return exitCode(1)
	}
	return nil
}

// statusRow is one line of status: whether it is good, what it is about,
// the line, and the fix that follows it ("" for none).
type statusRow struct {
	good           bool
	what, msg, fix string
}

// holdsToken reports whether a copy in rec holds the token itself: a
// plain-text <server> or the --insecure-storage file.
func holdsToken(rec state.Record) bool {
	for _, c := range rec.Copies {
		if c.Kind == state.TokenFile || c.Kind == state.MavenSettings && slices.ContainsFunc(c.Servers, func(s state.Server) bool { return s.Form != state.FormEnv }) {
			return true
		}
	}
	return false
}

func mavenStatus(u *ui, t targets, e credstore.Entry) statusRow {
	where := u.path(t.settings)
	// The file and id status looked at, as doctor's fix names them.
	fix := `run "mvn-dxai init` + u.doctorEnv().InitFlags(t.record, t.settings, t.serverID) + `"`
	doc, exists, err := settingsxml.Load(t.settings)
	switch {
	case err != nil:
		// The file is the user's: no fix that would edit it (init's).
		msg, fix := u.doctorEnv().FileProblem(t.settings, "Maven", err)
		return statusRow{false, "maven", msg, fix}
	case !exists:
		return statusRow{false, "maven", where + " does not exist", fix}
	}
	servers := doc.Servers(t.serverID)
	if len(servers) == 0 {
		return statusRow{false, "maven", fmt.Sprintf("%s has no <server> %s", where, t.serverID), fix}
	}
	s := servers[0]
	switch {
	case s.Password == EnvPassword:
		return statusRow{true, "maven", fmt.Sprintf("%s: <server> %s for %s, password %s (run Maven with \"mvn-dxai exec -- mvn …\")", where, t.serverID, s.Username, EnvPassword), ""}
	case e.Token != "" && s.Password != e.Token:
		// sync writes only what init recorded, and init did not record this file.
		return statusRow{false, "maven", fmt.Sprintf("%s: <server> %s holds another token than the keyring", where, t.serverID), fix}
	}
	// A password that is not a token (the user's own) is not shown at all.
	return statusRow{true, "maven", fmt.Sprintf("%s: <server> %s for %s, token %s", where, t.serverID, s.Username, doctor.MaskPassword(s.Password)), ""}
}

func dockerStatus(u *ui, t targets) statusRow {
	where := u.path(t.docker)
	c, exists, err := dockerconfig.Load(t.docker)
	switch {
	case err != nil:
		msg, fix := u.doctorEnv().FileProblem(t.docker, "docker", err)
		return statusRow{false, "docker", msg, fix}
	case !exists:
		return statusRow{false, "docker", where + " does not exist", product.RunInit}
	}
	if missing := c.NotSentTo(HelperName, t.served); len(missing) > 0 {
		return statusRow{false, "docker", fmt.Sprintf("%s: credHelpers does not send %s to %s, so docker does not get the token there",
			where, product.And(missing), HelperName), product.RunInit}
	}
	return statusRow{true, "docker", fmt.Sprintf("%s: credHelpers %s", where, arrows(t.served)), ""}
}
