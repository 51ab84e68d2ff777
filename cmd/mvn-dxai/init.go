package main

import (
	"errors"
	"os"
	"os/exec"
	"strings"

	"github.com/dynamixs-ai/dxai/credstore"
	"github.com/dynamixs-ai/dxai/dockerconfig"
	"github.com/dynamixs-ai/dxai/internal/state"
	"github.com/dynamixs-ai/dxai/registries"
	"github.com/dynamixs-ai/dxai/settingsxml"
	"github.com/dynamixs-ai/dxai/tokencheck"
)

const initHelp = `Store your GitHub token in the OS keyring, write the dynamixs-ai <server>
into Maven's settings.xml and map ghcr.io to docker-credential-dxai in the
docker config. Running it again changes nothing unless something changed.

The token comes from --token-stdin, else DXAI_TOKEN, else a prompt without
echo; never from the command line. Examples:

  mvn-dxai init
  printf %s "$TOKEN" | mvn-dxai init --token-stdin --username octocat
  mvn-dxai init --no-plaintext     # settings.xml holds ${env.DXAI_TOKEN}; use "mvn-dxai exec -- mvn …"
`

type initInput struct {
	targetFlags
	tokenStdin  bool
	username    string
	offline     bool
	noPlaintext bool
	githubHost  string
	insecure    bool
}

func runInit(u *ui, args []string) error {
	var in initInput
	fs := newFlags(u, "init", "[flags]", initHelp)
	addTargetFlags(fs, &in.targetFlags)
	fs.BoolVar(&in.tokenStdin, "token-stdin", false, "read the token from standard input")
	fs.StringVar(&in.username, "username", "", "your GitHub login (asked for when missing)")
	fs.BoolVar(&in.offline, "offline", false, "skip the online checks of the token")
	fs.BoolVar(&in.noPlaintext, "no-plaintext", false, "write ${env.DXAI_TOKEN} into settings.xml instead of the token")
	fs.BoolVar(&in.insecure, "insecure-storage", false, "no keyring here: keep the token in a plain-text file (mode 0600) instead")
	fs.StringVar(&in.githubHost, "github-host", "", "a GitHub Enterprise Server host: checks https://HOST/api/v3 and serves containers.HOST")
	if err := parse(u, fs, args, 0); err != nil {
		return err
	}
	if in.noMaven && in.settings != "" {
		return &usageError{msg: "--settings has no effect with --no-maven", fix: "drop one of them"}
	}
	if in.githubHost != "" {
		if _, ok := registries.Normalize(in.githubHost); !ok || strings.Contains(in.githubHost, "/") {
			return &usageError{msg: "--github-host " + in.githubHost + " is not a host name", fix: "give the bare host, e.g. --github-host github.example.com"}
		}
		if os.Getenv(registries.EnvVar) == "" {
			os.Setenv(registries.EnvVar, tokencheck.EnterpriseRegistryHost(in.githubHost))
		}
	}
	return initCommand(u, in)
}

// initCommand does the whole setup. Files are checked before anything is
// written, so a malformed one stops init with nothing changed.
func initCommand(u *ui, in initInput) error {
	t, err := in.resolve()
	if err != nil {
		return err
	}
	if !registries.FromEnv() {
		// init sets up what its flags say: ghcr.io, or containers.HOST for
		// --github-host (in DXAI_REGISTRIES by now), never what an earlier
		// init recorded.
		t.served = []string{registries.Default}
	}
	if in.username != "" && !tokencheck.ValidLogin(in.username) {
		return &usageError{msg: "--username " + in.username + " is not a GitHub user name", fix: "give your GitHub login, e.g. --username octocat"}
	}
	migrated, err := preflight(t)
	if err != nil {
		return err
	}
	store, err := openStore()
	if err != nil {
		return err
	}
	store.UseFile = in.insecure

	tok, err := obtainToken(u, in.tokenStdin, migrated)
	if err != nil {
		return err
	}
	kind, err := checkShape(u, tok)
	if err != nil {
		return err
	}
	username := in.username
	if !in.offline {
		var apiURL string
		if in.githubHost != "" {
			apiURL = tokencheck.EnterpriseAPIURL(in.githubHost)
		} else if apiURL, err = tokencheck.EnvAPIURL(); err != nil {
			return fail("unset it to use "+tokencheck.DefaultAPIURL, "%v", err)
		}
		if username, err = onlineCheck(u, apiURL, in.username, tok, kind, t.served); err != nil {
			return err
		}
	}
	if username, err = chooseUsername(u, username, tok, store, migrated); err != nil {
		return err
	}

	e := credstore.Entry{Username: username, Token: tok, Registries: registries.Record(t.served)}
	stored, err := storeToken(u, store, e, in.insecure)
	if err != nil {
		return err
	}
	var done []string
	if stored {
		done = append(done, "keyring")
	}

	plaintext := !in.noPlaintext
	if t.settings != "" {
		changed, err := upsertServer(u, t.settings, serverFor(t.serverID, e, plaintext), false)
		if err != nil {
			return err
		}
		if changed {
			form := "the token in plain text, file mode 0600"
			if !plaintext {
				form = "password " + EnvPassword + `; run Maven with "mvn-dxai exec -- mvn …"`
			}
			u.note("updated %s: <server> %s (%s)", u.path(t.settings), t.serverID, form)
			done = append(done, u.path(t.settings))
		}
	}
	if t.docker != "" {
		changed, removed, err := wireDocker(t.docker, t.served)
		if err != nil {
			return err
		}
		if len(changed) > 0 {
			u.note("updated %s: credHelpers %s", u.path(t.docker), arrows(changed))
			done = append(done, u.path(t.docker))
		}
		if len(removed) > 0 {
			u.note("removed the plain-text credentials for %s from %s: the keyring holds the token now", strings.Join(removed, ", "), u.path(t.docker))
		}
		checkHelperOnPath(u)
	}

	st := state.State{DockerConfig: t.docker, Registries: registries.Record(t.served)}
	if t.settings != "" {
		st.Settings, st.ServerID, st.Plaintext = t.settings, t.serverID, plaintext
	}
	if err := state.Save(st); err != nil {
		u.warn("could not record the setup: %v", err)
		u.hint(`"mvn-dxai sync" and the helper will not find settings.xml by themselves; pass --settings to them`)
	}

	if len(done) == 0 {
		u.note("nothing to change: already set up")
	}
	next := `check everything with "mvn-dxai doctor"`
	if t.docker != "" {
		next = "docker pull " + t.served[0] + "/dynamixs-ai/… now authenticates; " + next
	}
	if t.settings != "" && !plaintext {
		next = `run Maven as "mvn-dxai exec -- mvn …"; ` + next
	}
	u.note("next: %s", next)
	return nil
}

// preflight parses both files before anything is written, and returns a
// plain-text docker credential for a served registry, if there is one.
func preflight(t targets) (*credstore.Entry, error) {
	if t.settings != "" {
		if _, _, err := settingsxml.Load(t.settings); err != nil {
			return nil, settingsError(t.settings, err)
		}
	}
	if t.docker == "" {
		return nil, nil
	}
	c, _, err := dockerconfig.Load(t.docker)
	if err != nil {
		return nil, dockerError(err)
	}
	for _, host := range t.served {
		if a, ok := c.PlaintextAuth(host); ok && a.Secret != "" {
			return &credstore.Entry{Username: a.Username, Token: a.Secret}, nil
		}
	}
	return nil, nil
}

// chooseUsername picks the GitHub login: --username, else the one already
// stored with the same token, else the migrated docker credential's, else
// asked for on the terminal.
func chooseUsername(u *ui, flagName, tok string, store *credstore.Store, migrated *credstore.Entry) (string, error) {
	if flagName != "" {
		return flagName, nil
	}
	if old, err := store.GetKeyring(); err == nil && old.Token == tok && old.Username != "" {
		return old.Username, nil
	} else {
		var unavailable *credstore.UnavailableError
		if errors.As(err, &unavailable) {
			return "", err
		}
	}
	if migrated != nil && migrated.Token == tok && tokencheck.ValidLogin(migrated.Username) {
		return migrated.Username, nil
	}
	name, err := askUsername(u)
	if err != nil {
		return "", &usageError{msg: "your GitHub user name is needed", fix: "pass --username NAME (your GitHub login)"}
	}
	return name, nil
}

// checkHelperOnPath warns when docker will not find the helper.
func checkHelperOnPath(u *ui) {
	if _, err := exec.LookPath("docker-credential-dxai"); err != nil {
		u.warn("docker-credential-dxai is not on PATH, so docker cannot run it")
		u.hint(`run "make install" and put its folder (default ~/.local/bin) on PATH`)
	}
}

// storeToken writes the entry where it belongs: the keyring, or, with
// --insecure-storage, the plain-text file, announced at every write. An
// existing opt-in file is moved into the keyring when one works again.
func storeToken(u *ui, store *credstore.Store, e credstore.Entry, insecure bool) (bool, error) {
	if insecure {
		store.UseFile = true
	} else if store.Backend() == credstore.FromFile {
		err := store.MoveToKeyring(e)
		var unavailable *credstore.UnavailableError
		if err == nil {
			u.note("moved the token %s for %s from %s into the keyring, and removed that file", tokencheck.Mask(e.Token), e.Username, u.path(store.File.Path))
			return true, nil
		}
		if !errors.As(err, &unavailable) {
			return false, err
		}
	}
	changed, err := store.Set(e)
	var unavailable *credstore.UnavailableError
	if errors.As(err, &unavailable) {
		u.printError(err)
		u.hint(`or, only where no keyring can run, keep the token in a plain-text file (mode 0600) with "mvn-dxai init --insecure-storage"`)
		return false, exitCode(1)
	}
	if err != nil || !changed {
		return changed, err
	}
	if store.Backend() == credstore.FromFile {
		u.warn("stored the token %s for %s in plain text in %s (mode 0600), not in a keyring, as --insecure-storage asks: anyone who can read your files can use it",
			tokencheck.Mask(e.Token), e.Username, u.path(store.File.Path))
		u.hint(`once a keyring runs here, move it there with "mvn-dxai init" (without --insecure-storage)`)
	} else {
		u.note("stored the token %s for %s in the keyring", tokencheck.Mask(e.Token), e.Username)
	}
	return true, nil
}
