package settingsxml

import "bytes"

// serversAnchors are the elements Maven's schema puts before <servers>; a
// new <servers> goes after the last of them.
var serversAnchors = map[string]bool{
	"localRepository": true, "interactiveMode": true, "usePluginRegistry": true,
	"offline": true, "pluginGroups": true,
}

// Upsert sets the username and password of every server whose id is s.ID,
// leaving their other children (configuration, permissions, …) and their
// place in the file alone, and adding a missing <username> or <password>.
// When no server has the id, it adds one at the end of <servers>, creating
// <servers> if needed. Values are trimmed, as Maven trims them, and escaped;
// characters XML cannot hold become U+FFFD. Upsert returns how many existing
// servers matched; Maven uses only the first of several.
func (d *Doc) Upsert(s Server) (matched int) {
	id, user, pass := clean(s.ID), clean(s.Username), clean(s.Password)
	found := d.servers(id)
	var edits []edit
	for _, srv := range found {
		edits = append(edits, d.updateServer(srv, user, pass)...)
	}
	if len(found) == 0 {
		srv := node{name: "server", kids: []node{
			leaf("id", escape(id, d.cs)),
			leaf("username", escape(user, d.cs)),
			leaf("password", escape(pass, d.cs)),
		}}
		edits = append(edits, d.addServer(srv))
	}
	d.apply(edits)
	return len(found)
}

// Remove deletes every server whose id is id, with the lines they stood on,
// and returns how many it deleted. <servers> stays, even when empty.
func (d *Doc) Remove(id string) (removed int) {
	found := d.servers(clean(id))
	var edits []edit
	for _, srv := range found {
		edits = append(edits, d.cut(srv))
	}
	d.apply(edits)
	return len(found)
}

// cut returns the edit that deletes e, with the line it stood on when it
// stood alone there.
func (d *Doc) cut(e *elem) edit {
	a, b := e.start, e.endEnd
	for a > d.bom && isBlank(d.data[a-1]) {
		a--
	}
	for b < len(d.data) && (isBlank(d.data[b]) || d.data[b] == '\r') {
		b++
	}
	if (a == d.bom || d.data[a-1] == '\n') && b < len(d.data) && d.data[b] == '\n' {
		return edit{from: a, to: b + 1}
	}
	return edit{from: e.start, to: e.endEnd}
}

// updateServer returns the edits that give srv the username and password.
func (d *Doc) updateServer(srv *elem, user, pass string) []edit {
	var edits []edit
	users, passes := d.children(srv, "username"), d.children(srv, "password")
	for _, u := range users {
		edits = append(edits, d.setText(u, user)...)
	}
	for _, p := range passes {
		edits = append(edits, d.setText(p, pass)...)
	}
	prefix := srv.prefix()
	tag := func(name, v string) []byte {
		return d.render(leaf(name, escape(v, d.cs)), prefix, "", false)
	}
	idEl := d.child(srv, "id")
	switch {
	case len(users) == 0 && len(passes) == 0:
		sep := []byte(d.sep(idEl))
		text := bytes.Join([][]byte{nil, tag("username", user), tag("password", pass)}, sep)
		edits = append(edits, edit{idEl.endEnd, idEl.endEnd, text})
	case len(users) == 0:
		text := append([]byte(d.sep(idEl)), tag("username", user)...)
		edits = append(edits, edit{idEl.endEnd, idEl.endEnd, text})
	case len(passes) == 0:
		last := users[len(users)-1]
		text := append([]byte(d.sep(last)), tag("password", pass)...)
		edits = append(edits, edit{last.endEnd, last.endEnd, text})
	}
	return edits
}

// setText returns the edit that makes e's text v, if it is not already.
func (d *Doc) setText(e *elem, v string) []edit {
	if d.text(e) == v {
		return nil
	}
	text := escape(v, d.cs)
	if e.selfClosing {
		return []edit{{e.start, e.endEnd, d.render(leaf(e.raw, text), "", "", false)}}
	}
	return []edit{{e.startEnd, e.end, text}}
}

// addServer returns the edit that adds srv to the first <servers>, or adds a
// <servers> holding it.
func (d *Doc) addServer(srv node) edit {
	if ss := d.child(d.root, "servers"); ss != nil {
		return d.appendChild(ss, srv)
	}
	servers := node{name: "servers", kids: []node{srv}}
	var anchor *elem
	for _, c := range d.root.children {
		if serversAnchors[c.name.Local] && c.name.Space == d.root.name.Space {
			anchor = c
		}
	}
	if anchor == nil {
		return d.prependChild(d.root, servers)
	}
	ind, ok := d.ownLine(anchor)
	text := d.render(servers, d.root.prefix(), ind, ok)
	if ok {
		text = append([]byte(d.eol()+ind), text...)
	}
	return edit{anchor.endEnd, anchor.endEnd, text}
}

// appendChild returns the edit that adds n after everything e contains.
func (d *Doc) appendChild(e *elem, n node) edit {
	var last *elem
	if len(e.children) > 0 {
		last = e.children[len(e.children)-1]
	}
	multi, ind := d.multiline(e), d.childIndent(e, last)
	block := d.render(n, e.prefix(), ind, multi)
	if e.selfClosing {
		return d.expand(e, block, ind, multi)
	}
	p := e.end
	for p > e.startEnd && isSpace(d.data[p-1]) {
		p--
	}
	return d.insertLine(e, p, block, ind, multi)
}

// prependChild returns the edit that adds n before everything e contains.
func (d *Doc) prependChild(e *elem, n node) edit {
	var first *elem
	if len(e.children) > 0 {
		first = e.children[0]
	}
	multi, ind := d.multiline(e), d.childIndent(e, first)
	block := d.render(n, e.prefix(), ind, multi)
	if e.selfClosing {
		return d.expand(e, block, ind, multi)
	}
	return d.insertLine(e, e.startEnd, block, ind, multi)
}

// insertLine returns the edit that puts block at offset p inside e, on a
// line of its own when multi. When only blanks separate p from e's end tag,
// they are replaced so that the end tag gets a line of its own too.
func (d *Doc) insertLine(e *elem, p int, block []byte, ind string, multi bool) edit {
	if !multi {
		return edit{p, p, block}
	}
	text := append([]byte(d.eol()+ind), block...)
	if rest := d.data[p:e.end]; bytes.IndexByte(rest, '\n') < 0 && len(bytes.Trim(rest, " \t\r")) == 0 {
		outer, _ := d.ownLine(e)
		return edit{p, e.end, append(text, d.eol()+outer...)}
	}
	return edit{p, p, text}
}

// expand returns the edit that turns self-closing e into a start tag, block
// and end tag.
func (d *Doc) expand(e *elem, block []byte, ind string, multi bool) edit {
	open := bytes.TrimRight(d.data[e.start:e.endEnd-2], " \t\r\n")
	var b bytes.Buffer
	b.Write(open)
	b.WriteString(">")
	if multi {
		outer, _ := d.ownLine(e)
		b.WriteString(d.eol() + ind)
		b.Write(block)
		b.WriteString(d.eol() + outer)
	} else {
		b.Write(block)
	}
	b.WriteString("</" + e.raw + ">")
	return edit{e.start, e.endEnd, b.Bytes()}
}
