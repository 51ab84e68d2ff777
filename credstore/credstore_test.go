package credstore

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const tok = "ghp_CredstoreUnitToken000000000000000000"

func memStore(env map[string]string) (*Store, *Memory) {
	m := &Memory{}
	return &Store{Keyring: m, Getenv: func(k string) string { return env[k] }}, m
}

func TestSetGetDelete(t *testing.T) {
	s, m := memStore(nil)
	if _, _, err := s.Get(); !errors.Is(err, ErrNotFound) {
		t.Fatalf("empty Get: %v", err)
	}
	e := Entry{Username: "alice", Token: tok}
	if changed, err := s.Set(e); err != nil || !changed {
		t.Fatalf("Set = %v, %v", changed, err)
	}
	if raw := m.Items["dxai/github.com"]; raw != `{"username":"alice","token":"`+tok+`"}` {
		t.Fatalf("stored %s", raw)
	}
	if changed, err := s.Set(e); err != nil || changed {
		t.Fatalf("second Set = %v, %v; want unchanged", changed, err)
	}
	got, src, err := s.Get()
	if err != nil || got != e || src != FromKeyring {
		t.Fatalf("Get = %v, %v, %v", got, src, err)
	}
	for i, want := range []bool{true, false} {
		if removed, err := s.Delete(); err != nil || removed != want {
			t.Fatalf("Delete #%d = %v, %v", i, removed, err)
		}
	}
	if _, err := s.Set(Entry{Username: "a"}); err == nil {
		t.Fatal("stored an empty token")
	}
	if _, err := s.Set(Entry{Username: "a", Token: strings.Repeat("x", 3000)}); err == nil || strings.Contains(err.Error(), "xxxx") {
		t.Fatalf("oversized Set = %v", err)
	}
}

func TestCorruptEntry(t *testing.T) {
	s, m := memStore(nil)
	m.Items = map[string]string{"dxai/github.com": "not json"}
	var c *CorruptError
	if _, _, err := s.Get(); !errors.As(err, &c) {
		t.Fatalf("Get = %v", err)
	}
}

func TestEnvOverride(t *testing.T) {
	s, _ := memStore(map[string]string{EnvToken: tok})
	e, src, err := s.Get()
	if err != nil || e.Token != tok || e.Username != PlaceholderUser || src != FromEnv {
		t.Fatalf("Get = %v, %v, %v", e, src, err)
	}
}

func TestTranslate(t *testing.T) {
	cases := map[string]string{
		`exec: "dbus-launch": executable file not found in $PATH`:                         "no D-Bus session bus",
		`The name org.freedesktop.secrets was not provided by any .service files`:         "no Secret Service",
		`failed to unlock correct collection '/org/freedesktop/secrets/aliases/default'`:  "no default keyring",
		`failed to unlock correct collection '/org/freedesktop/secrets/collection/login'`: "locked",
		`User interaction is not allowed. (-25308)`:                                       "macOS keychain is locked",
		`A specified logon session does not exist. It may already have been terminated.`:  "Credential Manager",
		`dial unix /nonexistent: connect: connection refused`:                             "no D-Bus session bus",
		`dial unix /run/user/1000/bus: connect: no such file or directory`:                "nothing listens at DBUS_SESSION_BUS_ADDRESS",
		`something nobody has seen`:                                                       "something nobody has seen",
		`Message recipient disconnected from message bus without replying`:                "stopped while answering",
	}
	for raw, want := range cases {
		err := Translate(errors.New(raw))
		var u *UnavailableError
		if !errors.As(err, &u) || !strings.Contains(u.Error(), want) || u.Fix() == "" {
			t.Errorf("Translate(%q) = %v; want it to say %q with a fix", raw, err, want)
		}
	}
	if Translate(nil) != nil {
		t.Fatal("Translate(nil) != nil")
	}
}

// TestOnceMore: a call the crashed daemon never answered is made once
// more; any other failure, or a second crash, is not retried.
func TestOnceMore(t *testing.T) {
	crash := errors.New("Message recipient disconnected from message bus without replying")
	other := errors.New("something else")
	for _, c := range []struct {
		results []error
		want    error
		calls   int
	}{
		{[]error{nil}, nil, 1},
		{[]error{other}, other, 1},
		{[]error{crash, nil}, nil, 2},
		{[]error{crash, crash}, crash, 2},
	} {
		calls := 0
		err := onceMore(func() error { calls++; return c.results[calls-1] })
		if err != c.want || calls != c.calls {
			t.Errorf("results %v: err %v after %d calls; want %v after %d", c.results, err, calls, c.want, c.calls)
		}
	}
}

type blocking struct{ *Memory }

func (blocking) Get(string, string) (string, error) { select {} }

func TestTimeout(t *testing.T) {
	k := WithTimeout(blocking{&Memory{}}, 50*time.Millisecond)
	start := time.Now()
	_, err := k.Get(Service, Account)
	var u *UnavailableError
	if !errors.As(err, &u) || !strings.Contains(u.Error(), "did not answer within 50ms") || !strings.Contains(u.Fix(), EnvTimeout) {
		t.Fatalf("Get = %v", err)
	}
	if time.Since(start) > 5*time.Second {
		t.Fatal("timeout did not bound the call")
	}
}

func TestTimeoutFrom(t *testing.T) {
	env := map[string]string{}
	getenv := func(k string) string { return env[k] }
	for in, want := range map[string]time.Duration{"90s": 90 * time.Second, "7": 7 * time.Second, "1m": time.Minute} {
		env[EnvTimeout] = in
		if got, err := TimeoutFrom(getenv); err != nil || got != want {
			t.Errorf("%s=%s: %v, %v", EnvTimeout, in, got, err)
		}
	}
	for _, bad := range []string{"soon", "-1s", "0"} {
		env[EnvTimeout] = bad
		if _, err := TimeoutFrom(getenv); err == nil {
			t.Errorf("%s=%s accepted", EnvTimeout, bad)
		}
	}
	env[EnvTimeout] = ""
	// Only the environment given counts, not the process's.
	t.Setenv("DISPLAY", ":0")
	if got, _ := TimeoutFrom(getenv); got != HeadlessTimeout {
		t.Errorf("headless default = %v", got)
	}
	env["DISPLAY"] = ":0"
	if got, _ := TimeoutFrom(getenv); got != PromptTimeout {
		t.Errorf("desktop default = %v", got)
	}
}

// TestOpenIn: the store's timeout, opt-in file and environment are the
// ones it is given, not the process's.
func TestOpenIn(t *testing.T) {
	t.Setenv(EnvTimeout, "soon")
	t.Setenv(EnvToken, "ghp_ProcessEnvironmentToken000000000000")
	dir := t.TempDir()
	env := map[string]string{EnvTimeout: "7"}
	s, err := OpenIn(&Memory{}, func(k string) string { return env[k] }, dir)
	if err != nil {
		t.Fatalf("OpenIn read the process's %s: %v", EnvTimeout, err)
	}
	if s.File == nil || s.File.Path != filepath.Join(dir, "dxai", FileName) {
		t.Errorf("opt-in file = %+v, want it in %s", s.File, dir)
	}
	if _, _, err := s.Get(); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get = %v; want the empty keyring, not the process's %s", err, EnvToken)
	}
	env[EnvTimeout] = "soon"
	if _, err := OpenIn(&Memory{}, func(k string) string { return env[k] }, dir); err == nil || !strings.Contains(err.Error(), EnvTimeout) {
		t.Errorf("OpenIn with %s=soon = %v", EnvTimeout, err)
	}
}

// counting counts the reads of a Memory keyring.
type counting struct {
	*Memory
	gets int
}

func (c *counting) Get(service, account string) (string, error) {
	c.gets++
	return c.Memory.Get(service, account)
}

// TestSetKeepingExpiry: the same token keeps the date stored with it, a new
// token has none, a date given wins over none; each write reads the
// keyring once.
func TestSetKeepingExpiry(t *testing.T) {
	const date = "2027-01-02T03:04:05Z"
	k := &counting{Memory: &Memory{}}
	s := &Store{Keyring: k, Getenv: func(string) string { return "" }}
	if _, err := s.Set(Entry{Username: "alice", Token: tok, Expires: date}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name        string
		in          Entry
		changed     bool
		wantExpires string
	}{
		{"same token, same user", Entry{Username: "alice", Token: tok}, false, date},
		{"same token, other user", Entry{Username: "bob", Token: tok}, true, date},
		{"new token", Entry{Username: "bob", Token: tok + "1"}, true, ""},
		{"new date given", Entry{Username: "bob", Token: tok + "1", Expires: date}, true, date},
	} {
		k.gets = 0
		changed, err := s.SetKeepingExpiry(c.in)
		if err != nil || changed != c.changed {
			t.Errorf("%s: SetKeepingExpiry = %v, %v; want %v", c.name, changed, err, c.changed)
		}
		if k.gets != 1 {
			t.Errorf("%s: read the keyring %d times, want once", c.name, k.gets)
		}
		if e, _ := s.GetKeyring(); e.Expires != c.wantExpires || e.Username != c.in.Username {
			t.Errorf("%s: stored %+v, want expiry %q", c.name, e, c.wantExpires)
		}
	}
	// Set itself takes the entry as it is: a date it does not give goes.
	if _, err := s.Set(Entry{Username: "bob", Token: tok + "1"}); err != nil {
		t.Fatal(err)
	}
	if e, _ := s.GetKeyring(); e.Expires != "" {
		t.Errorf("Set kept the date %q", e.Expires)
	}
}

// TestNilGetenvIsNoEnvironment: a Store reads the environment only
// through its Getenv; without one it reads none, not the process's.
func TestNilGetenvIsNoEnvironment(t *testing.T) {
	t.Setenv(EnvToken, tok)
	m := &Memory{}
	s := &Store{Keyring: m}
	if _, src, err := s.Get(); !errors.Is(err, ErrNotFound) || src == FromEnv {
		t.Errorf("Get with the process's %s set = %v, %v; want the keyring's answer", EnvToken, src, err)
	}
}

// TestEnvEntry: the entry DXAI_TOKEN stands for, with the user name from
// DXAI_USERNAME, else GITHUB_ACTOR, else the placeholder (marked NoLogin,
// so that messages do not show it as the user's); none when it is unset.
func TestEnvEntry(t *testing.T) {
	env := map[string]string{}
	getenv := func(k string) string { return env[k] }
	if e, ok := EnvEntry(getenv); ok || e != (Entry{}) {
		t.Errorf("unset: EnvEntry = %+v, %v", e, ok)
	}
	env[EnvToken] = tok
	for _, c := range []struct{ actor, user, want string }{
		{"", "", PlaceholderUser},
		{"octo", "", "octo"},
		{"octo", "alice", "alice"},
	} {
		env[EnvActor], env[EnvUsername] = c.actor, c.user
		if e, ok := EnvEntry(getenv); !ok || e != (Entry{Username: c.want, Token: tok, NoLogin: c.want == PlaceholderUser}) {
			t.Errorf("%+v: EnvEntry = %+v, %v; want user %s", c, e, ok, c.want)
		}
	}
}
