package credstore

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dynamixs-ai/dxai/internal/testing/keyringtest"
	"github.com/zalando/go-keyring"
)

// fastService is the service the in-session tests store under, so they
// never meet TestRealSecretService's entry.
const fastService = "dxai-fastget-test"

// TestFastGetSameAsGoKeyring stores entries with go-keyring and checks that
// fastGet answers exactly what go-keyring's Get does, and that the Keyring
// Open uses (fastKeyring over OSKeyring) does too.
func TestFastGetSameAsGoKeyring(t *testing.T) {
	keyringtest.Require(t)
	keyring.Delete(fastService, Account)
	t.Cleanup(func() { keyring.Delete(fastService, Account) })

	if s, found, ok := fastGet(fastService, Account); !ok || found || s != "" {
		t.Fatalf("fastGet of a missing entry = %q, found %v, ok %v; want not found", s, found, ok)
	}
	if _, err := keyring.Get(fastService, Account); !errors.Is(err, keyring.ErrNotFound) {
		t.Fatalf("go-keyring Get of a missing entry = %v", err)
	}
	if _, err := osKeyring().Get(fastService, Account); !errors.Is(err, ErrNotFound) {
		t.Fatalf("osKeyring().Get of a missing entry = %v", err)
	}

	for _, secret := range []string{
		`{"username":"alice","token":"` + tok + `"}`,
		"ünïcödé ✓ \t\n\"quoted\" \\ back",
		strings.Repeat("x", 3000),
		"",
	} {
		if err := keyring.Set(fastService, Account, secret); err != nil {
			t.Fatal(err)
		}
		want, err := keyring.Get(fastService, Account)
		if err != nil {
			t.Fatal(err)
		}
		got, found, ok := fastGet(fastService, Account)
		if !ok || !found || got != want {
			t.Fatalf("fastGet = %q, found %v, ok %v; go-keyring Get = %q", got, found, ok, want)
		}
		if got, err := osKeyring().Get(fastService, Account); err != nil || got != want {
			t.Fatalf("osKeyring().Get = %q, %v; want %q", got, err, want)
		}
	}

	// A second matching item (another program's, with one more attribute):
	// go-keyring picks one by its own rules, so fastGet leaves it to it.
	secretTool(t, nil, "store", "--label=other", "service", fastService, "username", Account, "extra", "1")
	t.Cleanup(func() { exec.Command("secret-tool", "clear", "service", fastService, "extra", "1").Run() })
	if _, _, ok := fastGet(fastService, Account); ok {
		t.Fatal("fastGet answered with two matching items")
	}
	want, err := keyring.Get(fastService, Account)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := osKeyring().Get(fastService, Account); err != nil || got != want {
		t.Fatalf("osKeyring().Get with two items = %q, %v; want %q", got, err, want)
	}
	exec.Command("secret-tool", "clear", "service", fastService, "extra", "1").Run()

	// An entry only in another collection is not go-keyring's: not found.
	keyring.Delete(fastService, Account)
	secretTool(t, nil, "store", "--label=session", "--collection=/org/freedesktop/secrets/collection/session", "service", fastService, "username", Account)
	t.Cleanup(func() { exec.Command("secret-tool", "clear", "service", fastService, "username", Account).Run() })
	if _, err := keyring.Get(fastService, Account); !errors.Is(err, keyring.ErrNotFound) {
		t.Fatalf("go-keyring Get of a session-collection entry = %v", err)
	}
	if s, found, ok := fastGet(fastService, Account); !ok || found {
		t.Fatalf("fastGet of a session-collection entry = %q, found %v, ok %v; want not found", s, found, ok)
	}
}

// TestFastKeyringFallback checks that fastKeyring hands every Get that
// fastGet cannot answer, and every Set and Delete, to its fallback: here
// there is no session bus at all.
func TestFastKeyringFallback(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
	t.Setenv("XDG_RUNTIME_DIR", t.TempDir())
	mem := &Memory{}
	k := fastKeyring{mem}
	if err := k.Set(fastService, Account, "s1"); err != nil || mem.Items[fastService+"/"+Account] != "s1" {
		t.Fatalf("Set = %v; fallback holds %v", err, mem.Items)
	}
	if s, err := k.Get(fastService, Account); err != nil || s != "s1" {
		t.Fatalf("Get = %q, %v; want the fallback's s1", s, err)
	}
	if err := k.Delete(fastService, Account); err != nil || len(mem.Items) != 0 {
		t.Fatalf("Delete = %v; fallback holds %v", err, mem.Items)
	}
	if _, err := k.Get(fastService, Account); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get after Delete = %v", err)
	}
	broken := errors.New("fallback error")
	if _, err := (fastKeyring{&Memory{Err: broken}}).Get(fastService, Account); err != broken {
		t.Fatalf("Get with a failing fallback = %v; want its error", err)
	}
}

// secretTool runs secret-tool in env (nil: this one) with "secret" on stdin.
func secretTool(t *testing.T, env []string, args ...string) {
	t.Helper()
	cmd := exec.Command("secret-tool", args...)
	cmd.Env = env
	cmd.Stdin = strings.NewReader("secret")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("secret-tool %v: %v: %s", args, err, out)
	}
}

// TestFastGetChild is the child process of the tests below: with
// DXAI_FASTGET_CHILD=fast it prints fastGet's answer for the real entry,
// with =gokeyring go-keyring's, or "hung" when it has not answered within
// DXAI_FASTGET_WAIT (default 1s).
func TestFastGetChild(t *testing.T) {
	mode := os.Getenv("DXAI_FASTGET_CHILD")
	if mode == "" {
		t.Skip("child process only")
	}
	wait, err := time.ParseDuration(os.Getenv("DXAI_FASTGET_WAIT"))
	if err != nil {
		wait = time.Second
	}
	ch := make(chan string, 1)
	go func() {
		switch mode {
		case "fast":
			s, found, ok := fastGet(Service, Account)
			ch <- fmt.Sprintf("ok=%v found=%v secret=%q", ok, found, s)
		case "gokeyring":
			s, err := keyring.Get(Service, Account)
			ch <- fmt.Sprintf("secret=%q err=%v", s, err)
		}
	}()
	select {
	case r := <-ch:
		fmt.Println("CHILD", r)
	case <-time.After(wait):
		fmt.Println("CHILD hung")
	}
}

func runChild(t *testing.T, env []string, mode string) string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestFastGetChild$", "-test.v")
	cmd.Env = append(env, "DXAI_FASTGET_CHILD="+mode)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	for _, l := range strings.Split(string(out), "\n") {
		if r, ok := strings.CutPrefix(l, "CHILD "); ok {
			return r
		}
	}
	t.Fatalf("child said nothing:\n%s", out)
	return ""
}

// lockedWithEntry is an unlocked keyring holding the real entry, then
// locked: unlike keyringtest.Locked, the search finds a (locked) item.
func lockedWithEntry(t *testing.T) []string {
	env := keyringtest.Env(t, keyringtest.Unlocked)
	secretTool(t, env, "store", "--label=dxai", "service", Service, "username", Account)
	cmd := exec.Command("dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.secrets", "/org/freedesktop/secrets",
		"org.freedesktop.Secret.Service.Lock", "array:objpath:/org/freedesktop/secrets/collection/login")
	cmd.Env = env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("locking: %v: %s", err, out)
	}
	return env
}

// TestFastGetFallsBack checks that in every broken keyring fastGet leaves
// the answer to go-keyring (so prompts, errors and their translations are
// unchanged; TestRealFailures checks those through Store.Get), that it
// waits on a Secret Service that does not answer (WithTimeout bounds it:
// TestRealFailures' hung case), and that a locked keyring holding the
// entry still gives the translated error.
func TestFastGetFallsBack(t *testing.T) {
	for _, c := range []struct {
		name  string
		state keyringtest.State
		want  string
	}{
		{"NoBus", keyringtest.NoBus, "ok=false"},
		{"NoService", keyringtest.NoService, "ok=false"},
		{"NoDefault", keyringtest.NoDefault, "ok=false"},
		{"Locked", keyringtest.Locked, "ok=false"},
		{"Hung", keyringtest.Hung, "hung"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := runChild(t, keyringtest.Env(t, c.state), "fast"); !strings.HasPrefix(got, c.want) {
				t.Fatalf("fastGet: %s; want %s", got, c.want)
			}
		})
	}
	t.Run("LockedWithEntry", func(t *testing.T) {
		env := lockedWithEntry(t)
		if got := runChild(t, env, "fast"); !strings.HasPrefix(got, "ok=false") {
			t.Fatalf("fastGet: %s; want ok=false", got)
		}
		cmd := exec.Command(os.Args[0])
		cmd.Env = append(env, "DXAI_CREDSTORE_CHILD=get", EnvTimeout+"=1s")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("child: %v\n%s", err, out)
		}
		if !strings.Contains(string(out), "login keyring is locked") || !strings.Contains(string(out), "fix: ") {
			t.Fatalf("Store.Get: %q; want the locked keyring's message", out)
		}
	})
	t.Run("Unlocked", func(t *testing.T) {
		env := keyringtest.Env(t, keyringtest.Unlocked)
		if got := runChild(t, env, "fast"); got != `ok=true found=false secret=""` {
			t.Fatalf("fastGet without an entry: %s", got)
		}
		secretTool(t, env, "store", "--label=dxai", "service", Service, "username", Account)
		if got := runChild(t, env, "fast"); got != `ok=true found=true secret="secret"` {
			t.Fatalf("fastGet: %s", got)
		}
		if got := runChild(t, env, "gokeyring"); got != `secret="secret" err=<nil>` {
			t.Fatalf("go-keyring: %s", got)
		}
	})
}

// TestFastGetRoundTrips watches the bus with dbus-monitor while fastGet and
// go-keyring read the same entry, and counts each one's method calls and
// the times it waited for a reply before its next call.
func TestFastGetRoundTrips(t *testing.T) {
	if _, err := exec.LookPath("dbus-monitor"); err != nil {
		keyringtest.Skip(t, "dbus-monitor is not installed (apt-get install dbus)")
	}
	env := keyringtest.Env(t, keyringtest.Unlocked)
	secretTool(t, env, "store", "--label=dxai", "service", Service, "username", Account)
	fastCalls, fastRounds := watch(t, env, "fast")
	slowCalls, slowRounds := watch(t, env, "gokeyring")
	t.Logf("fastGet: %d method calls, %d round trips to the Secret Service; go-keyring Get: %d method calls, %d round trips", fastCalls, fastRounds, slowCalls, slowRounds)
	if fastRounds > 3 || fastRounds >= slowRounds || fastCalls >= slowCalls {
		t.Fatalf("fastGet: %d calls, %d round trips; go-keyring: %d calls, %d round trips", fastCalls, fastRounds, slowCalls, slowRounds)
	}
}

// watch runs the child in mode under dbus-monitor and returns the child's
// method calls and its round trips to the Secret Service: such a round trip
// starts with a call to it sent after the child has received an answer from
// it since its previous call. (Calls to the bus itself, Hello, count as
// calls; the bus answers them at once.)
func watch(t *testing.T, env []string, mode string) (calls, rounds int) {
	t.Helper()
	mon := exec.Command("dbus-monitor", "--session")
	mon.Env = env
	stdout, err := mon.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := mon.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string, 1000)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	<-lines // the monitor is listening
	if got := runChild(t, env, mode); !strings.Contains(got, `secret="secret"`) {
		t.Fatalf("%s: %s", mode, got)
	}
	time.Sleep(300 * time.Millisecond)
	mon.Process.Kill()
	mon.Wait()

	child := ""     // the child's unique name, the sender of Hello
	replied := true // a reply came since the child's last call
	for l := range lines {
		f := strings.Fields(l)
		if len(f) < 2 {
			continue
		}
		field := func(k string) string {
			for _, x := range f {
				if v, ok := strings.CutPrefix(x, k+"="); ok {
					return strings.TrimSuffix(v, ";")
				}
			}
			return ""
		}
		switch {
		case f[0] == "method" && f[1] == "call":
			if child == "" && field("member") == "Hello" {
				child = field("sender")
			}
			if child == "" || field("sender") != child {
				continue
			}
			calls++
			if field("destination") == "org.freedesktop.DBus" {
				continue // the bus itself answers at once
			}
			if replied {
				rounds++
				replied = false
			}
		case (f[0] == "method" && f[1] == "return" || f[0] == "error") && child != "" && field("destination") == child && field("sender") != "org.freedesktop.DBus":
			replied = true
		}
	}
	if child == "" {
		t.Fatalf("dbus-monitor saw no Hello from the %s child", mode)
	}
	return calls, rounds
}

// TestDaemonCrashRestarts kills the keyring daemon as gnome-keyring's own
// crash does (SIGABRT) and checks that the next read, fast or through
// go-keyring, meets the daemon D-Bus starts again, with the entry.
func TestDaemonCrashRestarts(t *testing.T) {
	env := keyringtest.Env(t, keyringtest.Unlocked)
	secretTool(t, env, "store", "--label=dxai", "service", Service, "username", Account)
	for _, mode := range []string{"fast", "gokeyring"} {
		cmd := exec.Command("dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus",
			"org.freedesktop.DBus.GetConnectionUnixProcessID", "string:org.freedesktop.secrets")
		cmd.Env = env
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("finding the daemon: %v", err)
		}
		var pid int
		if f := strings.Fields(string(out)); len(f) == 0 {
			t.Fatalf("no pid in %q", out)
		} else if _, err := fmt.Sscan(f[len(f)-1], &pid); err != nil {
			t.Fatal(err)
		}
		proc, err := os.FindProcess(pid)
		if err != nil {
			t.Fatal(err)
		}
		proc.Signal(syscall.SIGABRT)
		time.Sleep(200 * time.Millisecond)
		want := `ok=true found=true secret="secret"`
		if mode == "gokeyring" {
			want = `secret="secret" err=<nil>`
		}
		// Starting the daemon again takes a while on a busy machine.
		if got := runChild(t, append(env, "DXAI_FASTGET_WAIT=20s"), mode); got != want {
			t.Fatalf("%s after the daemon crashed: %s; want %s", mode, got, want)
		}
	}
}
