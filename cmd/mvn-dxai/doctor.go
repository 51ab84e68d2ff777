package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/dynamixs-ai/dxai/internal/doctor"
	"github.com/dynamixs-ai/dxai/internal/hint"
	"github.com/dynamixs-ai/dxai/internal/state"
	"github.com/dynamixs-ai/dxai/tokenshape"
)

const doctorHelp = `Check everything the dxai token depends on, and say how to fix what is
wrong: the keyring and the token in it; what GitHub and each registry say
about the token (skipped with --offline); the docker config, the helper and
podman/skopeo's auth files; the settings.xml Maven reads and the pom.xml in
the current folder. One line per check on stdout:

  ✓ what is right
  ✗ what is wrong (exit status 1)
  ! what will bite later (exit status stays 0)
    fix: what to run or change

--json prints {"ok":…,"checks":[{"name","status","message","fix"}]} instead,
with status ok, fail, warn or skip. The token is only ever shown masked.
`

// doctorMarks are how the outcomes show on a terminal.
var doctorMarks = map[doctor.Status]string{doctor.OK: "✓", doctor.Fail: "✗", doctor.Warn: "!", doctor.Skip: "-"}

type doctorInput struct {
	targetFlags
	offline, json bool
}

func runDoctor(u *ui, args []string) error {
	var in doctorInput
	fs := newFlags(u, "doctor", "[flags]", doctorHelp)
	addTargetFlags(fs, &in.targetFlags)
	describeSkips(fs, "skip the Maven checks (settings.xml, pom.xml)", "skip the docker checks (docker config, helper)")
	fs.BoolVar(&in.offline, "offline", false, "skip the checks that ask GitHub and the registries")
	fs.BoolVar(&in.json, "json", false, "print the result as JSON, for CI")
	if err := parse(u, fs, args, 0); err != nil {
		return err
	}
	if in.noMaven && in.settings != "" {
		return hint.Usage("--settings has no effect with --no-maven", "drop one of them")
	}
	return doctorCommand(u, in)
}

// doctorCommand runs every check (package doctor), prints the report, and
// fails with exit status 1 when a check failed.
func doctorCommand(u *ui, in doctorInput) error {
	env := u.doctorEnv()
	if !in.json {
		env.Report = func(c doctor.Check) { printCheck(u, c) }
	}
	t, err := in.resolve(u)
	var checks []doctor.Check
	if err != nil {
		setup := doctor.Check{Name: "setup", Status: doctor.Fail, Message: err.Error(),
			Fix: hint.Of(err)}
		if env.Report != nil {
			env.Report(setup)
		}
		checks = []doctor.Check{setup}
	} else {
		skipped := t.dropSkipped(in.targetFlags)
		dt := doctor.Targets{ServerID: t.serverID, Docker: t.docker, Served: t.served, Record: t.record}
		di := doctor.Input{Settings: in.settings, NoMaven: in.noMaven, Offline: in.offline}
		for _, side := range skipped {
			di.NoMaven = di.NoMaven || side == state.SideMaven
			di.Skipped = append(di.Skipped, doctor.Check{Name: string(side), Status: doctor.Skip, Message: string(side) + ": " + skippedNote(side)})
		}
		checks = doctor.Run(context.Background(), env, di, dt)
	}
	if err := printDoctor(u, checks, in.json); err != nil {
		return err
	}
	if doctor.Failed(checks) {
		return exitCode(1)
	}
	return nil
}

// doctorEnv is the world doctor and status look at: this process's.
func (u *ui) doctorEnv() doctor.Env {
	return doctor.Env{Getenv: u.getenv, Home: u.home, WorkDir: u.workDir, Path: u.path, OpenStore: u.openStore, Now: u.now, HTTP: u.http}
}

// printCheck prints one check's line, and the fix of a failure or warning.
func printCheck(u *ui, c doctor.Check) {
	u.report("%s %s", doctorMarks[c.Status], c.Message)
	if c.Fix != "" && (c.Status == doctor.Fail || c.Status == doctor.Warn) {
		u.report("  fix: %s", c.Fix)
	}
}

// printDoctor prints the checks as JSON, or the summary after the lines
// printCheck printed.
func printDoctor(u *ui, checks []doctor.Check, asJSON bool) error {
	if asJSON {
		report := struct {
			OK     bool           `json:"ok"`
			Checks []doctor.Check `json:"checks"`
		}{!doctor.Failed(checks), checks}
		var b strings.Builder
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(report); err != nil {
			return err
		}
		// Masked as the text lines are (report): JSON never escapes a
		// token's characters, and a mask needs no escaping either.
		_, err := io.WriteString(u.out, tokenshape.Redact(b.String()))
		return err
	}
	failed, warned := 0, 0
	for _, c := range checks {
		switch c.Status {
		case doctor.Fail:
			failed++
		case doctor.Warn:
			warned++
		}
	}
	if n := failed + warned; n == 1 {
		u.note("%s: fix it, then run \"mvn-dxai doctor\" again", doctorTally(failed, warned))
	} else if n > 1 {
		u.note("%s: fix them from the top, then run \"mvn-dxai doctor\" again", doctorTally(failed, warned))
	}
	return nil
}

func doctorTally(failed, warned int) string {
	var parts []string
	if failed > 0 {
		parts = append(parts, doctorPlural(failed, "problem"))
	}
	if warned > 0 {
		parts = append(parts, doctorPlural(warned, "warning"))
	}
	return strings.Join(parts, " and ")
}

func doctorPlural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
