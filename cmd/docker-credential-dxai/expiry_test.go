package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/dynamixs-ai/dxai/credstore"
	"github.com/dynamixs-ai/dxai/internal/expiry"
	"github.com/dynamixs-ai/dxai/tokenshape"
)

// TestGetWarnsBeforeExpiry: get for a served registry says on stderr when
// the kept expiry date is within a week or past, in a warning line and a
// hint line with what to do, and still answers; far dates, no date and
// other hosts say nothing.
func TestGetWarnsBeforeExpiry(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name, expires, host, want string
	}{
		{"no date", "", "ghcr.io", ""},
		{"far", expiry.Format(now.Add(30 * 24 * time.Hour)), "ghcr.io", ""},
		{"soon", expiry.Format(now.Add(3 * 24 * time.Hour)), "ghcr.io", "docker-credential-dxai: warning: the GitHub token expires on " + expiry.Day(now.Add(3*24*time.Hour)) + ", in 3 days\ndocker-credential-dxai: hint: create a new token at " + tokenshape.NewTokenURL + ", then store it with: " + expiry.StoreNew + "\n"},
		{"expired", expiry.Format(now.Add(-24 * time.Hour)), "https://ghcr.io/v2/", "docker-credential-dxai: warning: the GitHub token expired on " + expiry.Day(now.Add(-24*time.Hour)) + ", so the registries refuse it\ndocker-credential-dxai: hint: create a new token at "},
		{"foreign host", expiry.Format(now.Add(-24 * time.Hour)), "docker.io", ""},
	} {
		mem := &credstore.Memory{}
		h, stderr := newTestHelper(mem)
		h.now = func() time.Time { return now }
		data, _ := json.Marshal(credstore.Entry{Username: "alice", Token: testToken, Expires: c.expires})
		mem.Set(credstore.Service, credstore.Account, string(data))
		out, err := run(h, "get", c.host)
		if c.host != "docker.io" && (err != nil || !strings.Contains(out, testToken)) {
			t.Errorf("%s: get %s = %q, %v; want the token whatever the date", c.name, c.host, out, err)
		}
		got := stderr.String()
		if c.want == "" && got != "" || !strings.HasPrefix(got, c.want) || strings.Count(got, "\n") > 2 {
			t.Errorf("%s: stderr %q, want a warning and a hint starting %q", c.name, got, c.want)
		}
	}
}

// TestStoreKeepsExpiry: docker login with the same token keeps the date
// init learnt (docker stores on every login); a new token drops it.
func TestStoreKeepsExpiry(t *testing.T) {
	mem := &credstore.Memory{}
	h, _ := newTestHelper(mem)
	data, _ := json.Marshal(credstore.Entry{Username: "alice", Token: testToken, Expires: "2027-01-02T03:04:05Z"})
	mem.Set(credstore.Service, credstore.Account, string(data))
	if _, err := run(h, "store", `{"ServerURL":"ghcr.io","Username":"alice","Secret":"`+testToken+`"}`); err != nil {
		t.Fatal(err)
	}
	if e, _ := h.store.GetKeyring(); e.Expires != "2027-01-02T03:04:05Z" {
		t.Errorf("the same token lost its expiry date: %+v", e.Expires)
	}
	if _, err := run(h, "store", `{"ServerURL":"ghcr.io","Username":"alice","Secret":"ghp_OtherUnitToken00000000000000000_0000"}`); err != nil {
		t.Fatal(err)
	}
	if e, _ := h.store.GetKeyring(); e.Expires != "" {
		t.Errorf("a new token kept the old one's expiry date %q", e.Expires)
	}
}
