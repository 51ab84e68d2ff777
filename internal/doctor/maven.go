package doctor

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/dynamixs-ai/dxai/internal/product"
	"github.com/dynamixs-ai/dxai/internal/state"
	"github.com/dynamixs-ai/dxai/mavencheck"
	"github.com/dynamixs-ai/dxai/settingsxml"
	"github.com/dynamixs-ai/dxai/tokenshape"
)

// ourRepoURL stands for the org's Maven repositories in mirror checks.
const ourRepoURL = "https://" + mavencheck.GitHubMavenHost + "/" + product.Org

// maven checks the settings.xml Maven reads, and the repositories of the
// pom.xml in the current folder and of the settings' profiles.
func (d *doctor) maven() {
	cwd := d.env.WorkDir
	if cwd == "" {
		d.bad("maven.settings", "run doctor from a folder that exists", "maven: the working folder is gone")
		return
	}
	path, why := d.settingsFile(cwd)
	where := d.path(path)
	doc, exists, err := settingsxml.Load(path)
	var pe *settingsxml.ParseError
	switch {
	case errors.As(err, &pe):
		d.ok("maven.settings", "maven: Maven reads %s (%s)", where, why)
		msg, fix := d.env.FileProblem(path, "Maven", err)
		d.bad("maven.parse", fix, "maven: %s", msg)
		doc = nil
	case err != nil:
		msg, fix := d.env.FileProblem(path, "Maven", err)
		d.bad("maven.settings", fix, "maven: %s", msg)
		doc = nil
	case !exists:
		d.bad("maven.settings", d.initFor(path), "maven: Maven reads %s (%s), which does not exist: it sends no token%s", where, why, d.homeHint(path))
		doc = nil
	default:
		d.ok("maven.settings", "maven: Maven reads %s (%s)", where, why)
		d.ok("maven.parse", "maven: %s is well-formed", where)
	}

	var repos []mavencheck.Repository
	if doc != nil {
		d.server(doc, path)
		if r, err := mavencheck.ReadRepositories(bytes.NewReader(doc.Bytes())); err == nil {
			repos = r
		}
	}
	pomPath := filepath.Join(cwd, "pom.xml")
	pomRepos, pomErr := mavencheck.ReadRepositoriesFile(pomPath)
	hasPOM := !errors.Is(pomErr, os.ErrNotExist)

	if doc != nil {
		ids := []string{d.t.ServerID}
		for _, r := range slices.Concat(repos, pomRepos) {
			if r.GitHub() && r.ID != "" && !slices.Contains(ids, r.ID) {
				ids = append(ids, r.ID)
			}
		}
		d.mirrors(doc, path, ids)
	}
	var hasServer func(string) bool
	if doc != nil {
		hasServer = func(id string) bool { return len(doc.Servers(id)) > 0 }
	}
	d.repositories("settings", where, repos, hasServer, where, d.initFor(path), false)
	switch {
	case !hasPOM:
		d.skip("pom", "pom.xml: none in this folder; run doctor in a project folder to check its repositories")
	case pomErr != nil:
		d.bad("pom", "fix pom.xml: Maven cannot read it either", "pom.xml: %v", pomErr)
	default:
		d.repositories("pom", "pom.xml", pomRepos, hasServer, where, d.initFor(path), true)
	}
}

// settingsFile works out which user settings file Maven reads, and why:
// -s in MAVEN_ARGS (Maven 3.9 puts it before the command line), else
// doctor's --settings (standing for mvn -s), else -s in the project's
// .mvn/maven.config, else a file of the user's own that init recorded, else
// .m2/settings.xml under Maven's user.home (mavencheck.UserHome).
func (d *doctor) settingsFile(cwd string) (path, why string) {
	if s, ok := mavencheck.SettingsArg(strings.Fields(d.env.Getenv("MAVEN_ARGS"))); ok {
		why = "-s in MAVEN_ARGS, read by Maven 3.9 and later"
		if d.in.Settings != "" {
			why += "; it wins over --settings"
		}
		return mavencheck.Resolve(s, cwd), why
	}
	if d.in.Settings != "" {
		return mavencheck.Resolve(d.in.Settings, cwd), "--settings"
	}
	var cfgErr error
	if base, ok := mavencheck.ProjectBaseDir(cwd); ok {
		cfg := filepath.Join(base, mavencheck.ConfigFile)
		args, err := mavencheck.ReadConfig(cfg)
		if cfgErr = err; err != nil {
			d.warn("maven.config", "check the file's permissions", "maven: %v", err)
		}
		if s, ok := mavencheck.SettingsArg(args); ok {
			return mavencheck.Resolve(s, cwd), "-s in " + d.path(cfg)
		}
	}
	h, err := d.env.MavenHome(true)
	if err != nil && (cfgErr == nil || err.Error() != cfgErr.Error()) {
		d.warn("maven.home", "check the file's permissions", "maven: %v; doctor cannot tell whether it sets -Duser.home", err)
	}
	// A file init wrote because Maven read it by default is not one the
	// user gives with -s (nor is HOME's, where init wrote before it knew).
	st, _ := d.t.Record.Settings()
	if c, _ := d.t.Record.Find(state.MavenSettings, st); st != "" && !c.Default && st != h.Settings() && st != d.env.HomeSettings() {
		return st, "the one init wrote; give it to Maven with -s"
	}
	if h.Settings() == d.env.HomeSettings() {
		return h.Settings(), "the default"
	}
	return h.Settings(), fmt.Sprintf("the default under its user.home %s, from %s, not from HOME", d.path(h.Dir), h.From)
}

// homeHint says, when Maven reads another file than the one under $HOME
// and only that one has our <server>, that Maven does not read it.
func (d *doctor) homeHint(path string) string {
	home := d.env.HomeSettings()
	if path == home {
		return ""
	}
	doc, ok, err := settingsxml.Load(home)
	if err != nil || !ok || len(doc.Servers(d.t.ServerID)) == 0 {
		return ""
	}
	return fmt.Sprintf("; %s has it, but Maven does not read that file", d.path(home))
}

// server checks that there is one <server> with our id, that it holds the
// current token, and that a file holding the token is private.
func (d *doctor) server(doc *settingsxml.Doc, path string) {
	id, where := d.t.ServerID, d.path(path)
	servers := doc.Servers(id)
	switch len(servers) {
	case 0:
		d.bad("maven.server", d.initFor(path),
			"maven: %s has no <server> %s, so Maven sends no token to the repository %s (401, and deploy fails)%s", where, id, id, d.homeHint(path))
		return
	case 1:
		d.ok("maven.server", "maven: one <server> %s, for %s", id, servers[0].Username)
	default:
		d.warn("maven.server", fmt.Sprintf("keep one <server> with <id>%s</id> in %s and remove the others", id, where),
			"maven: %s has %d <server> entries with id %s; Maven uses the first and warns about the rest", where, len(servers), id)
	}
	s := servers[0]
	if s.Username == "" {
		d.warn("maven.username", d.syncFix(path), "maven: <server> %s has no <username>; GitHub wants a non-empty one", id)
	}
	if d.password(s, path) {
		d.mode(path)
	}
}

// password checks the server's password against the current token, and
// reports whether the file holds a token in plain text.
func (d *doctor) password(s settingsxml.Server, path string) (plain bool) {
	want := cmp.Or(d.stored.Token, d.entry.Token)
	pw := s.Password
	switch {
	case pw == product.EnvPassword:
		d.ok("maven.password", "maven: <server> %s takes the token from %s: run Maven through \"mvn-dxai exec -- mvn …\"", s.ID, product.EnvPassword)
		return false
	case strings.HasPrefix(pw, "${env.") && strings.HasSuffix(pw, "}"):
		name := pw[len("${env.") : len(pw)-1]
		v := d.env.Getenv(name)
		switch {
		case v == "":
			d.warn("maven.password", fmt.Sprintf("set %s when you run Maven, or %s to use the keyring's token", name, d.syncFix(path)),
				"maven: <server> %s takes its password from %s, which is not set here", s.ID, pw)
		case want != "" && v != want:
			// Not dxai's variable: its value is someone else's secret, so
			// not a character of it is shown, not even masked.
			d.warn("maven.password", fmt.Sprintf("set %s to the current token, or %s to use the keyring's token", name, d.syncFix(path)),
				"maven: <server> %s takes its password from %s, which is set, but not to the current token %s", s.ID, pw, tokenshape.Mask(want))
		default:
			d.ok("maven.password", "maven: <server> %s takes its password from %s", s.ID, pw)
		}
		return false
	case strings.HasPrefix(pw, "{") && strings.HasSuffix(pw, "}"):
		d.warn("maven.password", d.syncFix(path)+" to put the keyring's token there: it then follows token changes",
			"maven: the password of <server> %s is encrypted (settings-security.xml), so doctor cannot compare it with the token", s.ID)
		return false
	case pw == "" && d.view.Known && d.recorded(path, s.ID):
		if v := EmptyPassword(s.ID, d.view); v.OK {
			d.ok("maven.password", "maven: %s", v.Msg)
		} else {
			d.bad("maven.password", v.Fix, "maven: %s", v.Msg)
		}
		return false
	case pw == "":
		d.bad("maven.password", d.syncFix(path), "maven: <server> %s has no password, so Maven gets 401", s.ID)
		return false
	case want == "" && notToken(pw):
		d.skip("maven.password", "maven: <server> %s holds a password that is not a GitHub token (not shown); there is no current token to compare it with", s.ID)
	case want == "":
		d.skip("maven.password", "maven: <server> %s holds the token %s; there is no current token to compare it with", s.ID, tokenshape.Mask(pw))
	case pw == want:
		d.ok("maven.password", "maven: <server> %s holds the current token %s", s.ID, tokenshape.Mask(pw))
	case notToken(pw):
		d.bad("maven.password", d.syncFix(path), "maven: <server> %s holds a password that is not a GitHub token (not shown), not the current token %s, so Maven gets 401",
			s.ID, tokenshape.Mask(want))
	default:
		d.bad("maven.password", d.syncFix(path), "maven: <server> %s holds a stale token %s, not the current %s, so Maven gets 401",
			s.ID, tokenshape.Mask(pw), tokenshape.Mask(want))
	}
	return true
}

// notToken reports whether a password does not even look like a GitHub
// token: it is then someone else's secret, and not shown even masked.
func notToken(pw string) bool {
	_, _, err := tokenshape.Check(pw)
	return err != nil
}

// MaskPassword is a settings.xml password as messages show it: a token
// masked, anything else not at all.
func MaskPassword(pw string) string {
	if notToken(pw) {
		return "not a GitHub token, not shown"
	}
	return tokenshape.Mask(pw)
}

// mode checks that a settings file holding the token is private.
func (d *doctor) mode(path string) {
	fi, err := os.Stat(path)
	if err != nil {
		return
	}
	where, perm := d.path(path), fi.Mode().Perm()
	if perm&0o077 != 0 {
		d.bad("maven.mode", "chmod 600 "+where, "maven: %s holds the token, but other users can read it (mode %04o)", where, perm)
		return
	}
	d.ok("maven.mode", "maven: %s is private (mode %04o)", where, perm)
}

// mirrors finds the <mirror>s that take our repositories over: Maven then
// asks the mirror, which does not have our packages.
func (d *doctor) mirrors(doc *settingsxml.Doc, path string, ids []string) {
	where := d.path(path)
	bad := false
	for _, m := range doc.Mirrors() {
		var taken []string
		for _, id := range ids {
			if mavencheck.MirrorOf(m.MirrorOf, id, ourRepoURL) {
				taken = append(taken, id)
			}
		}
		if len(taken) == 0 || (mavencheck.Repository{URL: m.URL}.GitHub() && len(doc.Servers(m.ID)) > 0) {
			continue // nothing taken, or GitHub itself with credentials
		}
		bad = true
		fix := fmt.Sprintf("remove <mirror> %s from %s: it only serves %s", m.ID, where, strings.Join(taken, ", "))
		if to := mavencheck.Exclude(m.MirrorOf, ourRepoURL, taken...); to != "" {
			fix = fmt.Sprintf("in <mirror> %s of %s, write <mirrorOf>%s</mirrorOf>", m.ID, where, to)
		}
		d.bad("maven.mirror", fix,
			"maven: <mirror> %s (<mirrorOf>%s</mirrorOf>) takes over %s: Maven asks %s instead of GitHub, and the packages look missing",
			m.ID, m.MirrorOf, strings.Join(taken, ", "), m.URL)
	}
	if !bad {
		d.ok("maven.mirror", "maven: no <mirror> takes over %s", strings.Join(ids, ", "))
	}
}

// repositories checks the GitHub Packages repositories a file declares:
// each id needs a <server> in settings.xml (hasServer, nil when that is not
// known), and each owner must be lowercase. file names the declaring file;
// always says to report when there are none. addServer is the fix that
// writes the missing <server> with the server id.
func (d *doctor) repositories(name, file string, repos []mavencheck.Repository, hasServer func(string) bool, settings, addServer string, always bool) {
	var ours, noServer, upper []mavencheck.Repository
	for _, r := range repos {
		if !r.GitHub() {
			continue
		}
		ours = append(ours, r)
		if hasServer != nil && !hasServer(r.ID) && !slices.ContainsFunc(noServer, func(x mavencheck.Repository) bool { return x.ID == r.ID }) {
			noServer = append(noServer, r)
		}
		if o := r.Owner(); o != strings.ToLower(o) && !strings.Contains(o, "${") &&
			!slices.ContainsFunc(upper, func(x mavencheck.Repository) bool { return x.URL == r.URL }) {
			upper = append(upper, r)
		}
	}
	for _, r := range noServer {
		if r.ID == d.t.ServerID {
			// The ids match: renaming would change nothing; the <server>
			// itself is missing, and init writes it.
			d.bad(name+".id", addServer,
				"%s: %s is on GitHub Packages and its id is the server id, but %s has no <server> %s yet: Maven sends no token, so downloads get 401 and deploy fails",
				file, r.Where(), settings, r.ID)
			continue
		}
		d.bad(name+".id", fmt.Sprintf("rename <id>%s</id> to <id>%s</id> in %s, or run \"mvn-dxai init --server-id %s\"", r.ID, d.t.ServerID, file, r.ID),
			"%s: %s is on GitHub Packages, but %s has no <server> %s (server id ≠ repository id): Maven sends no token, so downloads get 401 and deploy fails",
			file, r.Where(), settings, r.ID)
	}
	for _, r := range upper {
		d.bad(name+".owner", fmt.Sprintf("write <url>%s</url> in %s", r.LowercaseOwner(), file),
			"%s: %s has the owner %q in its URL; GitHub Packages says uppercase letters aren't supported", file, r.Where(), r.Owner())
	}
	switch {
	case len(ours) == 0 && always:
		d.ok(name, "%s: no repositories on %s", file, mavencheck.GitHubMavenHost)
	case len(ours) > 0 && len(noServer)+len(upper) == 0:
		var ids []string
		for _, r := range ours {
			if !slices.Contains(ids, r.ID) {
				ids = append(ids, r.ID)
			}
		}
		has := "a <server> and a lowercase owner"
		if hasServer == nil {
			has = "a lowercase owner"
		}
		d.ok(name, "%s: GitHub Packages repositories %s have %s", file, strings.Join(ids, ", "), has)
	}
}
