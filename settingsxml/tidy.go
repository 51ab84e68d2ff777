package settingsxml

import "bytes"

// HasServers reports whether the document has a <servers> element.
func (d *Doc) HasServers() bool { return d.child(d.root, "servers") != nil }

// RemovePassword deletes the <password> of every server whose id is id,
// with the line it stood on, leaving everything else in the server; it
// returns how many servers had one.
func (d *Doc) RemovePassword(id string) (removed int) {
	var edits []edit
	for _, srv := range d.servers(clean(id)) {
		passes := d.children(srv, "password")
		for _, p := range passes {
			edits = append(edits, d.cut(p))
		}
		if len(passes) > 0 {
			removed++
		}
	}
	d.apply(edits)
	return removed
}

// RemoveEmptyServers deletes every <servers> that holds nothing but white
// space, as a <servers> dxai created is left when its last server goes,
// and reports whether it deleted one.
func (d *Doc) RemoveEmptyServers() bool {
	var edits []edit
	for _, ss := range d.children(d.root, "servers") {
		if ss.selfClosing || len(bytes.Trim(d.data[ss.startEnd:ss.end], " \t\r\n")) == 0 {
			edits = append(edits, d.cut(ss))
		}
	}
	d.apply(edits)
	return len(edits) > 0
}

// SetUsername sets the <username> of every server whose id is id to user,
// where the server has one (as logout puts back the username dxai
// replaced), and returns how many it changed.
func (d *Doc) SetUsername(id, user string) (changed int) {
	var edits []edit
	for _, srv := range d.servers(clean(id)) {
		for _, u := range d.children(srv, "username") {
			if e := d.setText(u, clean(user)); len(e) > 0 {
				edits = append(edits, e...)
				changed++
			}
		}
	}
	d.apply(edits)
	return changed
}
