package doctor

import (
	"time"

	"github.com/dynamixs-ai/dxai/internal/expiry"
	"github.com/dynamixs-ai/dxai/tokencheck"
)

// expiry checks the expiry date GitHub reports for the token, and keeps it
// with the keyring entry, so the helper, status and exec can warn before
// the token runs out.
func (d *doctor) expiry(info *tokencheck.UserInfo) {
	d.keepExpiry(info.Expires)
	d.expiryAt(info.Expires, "GitHub reports no expiry date")
}

// keptExpiry reports the expiry date kept with the entry, when doctor does
// not ask GitHub.
func (d *doctor) keptExpiry() {
	if t, ok := expiry.Parse(d.entry.Expires); ok {
		d.expiryAt(t, "")
	}
}

func (d *doctor) expiryAt(t time.Time, none string) {
	now := d.now()
	switch {
	case t.IsZero():
		d.ok("github.expiry", "expiry: %s", none)
	case expiry.Of(t, now) == expiry.Expired:
		d.bad("github.expiry", expiry.FixFor(d.fromEnv), "expiry: %s", expiry.Message(t, now))
	case expiry.Of(t, now) == expiry.Expiring:
		d.warn("github.expiry", expiry.FixFor(d.fromEnv), "expiry: %s", expiry.Message(t, now))
	default:
		d.ok("github.expiry", "expiry: the token expires on %s", expiry.Day(t))
	}
}

// keepExpiry writes the date GitHub reported into the keyring entry when
// it differs from the one kept there, for the same token. A token from
// DXAI_TOKEN is not the keyring's, and a failed write only costs the
// warning later, so it is not reported.
func (d *doctor) keepExpiry(t time.Time) {
	kept := expiry.Format(t)
	if d.stored.Token == "" || d.stored.Token != d.entry.Token || d.stored.Expires == kept {
		return
	}
	store, err := d.env.OpenStore()
	if err != nil {
		return
	}
	e := d.stored
	e.Expires = kept
	if _, err := store.Set(e); err == nil {
		d.stored, d.entry.Expires = e, kept
	}
}
