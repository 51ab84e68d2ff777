package credstore

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/dynamixs-ai/dxai/internal/testing/keyringtest"
	"github.com/dynamixs-ai/dxai/internal/testing/testworld"
)

// TestMain lets a test re-run this binary as a child that does one Get in
// the environment it was given: go-keyring keeps one session bus per
// process, so each keyring state needs a process of its own. The tests
// themselves run with a temporary home: FileStore saves through atomicfile,
// which takes a lock in $XDG_CONFIG_HOME/dxai/locks.
func TestMain(m *testing.M) {
	if os.Getenv("DXAI_CREDSTORE_CHILD") == "get" {
		s, err := openReal()
		if err == nil {
			_, _, err = s.Get()
		}
		var u *UnavailableError
		if errors.As(err, &u) {
			fmt.Printf("%s\nfix: %s\n", u.Error(), u.Fix())
		} else {
			fmt.Println(err)
		}
		os.Exit(0)
	}
	os.Exit(testworld.RunIsolated(m))
}

func TestRealSecretService(t *testing.T) {
	keyringtest.Require(t)
	s, err := openReal()
	if err != nil {
		t.Fatal(err)
	}
	s.Delete()
	t.Cleanup(func() { s.Delete() })
	e := Entry{Username: "alice", Token: tok}
	if changed, err := s.Set(e); err != nil || !changed {
		t.Fatalf("Set = %v, %v", changed, err)
	}
	// Another libsecret program sees the entry under service/username.
	got := keyringtest.Lookup(t, nil, Service, Account)
	if got != `{"username":"alice","token":"`+tok+`"}` {
		t.Fatalf("secret-tool lookup = %q", got)
	}
	if changed, err := s.Set(e); err != nil || changed {
		t.Fatalf("second Set = %v, %v", changed, err)
	}
	if back, _, err := s.Get(); err != nil || back != e {
		t.Fatalf("Get = %v, %v", back, err)
	}
	if removed, err := s.Delete(); err != nil || !removed {
		t.Fatalf("Delete = %v, %v", removed, err)
	}
	if removed, err := s.Delete(); err != nil || removed {
		t.Fatalf("second Delete = %v, %v", removed, err)
	}
	if _, _, err := s.Get(); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get after Delete = %v", err)
	}
}

// TestRealFailures meets each broken keyring for real and checks that the
// message says what is wrong and what to do, fast.
func TestRealFailures(t *testing.T) {
	cases := []struct {
		state keyringtest.State
		want  string
	}{
		{keyringtest.NoBus, "no D-Bus session bus"},
		{keyringtest.NoService, "no Secret Service is running"},
		{keyringtest.NoDefault, "no default keyring"},
		{keyringtest.Locked, "login keyring is locked"},
		{keyringtest.Hung, "did not answer within 1s"},
	}
	for _, c := range cases {
		t.Run(strings.ReplaceAll(c.want, " ", "_"), func(t *testing.T) {
			env := keyringtest.Env(t, c.state)
			cmd := exec.Command(os.Args[0])
			cmd.Env = append(env, "DXAI_CREDSTORE_CHILD=get", EnvTimeout+"=1s")
			start := time.Now()
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("child: %v\n%s", err, out)
			}
			if !strings.Contains(string(out), c.want) || !strings.Contains(string(out), "fix: ") || !strings.Contains(string(out), EnvToken) {
				t.Fatalf("got %q, want %q with a fix mentioning %s", out, c.want, EnvToken)
			}
			if d := time.Since(start); d > 4*time.Second {
				t.Fatalf("took %v", d)
			}
		})
	}
}

// openReal is the store main opens: the OS keyring, this process's
// environment and user config folder.
func openReal() (*Store, error) {
	cfg, _ := os.UserConfigDir()
	return OpenIn(nil, os.Getenv, cfg)
}
