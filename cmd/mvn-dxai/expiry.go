package main

import (
	"time"

	"github.com/dynamixs-ai/dxai/credstore"
	"github.com/dynamixs-ai/dxai/internal/expiry"
)

// warnExpiry says on stderr, with what to do, when the entry's expiry date
// (kept by init and doctor) is less than a week away or past.
func warnExpiry(u *ui, e credstore.Entry, now time.Time) {
	t, ok := expiry.Parse(e.Expires)
	if !ok {
		return
	}
	if msg := expiry.Message(t, now); msg != "" {
		u.warn("%s", msg)
		u.hint("%s", expiry.Fix)
	}
}

// expiryStatus is status's expiry row: "" when no date is kept; not good
// once the token has expired. Within a week or past, the row ends with the
// fix, as status's other rows do.
func expiryStatus(e credstore.Entry, now time.Time) (good bool, msg string) {
	t, ok := expiry.Parse(e.Expires)
	if !ok {
		return true, ""
	}
	state := expiry.Of(t, now)
	if state == expiry.Fine {
		return true, "the token expires on " + expiry.Day(t)
	}
	return state != expiry.Expired, expiry.Notice(e.Expires, now)
}
