package doctor

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/dynamixs-ai/dxai/credstore"
	"github.com/dynamixs-ai/dxai/dockerconfig"
	"github.com/dynamixs-ai/dxai/internal/product"
	"github.com/dynamixs-ai/dxai/internal/state"
	"github.com/dynamixs-ai/dxai/settingsxml"
	"github.com/dynamixs-ai/dxai/tokenshape"
)

// Finding is what one recorded copy holds, compared with the store: a
// copy holding a token when the store has none, a copy holding another
// token, and a copy that is gone are drift, each with its exact fix.
type Finding struct {
	OK       bool
	What     string // maven, docker or file
	Msg, Fix string
}

// StoreView is what the store holds, for the comparison.
type StoreView struct {
	Token string // "" when it holds none
	Known bool   // false when it could not be read: tokens are not compared
	Name  string // "the keyring", or the plain-text file
}

// CompareWith is what every recorded copy is compared with, in status and
// doctor alike: the stored entry (the keyring, or the --insecure-storage
// file while it is in use) as store.GetKeyring read it (entry, err), never
// DXAI_TOKEN. The copies are copies of the stored entry: init, sync and
// docker login write it into them and sync puts it back, and Maven reads
// the copy, not the variable, which overrides the token only for the
// processes that have it set. A copy that differs from DXAI_TOKEN is not
// something "mvn-dxai sync" could fix, so it is no drift; one that differs
// from the stored entry is.
func (e Env) CompareWith(store *credstore.Store, entry credstore.Entry, err error) StoreView {
	sv := StoreView{Name: "the keyring"}
	if store.Backend() == credstore.FromFile {
		sv.Name = e.Path(store.File.Path)
	}
	switch {
	case err == nil:
		sv.Token, sv.Known = entry.Token, true
	case errors.Is(err, credstore.ErrNotFound):
		sv.Known = true
	}
	return sv
}

// CheckCopies compares every copy init recorded with the store (doctor
// and status both show it).
func (e Env) CheckCopies(rec state.Record, sv StoreView) []Finding {
	var out []Finding
	for _, c := range rec.Copies {
		switch c.Kind {
		case state.MavenSettings:
			out = append(out, e.checkSettingsCopy(rec, c, sv)...)
		case state.DockerConfig:
			out = append(out, e.checkDockerCopy(c))
		case state.TokenFile:
			out = append(out, e.checkTokenFile(c, sv))
		}
		// A GradleInit copy is Env.CheckGradle's: doctor and status show
		// it on its own line.
	}
	return out
}

func (e Env) checkSettingsCopy(rec state.Record, c state.Copy, sv StoreView) []Finding {
	where := e.Path(c.Path)
	again := e.InitFix(rec, c)
	doc, exists, err := settingsxml.Load(c.Path)
	switch {
	case err != nil:
		msg, fix := e.FileProblem(c.Path, "Maven", err)
		return []Finding{{What: "maven", Msg: msg, Fix: fix}}
	case !exists:
		return []Finding{{What: "maven", Msg: fmt.Sprintf("%s, where init wrote <server> %s, is gone", where, c.Servers[0].ID), Fix: again}}
	}
	var out []Finding
	for _, s := range c.Servers {
		servers := doc.Servers(s.ID)
		if len(servers) == 0 {
			out = append(out, Finding{What: "maven", Msg: fmt.Sprintf("%s: <server> %s, which init wrote, is gone", where, s.ID), Fix: again})
			continue
		}
		pw, user := servers[0].Password, servers[0].Username
		f := Finding{What: "maven"}
		switch {
		case s.Form == state.FormEnv && pw == product.EnvPassword:
			f.OK, f.Msg = true, fmt.Sprintf("%s: <server> %s for %s, password %s (run Maven with \"mvn-dxai exec -- mvn …\")", where, s.ID, user, product.EnvPassword)
		case s.Form == state.FormEnv:
			f.Msg, f.Fix = fmt.Sprintf("%s: <server> %s no longer takes its password from %s, as init wrote it", where, s.ID, product.EnvPassword), again
		case !sv.Known:
			f.OK, f.Msg = true, fmt.Sprintf("%s: <server> %s for %s, token %s (not compared: the store cannot be read)", where, s.ID, user, MaskPassword(pw))
		case pw == "":
			f = EmptyPassword(s.ID, sv)
			f.Msg = where + ": " + f.Msg
		case sv.Token == "":
			f.Msg = fmt.Sprintf("%s: <server> %s holds the token %s, but %s holds none", where, s.ID, MaskPassword(pw), sv.Name)
			f.Fix = `run "mvn-dxai logout" to remove it, or "mvn-dxai init" to store a token again`
		case pw != sv.Token:
			f.Msg = fmt.Sprintf("%s: <server> %s holds another token (%s) than %s (%s)", where, s.ID, MaskPassword(pw), sv.Name, tokenshape.Mask(sv.Token))
			f.Fix = `run "mvn-dxai sync"`
		default:
			f.OK, f.Msg = true, fmt.Sprintf("%s: <server> %s for %s, token %s", where, s.ID, user, MaskPassword(pw))
		}
		out = append(out, f)
	}
	return out
}

// EmptyPassword is the one verdict, in status and doctor alike, on a
// <server> init recorded whose password is empty, against the stored
// entry sv (known). docker logout (the helper's erase) takes the token
// out of the store and of every copy: with the store empty too, the copy
// agrees with it, and the missing token is the store's own line to report,
// with its fix (expiry.StoreOrLogout). With a token stored, the copy lags
// behind it. Msg does not say where the <server> is.
func EmptyPassword(id string, sv StoreView) Finding {
	if sv.Token == "" {
		return Finding{OK: true, What: "maven", Msg: fmt.Sprintf("<server> %s holds no token, like %s (docker logout removed it)", id, sv.Name)}
	}
	return Finding{What: "maven", Msg: fmt.Sprintf("<server> %s holds no token, but %s does, so Maven gets 401", id, sv.Name), Fix: `run "mvn-dxai sync"`}
}

// InitFix is the way to write copy c again, for a copy that is gone: the
// init command with the flags that wire that file and <server> id, named
// in full where they are not the defaults (and where init would not pick
// them from the record rec by itself). It names no form: init writes the
// copy again in the one it recorded for it.
func (e Env) InitFix(rec state.Record, c state.Copy) string {
	var id string
	if len(c.Servers) > 0 {
		id = c.Servers[0].ID
	}
	return `run "mvn-dxai init` + e.initFlags(rec, c.Path, id, true) + `" to write it again`
}

func (e Env) checkDockerCopy(c state.Copy) Finding {
	where := e.Path(c.Path)
	cfg, exists, err := dockerconfig.Load(c.Path)
	switch {
	case err != nil:
		msg, fix := e.FileProblem(c.Path, "docker", err)
		return Finding{What: "docker", Msg: msg, Fix: fix}
	case !exists:
		return Finding{What: "docker", Msg: fmt.Sprintf("%s, where init wrote credHelpers, is gone", where), Fix: e.dockerInitFix(c.Path)}
	}
	if missing := cfg.NotSentTo(product.HelperName, c.CredHelpers); len(missing) > 0 {
		return Finding{What: "docker", Msg: fmt.Sprintf("%s: credHelpers no longer maps %s to %s, as init wrote it", where, product.And(missing), product.HelperName),
			Fix: e.dockerInitFix(c.Path)}
	}
	return Finding{OK: true, What: "docker", Msg: fmt.Sprintf("%s: credHelpers %s", where, product.Arrows(c.CredHelpers))}
}

// dockerInitFix is the way to write the docker config at path again: init
// writes the one DOCKER_CONFIG names (else ~/.docker's), so for another
// file the command sets DOCKER_CONFIG to that file's folder.
func (e Env) dockerInitFix(path string) string {
	env := ""
	if filepath.Clean(path) != filepath.Clean(dockerconfig.PathFor(e.Getenv)) {
		env = "DOCKER_CONFIG=" + e.shellPath(filepath.Dir(path)) + " "
	}
	return `run "` + env + `mvn-dxai init" to write it again`
}

// shellPath is p as messages show it (~/… under the home folder), quoted
// for a POSIX shell where it needs to be, with a leading ~/ left outside
// the quotes so that the shell still expands it.
func (e Env) shellPath(p string) string {
	shown := e.Path(p)
	if rest, ok := strings.CutPrefix(shown, "~/"); ok && shown != p {
		return "~/" + ShellQuote(rest)
	}
	return ShellQuote(shown)
}

// ShellQuote is s as one POSIX shell word: as it is when it holds only
// characters no shell treats specially, else in single quotes. A leading
// "=" is quoted too: zsh expands "=word" to a program's path.
func ShellQuote(s string) string {
	if s != "" && s[0] != '=' && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_@%+=:,./-") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func (e Env) checkTokenFile(c state.Copy, sv StoreView) Finding {
	where := e.Path(c.Path)
	if _, err := os.Lstat(c.Path); err != nil {
		if sv.Known && sv.Token == "" {
			return Finding{OK: true, What: "file", Msg: fmt.Sprintf("%s (--insecure-storage) holds no token (docker logout removed it)", where)}
		}
		return Finding{What: "file", Msg: fmt.Sprintf("%s, where init stored the token (--insecure-storage), is gone", where),
			Fix: product.RunInit + " to store the token again"}
	}
	return Finding{OK: true, What: "file", Msg: fmt.Sprintf("%s holds the token in plain text (--insecure-storage)", where)}
}
