package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/dynamixs-ai/dxai/credstore"
	"github.com/dynamixs-ai/dxai/dockerconfig"
	"github.com/dynamixs-ai/dxai/internal/atomicfile"
	"github.com/dynamixs-ai/dxai/internal/hint"
	"github.com/dynamixs-ai/dxai/internal/state"
	"github.com/dynamixs-ai/dxai/settingsxml"
)

const logoutHelp = `Remove everything init recorded: the token from the keyring (or the
--insecure-storage file), the <server> entries dxai added to settings.xml
(from a <server> you had before, only the password dxai wrote), dxai's
credHelpers entries from the docker config, dxai's Gradle init script
(~/.gradle/init.d/dxai.gradle), and the <servers> or credHelpers that init
created, if they are left empty, and the files and folders init created,
if nothing else is left in them. A <server> that init did
not record keeps everything but a password that is the stored token or
${env.DXAI_TOKEN}. It says what it removed and from where. Everything
else in those files stays as it is.
`

func runLogout(u *ui, args []string) error {
	var tf targetFlags
	var noGradle bool
	fs := newFlags(u, "logout", "[flags]", logoutHelp)
	addTargetFlags(fs, &tf)
	describeSkips(fs, "keep dxai's <server> in Maven's settings.xml", "keep dxai's credHelpers in the docker config")
	fs.BoolVar(&noGradle, "no-gradle", false, "keep dxai's Gradle init script")
	if err := parse(u, fs, args, 0); err != nil {
		return err
	}
	// The record's lock, held from before the record is read to the end
	// (see state.Held): with it held elsewhere, logout stops before it
	// removes anything.
	held, err := u.holdRecord()
	if err != nil {
		return err
	}
	defer held.Release()
	t, err := tf.resolve(u)
	if err != nil {
		return err
	}
	store, err := u.openStore()
	if err != nil {
		return err
	}
	t.sayRememberedID(u)
	copies, unlisted := logoutCopies(u, t, tf, noGradle)
	// Every file is parsed before any is edited: if one is malformed,
	// nothing changes and the token stays where it is.
	for _, c := range append(slices.Clone(copies), unlisted...) {
		if err := parseCopy(c); err != nil {
			return settingsAgain(u, "logout", err)
		}
	}
	var done []state.Copy // the copies to drop from the record
	var edited []string
	for _, c := range unlisted {
		stripped, err := takeOutUnlisted(u, c, store)
		if err != nil {
			return settingsAgain(u, "logout", err)
		}
		if stripped {
			edited = append(edited, u.path(c.Path))
		}
	}
	for _, c := range copies {
		switch c.Kind {
		case state.MavenSettings:
			changed, err := takeOutSettings(u, c, false)
			if err != nil {
				return settingsAgain(u, "logout", err)
			}
			if changed {
				edited = append(edited, u.path(c.Path))
			}
			tidyCreatedFile(u, c, settingsxml.New().Bytes())
			tidyCreatedDir(u, c)
		case state.DockerConfig:
			removed, emptied, err := unwireDocker(c)
			if err != nil {
				return err
			}
			if len(removed) > 0 {
				u.note("removed credHelpers %s from %s", strings.Join(removed, ", "), u.path(c.Path))
				edited = append(edited, u.path(c.Path))
			}
			if emptied {
				u.note("removed the empty credHelpers that init had added to %s", u.path(c.Path))
			}
			tidyCreatedFile(u, c, dockerconfig.New().Bytes())
			tidyCreatedDir(u, c)
		case state.GradleInit:
			if removeGradle(u, c.Path) {
				edited = append(edited, u.path(c.Path))
			}
			tidyGradleDirs(u, c)
		}
		done = append(done, c)
	}

	fileHad := store.File != nil && store.File.Exists()
	_, keyringErr := (&credstore.Store{Keyring: store.Keyring}).GetKeyring()
	removed, err := store.Delete()
	// A token file stays recorded unless it is gone: one that could not
	// be deleted (another user's, or reached through their link) still
	// holds the token.
	_, recErr := os.Lstat(held.path)
	serr := held.Update(func(r *state.Record) {
		for _, c := range done {
			r.Drop(c.Kind, c.Path)
		}
		for _, c := range r.Of(state.TokenFile) {
			if _, err := os.Lstat(c.Path); os.IsNotExist(err) {
				r.Drop(c.Kind, c.Path)
			}
		}
		if len(r.Copies) == 0 {
			*r = state.Record{}
		}
	})
	if serr != nil {
		// The error's own fix wins: a corrupt record's is deleting it,
		// a held lock's is finding its holder.
		hint.Print(u.errOut, prog, "warning", fmt.Errorf("could not update the setup record: %w", serr), `run "mvn-dxai logout" again once that is fixed`)
	}
	// Said last, once the token is gone too, and after letting go of the
	// record's lock, whose file is in the lock folder (see
	// tidyOwnFolders).
	tidy := func() {
		held.Release()
		if serr == nil {
			tidyOwnFolders(u, held.path, recErr == nil)
		}
	}
	var unavailable *credstore.UnavailableError
	switch {
	case err != nil && t.record.EnvToken && !fileHad && errors.As(err, &unavailable):
		// The environment-token setup stored the token nowhere: the
		// keyring being out of reach leaves nothing behind.
		u.note("environment-token setup: init stored no token here (no keyring), so there was none to remove beyond the wiring; unset %s to stop docker and Maven using it",
			credstore.EnvToken)
		tidy()
		return nil
	case err != nil && len(edited) == 0 && !fileHad && u.getenv(credstore.EnvToken) != "" && errors.As(err, &unavailable):
		// Nothing was set up here, and DXAI_TOKEN stands in for a
		// keyring this session cannot reach (a second logout of the
		// environment-token setup): setting the variable is no fix.
		u.note("nothing to remove: not set up here, and the keyring cannot be reached (%s), so it was not checked for a token", unavailable.Reason)
		u.hint(`unset %s to stop docker and Maven using it; if a token may be stored in the keyring, %s, then run "mvn-dxai logout" again`,
			credstore.EnvToken, unavailable.KeyringFix())
		return nil
	case err != nil && len(edited) > 0 && errors.As(err, &unavailable):
		// The files are clean; only the keyring entry is left.
		u.line("error", "removed dxai from %s, but the keyring could not be reached, so the token is still stored there: %s",
			strings.Join(edited, " and "), unavailable.Reason)
		u.hint("%s", unavailable.Fix())
		u.hint(`once the keyring can be reached, run "mvn-dxai logout" again to remove the token`)
		return exitCode(1)
	case err != nil:
		return err
	}
	if fileHad {
		u.note("removed the token from the plain-text file %s (--insecure-storage), and the file", u.path(store.File.Path))
	}
	if removed && keyringErr == nil {
		u.note("removed the token from the keyring")
	}
	if len(edited) == 0 && !removed {
		u.note("nothing to remove: not set up")
	}
	tidy()
	return nil
}

// tidyOwnFolders removes what dxai keeps for itself once logout has left
// nothing set up: it says that the setup record at recPath went (when
// there was one), and removes dxai's config folder and its lock folder
// when they are empty. A folder still holding something stays (another
// process's lock, a token file logout could not remove); removing an empty
// lock folder never breaks a lock (atomicfile.RemoveLockDir). Failing to
// is only untidy.
func tidyOwnFolders(u *ui, recPath string, hadRecord bool) {
	if _, err := os.Lstat(recPath); recPath == "" || !errors.Is(err, fs.ErrNotExist) {
		return // something is still recorded
	}
	// Without a record, this run made the folders itself (its lock on
	// the record): they go without a word.
	say := func(format string, args ...any) {
		if hadRecord {
			u.note(format, args...)
		}
	}
	say("removed the setup record %s: init recorded nothing else", u.path(recPath))
	own := filepath.Dir(recPath)
	if locks := filepath.Join(own, "locks"); atomicfile.RemoveLockDir(locks) {
		say("removed dxai's lock folder %s, empty", u.path(locks))
	}
	if fi, err := os.Lstat(own); err == nil && fi.IsDir() && os.Remove(own) == nil {
		say("removed dxai's config folder %s, empty", u.path(own))
	}
}

// tidyCreatedDir removes the folder of copy c's file when init created
// it (state.Copy.CreatedDir) and it is empty again, and says so.
func tidyCreatedDir(u *ui, c state.Copy) {
	if c.CreatedDir {
		removeEmptyDir(u, filepath.Dir(c.Path))
	}
}

// removeEmptyDir removes dir, a folder init had created, when it is still
// a folder and empty, says so, and reports whether it did. One that is
// not empty stays: something else is in it now.
func removeEmptyDir(u *ui, dir string) bool {
	if fi, err := os.Lstat(dir); err != nil || !fi.IsDir() {
		return false // gone, or replaced by something that is not a folder
	}
	if os.Remove(dir) != nil {
		return false
	}
	u.note("removed %s, which init had created and which is empty again", u.path(dir))
	return true
}

// logoutCopies are the copies logout removes: every one init recorded
// (but not the Maven, docker or Gradle ones with --no-maven, --no-docker
// or noGradle), and
// the files the flags name, as init would have written them, when the
// record does not list them. A <server> the record does not list is the
// user's, not dxai's: it comes back apart, in unlisted, for
// takeOutUnlisted.
func logoutCopies(u *ui, t targets, tf targetFlags, noGradle bool) (out, unlisted []state.Copy) {
	for _, c := range t.record.Copies {
		switch {
		case c.Kind == state.MavenSettings && tf.noMaven:
			sayTokenStays(u, c)
			continue
		case c.Kind == state.DockerConfig && tf.noDocker, c.Kind == state.GradleInit && noGradle, c.Kind == state.TokenFile:
			continue
		}
		out = append(out, c)
	}
	if t.settings != "" {
		c, _ := t.record.Find(state.MavenSettings, t.settings)
		if !slices.ContainsFunc(c.Servers, func(s state.Server) bool { return s.ID == t.serverID }) {
			unlisted = append(unlisted, state.Copy{Kind: state.MavenSettings, Path: t.settings,
				Servers: []state.Server{{ID: t.serverID, Form: state.FormToken}}})
		}
	}
	if t.docker != "" {
		if _, ok := t.record.Find(state.DockerConfig, t.docker); !ok {
			out = append(out, state.Copy{Kind: state.DockerConfig, Path: t.docker, CredHelpers: t.served})
		}
	}
	if len(t.record.Of(state.GradleInit)) == 0 && !noGradle {
		if path, _, err := gradleScript(u, t.record); err == nil {
			out = append(out, state.Copy{Kind: state.GradleInit, Path: path}) // removed only if dxai's
		}
	}
	return out, unlisted
}

// sayTokenStays warns, for logout --no-maven, that recorded copy c keeps
// the token in plain text, when it does, with how to take it out.
func sayTokenStays(u *ui, c state.Copy) {
	if !c.HoldsToken() {
		return
	}
	var ids []string
	for _, s := range c.Servers {
		if s.Form == state.FormToken || c.Form == state.FormToken {
			ids = append(ids, s.ID)
		}
	}
	u.warn("the token stays in plain text in %s (<server> %s): --no-maven leaves dxai's <server> there", u.path(c.Path), strings.Join(ids, ", "))
	if _, _, err := settingsxml.Load(c.Path); err != nil && hint.Of(err) == "" {
		u.hint(`%s, then run "mvn-dxai logout" to remove it`, fixLine(u, c.Path, err))
		return
	}
	u.hint(`run "mvn-dxai logout" to remove it`)
}

// tidyCreatedFile removes copy c's file when init created it and only
// empty is left (see removeCreatedFile), and says so. Failing to is only
// untidy: logout goes on.
func tidyCreatedFile(u *ui, c state.Copy, empty []byte) {
	removed, err := removeCreatedFile(c, empty)
	switch {
	case err != nil:
		u.warn("could not remove %s, which init had created and which is empty again: %v", u.path(c.Path), err)
		u.hint("delete it by hand if you do not want it")
	case removed:
		u.note("removed %s, which init had created and which is empty again", u.path(c.Path))
	}
}

// parseCopy checks that a copy's file can be read and edited.
func parseCopy(c state.Copy) error {
	switch c.Kind {
	case state.MavenSettings:
		if _, _, err := settingsxml.Load(c.Path); err != nil {
			return settingsError(c.Path, err)
		}
	case state.DockerConfig:
		if _, _, err := dockerconfig.Load(c.Path); err != nil {
			return dockerError(err)
		}
	}
	return nil
}

// takeOutUnlisted takes dxai's password out of a <server> that copy c
// names but the record does not list: the user's, as far as logout knows
// (a setup from before the record, a deleted record, a second logout). Only
// a password that is ${env.DXAI_TOKEN} or the stored token goes; any other
// stays, and logout says so. It reports whether it changed the file.
func takeOutUnlisted(u *ui, c state.Copy, store *credstore.Store) (bool, error) {
	id := c.Servers[0].ID
	doc, _, err := settingsxml.Load(c.Path)
	if err != nil {
		return false, settingsError(c.Path, err)
	}
	var token string // read only when a password needs it
	var unread error
	for _, s := range doc.Servers(id) {
		if s.Password != "" && s.Password != EnvPassword {
			var e credstore.Entry
			e, unread = store.GetKeyring()
			token = e.Token
			break
		}
	}
	ours := func(pw string) bool { return pw == EnvPassword || token != "" && pw == token }
	var stripped, foreign bool
	changed, err := settingsxml.Update(c.Path, func(d *settingsxml.Doc) error {
		stripped, foreign = false, false
		var found bool
		for _, s := range d.Servers(id) {
			switch {
			case s.Password == "":
			case ours(s.Password):
				found = true
			default:
				foreign = true
			}
		}
		if found && !foreign {
			stripped = d.RemovePassword(id) > 0
		}
		return nil
	})
	if err != nil {
		return false, settingsError(c.Path, err)
	}
	where := u.path(c.Path)
	switch {
	case stripped:
		u.note("removed the password dxai had written from your <server> %s in %s (the rest of it stays)", id, where)
	case foreign && unread != nil && !errors.Is(unread, credstore.ErrNotFound):
		u.note("left <server> %s in %s as it is: the setup record does not list it as dxai's, and the stored token could not be read to compare with its password", id, where)
		u.hint(`if dxai wrote that password, run "mvn-dxai logout" again once the keyring can be reached, or delete its <password> line by hand`)
	case foreign:
		u.note("left <server> %s in %s as it is: its password is not the stored token, and the setup record does not list it as dxai's", id, where)
		u.hint("if dxai wrote that password, delete its <password> line by hand; the rest of the <server> is yours")
	}
	return changed, nil
}
