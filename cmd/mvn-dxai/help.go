package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

// newFlags returns a flag set for a verb whose -h (and "mvn-dxai help
// VERB") prints its help on stdout, as the top-level help does, so that it
// can be paged: the user asked for it, it is not a diagnostic.
func newFlags(u *ui, name, args, help string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {
		fmt.Fprintf(u.out, "usage: %s\n\n%s\n", strings.TrimSpace("mvn-dxai "+name+" "+args), strings.TrimRight(help, "\n"))
		printFlags(u.out, fs)
	}
	return fs
}

// printFlags lists a verb's flags the way README and the error messages
// write them, --flag (the flag package's PrintDefaults writes -flag):
//
//	--settings FILE
//	      Maven settings file (default …)
//
// A value's placeholder is the word in `backquotes` in the flag's usage, if
// any (in capitals), else the last word of the flag's name in capitals (--server-id ID).
func printFlags(w io.Writer, fs *flag.FlagSet) {
	first := true
	fs.VisitAll(func(f *flag.Flag) {
		if hiddenFlags[f.Name] {
			return
		}
		if first {
			fmt.Fprintf(w, "\nflags:\n")
			first = false
		}
		kind, usage := flag.UnquoteUsage(f)
		line := "  --" + f.Name
		switch kind {
		case "":
			// a boolean flag takes no value
		case "string", "value", "int", "uint", "float", "duration":
			line += " " + strings.ToUpper(f.Name[strings.LastIndex(f.Name, "-")+1:])
		default:
			line += " " + strings.ToUpper(kind)
		}
		if !isZeroDefault(f) {
			usage += fmt.Sprintf(" (default %s)", f.DefValue)
		}
		fmt.Fprintf(w, "%s\n        %s\n", line, usage)
	})
}

// hiddenFlags are accepted but not listed: they are for other programs,
// not for people (sync --after-store, run by old helpers).
var hiddenFlags = map[string]bool{"after-store": true}

// describeSkips words --no-maven and --no-docker for a verb other than
// init, whose wording addTargetFlags gives them.
func describeSkips(fs *flag.FlagSet, maven, docker string) {
	fs.Lookup("no-maven").Usage = maven
	fs.Lookup("no-docker").Usage = docker
}

// isZeroDefault reports whether a flag's default is its type's zero value,
// which the help leaves unsaid.
func isZeroDefault(f *flag.Flag) bool {
	switch f.DefValue {
	case "", "false", "0", "0s":
		return true
	}
	return false
}
