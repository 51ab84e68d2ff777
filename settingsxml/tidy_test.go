package settingsxml

import "testing"

func TestTidy(t *testing.T) {
	in := "<settings>\n  <servers>\n    <server>\n      <id>a</id>\n      <username>u</username>\n      <password>p</password>\n      <configuration/>\n    </server>\n  </servers>\n</settings>\n"
	d, err := Parse([]byte(in), "s.xml")
	if err != nil {
		t.Fatal(err)
	}
	if !d.HasServers() {
		t.Fatal("HasServers = false")
	}
	if n := d.RemovePassword("a"); n != 1 {
		t.Fatalf("RemovePassword = %d", n)
	}
	want := "<settings>\n  <servers>\n    <server>\n      <id>a</id>\n      <username>u</username>\n      <configuration/>\n    </server>\n  </servers>\n</settings>\n"
	if got := string(d.Bytes()); got != want {
		t.Fatalf("after RemovePassword:\n%s", got)
	}
	if d.RemoveEmptyServers() {
		t.Fatal("removed a <servers> that holds a server")
	}
	d.Remove("a")
	if !d.RemoveEmptyServers() {
		t.Fatal("kept an empty <servers>")
	}
	if got := string(d.Bytes()); got != "<settings>\n</settings>\n" {
		t.Fatalf("after RemoveEmptyServers:\n%q", got)
	}
	if d.HasServers() {
		t.Fatal("HasServers after removing it")
	}
	// A comment in it is the user's: it stays.
	d, _ = Parse([]byte("<settings><servers><!-- mine --></servers></settings>"), "s.xml")
	if d.RemoveEmptyServers() {
		t.Fatal("removed a <servers> holding a comment")
	}
}
