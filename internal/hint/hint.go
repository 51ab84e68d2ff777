// Package hint is the one way an error carries the way out of it, and the
// one way both binaries print it.
//
// An error that knows what fixes it has a Fix method (it is a Fixer);
// New, Usage and Wrap make such errors. A fix an error knows is never
// replaced: Wrap adds one only to an error that knows none, Append says
// more after it. Print writes an error and its fix
// in the voice both binaries share:
//
//	PROG: error: what went wrong
//	PROG: hint: what to run or change next
//
// Every line written through Line masks anything shaped like a GitHub
// token (tokenshape.Redact), so a message never repeats one, even one typed
// where a word was expected.
package hint

import (
	"errors"
	"fmt"
	"io"

	"github.com/dynamixs-ai/dxai/tokenshape"
)

// Fixer is an error that knows what fixes it.
type Fixer interface {
	error
	// Fix says what to run or change next; "" means it does not know.
	Fix() string
}

// Of is the fix of the first error in err's chain that knows one, else "".
func Of(err error) string {
	for err != nil {
		var f Fixer
		if !errors.As(err, &f) {
			return ""
		}
		if s := f.Fix(); s != "" {
			return s
		}
		// A Fixer with nothing to say: look further down its chain.
		err = errors.Unwrap(f)
	}
	return ""
}

// Error is an error with its fix.
type Error struct {
	msg, fix string
	err      error
	usage    bool
}

func (e *Error) Error() string { return e.msg }

// Fix says what to do about it.
func (e *Error) Fix() string { return e.fix }

// Unwrap is the error it wraps, if any.
func (e *Error) Unwrap() error { return e.err }

// New is an error, formatted as by fmt.Errorf (%w wraps), with its fix.
func New(fix, format string, args ...any) error {
	err := fmt.Errorf(format, args...)
	return &Error{msg: err.Error(), fix: fix, err: errors.Unwrap(err)}
}

// Usage is a wrong command line (a program exits 2 on it), with its fix.
func Usage(msg, fix string) error {
	return &Error{msg: msg, fix: fix, usage: true}
}

// IsUsage reports whether err is, or wraps, a wrong command line.
func IsUsage(err error) bool {
	var e *Error
	for errors.As(err, &e) {
		if e.usage {
			return true
		}
		err = e.err
	}
	return false
}

// Wrap gives err the fix it does not know itself: err's own fix, when it
// has one, wins. Its text stays err's.
func Wrap(err error, fix string) error {
	if err == nil {
		return nil
	}
	if own := Of(err); own != "" {
		fix = own
	}
	return &Error{msg: err.Error(), fix: fix, err: err}
}

// Append gives err its own fix followed by more, as written (", then …",
// "; until then …"), or more alone when err knows no fix. An error never
// loses the fix it knows: Wrap and Append are the only ways to add one.
// Its text stays err's.
func Append(err error, more string) error {
	if err == nil {
		return nil
	}
	return &Error{msg: err.Error(), fix: Of(err) + more, err: err}
}

// Print writes err as a line of kind ("error" or "warning"), then its fix
// as a hint; an error that knows no fix gets fallback, when that is not "".
func Print(w io.Writer, prog, kind string, err error, fallback string) {
	Line(w, prog, kind, err.Error())
	if fix := Of(err); fix != "" {
		Line(w, prog, "hint", fix)
	} else if fallback != "" {
		Line(w, prog, "hint", fallback)
	}
}

// Line writes "PROG: KIND: MSG", or "PROG: MSG" without a kind (a note of
// what was done), with every token-shaped word in MSG masked.
func Line(w io.Writer, prog, kind, msg string) {
	if kind != "" {
		kind += ": "
	}
	fmt.Fprintf(w, "%s: %s%s\n", prog, kind, tokenshape.Redact(msg))
}
