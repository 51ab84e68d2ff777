package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/dynamixs-ai/dxai/credstore"
	"github.com/dynamixs-ai/dxai/internal/state"
	"github.com/dynamixs-ai/dxai/tokencheck"
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

// checkStatus is the outcome of one check.
type checkStatus string

const (
	statusOK   checkStatus = "ok"
	statusFail checkStatus = "fail"
	statusWarn checkStatus = "warn"
	statusSkip checkStatus = "skip"
)

// doctorMarks are how the outcomes show on a terminal.
var doctorMarks = map[checkStatus]string{statusOK: "✓", statusFail: "✗", statusWarn: "!", statusSkip: "-"}

// doctorCheck is one line of the report.
type doctorCheck struct {
	Name    string      `json:"name"`
	Status  checkStatus `json:"status"`
	Message string      `json:"message"`
	Fix     string      `json:"fix"`
}

type doctorInput struct {
	targetFlags
	offline, json bool
}

// doctor runs the checks and keeps what earlier checks found for the later
// ones.
type doctor struct {
	u      *ui
	in     doctorInput
	t      targets
	checks []doctorCheck

	// entry is the credential docker and exec get (DXAI_TOKEN over the
	// keyring); stored is the keyring's own, if it has one.
	entry  credstore.Entry
	stored credstore.Entry
	// storeKnown says the store could be read (stored is then what it
	// holds, or nothing); storeName names it in messages.
	storeKnown bool
	storeName  string
	// kind is the token's kind; badShape says it cannot be a token at all.
	kind     tokencheck.Kind
	badShape bool
}

func runDoctor(u *ui, args []string) error {
	var in doctorInput
	fs := newFlags(u, "doctor", "[flags]", doctorHelp)
	addTargetFlags(fs, &in.targetFlags)
	fs.BoolVar(&in.offline, "offline", false, "skip the checks that ask GitHub and the registries")
	fs.BoolVar(&in.json, "json", false, "print the result as JSON, for CI")
	if err := parse(u, fs, args, 0); err != nil {
		return err
	}
	if in.noMaven && in.settings != "" {
		return &usageError{msg: "--settings has no effect with --no-maven", fix: "drop one of them"}
	}
	return doctorCommand(u, in)
}

// doctorCommand runs every check, prints the report, and fails with exit
// status 1 when a check failed.
func doctorCommand(u *ui, in doctorInput) error {
	d := &doctor{u: u, in: in}
	t, err := in.resolve()
	if err != nil {
		fix := `delete the file and run "mvn-dxai init" again`
		var f fixer
		if errors.As(err, &f) {
			fix = f.Fix()
		}
		d.bad("setup", fix, "%v", err)
		return d.finish()
	}
	d.t = t
	ctx := context.Background()
	d.keyring()
	d.copies()
	d.online(ctx)
	if t.docker != "" {
		d.docker(ctx)
	}
	if !in.noMaven {
		d.maven()
	}
	d.gradle()
	return d.finish()
}

func (d *doctor) add(c doctorCheck) {
	d.checks = append(d.checks, c)
	if d.in.json {
		return
	}
	d.u.report("%s %s", doctorMarks[c.Status], c.Message)
	if c.Fix != "" && (c.Status == statusFail || c.Status == statusWarn) {
		d.u.report("  fix: %s", c.Fix)
	}
}

// ok records a check that passed.
func (d *doctor) ok(name, format string, args ...any) {
	d.add(doctorCheck{Name: name, Status: statusOK, Message: fmt.Sprintf(format, args...)})
}

// bad records a failed check and what fixes it.
func (d *doctor) bad(name, fix, format string, args ...any) {
	d.add(doctorCheck{Name: name, Status: statusFail, Message: fmt.Sprintf(format, args...), Fix: fix})
}

// warn records a problem that does not stop anything yet.
func (d *doctor) warn(name, fix, format string, args ...any) {
	d.add(doctorCheck{Name: name, Status: statusWarn, Message: fmt.Sprintf(format, args...), Fix: fix})
}

// skip records a check that could not or need not run.
func (d *doctor) skip(name, format string, args ...any) {
	d.add(doctorCheck{Name: name, Status: statusSkip, Message: fmt.Sprintf(format, args...)})
}

// finish prints the JSON report or the summary, and picks the exit status.
func (d *doctor) finish() error {
	failed, warned := 0, 0
	for _, c := range d.checks {
		switch c.Status {
		case statusFail:
			failed++
		case statusWarn:
			warned++
		}
	}
	if d.in.json {
		report := struct {
			OK     bool          `json:"ok"`
			Checks []doctorCheck `json:"checks"`
		}{failed == 0, d.checks}
		enc := json.NewEncoder(d.u.out)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(report); err != nil {
			return err
		}
	} else if n := failed + warned; n == 1 {
		d.u.note("%s: fix it, then run \"mvn-dxai doctor\" again", doctorTally(failed, warned))
	} else if n > 1 {
		d.u.note("%s: fix them from the top, then run \"mvn-dxai doctor\" again", doctorTally(failed, warned))
	}
	if failed > 0 {
		return exitCode(1)
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

// initFix is the init command line for the files doctor looked at.
func (d *doctor) initFix(settings string) string {
	return "run \"mvn-dxai init" + d.fileFlags(settings) + "\""
}

// syncFix is the sync command line for the files doctor looked at; sync
// reaches only what init recorded, so for anything else it is init's.
func (d *doctor) syncFix(settings string) string {
	if c, ok := d.t.record.Find(state.MavenSettings, settings); !ok || !slices.ContainsFunc(c.Servers, func(s state.Server) bool { return s.ID == d.t.serverID }) {
		return d.initFix(settings)
	}
	return `run "mvn-dxai sync"`
}

// fileFlags are the --settings and --server-id flags that name what doctor
// checked, when they differ from what init would pick by itself.
func (d *doctor) fileFlags(settings string) string {
	var s string
	recSettings, recID := d.t.record.Settings()
	if settings != "" && settings != first(recSettings, defaultSettings()) {
		s += " --settings " + d.u.path(settings)
	}
	if d.t.serverID != first(recID, DefaultServerID) {
		s += " --server-id " + d.t.serverID
	}
	return s
}

// recordedDocker is the docker config init last wired, if any.
func recordedDocker(r state.Record) string {
	if cs := r.Of(state.DockerConfig); len(cs) > 0 {
		return cs[0].Path
	}
	return ""
}
