package doctor

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/dynamixs-ai/dxai/credstore"
	"github.com/dynamixs-ai/dxai/internal/state"
)

// TestDockerCopyFixNamesItsFile: the fix for a recorded docker config
// that is gone or no longer maps a registry makes init write that file:
// plain "mvn-dxai init" when init would pick it (DOCKER_CONFIG, else
// ~/.docker), else with DOCKER_CONFIG naming its folder, quoted for the
// shell where the folder needs it.
func TestDockerCopyFixNamesItsFile(t *testing.T) {
	env := map[string]string{}
	d := world(t, env, &credstore.Memory{})
	e := d.env
	home := e.Home
	other := filepath.Join(home, "ci docker")
	unmapped := filepath.Join(home, "ci", "config.json")
	if err := os.MkdirAll(filepath.Dir(unmapped), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(unmapped, []byte(`{"credHelpers":{}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, dockerConfig, path, want string
	}{
		{"the default, gone", "", d.t.Docker, `run "mvn-dxai init" to write it again`},
		{"DOCKER_CONFIG's, gone", other, filepath.Join(other, "config.json"), `run "mvn-dxai init" to write it again`},
		{"another folder's, gone", "", filepath.Join(other, "config.json"), `run "DOCKER_CONFIG=~/'ci docker' mvn-dxai init" to write it again`},
		{"the default under DOCKER_CONFIG, gone", other, d.t.Docker, `run "DOCKER_CONFIG=~/.docker mvn-dxai init" to write it again`},
		{"another folder's, not mapped", "", unmapped, `run "DOCKER_CONFIG=~/ci mvn-dxai init" to write it again`},
		{"a folder off home, gone", "", "/srv/it's/config.json", `run "DOCKER_CONFIG='/srv/it'\''s' mvn-dxai init" to write it again`},
	} {
		env["DOCKER_CONFIG"] = c.dockerConfig
		f := e.checkDockerCopy(state.Copy{Kind: state.DockerConfig, Path: c.path, CredHelpers: []string{"ghcr.io"}})
		if f.OK || f.Fix != c.want {
			t.Errorf("%s: %+v; want the fix %s", c.name, f, c.want)
		}
	}
}
