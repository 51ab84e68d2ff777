// Package handoff is the contract between docker-credential-dxai (the
// helper) and mvn-dxai (its companion), kept here in one place and used
// by both sides.
//
// The helper links no XML code, so that get, which runs on every pull,
// stays small and fast. When it has changed the shared entry, it hands the
// rest of the work to the companion by running
//
//	mvn-dxai handoff --contract N --helper VERSION EVENT
//
// with
//
//   - N: the contract version the helper speaks (Contract);
//   - VERSION: the helper's own version, named in the mismatch error only:
//     within one contract the two sides need not be the same release;
//   - EVENT: what the helper just did:
//   - "store" (docker login): the new token is in the store (the keyring,
//     or the opt-in file). The companion writes it into every plain-text
//     copy init recorded.
//   - "erase" (docker, podman, oras or crane logout): the store holds no
//     token any more. The companion removes the token from every
//     plain-text copy init recorded, and leaves credHelpers and
//     ${env.DXAI_TOKEN} forms, which hold no secret.
//
// The token never travels in arguments or the environment: the companion
// reads the store itself. Its stdout and stderr are for the user (docker
// shows the helper's stderr). It exits 0 when it did its part, ExitContract
// when it does not speak contract N (after an error naming both versions),
// and 1 for any other failure it explained.
//
// Args encodes a handoff and Parse decodes it: neither side spells the
// arguments out itself.
//
// Change Contract whenever the meaning of the arguments, the events or the
// exit codes changes; both sides then refuse each other loudly instead of
// half-working.
package handoff

import (
	"fmt"
	"strconv"
	"time"
)

// Contract is the version of this contract.
const Contract = 1

// Verb is the companion's command the helper runs.
const Verb = "handoff"

// The events.
const (
	Store = "store"
	Erase = "erase"
)

// LockWaits bounds the companion's waits for locks, all of them together
// (the record's, then each settings.xml's): by then it has given up with
// the lock's own message, which names the lock and its holder.
const LockWaits = 20 * time.Second

// Timeout is how long the helper lets the companion run: longer than
// LockWaits, so that a held lock is reported by the companion, which knows
// which one, and the helper only stops a companion that hangs without a
// word.
const Timeout = LockWaits + 10*time.Second

// ExitContract is the companion's exit status for a contract it does not
// speak.
const ExitContract = 3

// Args are the companion's arguments for event, from a helper of version
// helperVersion.
func Args(event, helperVersion string) []string {
	return []string{Verb, "--contract", strconv.Itoa(Contract), "--helper", helperVersion, event}
}

// Request is a parsed handoff. It holds no helper version: within one
// contract nothing depends on it, and across contracts Parse fails with a
// *MismatchError that names it.
type Request struct {
	Event string
}

// MismatchError is a handoff from a helper that speaks another contract.
type MismatchError struct {
	// Theirs is the helper's contract (0: a helper from before contracts),
	// HelperVersion its version.
	Theirs        int
	HelperVersion string
	// OurVersion is the companion's version.
	OurVersion string
}

func (e *MismatchError) Error() string {
	helper := "docker-credential-dxai " + e.HelperVersion
	if e.HelperVersion == "" {
		helper = "docker-credential-dxai (an older version)"
	}
	return fmt.Sprintf("%s hands off with contract %d, but mvn-dxai %s understands contract %d only: the token was changed in the store, but no file was updated",
		helper, e.Theirs, e.OurVersion, Contract)
}

// Fix says how to get a pair that understands each other.
func (e *MismatchError) Fix() string {
	return `install docker-credential-dxai and mvn-dxai from the same release ("make install"), then run "mvn-dxai sync"`
}

// Parse decodes the companion's arguments after Verb (the rest of what
// Args encodes). ourVersion is the companion's version, for the message of
// a *MismatchError: a helper that sent another contract, or none (Theirs is
// then -1). An unknown event, or more than one, is a plain error.
func Parse(args []string, ourVersion string) (Request, error) {
	contract, helperVersion, event := -1, "", ""
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case a == "--contract" && i+1 < len(args):
			n, err := strconv.Atoi(args[i+1])
			if err != nil {
				n = -1
			}
			contract = n
			i++
		case a == "--helper" && i+1 < len(args):
			helperVersion = args[i+1]
			i++
		case event == "":
			event = a
		default:
			event = "?"
		}
	}
	if contract != Contract {
		return Request{}, &MismatchError{Theirs: contract, HelperVersion: helperVersion, OurVersion: ourVersion}
	}
	if event != Store && event != Erase {
		return Request{}, fmt.Errorf("handoff: unknown event %q (contract %d knows %s and %s)", event, Contract, Store, Erase)
	}
	return Request{Event: event}, nil
}
