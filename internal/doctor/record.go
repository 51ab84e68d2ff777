package doctor

// copies compares every copy init recorded with the store: a copy holding
// a token the store does not have, another token, or a copy that is gone
// is a problem, with the exact fix (see drift.go).
func (d *doctor) copies() {
	if len(d.t.Record.Copies) == 0 {
		d.skip("record", "record: init has recorded no setup here")
		return
	}
	for _, f := range d.env.CheckCopies(d.t.Record, d.view) {
		name := "record." + f.What
		if f.OK {
			d.ok(name, "record: %s", f.Msg)
		} else {
			d.bad(name, f.Fix, "record: %s", f.Msg)
		}
	}
}
