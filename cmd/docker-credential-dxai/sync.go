package main

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/dynamixs-ai/dxai/credstore"
)

// companion is the setup CLI that owns settings.xml.
const companion = "mvn-dxai"

// syncMaven returns the hook that carries a token stored by docker login
// into the settings.xml that mvn-dxai init set up, so rotating the token
// needs no other command. The helper runs "mvn-dxai sync --after-store"
// rather than editing XML itself: get, which runs on every pull, then
// loads no XML code at all. A failure here never fails the login: it is
// reported with the command that finishes the job.
func syncMaven(stderr io.Writer) func(old, new credstore.Entry) {
	return func(old, new credstore.Entry) {
		path := findCompanion()
		if path == "" {
			if setUp() {
				sayTo(stderr, "warning", "the new token is in the keyring, but "+companion+" is not on PATH to update settings.xml")
				sayTo(stderr, "hint", `put it on PATH ("make install"), then run "mvn-dxai sync"`)
			}
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, path, "sync", "--after-store")
		cmd.Stdout, cmd.Stderr = stderr, stderr
		if err := cmd.Run(); err != nil {
			sayTo(stderr, "warning", "the new token is in the keyring, but settings.xml was not updated")
			sayTo(stderr, "hint", `fix what mvn-dxai said above, then run "mvn-dxai sync"`)
		}
	}
}

// findCompanion looks for mvn-dxai beside this binary, then on PATH.
func findCompanion() string {
	if self, err := os.Executable(); err == nil {
		p := filepath.Join(filepath.Dir(self), companion+filepath.Ext(self))
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p
		}
	}
	p, _ := exec.LookPath(companion)
	return p
}

// setUp reports whether mvn-dxai init recorded a setup here.
func setUp() bool {
	dir, err := os.UserConfigDir()
	if err != nil {
		return false
	}
	_, err = os.Stat(filepath.Join(dir, "dxai", "state.json"))
	return err == nil
}
