package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"regexp"
	"strings"
	"time"

	"github.com/dynamixs-ai/dxai/credstore"
	"github.com/dynamixs-ai/dxai/internal/atomicfile"
	"github.com/dynamixs-ai/dxai/internal/hint"
)

const kubeSecretHelp = `Print a Kubernetes Secret of type kubernetes.io/dockerconfigjson that lets a
cluster pull the dynamixs-ai images from the served registries (ghcr.io)
with your token: the same data as "kubectl create secret docker-registry".
With --apply it is piped to "kubectl apply --server-side --force-conflicts
--field-manager=dxai -f -" instead: the token goes over stdin, never into
kubectl's arguments, and server-side apply keeps no second copy of it in a
last-applied annotation.

The secret holds the token inside the cluster, readable by anyone who may
read secrets in its namespace. Examples:

  mvn-dxai kube-secret --namespace partner | kubectl apply --server-side -f -
  mvn-dxai kube-secret --namespace partner --apply
  # pods then name it: imagePullSecrets: [{name: dynamixs-ai-pull}]
`

// DefaultKubeSecret is the Secret's name unless --name says otherwise.
const DefaultKubeSecret = "dynamixs-ai-pull"

// kubeApplyTimeout bounds "kubectl apply": it gives up on a cluster that
// does not answer long before this.
const kubeApplyTimeout = 2 * time.Minute

type kubeSecretInput struct {
	name, namespace string
	apply           bool
}

func runKubeSecret(u *ui, args []string) error {
	var in kubeSecretInput
	fs := newFlags(u, "kube-secret", "[flags]", kubeSecretHelp)
	fs.StringVar(&in.name, "name", DefaultKubeSecret, "the Secret's name")
	fs.StringVar(&in.namespace, "namespace", "", "the Secret's namespace (default: kubectl's current one)")
	fs.BoolVar(&in.apply, "apply", false, `pipe the Secret to "kubectl apply --server-side --force-conflicts --field-manager=dxai -f -" instead of printing it`)
	if err := parse(u, fs, args, 0); err != nil {
		return err
	}
	if !kubeName.MatchString(in.name) || len(in.name) > 253 {
		return hint.Usage(fmt.Sprintf("--name %q is not a Kubernetes object name", in.name),
			"use lowercase letters, digits, '-' and '.', e.g. --name "+DefaultKubeSecret)
	}
	if in.namespace != "" && (!kubeLabel.MatchString(in.namespace) || len(in.namespace) > 63) {
		return hint.Usage(fmt.Sprintf("--namespace %q is not a Kubernetes namespace", in.namespace),
			"use lowercase letters, digits and '-', at most 63, e.g. --namespace partner")
	}
	e, err := currentEntry(u)
	if err != nil {
		return err
	}
	tf := targetFlags{noMaven: true, noDocker: true}
	t, err := tf.resolve(u) // the served registries, as the helper serves them
	if err != nil {
		return err
	}
	served := t.served
	manifest, err := kubeSecretManifest(in.name, in.namespace, e, served)
	if err != nil {
		return err
	}
	warnExpiry(u, e, u.now())
	where := "its namespace"
	del := "kubectl delete secret " + in.name
	if in.namespace != "" {
		where = "namespace " + in.namespace
		del += " --namespace " + in.namespace
	}
	if in.apply {
		if err := kubectlApply(u, manifest); err != nil {
			return err
		}
	} else if _, err := u.out.Write(manifest); err != nil {
		return err
	}
	u.warn("the secret %s holds your GitHub token inside the cluster: anyone who can read secrets in %s can read it and use it as you", in.name, where)
	u.hint("remove it when it is no longer needed: %s", del)
	return nil
}

// kubeName is an RFC 1123 subdomain (a Secret's name), kubeLabel an RFC
// 1123 label (a namespace); checked so nothing odd reaches the manifest.
var (
	kubeName  = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`)
	kubeLabel = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`)
)

// dockerConfigJSON and dockerConfigEntry are kubectl's own types for
// "kubectl create secret docker-registry" (k8s.io/kubectl
// pkg/cmd/create/create_secret_docker.go), field for field and in that
// order, so the encoded data is byte for byte what kubectl writes.
type dockerConfigJSON struct {
	Auths map[string]dockerConfigEntry `json:"auths"`
}

type dockerConfigEntry struct {
	Username string `json:"username,omitempty"`
	Password string `json:"password,omitempty"`
	Email    string `json:"email,omitempty"`
	Auth     string `json:"auth,omitempty"`
}

// kubeSecretManifest is the Secret as YAML: one auths entry per served
// registry, each with the entry's login and token.
func kubeSecretManifest(name, namespace string, e credstore.Entry, served []string) ([]byte, error) {
	cfg := dockerConfigJSON{Auths: map[string]dockerConfigEntry{}}
	for _, host := range served {
		cfg.Auths[host] = dockerConfigEntry{
			Username: e.Username,
			Password: e.Token,
			Auth:     base64.StdEncoding.EncodeToString([]byte(e.Username + ":" + e.Token)),
		}
	}
	data, err := json.Marshal(cfg)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteString("apiVersion: v1\nkind: Secret\nmetadata:\n")
	fmt.Fprintf(&b, "  name: %s\n", name)
	if namespace != "" {
		fmt.Fprintf(&b, "  namespace: %s\n", namespace)
	}
	b.WriteString("  labels:\n    app.kubernetes.io/managed-by: dxai\n")
	b.WriteString("type: kubernetes.io/dockerconfigjson\ndata:\n")
	fmt.Fprintf(&b, "  .dockerconfigjson: %s\n", base64.StdEncoding.EncodeToString(data))
	return b.Bytes(), nil
}

// kubectlApplyArgs apply server-side: a client-side "kubectl apply" keeps
// the whole Secret, token included, in the object's
// kubectl.kubernetes.io/last-applied-configuration annotation, a second
// copy that outlives the next rotation in every backup of the object.
// --force-conflicts lets --apply replace the token whoever set it last.
var kubectlApplyArgs = []string{"apply", "--server-side", "--force-conflicts", "--field-manager=dxai", "-f", "-"}

// kubectlApply pipes manifest to kubectl (kubectlApplyArgs): the token
// travels on stdin, never in an argument other processes could read.
// kubectl's own output passes through.
func kubectlApply(u *ui, manifest []byte) error {
	path, err := u.lookPath("kubectl")
	if atomicfile.SelfExplained(err) {
		return err
	}
	if err != nil {
		return hint.New(`install kubectl, or drop --apply and pipe the output: mvn-dxai kube-secret | kubectl apply --server-side -f -`, "kubectl is not on PATH")
	}
	ctx, cancel := context.WithTimeout(context.Background(), kubeApplyTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, kubectlApplyArgs...)
	cmd.Stdin = bytes.NewReader(manifest)
	cmd.Stdout, cmd.Stderr = u.out, u.errOut
	cmd.WaitDelay = 5 * time.Second
	err = cmd.Run()
	var exit *exec.ExitError
	switch {
	case ctx.Err() != nil:
		return hint.New("check the cluster with \"kubectl cluster-info\", then try again", "kubectl apply did not finish within %s", kubeApplyTimeout)
	case errors.As(err, &exit):
		return hint.New(`fix what kubectl said above (check the context with "kubectl config current-context"), then run it again`,
			"kubectl apply failed (%s)", strings.TrimPrefix(exit.String(), "exit "))
	case err != nil:
		return hint.New("check that kubectl runs", "running kubectl: %v", err)
	}
	return nil
}
