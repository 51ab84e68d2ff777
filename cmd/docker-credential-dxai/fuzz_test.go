package main

import (
	"bufio"
	"strings"
	"testing"

	"github.com/dynamixs-ai/dxai/credstore"
	"github.com/dynamixs-ai/dxai/registries"
	"github.com/dynamixs-ai/dxai/tokenshape"
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
		// Host edge cases (issue 12 item 8): parsers disagree about these
		// authorities, and case folding maps the Kelvin sign to k.
		{"get", "https://ghcr.io#@evil.com"}, {"get", "https://ghcr.io?@evil.com"}, {"get", "ghcr.io?x"},
		{"get", "\u212Aelvin.example"}, {"get", "GHCR.IO\u212A"}, {"get", "\u00a0ghcr.io"},
		{"get", strings.Repeat("ghcr.io\n", 10000)}, {"erase", "ghcr.io#x"},
		// What store must refuse (issue 12 item 4).
		{"store", `{"ServerURL":"ghcr.io","Username":"<token>","Secret":"eyJhbGciOiJSUzI1NiJ9.e30.c2ln"}`},
		{"store", `{"ServerURL":"ghcr.io","Username":"alice","Secret":"${env.AWS_SECRET_ACCESS_KEY}"}`},
		{"store", `{"ServerURL":"ghcr.io","Username":"alice","Secret":"` + testToken + `\u001b"}`},
		{"store", `{"ServerURL":"ghcr.io","Username":"${env.USER}","Secret":"` + testToken + `"}`},
		{"store", `{"ServerURL":"ghcr.io","Username":"alice","Secret":"ghp_FuzzStoredToken000000000000000000_0"}`},
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
		// Whatever store took, the shared entry holds a GitHub token for
		// a GitHub login.
		if e, err := h.store.GetKeyring(); err == nil {
			if _, _, bad := tokenshape.Check(e.Token); bad != nil || !tokenshape.ValidLogin(e.Username) {
				t.Fatalf("%s %q left %q/%q in the keyring", action, in, e.Username, e.Token)
			}
		}
		if !strings.Contains(out, testToken) {
			return
		}
		if action != "get" || err != nil {
			t.Fatalf("%s %q printed the token (err %v)", action, in, err)
		}
		if _, ok := registries.Match(h.served, asRead(in)); !ok {
			t.Fatalf("get %q handed the token to a host it does not serve", in)
		}
	})
}

// asRead is the server URL the protocol library hands to Get for stdin in:
// its lines joined (without their line endings), then trimmed of white
// space, Unicode included.
func asRead(in string) string {
	var b strings.Builder
	sc := bufio.NewScanner(strings.NewReader(in))
	for sc.Scan() {
		b.Write(sc.Bytes())
	}
	return strings.TrimSpace(b.String())
}
