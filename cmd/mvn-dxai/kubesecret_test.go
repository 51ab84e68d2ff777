package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dynamixs-ai/dxai/credstore"
	"github.com/dynamixs-ai/dxai/internal/testing/keyringtest"
	"github.com/dynamixs-ai/dxai/internal/testing/scripttest"
	"github.com/dynamixs-ai/dxai/internal/testing/testworld"
)

// dockerConfigData is the decoded .dockerconfigjson of a Secret in YAML.
var dockerConfigData = regexp.MustCompile(`(?m)^  \.dockerconfigjson: ([A-Za-z0-9+/=]+)$`)

func decodeDockerConfig(t *testing.T, yaml []byte) []byte {
	t.Helper()
	m := dockerConfigData.FindSubmatch(yaml)
	if m == nil {
		t.Fatalf("no .dockerconfigjson in:\n%s", yaml)
	}
	data, err := base64.StdEncoding.DecodeString(string(m[1]))
	if err != nil {
		t.Fatalf("decoding .dockerconfigjson: %v", err)
	}
	return data
}

// TestKubeSecretMatchesKubectl proves that the Secret's data is byte for
// byte what kubectl's own "create secret docker-registry" writes, for
// several users, tokens and registries (merged, one kubectl run per
// registry, as kubectl takes one --docker-server).
func TestKubeSecretMatchesKubectl(t *testing.T) {
	t.Parallel()
	kubectl, err := exec.LookPath("kubectl")
	if err != nil {
		keyringtest.Skip(t, "kubectl is not installed (apt-get install kubectl)")
	}
	for _, c := range []struct {
		user, token string
		served      []string
	}{
		{"alice", "ghp_KubeAlice0000000000000000000000_0001", []string{"ghcr.io"}},
		{"octo-cat", "github_pat_11KUBE0000000000000000_Kube0000000000000000000000000000000000000000000000000000002", []string{"ghcr.io"}},
		{"dxai", "0123456789abcdef0123456789abcdef0123_003", []string{"containers.github.example.com"}},
		{"github-actions[bot]", "ghs_KubeActions000000000000000000000_0004", []string{"ghcr.io", "containers.example.com", "127.0.0.1:5000"}},
	} {
		e := credstore.Entry{Username: c.user, Token: c.token}
		got, err := kubeSecretManifest("pull", "ns", e, c.served)
		if err != nil {
			t.Fatal(err)
		}
		auths := map[string]json.RawMessage{}
		for _, host := range c.served {
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			out, err := exec.CommandContext(ctx, kubectl, "create", "secret", "docker-registry", "pull",
				"--docker-server="+host, "--docker-username="+c.user, "--docker-password="+c.token,
				"--dry-run=client", "-o", "yaml").Output()
			cancel()
			if err != nil {
				t.Fatalf("kubectl for %s: %v", host, err)
			}
			var one struct {
				Auths map[string]json.RawMessage `json:"auths"`
			}
			ref := decodeDockerConfig(t, out)
			if len(c.served) == 1 && !bytes.Equal(decodeDockerConfig(t, got), ref) {
				t.Errorf("%s on %s: our data\n%s\nkubectl's\n%s", c.user, host, decodeDockerConfig(t, got), ref)
			}
			if err := json.Unmarshal(ref, &one); err != nil {
				t.Fatal(err)
			}
			auths[host] = one.Auths[host]
		}
		want, err := json.Marshal(map[string]any{"auths": auths})
		if err != nil {
			t.Fatal(err)
		}
		if g := decodeDockerConfig(t, got); !bytes.Equal(g, want) {
			t.Errorf("%s on %v: our data\n%s\nkubectl's, merged\n%s", c.user, c.served, g, want)
		}
		for _, line := range []string{"apiVersion: v1\n", "kind: Secret\n", "  name: pull\n", "  namespace: ns\n", "type: kubernetes.io/dockerconfigjson\n"} {
			if !bytes.Contains(got, []byte(line)) {
				t.Errorf("the manifest lacks %q:\n%s", line, got)
			}
		}
	}
}

// TestKubeSecretApply runs "mvn-dxai kube-secret --apply" against a fake
// kubectl that records its arguments and stdin (there is no cluster here):
// the manifest, token included, arrives on stdin, and no argument holds
// the token.
func TestKubeSecretApply(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	rec := filepath.Join(dir, "rec")
	fake := "#!/bin/sh\nprintf '%s\\n' \"$@\" > " + rec + ".argv\ncat > " + rec + ".stdin\necho 'secret/pull configured'\n"
	if err := os.WriteFile(filepath.Join(dir, "kubectl"), []byte(fake), 0o700); err != nil {
		t.Fatal(err)
	}
	const tok = "ghp_KubeApply0000000000000000000000_0005"
	// The fake kubectl first on PATH, the system's folders after it, and no keyring.
	env := testworld.Env(testworld.Options{Home: dir, Base: []string{"PATH=/usr/bin:/bin"}, BinDir: dir,
		Set: []string{"DXAI_TOKEN=" + tok, "DXAI_USERNAME=partner-ci"}})
	run := func(args ...string) (string, string, int) {
		cmd := exec.Command(filepath.Join(scripttest.BinDir(), "mvn-dxai"), args...)
		cmd.Env = env
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		err := cmd.Run()
		code := 0
		if x, ok := err.(*exec.ExitError); ok {
			code = x.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return out.String(), errOut.String(), code
	}

	out, errOut, code := run("kube-secret", "--apply", "--name", "pull", "--namespace", "partner")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	argv, _ := os.ReadFile(rec + ".argv")
	// Server-side: a client-side apply would keep a second copy of the
	// whole Secret, token included, in its last-applied annotation.
	if string(argv) != "apply\n--server-side\n--force-conflicts\n--field-manager=dxai\n-f\n-\n" {
		t.Errorf("kubectl got arguments %q, want apply --server-side --force-conflicts --field-manager=dxai -f -", argv)
	}
	stdin, _ := os.ReadFile(rec + ".stdin")
	if !strings.Contains(string(decodeDockerConfig(t, stdin)), `"password":"`+tok+`"`) {
		t.Errorf("kubectl's stdin lacks the token:\n%s", decodeDockerConfig(t, stdin))
	}
	if !strings.Contains(string(stdin), "  namespace: partner\n") {
		t.Errorf("kubectl's stdin lacks the namespace:\n%s", stdin)
	}
	if strings.Contains(out+errOut, tok) || strings.Contains(out, base64.StdEncoding.EncodeToString([]byte(tok))) || strings.Contains(out, ".dockerconfigjson") {
		t.Errorf("with --apply, the token or the manifest shows on our output:\n%s\n%s", out, errOut)
	}
	if !strings.Contains(out, "secret/pull configured") {
		t.Errorf("kubectl's own output does not pass through: %q", out)
	}
	for _, want := range []string{
		"mvn-dxai: warning: the secret pull holds your GitHub token inside the cluster: anyone who can read secrets in namespace partner can read it",
		"mvn-dxai: hint: remove it when it is no longer needed: kubectl delete secret pull --namespace partner",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}

	// Without --apply the manifest goes to stdout and kubectl is not run.
	os.Remove(rec + ".argv")
	out, errOut, code = run("kube-secret")
	if code != 0 || !strings.Contains(out, "  name: "+DefaultKubeSecret+"\n") || strings.Contains(out, "namespace:") {
		t.Errorf("kube-secret: exit %d, stdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	if _, err := os.Stat(rec + ".argv"); err == nil {
		t.Errorf("kube-secret without --apply ran kubectl")
	}
	if !strings.Contains(errOut, "kubectl delete secret "+DefaultKubeSecret+"\n") {
		t.Errorf("stderr lacks how to remove it:\n%s", errOut)
	}

	// A failing kubectl fails the command, with a hint.
	os.WriteFile(filepath.Join(dir, "kubectl"), []byte("#!/bin/sh\ncat >/dev/null\necho 'error: no context' >&2\nexit 1\n"), 0o700)
	_, errOut, code = run("kube-secret", "--apply")
	if code != 1 || !strings.Contains(errOut, "error: kubectl apply failed (status 1)") || !strings.Contains(errOut, "mvn-dxai: hint: ") {
		t.Errorf("failing kubectl: exit %d\n%s", code, errOut)
	}

	// Names that are not Kubernetes names are refused before anything runs.
	for _, args := range [][]string{{"--name", "Pull"}, {"--name", "a\nb: c"}, {"--namespace", "x.y"}, {"--name", ""}} {
		_, errOut, code = run(append([]string{"kube-secret"}, args...)...)
		if code != 2 || !strings.Contains(errOut, "mvn-dxai: hint: ") {
			t.Errorf("kube-secret %q: exit %d, want 2 with a hint\n%s", args, code, errOut)
		}
	}
}
