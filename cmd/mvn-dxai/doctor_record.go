package main

// copies compares every copy init recorded with the store: a copy holding
// a token the store does not have, another token, or a copy that is gone
// is a problem, with the exact fix (see drift.go).
func (d *doctor) copies() {
	if len(d.t.record.Copies) == 0 {
		d.skip("record", "record: init has recorded no setup here")
		return
	}
	sv := storeView{token: d.stored.Token, known: d.storeKnown, name: d.storeName}
	for _, f := range checkCopies(d.u, d.t.record, sv) {
		name := "record." + f.what
		if f.ok {
			d.ok(name, "record: %s", f.msg)
		} else {
			d.bad(name, f.fix, "record: %s", f.msg)
		}
	}
}
