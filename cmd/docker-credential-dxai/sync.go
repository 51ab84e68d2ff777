package main

import (
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/dynamixs-ai/dxai/internal/atomicfile"
	"github.com/dynamixs-ai/dxai/internal/buildinfo"
	"github.com/dynamixs-ai/dxai/internal/handoff"
	"github.com/dynamixs-ai/dxai/internal/pathlook"
)

// companion is the setup CLI that owns settings.xml.
const companion = "mvn-dxai"

// handoffTimeout bounds the companion's work (handoff.Timeout): its waits
// for locks end sooner, with a message.
var handoffTimeout = handoff.Timeout

// handOff returns the hook that hands the rest of a store or erase to
// mvn-dxai (see package handoff for the contract): it carries a token that
// docker login stored into every plain-text copy init made, or removes it
// from them after docker logout, so neither needs another command. A
// failure here never fails the login or logout: it is reported with the
// command that finishes the job. mvn-dxai is looked for on getenv's PATH
// and runs in the environment environ lists: the helper's, as main gives
// it.
func handOff(stderr io.Writer, getenv func(string) string, environ func() []string) func(event string) {
	return func(event string) {
		finish := `run "mvn-dxai sync"`
		if event == handoff.Erase {
			finish = `run "mvn-dxai logout" to remove it`
		}
		found := findCompanion(getenv)
		path := found.Path
		var unsafe *atomicfile.UnsafeError
		switch {
		case errors.As(found.Refused, &unsafe):
			sayTo(stderr, "warning", "settings.xml was not updated: "+unsafe.Error())
			sayTo(stderr, "hint", unsafe.Fix()+", then "+finish)
			return
		case found.Refused != nil:
			sayTo(stderr, "warning", "settings.xml was not updated: checking "+found.Unsafe+": "+found.Refused.Error())
			sayTo(stderr, "hint", "check the file's permissions, then "+finish)
			return
		case found.Relative != "":
			sayTo(stderr, "warning", "settings.xml was not updated: PATH finds "+companion+" first through a relative entry ("+found.Relative+"), which is not run")
			sayTo(stderr, "hint", "put an absolute folder holding it before that entry, then "+finish)
			return
		case path == "":
			sayTo(stderr, "warning", "settings.xml was not updated: "+companion+" is not on PATH")
			sayTo(stderr, "hint", `put it on PATH ("make install"), then `+finish)
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), handoffTimeout)
		defer cancel()
		cmd := exec.CommandContext(ctx, path, handoff.Args(event, buildinfo.Get().Version)...)
		cmd.Env = environ()
		out := &voiced{w: stderr}
		cmd.Stdout, cmd.Stderr = out, out // one pipe: lines stay whole and in order
		cmd.WaitDelay = time.Second       // a grandchild holding the pipe cannot keep us
		err := cmd.Run()
		out.Close()
		var exit *exec.ExitError
		switch {
		case err == nil:
		case errors.As(err, &exit) && exit.ExitCode() == handoff.ExitContract:
			// mvn-dxai named both versions and the fix.
		case ctx.Err() != nil:
			// Killed: it had no chance to say why.
			sayTo(stderr, "warning", "settings.xml was not updated: "+companion+" did not finish within "+handoffTimeout.String()+" and was stopped")
			sayTo(stderr, "hint", finish+": it says what held it up")
		default:
			sayTo(stderr, "warning", "settings.xml was not updated: "+companion+" failed ("+err.Error()+")")
			sayTo(stderr, "hint", `fix what is said above, then `+finish)
		}
	}
}

// findCompanion looks for mvn-dxai beside this binary, then on getenv's
// PATH, by pathlook's rules: an mvn-dxai that another user can change is
// found but refused, and not run.
func findCompanion(getenv func(string) string) pathlook.Found {
	if self, err := os.Executable(); err == nil {
		f := pathlook.Find(filepath.Dir(self), companion+filepath.Ext(self))
		if f.Path != "" || f.Refused != nil {
			return f
		}
	}
	return pathlook.Find(getenv("PATH"), companion)
}
