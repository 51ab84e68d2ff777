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

// NewTokenURL creates a classic token with the scopes GitHub Packages
// needs (registries accept classic tokens only): tokenshape's, the one
// place it is written.
const NewTokenURL = tokenshape.NewTokenURL

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

// Day is how messages show an expiry date: the local calendar day.
func Day(t time.Time) string { return t.Local().Format("2006-01-02") }

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

// Fix is what to do about a token that expires soon or expired.
const Fix = "create a new token at " + NewTokenURL + `, then run "mvn-dxai init" with it`

// Notice is the one line for a token whose entry says it expires at kept
// (Format's form), what to do included, or "" when there is nothing to
// say: no date, an unreadable one, or more than Soon left.
func Notice(kept string, now time.Time) string {
	t, ok := Parse(kept)
	if !ok {
		return ""
	}
	if msg := Message(t, now); msg != "" {
		return msg + ": " + Fix
	}
	return ""
}

// Message says that a token expiring at t expires soon or expired, or is
// "" when it has more than Soon left; Fix says what to do about it.
func Message(t, now time.Time) string {
	switch Of(t, now) {
	case Expired:
		return fmt.Sprintf("the GitHub token expired on %s, so the registries refuse it", Day(t))
	case Expiring:
		return fmt.Sprintf("the GitHub token expires on %s, in %s", Day(t), Left(t.Sub(now)))
	}
	return ""
}

// Left says a duration in days or hours.
func Left(d time.Duration) string {
	switch {
	case d >= 48*time.Hour:
		return fmt.Sprintf("%d days", int(d/(24*time.Hour)))
	case d >= 2*time.Hour:
		return fmt.Sprintf("%d hours", int(d/time.Hour))
	}
	return "less than 2 hours"
}
