// Package expiry turns the expiry date kept with the shared entry into the
// one line a person needs: nothing while the token has more than a week
// left (or GitHub gave it no expiry), then when it expires or expired and
// what to do. It reads no file and asks no network, so the helper's get can
// use it on every pull.
package expiry

import (
	"fmt"
	"time"

	"github.com/dynamixs-ai/dxai/tokenshape"
)

// Soon is how close an expiry date has to be to warn about it.
const Soon = 7 * 24 * time.Hour

// layout is how the date is kept in the entry: RFC 3339 in UTC.
const layout = time.RFC3339

// Format is how an expiry date is kept in credstore.Entry.Expires; the
// zero time is "" (no expiry).
func Format(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(layout)
}

// Parse reads a date kept by Format; ok is false for "" or anything else.
func Parse(s string) (t time.Time, ok bool) {
	if s == "" {
		return time.Time{}, false
	}
	t, err := time.Parse(layout, s)
	return t, err == nil
}

// Day is how messages show an expiry date: its calendar day in UTC, as
// GitHub gives the date and as Message counts the days left.
func Day(t time.Time) string { return t.UTC().Format("2006-01-02") }

// State is where a token stands against its expiry date.
type State int

// The states: no date or more than Soon left; within Soon; past.
const (
	Fine State = iota
	Expiring
	Expired
)

// Of says where a token with expiry date t stands at now.
func Of(t, now time.Time) State {
	switch {
	case t.IsZero():
		return Fine
	case !now.Before(t):
		return Expired
	case t.Sub(now) < Soon:
		return Expiring
	}
	return Fine
}

// StoreNew is the one command that puts a new token in place of the stored
// one: a plain "mvn-dxai init" reuses the stored token without asking, so
// the new one has to come in on standard input.
const StoreNew = `printf %s "$NEW_TOKEN" | mvn-dxai init --token-stdin`

// StoreOrLogout is the way on when no token is stored but init's setup
// is still recorded (docker logout removed the token): store one, or
// remove the rest of the setup.
const StoreOrLogout = "store a token with: " + StoreNew + `; or remove the rest of the setup with "mvn-dxai logout"`

// ThenStore ends a fix that gets a token (a new one, or one changed on
// GitHub) with the command that stores it: "…, then store it with: printf
// … | mvn-dxai init --token-stdin". "Run mvn-dxai init again" would not do:
// it reuses a stored token without asking.
const ThenStore = ", then store it with: " + StoreNew

// ThenSet ends a fix that gets a token while DXAI_TOKEN overrides the
// stored one: storing it would change nothing docker or exec get.
const ThenSet = ", then set DXAI_TOKEN to it (or unset DXAI_TOKEN to use the stored token)"

// ThenUse ends a fix that gets a token with how to put it in use:
// ThenSet for a token from DXAI_TOKEN (fromEnv), else ThenStore.
func ThenUse(fromEnv bool) string {
	if fromEnv {
		return ThenSet
	}
	return ThenStore
}

// newToken is where a fix gets a new token.
const newToken = "create a new token at " + tokenshape.NewTokenURL

// Fix is what to do about a stored token that expires soon or expired.
const Fix = newToken + ThenStore

// FixFor is Fix, or for a token from DXAI_TOKEN (fromEnv), its ThenSet
// form.
func FixFor(fromEnv bool) string { return newToken + ThenUse(fromEnv) }

// Notice is what to say about a token whose entry says it expires at
// kept (Format's form): the warning (Message) and, apart, its fix (Fix),
// for a hint line of its own; both "" when there is nothing to say: no
// date, an unreadable one, or more than Soon left.
func Notice(kept string, now time.Time) (msg, fix string) {
	t, ok := Parse(kept)
	if !ok {
		return "", ""
	}
	if msg := Message(t, now); msg != "" {
		return msg, Fix
	}
	return "", ""
}

// Message says that a token expiring at t expires soon or expired, or is
// "" when it has more than Soon left; Fix says what to do about it.
func Message(t, now time.Time) string {
	switch Of(t, now) {
	case Expired:
		return fmt.Sprintf("the GitHub token expired on %s, so the registries refuse it", Day(t))
	case Expiring:
		return fmt.Sprintf("the GitHub token expires on %s, %s", Day(t), Left(t, now))
	}
	return ""
}

// Left says how long until t, which is after now: in calendar days in UTC
// when t is two or more days ahead (2026-12-04 from any time on 2026-12-01
// is "in 3 days"), else tomorrow, else in hours.
func Left(t, now time.Time) string {
	y, m, d := t.UTC().Date()
	ny, nm, nd := now.UTC().Date()
	days := int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Sub(time.Date(ny, nm, nd, 0, 0, 0, 0, time.UTC)) / (24 * time.Hour))
	switch h := t.Sub(now); {
	case days >= 2:
		return fmt.Sprintf("in %d days", days)
	case days == 1 && h >= 12*time.Hour:
		return "tomorrow"
	case h >= 2*time.Hour:
		return fmt.Sprintf("in %d hours", int(h/time.Hour))
	}
	return "in less than 2 hours"
}
