package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/dynamixs-ai/dxai/credstore"
)

// companion is the setup CLI that owns settings.xml.
const companion = "mvn-dxai"

// syncTimeout bounds "mvn-dxai sync --after-store". Its own waits end
// sooner (a held lock after 10 s, with a message), so this only stops a
// companion that hangs without a word.
var syncTimeout = 30 * time.Second

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
		ctx, cancel := context.WithTimeout(context.Background(), syncTimeout)
		defer cancel()
		cmd := exec.CommandContext(ctx, path, "sync", "--after-store")
		cmd.Stdout, cmd.Stderr = stderr, stderr
		cmd.WaitDelay = time.Second // a grandchild holding the pipe cannot keep us
		if err := cmd.Run(); err != nil {
			sayTo(stderr, "warning", "the new token is in the keyring, but settings.xml was not updated")
			if ctx.Err() != nil {
				// Killed: it had no chance to say why.
				sayTo(stderr, "hint", fmt.Sprintf(`"mvn-dxai sync" did not finish within %v and was stopped; run "mvn-dxai sync" yourself to see what holds it up`, syncTimeout))
			} else {
				sayTo(stderr, "hint", `fix what mvn-dxai said above, then run "mvn-dxai sync"`)
			}
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
