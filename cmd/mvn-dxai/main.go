// Command mvn-dxai sets up and checks the shared dxai GitHub token for
// Maven and Docker: it stores the token in the OS keyring once, writes the
// dynamixs-ai <server> into settings.xml and the credHelpers entry into the
// docker config, and keeps them right (sync, status, doctor, logout, exec).
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/dynamixs-ai/dxai/internal/buildinfo"
	"github.com/dynamixs-ai/dxai/internal/handoff"
	"github.com/dynamixs-ai/dxai/internal/hint"
	"github.com/dynamixs-ai/dxai/tokenshape"
)

const usage = `usage: mvn-dxai <command> [flags]

One GitHub token, kept in your OS keyring, for the dynamixs-ai packages on
ghcr.io (Docker) and maven.pkg.github.com (Maven).

commands:
  init         store your token in the keyring and wire Maven and Docker to it
  sync         rewrite the Maven server entry from the keyring (after a token change)
  status       show what is configured where (token masked)
  doctor       check everything and say how to fix what is wrong
  exec         run a command with DXAI_TOKEN and DXAI_USERNAME set from the keyring
  token        print the token, for scripts: mvn-dxai token | helm registry login …
  kube-secret  print (or --apply) a Kubernetes image pull secret for the registries
  logout       remove the token from the keyring, settings.xml, the docker config and the Gradle script
  version      print the version
  help         show this help, or "mvn-dxai help COMMAND" for one command

Run "mvn-dxai init" first.
`

// command is one verb; the usage text above describes each.
type command struct {
	run func(u *ui, args []string) error
}

var commands map[string]command

func init() {
	commands = map[string]command{
		"init":        {runInit},
		"sync":        {runSync},
		"status":      {runStatus},
		"doctor":      {runDoctor},
		"exec":        {runExec},
		"token":       {runToken},
		"kube-secret": {runKubeSecret},
		"logout":      {runLogout},
		"version":     {runVersion},
		"help":        {runHelp},
		// run by docker-credential-dxai only; not in the usage
		handoff.Verb: {runHandoff},
	}
}

func main() {
	os.Exit(run(newUI(), os.Args[1:]))
}

// run dispatches and turns errors into the exit code: 0 success, 1 a
// failure, 2 a wrong command line.
func run(u *ui, args []string) int {
	if len(args) == 0 {
		fmt.Fprint(u.errOut, usage)
		return 2
	}
	name := args[0]
	switch name {
	case "-h", "--help":
		name = "help"
	case "-v", "--version":
		name = "version"
	}
	cmd, ok := commands[name]
	if !ok {
		err := hint.Usage(fmt.Sprintf("unknown command %q", name), suggest(name))
		u.printError(err)
		return 2
	}
	switch name {
	case "init", "sync", "status", "doctor", "logout":
		u.warnSudo()
	}
	err := cmd.run(u, args[1:])
	var exit exitCode
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &exit):
		return int(exit)
	case hint.IsUsage(err):
		u.printError(err)
		return 2
	default:
		u.printError(err)
		return 1
	}
}

// exitCode ends the program with that status and no message (exec passes
// its child's status through; status and doctor have printed theirs).
type exitCode int

func (e exitCode) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// suggest names the closest command.
func suggest(name string) string {
	best, bestD := "", 3
	for c := range commands {
		if c == handoff.Verb {
			continue
		}
		if d := distance(name, c); d < bestD {
			best, bestD = c, d
		}
	}
	if best != "" {
		return fmt.Sprintf("did you mean \"mvn-dxai %s\"? run \"mvn-dxai help\" for the commands", best)
	}
	return `run "mvn-dxai help" for the commands`
}

// distance is the Levenshtein distance.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// parse parses flags, turning mistakes into usage errors with a way out.
// The flag package calls fs.Usage itself on -h and on every mistake; the
// help is printed here instead, once and only for -h, so that a mistake
// gets its error and hint alone.
func parse(u *ui, fs *flag.FlagSet, args []string, maxArgs int) error {
	usage := fs.Usage
	fs.Usage = func() {}
	err := fs.Parse(args)
	fs.Usage = usage
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.Usage()
			return err
		}
		msg := strings.TrimPrefix(err.Error(), "flag provided but not defined: ")
		if msg != err.Error() {
			return unknownFlag(fs, asTyped(msg, args))
		}
		return hint.Usage(err.Error(), fmt.Sprintf("run \"mvn-dxai %s -h\" for its flags", fs.Name()))
	}
	if err := emptyFlag(fs); err != nil {
		return err
	}
	if maxArgs >= 0 && fs.NArg() > maxArgs {
		if extra := fs.Arg(maxArgs); tokenShaped(extra) {
			return cmdlineTokenError()
		}
		return hint.Usage(fmt.Sprintf("unexpected argument %q", fs.Arg(maxArgs)),
			fmt.Sprintf("run \"mvn-dxai %s -h\" for its usage", fs.Name()))
	}
	return nil
}

// emptyValue says, for each flag whose empty value would silently mean its
// default, why it cannot be empty and what to do instead.
var emptyValue = map[string]struct{ why, fix string }{
	"settings": {"it must name a Maven settings file",
		"drop it to use ~/.m2/settings.xml (or the one init used), or give a path, e.g. --settings ~/.m2/settings.xml"},
	"server-id": {"it must equal the repository id in your POMs",
		"drop it to use " + DefaultServerID + ", or give the id, e.g. --server-id github"},
	"username": {"it must be your GitHub login",
		"give your GitHub login, e.g. --username octocat, or drop the flag (init then takes the token's login, or asks)"},
	"github-host": {"it must name a GitHub Enterprise Server host",
		"drop it to use github.com, or give the bare host, e.g. --github-host github.example.com"},
}

// emptyFlag refuses a flag given explicitly with an empty value.
func emptyFlag(fs *flag.FlagSet) error {
	var err error
	fs.Visit(func(f *flag.Flag) {
		if e, ok := emptyValue[f.Name]; ok && err == nil && f.Value.String() == "" {
			err = hint.Usage(fmt.Sprintf("--%s is empty: %s", f.Name, e.why), e.fix)
		}
	})
	return err
}

// cmdlineTokenError refuses a token given on the command line.
func cmdlineTokenError() error {
	return hint.Usage("a token is never taken from the command line: every process on this machine can read it there",
		"pipe it in with --token-stdin, set DXAI_TOKEN, or run \"mvn-dxai init\" in a terminal to be asked for it")
}

// tokenShaped reports whether a command-line argument looks like a GitHub
// token (by its prefix or as 40 hexadecimal digits).
func tokenShaped(arg string) bool {
	if kind, _, _ := tokenshape.Check(arg); kind != tokenshape.Unknown {
		return true
	}
	return tokenshape.Like(arg)
}

// asTyped is the flag package's "-name" as the user typed it in args
// (-v or --v), without any =value, which may be a secret.
func asTyped(name string, args []string) string {
	bare := strings.TrimLeft(name, "-")
	for _, a := range args {
		if a == "--" {
			break
		}
		flagName, _, _ := strings.Cut(a, "=")
		if strings.HasPrefix(flagName, "-") && strings.TrimLeft(flagName, "-") == bare {
			return flagName
		}
	}
	return "--" + bare
}

// unknownFlag refuses flag name (with its dashes as typed), with the
// closest known flag.
func unknownFlag(fs *flag.FlagSet, name string) error {
	bare := strings.TrimLeft(name, "-")
	if bare == "token" || strings.HasPrefix(bare, "token=") || bare == "password" || bare == "p" {
		return cmdlineTokenError()
	}
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	sort.Strings(names)
	best, bestD := "", 3
	for _, n := range names {
		if d := distance(bare, n); d < bestD {
			best, bestD = n, d
		}
	}
	fix := fmt.Sprintf("run \"mvn-dxai %s -h\" for its flags", fs.Name())
	if best != "" {
		fix = fmt.Sprintf("did you mean --%s? %s", best, fix)
	}
	return hint.Usage("unknown flag "+name, fix)
}

func runVersion(u *ui, args []string) error {
	fs := newFlags(u, "version", "", "Print the version, commit and Go version.")
	if err := parse(u, fs, args, 0); err != nil {
		return err
	}
	fmt.Fprintln(u.out, buildinfo.Line(prog))
	return nil
}

func runHelp(u *ui, args []string) error {
	if len(args) == 1 && (args[0] == "-h" || args[0] == "--help") {
		args = nil
	}
	if len(args) == 1 && args[0] == "help" {
		args = nil // "mvn-dxai help help": the help is the top-level one
	}
	if len(args) == 1 {
		if c, ok := commands[args[0]]; ok && args[0] != "help" && args[0] != handoff.Verb {
			return c.run(u, []string{"-h"})
		}
		return hint.Usage(fmt.Sprintf("no help for %q", args[0]), suggest(args[0]))
	}
	fmt.Fprint(u.out, usage)
	return nil
}
