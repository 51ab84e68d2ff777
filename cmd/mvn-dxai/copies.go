package main

// This file keeps the copies init recorded (internal/state) in step: init
// wires them, sync and the helper's store refresh the plain-text ones, the
// helper's erase takes the token out of them, and logout removes them.

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/dynamixs-ai/dxai/credstore"
	"github.com/dynamixs-ai/dxai/dockerconfig"
	"github.com/dynamixs-ai/dxai/internal/atomicfile"
	"github.com/dynamixs-ai/dxai/internal/state"
	"github.com/dynamixs-ai/dxai/settingsxml"
)

// wireSettings writes our server s into the settings file, moving it from
// the ids dxai owned there before (prev, from the record): each is taken
// out as logout would (see takeOut.server). envOnly says form is FormEnv
// only for want of a keyring (state.Server.EnvOnly). It returns the copy
// to record.
func wireSettings(u *ui, prev state.Copy, path string, s settingsxml.Server, form state.Form, envOnly bool) (state.Copy, bool, error) {
	var hadServers bool
	var out takeOut
	var replaced userServer
	_, statErr := os.Stat(path)
	missing := errors.Is(statErr, fs.ErrNotExist) // init creates the file
	dirMissing := folderMissing(path)
	changed, matched, err := editServer(u, path, s.ID, form == state.FormToken, func(d *settingsxml.Doc) (int, error) {
		out = takeOut{}
		hadServers = d.HasServers()
		for _, old := range prev.Servers {
			if old.ID != s.ID {
				out.server(d, old, false)
			}
		}
		replaced = replacedOf(d, prev, s)
		return d.Upsert(s), nil
	})
	if err != nil {
		return state.Copy{}, false, err
	}
	out.say(u, path, false, s.ID)
	replaced.warn(u, path, s.ID)
	created := matched == 0
	oldUsername := replaced.username
	for _, old := range prev.Servers {
		if old.ID == s.ID {
			created = created || old.Created
			oldUsername = cmp.Or(oldUsername, old.OldUsername)
		}
	}
	if created {
		oldUsername = ""
	}
	c := state.Copy{Kind: state.MavenSettings, Path: path,
		Servers:       []state.Server{{ID: s.ID, Form: form, Created: created, OldUsername: oldUsername, EnvOnly: envOnly}},
		CreatedParent: prev.CreatedParent || !hadServers, CreatedFile: prev.CreatedFile || missing && changed,
		CreatedDir: prev.CreatedDir || dirMissing && changed}
	return c, changed, nil
}

// takeOut is what taking dxai's <server> entries out of a settings file
// did.
type takeOut struct {
	gone, stripped []string
	restored       []state.Server
}

// server takes dxai's <server> s out of d as the record says dxai left
// it: one dxai created goes whole; from one the user had, the password
// dxai wrote goes and the username dxai replaced comes back. With
// secretOnly (the helper's erase) only a password that is the token goes,
// and the rest stays as it is. logout and init's move to another
// --server-id both take servers out through here.
func (t *takeOut) server(d *settingsxml.Doc, s state.Server, secretOnly bool) {
	switch {
	case secretOnly && s.Form != state.FormToken:
	case !secretOnly && s.Created:
		if d.Remove(s.ID) > 0 {
			t.gone = append(t.gone, s.ID)
		}
	default:
		if d.RemovePassword(s.ID) > 0 {
			t.stripped = append(t.stripped, s.ID)
		}
		if !secretOnly && s.OldUsername != "" && d.SetUsername(s.ID, s.OldUsername) > 0 {
			t.restored = append(t.restored, s)
		}
	}
}

// say tells what was taken out of the file at path. movedTo, when not "",
// is the <server> id the token went to instead (init's move).
func (t takeOut) say(u *ui, path string, secretOnly bool, movedTo string) {
	where, now := u.path(path), ""
	if movedTo != "" {
		now = ": the token is under <server> " + movedTo + " now"
	}
	for _, id := range t.gone {
		if movedTo != "" {
			u.note("removed <server> %s, which init had added, from %s%s", id, where, now)
		} else {
			u.note("removed <server> %s from %s", id, where)
		}
	}
	for _, id := range t.stripped {
		if secretOnly {
			u.note("removed the token from <server> %s in %s", id, where)
		} else {
			u.note("removed the password dxai had written from your <server> %s in %s (the rest of it stays)%s", id, where, now)
		}
	}
	for _, s := range t.restored {
		u.note("put the username %q back into your <server> %s in %s", s.OldUsername, s.ID, where)
	}
}

// userServer is what init replaced in a <server> the user had before dxai
// took it over: the username to put back ("" when it was dxai's own or the
// same), and whether a password of the user's went.
type userServer struct {
	username string
	password bool
}

// replacedOf is what writing s replaces in the user's own <server> s.ID,
// the first time dxai takes it over (prev, from the record, does not list
// it yet).
func replacedOf(d *settingsxml.Doc, prev state.Copy, s settingsxml.Server) userServer {
	if slices.ContainsFunc(prev.Servers, func(p state.Server) bool { return p.ID == s.ID }) {
		return userServer{}
	}
	var r userServer
	for _, old := range d.Servers(s.ID) {
		if old.Username != "" && old.Username != s.Username && r.username == "" {
			r.username = old.Username
		}
		if old.Password != "" && old.Password != s.Password && old.Password != EnvPassword {
			r.password = true
		}
	}
	return r
}

// warn says what init replaced in the user's <server>, never showing the
// old password, and what logout can put back.
func (r userServer) warn(u *ui, path, id string) {
	var what string
	switch {
	case r.password && r.username != "":
		what = fmt.Sprintf("the password and username %q", r.username)
	case r.password:
		what = "the password"
	case r.username != "":
		what = fmt.Sprintf("the username %q", r.username)
	default:
		return
	}
	u.warn("replaced %s of your <server> %s in %s", what, id, u.path(path))
	switch {
	case r.password && r.username != "":
		u.hint("logout puts the username back, but not the old password, which dxai does not keep: write it in again by hand after logout if you need it")
	case r.password:
		u.hint("logout cannot put the old password back, which dxai does not keep: write it in again by hand after logout if you need it")
	default:
		u.hint("logout puts the username back")
	}
}

// refreshSettings writes e into every server of copy c that holds the
// token, if the server is still there. It reports the ids it updated.
func refreshSettings(u *ui, c state.Copy, e credstore.Entry) ([]string, error) {
	var updated []string
	for _, s := range c.Servers {
		if s.Form != state.FormToken {
			continue
		}
		srv := serverFor(s.ID, e, true)
		changed, _, err := editServer(u, c.Path, s.ID, true, func(d *settingsxml.Doc) (int, error) {
			if len(d.Servers(s.ID)) == 0 {
				return 0, errLeave
			}
			return d.Upsert(srv), nil
		})
		if err != nil {
			return updated, err
		}
		if changed {
			updated = append(updated, s.ID)
		}
	}
	return updated, nil
}

// takeOutSettings removes from copy c's file what dxai put there: with
// secretOnly (erase), the password of every server holding the token; else
// (logout) each server as takeOut.server says, and <servers> when dxai
// created it and it is left empty. It says what it removed, and reports
// whether it changed the file.
func takeOutSettings(u *ui, c state.Copy, secretOnly bool) (bool, error) {
	var out takeOut
	var emptied bool
	changed, err := settingsxml.Update(c.Path, func(d *settingsxml.Doc) error {
		out, emptied = takeOut{}, false
		for _, s := range c.Servers {
			out.server(d, s, secretOnly)
		}
		if !secretOnly && c.CreatedParent {
			emptied = d.RemoveEmptyServers()
		}
		return nil
	})
	if err != nil {
		return false, settingsError(c.Path, err)
	}
	out.say(u, c.Path, secretOnly, "")
	if emptied {
		u.note("removed the empty <servers> that init had added to %s", u.path(c.Path))
	}
	return changed, nil
}

// wireDocker maps every served registry to our helper in the docker config
// and removes the plaintext credentials it replaces; keys dxai set before
// (prev, from the record) that are no longer served go. It returns the
// copy to record.
func wireDocker(prev state.Copy, path string, served []string) (c state.Copy, changed, removedAuth, dropped []string, err error) {
	var hadHelpers bool
	_, statErr := os.Stat(path)
	dirMissing := folderMissing(path)
	_, err = dockerconfig.Update(path, func(cfg *dockerconfig.Config) error {
		changed, removedAuth, dropped = nil, nil, nil
		hadHelpers = cfg.HasCredHelpers()
		for _, host := range served {
			if cfg.SetCredHelper(host, HelperName) {
				changed = append(changed, host)
			}
			removedAuth = append(removedAuth, cfg.RemoveAuth(host)...)
		}
		for _, host := range prev.CredHelpers {
			if !slices.Contains(served, host) && cfg.RemoveCredHelper(host, HelperName) {
				dropped = append(dropped, host)
			}
		}
		return nil
	})
	if err != nil {
		return c, nil, nil, nil, dockerError(err)
	}
	c = state.Copy{Kind: state.DockerConfig, Path: path, CredHelpers: slices.Clone(served),
		CreatedParent: prev.CreatedParent || !hadHelpers,
		CreatedFile:   prev.CreatedFile || errors.Is(statErr, fs.ErrNotExist) && len(changed) > 0,
		CreatedDir:    prev.CreatedDir || dirMissing && len(changed) > 0}
	return c, changed, removedAuth, dropped, nil
}

// unwireDocker removes copy c's credHelpers entries, and only ours, and
// "credHelpers" itself when dxai created it and it is left empty.
func unwireDocker(c state.Copy) (removed []string, emptied bool, err error) {
	if _, exists, err := dockerconfig.Load(c.Path); err != nil || !exists {
		return nil, false, dockerError(err)
	}
	_, err = dockerconfig.Update(c.Path, func(cfg *dockerconfig.Config) error {
		removed, emptied = nil, false
		for _, host := range c.CredHelpers {
			if cfg.RemoveCredHelper(host, HelperName) {
				removed = append(removed, host)
			}
		}
		if c.CreatedParent {
			emptied = cfg.RemoveEmptyCredHelpers()
		}
		return nil
	})
	return removed, emptied, dockerError(err)
}

// writeVerb is how init's note names what writing the file at path does:
// "created" when there is none yet, else "updated" (logout later says
// "which init had created").
func writeVerb(path string) string {
	if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) {
		return "created"
	}
	return "updated"
}

// folderMissing reports whether the folder the file at path goes in does
// not exist yet: writing the file then creates it (state.Copy.CreatedDir).
func folderMissing(path string) bool {
	_, err := os.Stat(filepath.Dir(path))
	return errors.Is(err, fs.ErrNotExist)
}

// removeCreatedFile removes copy c's file when init created it (see
// state.Copy.CreatedFile) and nothing is left in it but empty, the
// template init started it from: anything else, the user's. A link is
// not removed: init creates a plain file. It reports whether it removed it.
func removeCreatedFile(c state.Copy, empty []byte) (bool, error) {
	if !c.CreatedFile {
		return false, nil
	}
	fi, err := os.Lstat(c.Path)
	if err != nil || !fi.Mode().IsRegular() {
		return false, nil
	}
	unlock, err := atomicfile.Lock(c.Path)
	if err != nil {
		return false, err
	}
	defer unlock()
	data, err := os.ReadFile(c.Path)
	if err != nil || !bytes.Equal(data, empty) {
		return false, nil
	}
	if err := os.Remove(c.Path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return false, err
	}
	return true, nil
}
