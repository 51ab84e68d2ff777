package scripttest

import (
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/dynamixs-ai/dxai/internal/atomicfile"
	"github.com/dynamixs-ai/dxai/internal/testing/fakes"
	"github.com/dynamixs-ai/dxai/internal/testing/keyringtest"
	"github.com/dynamixs-ai/dxai/internal/testing/testworld"
	"github.com/rogpeppe/go-internal/testscript"
)

// commands are the scripts' own verbs, beyond testscript's built-ins.
var commands = map[string]func(ts *testscript.TestScript, neg bool, args []string){
	"keyring":   cmdKeyring,
	"secret":    cmdSecret,
	"registry":  cmdRegistry,
	"pushimage": cmdPushImage,
	"mavenrepo": cmdMavenRepo,
	"mode":      cmdMode,
	"subst":     cmdSubst,
	"github":    cmdGitHub,
	"ghtoken":   cmdGitHubToken,
	"tokenat":   cmdTokenAt,
	"lockname":  cmdLockName,
	"pwhome":    cmdPasswdHome,
}

func scriptWorld(ts *testscript.TestScript) world {
	return world{
		values:  ts.Value(key("values")).(map[any]any),
		workdir: ts.Value(key("workdir")).(string),
		setenv:  ts.Setenv,
		defer_:  ts.Defer,
	}
}

// childEnv is the environment of the programs the scripts' own verbs run
// (secret-tool): the script's world as it stands now.
func childEnv(ts *testscript.TestScript) []string {
	var base []string
	for _, k := range testworld.Kept {
		base = append(base, k+"="+ts.Getenv(k))
	}
	return testworld.Env(testworld.Options{Home: ts.Getenv("HOME"), Base: base})
}

// keyring STATE: from here on, commands meet the keyring in STATE
// (unlocked, locked, nodefault, noservice, nobus, hung), on a fresh bus.
func cmdKeyring(ts *testscript.TestScript, neg bool, args []string) {
	states := map[string]keyringtest.State{
		"unlocked": keyringtest.Unlocked, "locked": keyringtest.Locked, "nodefault": keyringtest.NoDefault,
		"noservice": keyringtest.NoService, "nobus": keyringtest.NoBus, "hung": keyringtest.Hung,
	}
	if neg || len(args) != 1 {
		ts.Fatalf("usage: keyring STATE")
	}
	s, ok := states[args[0]]
	if !ok {
		ts.Fatalf("unknown keyring state %q", args[0])
	}
	if err := keyringtest.Missing(s); err != nil {
		ts.Fatalf("%v", err)
	}
	ts.Check(switchKeyring(scriptWorld(ts), s))
}

// secret: print the shared entry as another libsecret program
// (secret-tool) sees it.
func cmdSecret(ts *testscript.TestScript, neg bool, args []string) {
	cmd := exec.Command("secret-tool", "lookup", "service", "dxai", "username", "github.com")
	cmd.Env = childEnv(ts)
	out, err := cmd.Output()
	if neg {
		if err == nil {
			ts.Fatalf("secret-tool found an entry: %s", out)
		}
		return
	}
	ts.Check(err)
	ts.Stdout().Write(out)
}

// registry [-basic] [-refresh] TOKEN...: start a ghcr.io-style registry
// that accepts TOKEN (with any user name); $REGISTRY is its host:port.
// -refresh makes its token service issue refresh tokens at login.
func cmdRegistry(ts *testscript.TestScript, neg bool, args []string) {
	cfg := fakes.RegistryConfig{}
	for _, a := range args {
		switch {
		case a == "-basic":
			cfg.Auth = fakes.BasicAuth
		case a == "-refresh":
			cfg.RefreshTokens = true
		case strings.HasPrefix(a, "-revoked="):
			cfg.Revoked = append(cfg.Revoked, strings.TrimPrefix(a, "-revoked="))
		default:
			cfg.Tokens = append(cfg.Tokens, a)
		}
	}
	r, err := fakes.NewRegistry(cfg)
	ts.Check(err)
	ts.Defer(func() { r.Close() })
	scriptWorld(ts).values[key("registry")] = r
	ts.Setenv("REGISTRY", r.Host())
}

// pushimage REPO: push a random image to the registry as REPO.
func cmdPushImage(ts *testscript.TestScript, neg bool, args []string) {
	r, _ := ts.Value(key("registry")).(*fakes.Registry)
	if r == nil || len(args) != 1 {
		ts.Fatalf("usage: pushimage REPO (after registry)")
	}
	_, err := r.PushRandomImage(args[0])
	ts.Check(err)
}

// mavenrepo TOKEN...: start a maven.pkg.github.com stand-in holding the
// test parent POM; $MAVEN_REPO is the repository URL.
func cmdMavenRepo(ts *testscript.TestScript, neg bool, args []string) {
	m, err := fakes.NewMavenRepo(args...)
	ts.Check(err)
	ts.Defer(func() { m.Close() })
	scriptWorld(ts).values[key("maven")] = m
	ts.Setenv("MAVEN_REPO", m.PutParentPOM())
}

// mode PATH PERM: the file's permission bits are PERM (octal).
func cmdMode(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: mode PATH PERM")
	}
	fi, err := os.Stat(ts.MkAbs(args[0]))
	ts.Check(err)
	want, err := strconv.ParseUint(args[1], 8, 32)
	ts.Check(err)
	if got := uint64(fi.Mode().Perm()); (got == want) == neg {
		ts.Fatalf("%s has mode %o, want %s%s", args[0], got, map[bool]string{true: "not ", false: ""}[neg], args[1])
	}
}

// subst FILE...: expand $VAR and ${VAR} in the files, in place, with the
// script's environment (for ports known only at run time).
func cmdSubst(ts *testscript.TestScript, neg bool, args []string) {
	for _, f := range args {
		path := ts.MkAbs(f)
		data, err := os.ReadFile(path)
		ts.Check(err)
		ts.Check(os.WriteFile(path, []byte(os.Expand(string(data), ts.Getenv)), 0o600))
	}
}

// github: start a fake api.github.com and point DXAI_GITHUB_API_URL at it;
// "github down" points it at a loopback port nothing listens on.
func cmdGitHub(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) == 1 && args[0] == "down" {
		ts.Setenv("DXAI_GITHUB_API_URL", fakes.DeadURL())
		return
	}
	g, err := fakes.NewGitHubAPI()
	ts.Check(err)
	ts.Defer(func() { g.Close() })
	scriptWorld(ts).values[key("github")] = g
	ts.Setenv("DXAI_GITHUB_API_URL", g.URL())
}

// ghtoken TOKEN [login=NAME] [scopes=a,b] [finegrained] [expires=DURATION]
// [sso=ORG] [member]: how the fake GitHub answers for TOKEN. Without
// scopes= a classic token gets read:packages, write:packages and repo.
func cmdGitHubToken(ts *testscript.TestScript, neg bool, args []string) {
	g, _ := ts.Value(key("github")).(*fakes.GitHubAPI)
	if g == nil || len(args) < 1 {
		ts.Fatalf("usage: ghtoken TOKEN [options] (after github)")
	}
	t := fakes.APIToken{Login: "alice", Scopes: []string{"read:packages", "write:packages", "repo"}, Orgs: []string{"dynamixs-ai"}}
	for _, a := range args[1:] {
		k, v, _ := strings.Cut(a, "=")
		switch k {
		case "login":
			t.Login = v
		case "scopes":
			t.Scopes = nil
			if v != "" {
				t.Scopes = strings.Split(v, ",")
			}
		case "finegrained":
			t.FineGrained = true
		case "expires":
			d, err := time.ParseDuration(v)
			ts.Check(err)
			t.Expires = time.Now().Add(d).UTC().Truncate(time.Second)
		case "sso":
			t.SSO = append(t.SSO, v)
		case "nonmember":
			t.Orgs = nil
		default:
			ts.Fatalf("unknown ghtoken option %q", a)
		}
	}
	g.SetToken(args[0], t)
}

// lockname VAR PATH: set VAR to the name of the lock file that guards
// PATH in the lock folder, $XDG_CONFIG_HOME/dxai/locks, so that a script
// can hold it with flock.
func cmdLockName(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 || neg {
		ts.Fatalf("usage: lockname VAR PATH")
	}
	real, err := atomicfile.Resolve(ts.MkAbs(args[1]))
	ts.Check(err)
	ts.Setenv(args[0], atomicfile.LockName(real))
}
