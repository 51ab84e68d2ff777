package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/dynamixs-ai/dxai/credstore"
	"github.com/dynamixs-ai/dxai/dockerconfig"
	"github.com/dynamixs-ai/dxai/internal/doctor"
	"github.com/dynamixs-ai/dxai/internal/hint"
	"github.com/dynamixs-ai/dxai/internal/state"
	"github.com/dynamixs-ai/dxai/settingsxml"
	"github.com/dynamixs-ai/dxai/tokenshape"
)

const statusHelp = `Show what is configured where: the token (masked) and where it comes from,
then every copy init recorded (each <server> in settings.xml, the
credHelpers in the docker config, the --insecure-storage file) compared
with the keyring, and the helper on PATH. Exits 1 when something is not set
up, or a copy has drifted: it holds a token the keyring does not have,
another token, or is gone. Each such line ends with the command that fixes
it.
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
	row := func(good bool, what, format string, args ...any) {
		if !good {
			ok = false
		}
		u.report("%-8s %s", what, fmt.Sprintf(format, args...))
	}

	var entry credstore.Entry
	env := u.doctorEnv()
	sv := doctor.StoreView{Name: "the keyring"}
	store, err := credstore.OpenIn(u.keyring, u.getenv, u.configDir)
	if err == nil {
		var src credstore.Source
		entry, src, err = store.Get()
		if src == credstore.FromEnv {
			// DXAI_TOKEN is what docker gets, but the copies are compared
			// with the stored entry, as doctor does.
			stored, serr := store.GetKeyring()
			sv = env.CompareWith(store, stored, serr)
		} else {
			// Get read the stored entry itself: no second keyring read.
			sv = env.CompareWith(store, entry, err)
		}
		if err == nil {
			kind, _, _ := tokenshape.Check(entry.Token)
			from := string(src)
			if src == credstore.FromFile {
				from += " " + u.path(store.File.Path)
			}
			row(true, "token", "%s for %s (%s), from the %s", tokenshape.Mask(entry.Token), entry.Username, kind, from)
			if good, msg := expiryStatus(entry, u.now()); msg != "" {
				row(good, "expiry", "%s", msg)
			}
		}
	}
	switch {
	case errors.Is(err, credstore.ErrNotFound):
		row(false, "token", `none stored: run "mvn-dxai init"`)
	case err != nil:
		row(false, "token", "%v", err)
		if fix := hint.Of(err); fix != "" {
			u.hint("%s", fix)
		}
	}

	// What init recorded, each copy compared with the store; without a
	// record, the files a default init would write.
	recorded := map[state.Kind]bool{}
	for _, f := range env.CheckCopies(t.record, sv) {
		msg := f.Msg
		if f.Fix != "" {
			msg += ": " + f.Fix
		}
		row(f.OK, f.What, "%s", msg)
	}
	for _, c := range t.record.Copies {
		recorded[c.Kind] = true
	}
	if t.rememberedID && t.settings != "" {
		row(true, "maven", "server id %s is remembered from your earlier init (--server-id changes it)", t.serverID)
	}
	if t.settings != "" && !recorded[state.MavenSettings] {
		good, what, msg := mavenStatus(u, t, entry)
		row(good, what, "%s", msg)
	}
	if t.docker != "" && !recorded[state.DockerConfig] {
		good, what, msg := dockerStatus(u, t)
		row(good, what, "%s", msg)
	}
	for _, side := range skipped {
		row(true, string(side), "%s", skippedNote(side))
	}
	if t.docker != "" {
		if h := u.doctorEnv().FindHelper(); h.Path != "" {
			row(true, "helper", "%s", h.Path)
		} else {
			row(false, "helper", "%s: %s", h.Problem, h.Fix)
		}
	}
	if !ok {
		return exitCode(1)
	}
	return nil
}

func mavenStatus(u *ui, t targets, e credstore.Entry) (bool, string, string) {
	where := u.path(t.settings)
	doc, exists, err := settingsxml.Load(t.settings)
	switch {
	case err != nil:
		return false, "maven", fmt.Sprintf("%v", err)
	case !exists:
		return false, "maven", fmt.Sprintf("%s does not exist: run \"mvn-dxai init\"", where)
	}
	servers := doc.Servers(t.serverID)
	if len(servers) == 0 {
		return false, "maven", fmt.Sprintf("%s has no <server> %s: run \"mvn-dxai init\"", where, t.serverID)
	}
	s := servers[0]
	switch {
	case s.Password == EnvPassword:
		return true, "maven", fmt.Sprintf("%s: <server> %s for %s, password %s (run Maven with \"mvn-dxai exec -- mvn …\")", where, t.serverID, s.Username, EnvPassword)
	case e.Token != "" && s.Password != e.Token:
		// sync writes only what init recorded, and init did not record this file.
		return false, "maven", fmt.Sprintf("%s: <server> %s holds another token than the keyring: run \"mvn-dxai init\"", where, t.serverID)
	}
	// A password that is not a token (the user's own) is not shown at all.
	return true, "maven", fmt.Sprintf("%s: <server> %s for %s, token %s", where, t.serverID, s.Username, doctor.MaskPassword(s.Password))
}

func dockerStatus(u *ui, t targets) (bool, string, string) {
	where := u.path(t.docker)
	c, exists, err := dockerconfig.Load(t.docker)
	switch {
	case err != nil:
		return false, "docker", fmt.Sprintf("%v", err)
	case !exists:
		return false, "docker", fmt.Sprintf("%s does not exist: run \"mvn-dxai init\"", where)
	}
	if missing := c.NotSentTo(HelperName, t.served); len(missing) > 0 {
		return false, "docker", fmt.Sprintf("%s: credHelpers does not send %s to %s, so docker does not get the token there: run \"mvn-dxai init\"",
			where, andList(missing), HelperName)
	}
	return true, "docker", fmt.Sprintf("%s: credHelpers %s", where, arrows(t.served))
}

// andList writes items as a sentence does: "a", "a and b", "a, b and c".
func andList(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}
