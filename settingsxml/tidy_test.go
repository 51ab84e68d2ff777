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

// TestSetUsername: only the <username> text changes, escaped, and a server
// without one gets none.
func TestSetUsername(t *testing.T) {
	in := "<settings>\n  <servers>\n    <server>\n      <id>a</id>\n      <username>alice</username>\n    </server>\n    <server><id>b</id></server>\n  </servers>\n</settings>\n"
	d, err := Parse([]byte(in), "s.xml")
	if err != nil {
		t.Fatal(err)
	}
	if n := d.SetUsername("a", "me & you"); n != 1 {
		t.Fatalf("SetUsername = %d, want 1", n)
	}
	if n := d.SetUsername("b", "x"); n != 0 {
		t.Fatalf("SetUsername on a server without <username> = %d, want 0", n)
	}
	want := "<settings>\n  <servers>\n    <server>\n      <id>a</id>\n      <username>me &amp; you</username>\n    </server>\n    <server><id>b</id></server>\n  </servers>\n</settings>\n"
	if got := string(d.Bytes()); got != want {
		t.Fatalf("after SetUsername:\n%s", got)
	}
}
