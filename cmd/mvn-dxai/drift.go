package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/dynamixs-ai/dxai/dockerconfig"
	"github.com/dynamixs-ai/dxai/internal/state"
	"github.com/dynamixs-ai/dxai/settingsxml"
	"github.com/dynamixs-ai/dxai/tokencheck"
)

// finding is what one recorded copy holds, compared with the store: a
// copy holding a token when the store has none, a copy holding another
// token, and a copy that is gone are drift, each with its exact fix.
type finding struct {
	ok       bool
	what     string // maven, docker or file
	msg, fix string
}

// storeView is what the store holds, for the comparison.
type storeView struct {
	token string // "" when it holds none
	known bool   // false when it could not be read: tokens are not compared
	name  string // "the keyring", or the plain-text file
	// otherFix fixes a copy holding another token; "" means sync.
	otherFix string
}

// checkCopies compares every copy init recorded with the store.
func checkCopies(u *ui, rec state.Record, sv storeView) []finding {
	var out []finding
	for _, c := range rec.Copies {
		switch c.Kind {
		case state.MavenSettings:
			out = append(out, checkSettingsCopy(u, c, sv)...)
		case state.DockerConfig:
			out = append(out, checkDockerCopy(u, c))
		case state.TokenFile:
			out = append(out, checkTokenFile(u, c, sv))
		}
	}
	return out
}

func checkSettingsCopy(u *ui, c state.Copy, sv storeView) []finding {
	where := u.path(c.Path)
	initFix := `run "mvn-dxai init` + fileFlagsFor(c) + `" to write it again`
	doc, exists, err := settingsxml.Load(c.Path)
	switch {
	case err != nil:
		return []finding{{what: "maven", msg: err.Error(), fix: "fix the file: Maven cannot read it either"}}
	case !exists:
		return []finding{{what: "maven", msg: fmt.Sprintf("%s, where init wrote <server> %s, is gone", where, c.Servers[0].ID), fix: initFix}}
	}
	var out []finding
	for _, s := range c.Servers {
		servers := doc.Servers(s.ID)
		if len(servers) == 0 {
			out = append(out, finding{what: "maven", msg: fmt.Sprintf("%s: <server> %s, which init wrote, is gone", where, s.ID), fix: initFix})
			continue
		}
		pw, user := servers[0].Password, servers[0].Username
		f := finding{what: "maven"}
		switch {
		case s.Form == state.FormEnv && pw == EnvPassword:
			f.ok, f.msg = true, fmt.Sprintf("%s: <server> %s for %s, password %s (run Maven with \"mvn-dxai exec -- mvn …\")", where, s.ID, user, EnvPassword)
		case s.Form == state.FormEnv:
			f.msg, f.fix = fmt.Sprintf("%s: <server> %s no longer takes its password from %s, as init wrote it", where, s.ID, EnvPassword), initFix
		case !sv.known:
			f.ok, f.msg = true, fmt.Sprintf("%s: <server> %s for %s, token %s (not compared: the store cannot be read)", where, s.ID, user, maskPassword(pw))
		case pw == "" && sv.token == "":
			f.ok, f.msg = true, fmt.Sprintf("%s: <server> %s holds no token, like %s (docker logout removed it)", where, s.ID, sv.name)
		case pw == "":
			f.msg, f.fix = fmt.Sprintf("%s: <server> %s holds no token, but %s does", where, s.ID, sv.name), `run "mvn-dxai sync"`
		case sv.token == "":
			f.msg = fmt.Sprintf("%s: <server> %s holds the token %s, but %s holds none", where, s.ID, maskPassword(pw), sv.name)
			f.fix = `run "mvn-dxai logout" to remove it, or "mvn-dxai init" to store a token again`
		case pw != sv.token:
			f.msg = fmt.Sprintf("%s: <server> %s holds another token (%s) than %s (%s)", where, s.ID, maskPassword(pw), sv.name, tokencheck.Mask(sv.token))
			f.fix = first(sv.otherFix, `run "mvn-dxai sync"`)
		default:
			f.ok, f.msg = true, fmt.Sprintf("%s: <server> %s for %s, token %s", where, s.ID, user, maskPassword(pw))
		}
		out = append(out, f)
	}
	return out
}

// fileFlagsFor are init's flags that wire copy c again.
func fileFlagsFor(c state.Copy) string {
	var s string
	if c.Path != defaultSettings() {
		s += " --settings " + c.Path
	}
	if len(c.Servers) > 0 && c.Servers[0].ID != DefaultServerID {
		s += " --server-id " + c.Servers[0].ID
	}
	if len(c.Servers) > 0 && c.Servers[0].Form == state.FormEnv {
		s += " --no-plaintext"
	}
	return s
}

func checkDockerCopy(u *ui, c state.Copy) finding {
	where := u.path(c.Path)
	cfg, exists, err := dockerconfig.Load(c.Path)
	switch {
	case err != nil:
		return finding{what: "docker", msg: err.Error(), fix: "fix the file: docker cannot read it either"}
	case !exists:
		return finding{what: "docker", msg: fmt.Sprintf("%s, where init wrote credHelpers, is gone", where), fix: `run "mvn-dxai init" to write it again`}
	}
	helpers := cfg.CredHelpers()
	var missing []string
	for _, h := range c.CredHelpers {
		if helpers[h] != HelperName {
			missing = append(missing, h)
		}
	}
	if len(missing) > 0 {
		return finding{what: "docker", msg: fmt.Sprintf("%s: credHelpers no longer maps %s to %s, as init wrote it", where, strings.Join(missing, " and "), HelperName),
			fix: `run "mvn-dxai init" to write it again`}
	}
	return finding{ok: true, what: "docker", msg: fmt.Sprintf("%s: credHelpers %s", where, arrows(c.CredHelpers))}
}

func checkTokenFile(u *ui, c state.Copy, sv storeView) finding {
	where := u.path(c.Path)
	if _, err := os.Lstat(c.Path); err != nil {
		if sv.known && sv.token == "" {
			return finding{ok: true, what: "file", msg: fmt.Sprintf("%s (--insecure-storage) holds no token (docker logout removed it)", where)}
		}
		return finding{what: "file", msg: fmt.Sprintf("%s, where init stored the token (--insecure-storage), is gone", where),
			fix: `run "mvn-dxai init" to store the token again`}
	}
	return finding{ok: true, what: "file", msg: fmt.Sprintf("%s holds the token in plain text (--insecure-storage)", where)}
}
