package doctor

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/dynamixs-ai/dxai/dockerconfig"
	"github.com/dynamixs-ai/dxai/internal/atomicfile"
	"github.com/dynamixs-ai/dxai/internal/pathlook"
	"github.com/dynamixs-ai/dxai/internal/product"
	"github.com/dynamixs-ai/dxai/internal/state"
)

// helperTimeout bounds "docker-credential-dxai version".
const helperTimeout = 5 * time.Second

// HelperInstallFix is how to get the helper onto PATH.
const HelperInstallFix = `run "make install" and put its folder (default ~/.local/bin) on PATH`

// docker checks the docker config, the helper, and the auth files of
// podman and skopeo.
func (d *doctor) docker(ctx context.Context) {
	d.dockerConfig()
	d.helper(ctx)
	d.containersAuth()
}

// dockerConfig checks that the config exists, sends every served registry
// to our helper, and holds no plain-text credential for one.
func (d *doctor) dockerConfig() {
	path := d.t.Docker
	where := d.path(path)
	if d.env.Getenv("DOCKER_CONFIG") != "" {
		where += " (from DOCKER_CONFIG)"
	}
	if st := d.t.Record.First(state.DockerConfig); st != "" && st != path {
		back := "set DOCKER_CONFIG=" + d.path(filepath.Dir(st))
		if st == filepath.Join(d.env.Getenv("HOME"), ".docker", "config.json") {
			back = "unset DOCKER_CONFIG"
		}
		d.warn("docker.moved", fmt.Sprintf("run \"mvn-dxai init\" again to wire %s, or %s", d.path(path), back),
			"docker: init wired %s, but docker reads %s now", d.path(st), where)
	}
	c, exists, err := dockerconfig.Load(path)
	switch {
	case err != nil:
		d.bad("docker.config", "fix the file (docker cannot read it either), then run \"mvn-dxai init\"", "docker: %s", d.env.PathsIn(err))
		return
	case !exists:
		d.bad("docker.config", `run "mvn-dxai init"`, "docker: there is no %s, so docker does not know the helper", where)
		return
	}
	d.ok("docker.config", "docker: config %s", where)

	helpers := c.CredHelpers()
	var wrong []string
	for _, host := range c.NotSentTo(product.HelperName, d.t.Served) {
		if h := helpers[host]; h != "" {
			host += " (mapped to " + h + ")"
		}
		wrong = append(wrong, host)
	}
	if len(wrong) > 0 {
		instead := "docker is not logged in there"
		if cs := c.CredsStore(); cs != "" {
			instead = fmt.Sprintf("docker asks credsStore %q instead", cs)
		}
		d.bad("docker.credhelpers", `run "mvn-dxai init"`,
			"docker: credHelpers does not send %s to %s: %s, and private packages look missing",
			product.And(wrong), product.HelperName, instead)
	} else {
		d.ok("docker.credhelpers", "docker: credHelpers %s", product.Arrows(d.t.Served))
	}

	var found []string
	for _, host := range d.t.Served {
		if a, ok := c.PlaintextAuth(host); ok {
			found = append(found, fmt.Sprintf("auths[%q] for %s", a.Key, host))
		}
	}
	if len(found) > 0 {
		d.bad("docker.plaintext", `run "mvn-dxai init": it moves the token into the keyring and removes the plain-text copy`,
			"docker: %s holds a plain-text credential: %s", d.path(path), strings.Join(found, ", "))
	} else {
		d.ok("docker.plaintext", "docker: no plain-text credential for %s", strings.Join(d.t.Served, ", "))
	}
}

// Helper is where docker finds the helper: Path, or else the Problem
// and its Fix. Refused says a helper was found but is not safe to run
// (another user can change it): nothing may run or name it.
type Helper struct {
	Path, Problem, Fix string
	Refused            bool
}

// FindHelper looks for the helper on the environment's PATH, as docker
// does (init, status, doctor and init's Gradle script all ask).
func (e Env) FindHelper() Helper {
	f := pathlook.Find(e.Getenv("PATH"), product.HelperBin)
	var ue *atomicfile.UnsafeError
	switch {
	case f.Path != "":
		return Helper{Path: f.Path}
	case f.Relative != "":
		dir := filepath.Dir(f.Relative)
		return Helper{
			Problem: fmt.Sprintf("PATH finds %s first through the relative folder %q, and docker refuses a program found so (it does not look further)", f.Relative, dir),
			Fix:     fmt.Sprintf("take %q (or an empty entry) off PATH, or put the folder holding the helper before it as an absolute path", dir),
		}
	case errors.As(f.Refused, &ue):
		p := e.Path(f.Unsafe)
		return Helper{
			Problem: fmt.Sprintf("refusing to use %s, which docker would run: %s", p, ue.Reason),
			Fix:     fmt.Sprintf("%s; or take %s off PATH and %s", ue.Fix(), e.Path(filepath.Dir(f.Unsafe)), HelperInstallFix),
			Refused: true,
		}
	case f.Refused != nil:
		p := e.Path(f.Unsafe)
		return Helper{Problem: fmt.Sprintf("checking %s: %v", p, f.Refused), Fix: "check the file's permissions", Refused: true}
	case f.NotExecutable != "":
		p := e.Path(f.NotExecutable)
		return Helper{Problem: p + " is on PATH but not executable", Fix: "chmod +x " + p}
	}
	return Helper{Problem: product.HelperBin + " is not on PATH, so docker cannot run it", Fix: HelperInstallFix}
}

// helper checks that docker can run docker-credential-dxai.
func (d *doctor) helper(ctx context.Context) {
	h := d.env.FindHelper()
	if h.Path == "" {
		d.bad("docker.helper", h.Fix, "docker: %s", h.Problem)
		return
	}
	path := h.Path
	ctx, cancel := context.WithTimeout(ctx, helperTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, "version")
	cmd.WaitDelay = time.Second
	out, err := cmd.Output()
	line, _, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
	fix := HelperInstallFix + "; or remove " + d.path(path)
	switch {
	case ctx.Err() != nil:
		d.bad("docker.helper", fix, "docker: %s did not answer \"version\" within %s", d.path(path), helperTimeout)
	case err != nil:
		d.bad("docker.helper", fix, "docker: %s version failed: %v", d.path(path), err)
	case !strings.HasPrefix(line, product.HelperBin+" "):
		d.bad("docker.helper", fix, "docker: %s is not dxai's helper (it answered %q)", d.path(path), line)
	default:
		d.ok("docker.helper", "docker: %s answers: %s", d.path(path), strings.TrimPrefix(line, product.HelperBin+" "))
	}
}

// authFile is an auth file of podman, skopeo and buildah.
type authFile struct {
	path string
	// primary is the file "podman logout" edits without --authfile.
	primary bool
}

// containersAuthFiles lists the files containers-auth.json(5) names:
// $REGISTRY_AUTH_FILE when set, else $XDG_RUNTIME_DIR/containers/auth.json;
// and $XDG_CONFIG_HOME/containers/auth.json (~/.config by default).
func (d *doctor) containersAuthFiles() []authFile {
	var files []authFile
	if f := d.env.Getenv("REGISTRY_AUTH_FILE"); f != "" {
		files = append(files, authFile{f, true})
	} else if dir := d.env.Getenv("XDG_RUNTIME_DIR"); dir != "" {
		files = append(files, authFile{filepath.Join(dir, "containers", "auth.json"), true})
	}
	cfg := d.env.Getenv("XDG_CONFIG_HOME")
	if cfg == "" {
		cfg = filepath.Join(d.env.Getenv("HOME"), ".config")
	}
	files = append(files, authFile{filepath.Join(cfg, "containers", "auth.json"), false})
	return files
}

// containersAuth warns about credentials in podman/skopeo auth files: they
// use those before docker's config, so the helper never gets asked.
func (d *doctor) containersAuth() {
	var shadows int
	for _, f := range d.containersAuthFiles() {
		data, err := os.ReadFile(f.path)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			d.warn("containers.auth", "check the file's permissions", "podman/skopeo: reading %s: %v", d.path(f.path), err)
			continue
		}
		c, err := dockerconfig.Parse(data, f.path)
		if err != nil {
			d.warn("containers.auth", "fix or delete the file", "podman/skopeo: %v", err)
			continue
		}
		for _, host := range d.t.Served {
			if _, ok := c.PlaintextAuth(host); !ok {
				continue
			}
			shadows++
			flag := ""
			if !f.primary {
				flag = "--authfile " + d.path(f.path) + " "
			}
			d.warn("containers.auth", fmt.Sprintf("podman logout %s%s (or: skopeo logout %s%s)", flag, host, flag, host),
				"podman/skopeo: %s holds a credential for %s, which they use instead of %s (a stale one fails after the token changes)",
				d.path(f.path), host, product.HelperBin)
		}
	}
	if shadows == 0 {
		d.ok("containers.auth", "podman/skopeo: no auth.json credential for %s shadows the helper", strings.Join(d.t.Served, ", "))
	}
}
