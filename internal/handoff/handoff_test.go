package handoff

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// TestArgsParse: what the helper encodes, the companion decodes, for every
// event; the contract is checked before anything else is trusted.
func TestArgsParse(t *testing.T) {
	for _, event := range []string{Store, Erase} {
		args := Args(event, "v1.2.3")
		if args[0] != Verb {
			t.Fatalf("Args(%q) = %q, want the verb %q first", event, args, Verb)
		}
		req, err := Parse(args[1:], "v9")
		if err != nil || req.Event != event {
			t.Errorf("Parse(Args(%q)) = %+v, %v", event, req, err)
		}
	}
}

func TestParseRefuses(t *testing.T) {
	for _, tc := range []struct {
		name   string
		args   []string
		theirs int    // a *MismatchError from this contract; 0 means none
		helper string // the helper version it names
		msg    string // else the plain error's text
	}{
		{name: "other contract", args: []string{"--contract", "2", "--helper", "v2.0.0", Store}, theirs: 2, helper: "v2.0.0"},
		{name: "no contract", args: []string{Store}, theirs: -1},
		{name: "contract not a number", args: []string{"--contract", "one", Store}, theirs: -1},
		{name: "unknown event", args: []string{"--contract", "1", "rotate"}, msg: `handoff: unknown event "rotate" (contract 1 knows store and erase)`},
		{name: "two events", args: []string{"--contract", "1", Store, Erase}, msg: `handoff: unknown event "?"`},
		{name: "no event", args: []string{"--contract", "1"}, msg: `handoff: unknown event ""`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(tc.args, "v1.0.0")
			var mm *MismatchError
			switch {
			case err == nil:
				t.Fatalf("Parse(%q) accepted it", tc.args)
			case tc.theirs != 0:
				if !errors.As(err, &mm) || mm.Theirs != tc.theirs || mm.HelperVersion != tc.helper || mm.OurVersion != "v1.0.0" {
					t.Fatalf("Parse(%q) = %#v, want a mismatch from contract %d, helper %q", tc.args, err, tc.theirs, tc.helper)
				}
				if !strings.Contains(err.Error(), "v1.0.0") || mm.Fix() == "" {
					t.Errorf("mismatch error %q (fix %q) does not name our version or a fix", err, mm.Fix())
				}
			default:
				if errors.As(err, &mm) || !strings.HasPrefix(err.Error(), tc.msg) {
					t.Errorf("Parse(%q) = %v, want %s…", tc.args, err, tc.msg)
				}
			}
		})
	}
}

// TestTimeoutOutlastsLockWaits: the helper stops the companion only after
// the companion has given up on every lock it waits for, with time left
// to say which lock held it up (the user then gets that message, not the
// helper's generic one).
func TestTimeoutOutlastsLockWaits(t *testing.T) {
	if Timeout-LockWaits < 5*time.Second {
		t.Errorf("Timeout %v leaves the companion %v after its lock waits (LockWaits %v); want at least 5s", Timeout, Timeout-LockWaits, LockWaits)
	}
}
