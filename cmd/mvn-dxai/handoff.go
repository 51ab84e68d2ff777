package main

import (
	"errors"
	"time"

	"github.com/dynamixs-ai/dxai/internal/atomicfile"
	"github.com/dynamixs-ai/dxai/internal/buildinfo"
	"github.com/dynamixs-ai/dxai/internal/handoff"
	"github.com/dynamixs-ai/dxai/internal/hint"
	"github.com/dynamixs-ai/dxai/internal/state"
)

// buildVersion is this build's version.
func buildVersion() string { return buildinfo.Get().Version }

// runHandoff is the companion's side of the helper's handoff (package
// handoff has the contract): after docker login stored a new token, it
// writes it into every plain-text copy init recorded; after docker logout
// erased it, it takes it out of them. It is not listed in the help: only
// docker-credential-dxai runs it.
func runHandoff(u *ui, args []string) error {
	req, err := handoff.Parse(args, buildVersion())
	if err != nil {
		if _, ok := err.(*handoff.MismatchError); ok {
			return contractError(u, err)
		}
		return hint.Usage(err.Error(), "this command is run by docker-credential-dxai, not by hand")
	}
	// The helper stops this run after handoff.Timeout: every wait for a
	// lock ends well before, so a held lock is reported here, by name,
	// with the command that finishes the job once its holder is done
	// (not the docker command, which would wait again).
	defer atomicfile.LimitWaits(time.Now().Add(handoff.LockWaits))()
	finish := `run "mvn-dxai sync"`
	if req.Event == handoff.Erase {
		finish = `run "mvn-dxai logout"`
	}
	err = handOver(u, req)
	if le := (*atomicfile.LockError)(nil); errors.As(err, &le) {
		le.Then = finish
	}
	return err
}

// handOver is runHandoff's work, once the request is understood.
func handOver(u *ui, req handoff.Request) error {
	// As sync: under the record's lock (see state.Held), which the helper
	// itself never takes, so it cannot be waiting for its own handoff.
	held, err := u.holdRecord()
	if err != nil {
		return err
	}
	defer held.Release()
	rec, err := u.loadRecord()
	if err != nil {
		return err
	}
	switch req.Event {
	case handoff.Store:
		store, err := u.openStore()
		if err != nil {
			return err
		}
		e, err := store.GetKeyring()
		if err != nil {
			return err
		}
		for _, c := range rec.Of(state.MavenSettings) {
			updated, gone, err := refreshCopy(u, c, e)
			if err != nil {
				return settingsThen(u, `run "mvn-dxai sync"`, err)
			}
			for _, id := range updated {
				u.note("updated <server> %s in %s with the new token", id, u.path(c.Path))
			}
			sayGone(u, "warning", rec, c, gone)
		}
	case handoff.Erase:
		for _, c := range rec.Of(state.MavenSettings) {
			if _, err := takeOutSettings(u, c, true); err != nil {
				return settingsThen(u, `run "mvn-dxai logout"`, err)
			}
		}
	}
	return nil
}
