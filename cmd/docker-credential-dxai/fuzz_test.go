package main

import (
	"strings"
	"testing"

	"github.com/dynamixs-ai/dxai/credstore"
	"github.com/dynamixs-ai/dxai/registries"
)

// FuzzProtocol feeds arbitrary stdin to every verb over an in-memory
// keyring holding a token: the helper never panics, and the token leaves
// only through get, only for a served registry.
func FuzzProtocol(f *testing.F) {
	for _, seed := range []struct{ action, in string }{
		{"get", "ghcr.io"}, {"get", "https://ghcr.io/v2/"}, {"get", "ghcr.io.evil.com"}, {"get", "user@ghcr.io"},
		{"get", ""}, {"get", "\x00"}, {"erase", "ghcr.io"}, {"list", ""},
		{"store", `{"ServerURL":"ghcr.io","Username":"a","Secret":"b"}`},
		{"store", `{"ServerURL":"docker.io","Username":"a","Secret":"b"}`},
		{"store", `{"ServerURL":`}, {"store", `[]`}, {"version", ""}, {"bogus", "x"},
	} {
		f.Add(seed.action, seed.in)
	}
	f.Fuzz(func(t *testing.T, action, in string) {
		mem := &credstore.Memory{}
		h, _ := newTestHelper(mem)
		if _, err := h.store.Set(credstore.Entry{Username: "alice", Token: testToken}); err != nil {
			t.Fatal(err)
		}
		out, err := run(h, action, in)
		if !strings.Contains(out, testToken) {
			return
		}
		if action != "get" || err != nil {
			t.Fatalf("%s %q printed the token (err %v)", action, in, err)
		}
		if _, ok := registries.Match(h.served, in); !ok {
			t.Fatalf("get %q handed the token to a host it does not serve", in)
		}
	})
}
