package dockerconfig

import "testing"

func TestTidy(t *testing.T) {
	c, err := Parse([]byte("{\n\t\"auths\": {},\n\t\"credHelpers\": {\n\t\t\"ghcr.io\": \"dxai\"\n\t}\n}\n"), "config.json")
	if err != nil {
		t.Fatal(err)
	}
	if !c.HasCredHelpers() {
		t.Fatal("HasCredHelpers = false")
	}
	if c.RemoveEmptyCredHelpers() {
		t.Fatal("removed a credHelpers with an entry")
	}
	c.RemoveCredHelper("ghcr.io", "dxai")
	if !c.RemoveEmptyCredHelpers() || c.HasCredHelpers() {
		t.Fatal("kept an empty credHelpers")
	}
	if got := string(c.Bytes()); got != "{\n\t\"auths\": {}\n}\n" {
		t.Fatalf("after RemoveEmptyCredHelpers: %q", got)
	}
}
