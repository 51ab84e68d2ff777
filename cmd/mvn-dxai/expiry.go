package main

import (
	"time"

	"github.com/dynamixs-ai/dxai/credstore"
	"github.com/dynamixs-ai/dxai/internal/expiry"
)

// warnExpiry says on stderr, with what to do, when the entry's expiry date
// (kept by init and doctor) is less than a week away or past.
func warnExpiry(u *ui, e credstore.Entry, now time.Time) {
	if msg, fix := expiry.Notice(e.Expires, now); msg != "" {
		u.warn("%s", msg)
		u.hint("%s", fix)
	}
}

// expiryStatus is status's expiry row: no line when no date is kept; not
// good once the token has expired. Within a week or past, the fix follows,
// as for status's other rows.
func expiryStatus(e credstore.Entry, fromEnv bool, now time.Time) statusRow {
	t, ok := expiry.Parse(e.Expires)
	if !ok {
		return statusRow{good: true}
	}
	state := expiry.Of(t, now)
	if state == expiry.Fine {
		return statusRow{true, "expiry", "the token expires on " + expiry.Day(t), ""}
	}
	return statusRow{state != expiry.Expired, "expiry", expiry.Message(t, now), expiry.FixFor(fromEnv)}
}
