package main

import (
	"cmp"
	"errors"
	"strings"
	"time"

	"github.com/dynamixs-ai/dxai/credstore"
	"github.com/dynamixs-ai/dxai/dockerconfig"
	"github.com/dynamixs-ai/dxai/internal/expiry"
	"github.com/dynamixs-ai/dxai/internal/hint"
	"github.com/dynamixs-ai/dxai/internal/state"
	"github.com/dynamixs-ai/dxai/registries"
	"github.com/dynamixs-ai/dxai/settingsxml"
	"github.com/dynamixs-ai/dxai/tokencheck"
	"github.com/dynamixs-ai/dxai/tokenshape"
)

const initHelp = `Store your GitHub token in the OS keyring, write the dynamixs-ai <server>
into Maven's settings.xml, map ghcr.io to docker-credential-dxai in the
docker config, install the Gradle init script ~/.gradle/init.d/dxai.gradle
where Gradle is used (it runs the helper at build time: no token on disk),
and record every place it wrote (see "The record" in the README). Running
it again changes nothing unless something changed.

The token comes from --token-stdin, else DXAI_TOKEN, else the token already
stored (the keyring, or the --insecure-storage file), else a prompt without
echo; never from the command line. With DXAI_TOKEN set and no keyring, init
stores nothing and sets up Maven and Docker to read DXAI_TOKEN. A
--server-id and a --no-plaintext are remembered: later runs use them and
say so (--plaintext writes the token again). Examples:

  mvn-dxai init
  printf %s "$TOKEN" | mvn-dxai init --token-stdin --username octocat
  mvn-dxai init --no-plaintext     # settings.xml holds ${env.DXAI_TOKEN}; use "mvn-dxai exec -- mvn …"
  mvn-dxai init --gradle           # also give Gradle builds the token (the default when ~/.gradle exists)
`

type initInput struct {
	targetFlags
	tokenStdin bool
	username   string
	offline    bool
	form       formFlags
	githubHost string
	insecure   bool
	gradle     gradleFlags
}

func runInit(u *ui, args []string) error {
	var in initInput
	fs := newFlags(u, "init", "[flags]", initHelp)
	addTargetFlags(fs, &in.targetFlags)
	if rec, err := u.loadRecord(); err == nil {
		if _, id := rec.Settings(); id != "" && id != DefaultServerID {
			fs.Lookup("server-id").Usage = "the <server> id, which must equal the repository id in your POMs (default " + DefaultServerID +
				"; now " + id + ", remembered from your earlier init)"
		}
	}
	fs.BoolVar(&in.tokenStdin, "token-stdin", false, "read the token from standard input")
	fs.StringVar(&in.username, "username", "", "your GitHub `login` (asked for when missing)")
	fs.BoolVar(&in.offline, "offline", false, "skip the online checks of the token (give --username then: GitHub cannot tell it; a stored one is reused)")
	fs.BoolVar(&in.form.noPlaintext, "no-plaintext", false, "write ${env.DXAI_TOKEN} into settings.xml instead of the token (remembered)")
	fs.BoolVar(&in.form.plaintext, "plaintext", false, "write the token into settings.xml (mode 0600), where an earlier init wrote ${env.DXAI_TOKEN}")
	fs.BoolVar(&in.insecure, "insecure-storage", false, "no keyring here: keep the token in a plain-text file (mode 0600) instead")
	addGradleFlags(fs, &in.gradle)
	fs.StringVar(&in.githubHost, "github-host", "", "a GitHub Enterprise Server host: checks https://HOST/api/v3 and serves containers.HOST")
	if err := parse(u, fs, args, 0); err != nil {
		return err
	}
	if in.noMaven && in.settings != "" {
		return hint.Usage("--settings has no effect with --no-maven", "drop one of them")
	}
	if err := in.gradle.check(); err != nil {
		return err
	}
	if err := in.form.check(); err != nil {
		return err
	}
	if in.githubHost != "" {
		if _, ok := registries.Normalize(in.githubHost); !ok || strings.Contains(in.githubHost, "/") {
			return hint.Usage("--github-host "+in.githubHost+" is not a host name", "give the bare host, e.g. --github-host github.example.com")
		}
	}
	return initCommand(u, in)
}

// initCommand does the whole setup. Files are checked before anything is
// written, so a malformed one stops init with nothing changed, as does the
// record's lock held elsewhere. init reads the token and checks it (the
// prompt, stdin, GitHub) first, without the record's lock, whose holder
// must never wait on a person (a docker login's handoff waits for it);
// it stops if the stored token changed meanwhile (checkUnchanged). Then it
// holds the lock from before it reads the record again to the end
// (state.Held).
func initCommand(u *ui, in initInput) error {
	t, err := in.resolve(u)
	if err != nil {
		return err
	}
	// init sets up what its flags say: ghcr.io, or containers.HOST for
	// --github-host, never what an earlier init recorded. DXAI_REGISTRIES
	// replaces the list for this run's checks and credHelpers, and is not
	// recorded.
	var forToken []string
	if in.githubHost != "" {
		forToken = []string{tokencheck.EnterpriseRegistryHost(in.githubHost)}
	} else {
		forToken = []string{registries.Default}
	}
	if !registries.FromEnv(u.getenv) {
		t.served = forToken
	}
	if in.username != "" && !tokenshape.ValidLogin(in.username) {
		return hint.Usage("--username "+in.username+" is not a GitHub user name", "give your GitHub login, e.g. --username octocat")
	}
	t.sayRememberedID(u)
	migrated, err := preflight(t)
	if err != nil {
		return initSettingsAgain(u, in, err)
	}
	store, err := u.openStore()
	if err != nil {
		return err
	}
	store.UseFile = in.insecure

	// One read of the stored entry (each may mean an unlock prompt or a
	// wait): what init reuses, and what it checks is unchanged later.
	stored, storedErr := store.GetKeyring()
	seen := seeEntry(stored, storedErr)
	src, err := initSource(u, in, store, migrated, stored, storedErr)
	if err != nil {
		return err
	}
	if _, _, err := settingsForm(in.form, t.record, t.settings, src.envOnly); err != nil {
		return err // before the prompt for a username
	}
	tok := src.token
	kind, err := checkShape(u, tok, src.fromEnv)
	if err != nil {
		return err
	}
	username := cmp.Or(in.username, src.username)
	var expires time.Time
	if !in.offline {
		var apiURL string
		if in.githubHost != "" {
			apiURL = tokencheck.EnterpriseAPIURL(in.githubHost)
		} else if apiURL, err = tokencheck.EnvAPIURLFrom(u.getenv); err != nil {
			return err // an *APIURLError, which knows its fix
		}
		offline := func() string { return offlineFix(u, in, store, t.record) }
		if username, expires, err = onlineCheck(u, apiURL, in.username, tok, kind, t.served, src.fromEnv, offline); err != nil {
			return err
		}
	}
	if username == "" && src.envOnly {
		e, _ := credstore.EnvEntry(u.getenv) // DXAI_USERNAME, GITHUB_ACTOR or the placeholder
		username = e.Username
	}
	if username, err = chooseUsername(u, username, tok, store, migrated, t.record); err != nil {
		return err
	}

	if err := seen.checkUnchanged(store, in); err != nil {
		return err
	}
	held, err := u.holdRecord()
	if err != nil {
		return err
	}
	defer held.Release()
	// The record again, under the lock: another init may have changed it
	// while this one read the token.
	if t, err = in.resolve(u); err != nil {
		return err
	}
	if !registries.FromEnv(u.getenv) {
		t.served = forToken
	}
	form, rememberedForm, err := settingsForm(in.form, t.record, t.settings, src.envOnly)
	if err != nil {
		return err
	}

	// With the lock held, the record read above is the record on disk:
	// each save writes this run's view of it whole.
	rec := t.record
	rec.Registries, rec.EnvToken, rec.Skipped = registries.Record(forToken), src.envOnly, skippedSides(in)
	e := credstore.Entry{Username: username, Token: tok, Expires: expiryToKeep(store, tok, expires, in.offline)}
	var done []string
	if !src.envOnly {
		stored, err := storeToken(u, store, e, in.insecure)
		if err != nil {
			return err
		}
		if stored {
			done = append(done, "keyring")
		}
		var file string // the opt-in file, when the token is kept there
		if store.Backend() == credstore.FromFile {
			file = store.File.Path
		}
		for _, c := range rec.Of(state.TokenFile) {
			rec.Drop(c.Kind, c.Path)
		}
		if file != "" {
			rec.Put(state.Copy{Kind: state.TokenFile, Path: file})
		}
		if err := saveRecord(held, rec); err != nil {
			return err
		}
	}

	plaintext := form == state.FormToken
	if t.settings != "" {
		explainMavenHome(u, t.settings)
		if rememberedForm {
			u.note("using %s in %s from your earlier init (--plaintext writes the token instead)", EnvPassword, u.path(t.settings))
		}
		prev, _ := rec.Find(state.MavenSettings, t.settings)
		verb := writeVerb(t.settings)
		c, changed, err := wireSettings(u, prev, t.settings, serverFor(t.serverID, e, plaintext), form, src.envOnly && !in.form.noPlaintext)
		if err != nil {
			return initSettingsAgain(u, in, err)
		}
		c.Default = t.settings == u.defaultSettings()
		if err := recordCopy(held, &rec, c); err != nil {
			return err
		}
		if changed {
			u.note("%s %s: <server> %s (%s)", verb, u.path(t.settings), t.serverID, formSaid(form, src.envOnly))
			done = append(done, u.path(t.settings))
		}
	}
	if t.docker != "" {
		prev, _ := rec.Find(state.DockerConfig, t.docker)
		verb := writeVerb(t.docker)
		c, changed, removed, dropped, err := wireDocker(prev, t.docker, t.served)
		if err != nil {
			return err
		}
		if err := recordCopy(held, &rec, c); err != nil {
			return err
		}
		if len(changed) > 0 {
			u.note("%s %s: credHelpers %s", verb, u.path(t.docker), arrows(changed))
			done = append(done, u.path(t.docker))
		}
		if len(dropped) > 0 {
			u.note("removed credHelpers %s from %s: dxai no longer serves them", strings.Join(dropped, ", "), u.path(t.docker))
		}
		if len(removed) > 0 {
			u.note("removed the plain-text credentials for %s from %s: the keyring holds the token now", strings.Join(removed, ", "), u.path(t.docker))
		}
		checkHelperOnPath(u)
	}
	if c, wrote, err := setupGradle(u, in.gradle, rec, t.serverID, t.served[0]); err != nil {
		return err
	} else if c.Path != "" {
		rec.Put(c)
		if wrote {
			done = append(done, u.path(c.Path))
		}
	}
	if err := saveRecord(held, rec); err != nil {
		return err
	}

	if src.envOnly {
		u.note("environment-token setup: no keyring here, so nothing was stored; docker-credential-dxai and Maven read the token from %s whenever it is set", credstore.EnvToken)
		u.note("next: keep %s set where docker and mvn run; check everything with \"mvn-dxai doctor\"", credstore.EnvToken)
		return nil
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

// skippedSides are the sides init's flags leave alone, for the record:
// status and doctor then show them as skipped, and the next init without
// the flag wires them again.
func skippedSides(in initInput) []state.Side {
	var out []state.Side
	if in.noMaven {
		out = append(out, state.SideMaven)
	}
	if in.noDocker {
		out = append(out, state.SideDocker)
	}
	if in.gradle.skip {
		out = append(out, state.SideGradle)
	}
	return out
}

// tokenSource is where init's token comes from.
type tokenSource struct {
	token, username string
	// envOnly: DXAI_TOKEN with no keyring to store it in; init stores
	// nothing and wires Maven and Docker to read the variable.
	envOnly bool
	// fromEnv: the token is DXAI_TOKEN's, which overrides a stored one,
	// so a fix for it ends in setting the variable.
	fromEnv bool
}

// initSource finds the token: --token-stdin, DXAI_TOKEN, the token already
// stored (re-wiring without asking), else a migrated docker credential or
// the prompt.
func initSource(u *ui, in initInput, store *credstore.Store, migrated *credstore.Entry, stored credstore.Entry, err error) (tokenSource, error) {
	envTok := u.getenv(credstore.EnvToken)
	if !in.tokenStdin {
		var unavailable *credstore.UnavailableError
		switch {
		case envTok != "" && !in.insecure && errors.As(err, &unavailable):
			return tokenSource{token: envTok, envOnly: true, fromEnv: true}, nil
		case envTok == "" && err == nil:
			where := "the keyring"
			if store.Backend() == credstore.FromFile {
				where = u.path(store.File.Path)
			}
			u.note("using the token %s for %s already in %s (to store another, pipe it to --token-stdin or set %s)",
				tokenshape.Mask(stored.Token), stored.Username, where, credstore.EnvToken)
			return tokenSource{token: stored.Token, username: stored.Username}, nil
		}
	}
	tok, err := obtainToken(u, in, migrated)
	return tokenSource{token: tok, fromEnv: !in.tokenStdin && envTok != ""}, err
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

// expiryToKeep is the expiry date to keep with the entry: what GitHub just
// said, or, offline, what was kept for the same token before.
func expiryToKeep(store *credstore.Store, tok string, fromGitHub time.Time, offline bool) string {
	if !offline {
		return expiry.Format(fromGitHub)
	}
	if old, err := store.GetKeyring(); err == nil && old.Token == tok {
		return old.Expires
	}
	return ""
}

// checkHelperOnPath warns when docker will not find the helper.
func checkHelperOnPath(u *ui) {
	if h := u.doctorEnv().FindHelper(); h.Path == "" {
		u.warn("%s", h.Problem)
		u.hint("%s", h.Fix)
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
			u.note("moved the token %s for %s from %s into the keyring, and removed that file", tokenshape.Mask(e.Token), e.Username, u.path(store.File.Path))
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
			tokenshape.Mask(e.Token), e.Username, u.path(store.File.Path))
		u.hint("%s", credstore.MoveToKeyringFix)
	} else {
		u.note("stored the token %s for %s in the keyring", tokenshape.Mask(e.Token), e.Username)
	}
	return true, nil
}

// explainMavenHome tells the user, when init writes the settings file Maven
// reads and that is not the one under $HOME, both paths and why.
func explainMavenHome(u *ui, settings string) {
	env := u.doctorEnv()
	h, _ := env.MavenHome(false)
	if home := env.HomeSettings(); settings == h.Settings() && settings != home {
		u.note("Maven reads %s, not %s: its user.home is %s, from %s, not from HOME", u.path(settings), home, h.Dir, h.From)
	}
}
