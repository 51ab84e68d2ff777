package fakes

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/remote/transport"
)

const (
	goodPAT    = "ghp_GoodGoodGoodGoodGoodGoodGoodGood0001"
	revokedPAT = "ghp_RevokedRevokedRevokedRevokedRev0002"
	finePAT    = "github_pat_11AAAAAAA0123456789abc_fine"

	unauthorizedBody = `{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}`
	deniedBody       = `{"errors":[{"code":"DENIED","message":"denied"}]}`
)

func TestRegistryChallenge(t *testing.T) {
	r := newRegistry(t, RegistryConfig{Tokens: []string{goodPAT}})
	a := do(t, "GET", r.URL()+"/v2/", "")
	a.want(t, 401, unauthorizedBody)
	wantChallenge := `Bearer realm="` + r.URL() + `/token",service="` + r.Host() + `",scope="repository:user/image:pull"`
	if got := a.header.Get("WWW-Authenticate"); got != wantChallenge {
		t.Errorf("challenge = %s, want %s", got, wantChallenge)
	}
	if got := a.header.Get("Docker-Distribution-API-Version"); got != "registry/2.0" {
		t.Errorf("Docker-Distribution-API-Version = %q", got)
	}
	if got := a.header.Get("Content-Type"); got != "application/json" {
		t.Errorf("Content-Type = %q", got)
	}
	a = do(t, "GET", r.URL()+"/v2/dynamixs-ai/app/manifests/latest", "Bearer nonsense")
	a.want(t, 401, unauthorizedBody)
	if got := a.header.Get("WWW-Authenticate"); !strings.HasSuffix(got, `scope="repository:dynamixs-ai/app:pull"`) {
		t.Errorf("challenge on a repository path = %s", got)
	}
}

func TestRegistryTokenService(t *testing.T) {
	r := newRegistry(t, RegistryConfig{
		Tokens:  []string{goodPAT, revokedPAT, finePAT},
		Revoked: []string{revokedPAT},
	})
	login := r.URL() + "/token?account=me&client_id=docker&offline_token=true&service=" + r.Host()

	a := do(t, "GET", login, basic("me", goodPAT))
	a.want(t, 200, "")
	var tok map[string]any
	if err := json.Unmarshal([]byte(a.body), &tok); err != nil {
		t.Fatal(err)
	}
	if len(tok) != 1 || tok["token"] == "" {
		t.Fatalf("token answer = %s, want only a token (no expires_in)", a.body)
	}
	do(t, "GET", r.URL()+"/v2/", "Bearer "+tok["token"].(string)).want(t, 200, "")

	for name, auth := range map[string]string{
		"wrong PAT":      basic("me", "ghp_wrong"),
		"revoked PAT":    basic("me", revokedPAT),
		"fine-grained":   basic("me", finePAT),
		"empty username": basic("", goodPAT),
	} {
		t.Run(name, func(t *testing.T) { do(t, "GET", login, auth).want(t, 403, deniedBody) })
	}
	t.Run("PAT as Bearer", func(t *testing.T) { do(t, "GET", login, "Bearer "+goodPAT).want(t, 401, unauthorizedBody) })
	t.Run("anonymous, private", func(t *testing.T) {
		do(t, "GET", r.URL()+"/token?scope=repository:dynamixs-ai/app:pull&service="+r.Host(), "").want(t, 401, unauthorizedBody)
	})

	reqs := r.Requests()
	if reqs[0].User != "me" || reqs[0].Secret != goodPAT || reqs[0].Status != 200 || reqs[0].Path != "/token" {
		t.Errorf("first recorded request = %+v", reqs[0])
	}
}

func TestRegistryFineGrainedAccepted(t *testing.T) {
	r := newRegistry(t, RegistryConfig{Tokens: []string{finePAT}, AcceptFineGrained: true})
	do(t, "GET", r.URL()+"/token?service="+r.Host(), basic("me", finePAT)).want(t, 200, "")
}

func TestRegistryRevokeLater(t *testing.T) {
	r := newRegistry(t, RegistryConfig{DeniedMessage: "requested access to the resource is denied"})
	login := r.URL() + "/token?service=" + r.Host()
	do(t, "GET", login, basic("me", goodPAT)).want(t, 403, `{"errors":[{"code":"DENIED","message":"requested access to the resource is denied"}]}`)
	r.AddToken(goodPAT)
	do(t, "GET", login, basic("me", goodPAT)).want(t, 200, "")
	r.Revoke(goodPAT)
	do(t, "GET", login, basic("me", goodPAT)).want(t, 403, "")
}

// TestRegistryPullWithGGCR pulls with go-containerregistry, which validates
// the realm (same host:port) and requests repository scopes.
func TestRegistryPullWithGGCR(t *testing.T) {
	for _, mode := range []RegistryAuth{BearerAuth, BasicAuth} {
		r := newRegistry(t, RegistryConfig{Auth: mode, Tokens: []string{goodPAT}})
		ref, err := r.PushRandomImage("dynamixs-ai/app:1.0")
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Requests()) != 0 {
			t.Errorf("PushRandomImage traffic was recorded: %+v", r.Requests())
		}
		pull := func(pass string) error {
			d, err := name.ParseReference(ref, name.Insecure)
			if err != nil {
				t.Fatal(err)
			}
			_, err = remote.Image(d, remote.WithAuth(&authn.Basic{Username: "octocat", Password: pass}))
			return err
		}
		if err := pull(goodPAT); err != nil {
			t.Fatalf("mode %d: pulling %s: %v", mode, ref, err)
		}
		err = pull("ghp_wrong")
		var terr *transport.Error
		if !errors.As(err, &terr) {
			t.Fatalf("mode %d: pull with a wrong PAT: %v", mode, err)
		}
		want := map[RegistryAuth]int{BearerAuth: 403, BasicAuth: 401}[mode]
		if terr.StatusCode != want {
			t.Errorf("mode %d: wrong PAT → %d, want %d (%v)", mode, terr.StatusCode, want, err)
		}
	}
}

func TestRegistryAnonymousPublicPull(t *testing.T) {
	r := newRegistry(t, RegistryConfig{Public: []string{"dynamixs-ai/public"}})
	ref, err := r.PushRandomImage("dynamixs-ai/public")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.PushRandomImage("dynamixs-ai/private"); err != nil {
		t.Fatal(err)
	}
	d, _ := name.ParseReference(ref, name.Insecure)
	if _, err := remote.Image(d); err != nil {
		t.Fatalf("anonymous pull of a public image: %v", err)
	}
	p, _ := name.ParseReference(r.Ref("dynamixs-ai/private"), name.Insecure)
	if _, err := remote.Image(p); err == nil {
		t.Fatal("anonymous pull of a private image worked")
	}
	a := do(t, "GET", r.URL()+"/token?scope=repository:dynamixs-ai/public:pull&service="+r.Host(), "")
	a.want(t, 200, "")
	var tok map[string]string
	_ = json.Unmarshal([]byte(a.body), &tok)
	do(t, "GET", r.URL()+"/v2/dynamixs-ai/private/tags/list", "Bearer "+tok["token"]).want(t, 401, "")
	do(t, "GET", r.URL()+"/v2/dynamixs-ai/public/tags/list", "Bearer "+tok["token"]).want(t, 200, "")
}

func TestRegistryBasicChallenge(t *testing.T) {
	r := newRegistry(t, RegistryConfig{Auth: BasicAuth, Tokens: []string{goodPAT}})
	a := do(t, "GET", r.URL()+"/v2/", "")
	a.want(t, 401, unauthorizedBody)
	if got := a.header.Get("WWW-Authenticate"); got != `Basic realm="Registry Realm"` {
		t.Errorf("challenge = %s", got)
	}
	do(t, "GET", r.URL()+"/v2/", basic("anyone", goodPAT)).want(t, 200, "")
	do(t, "GET", r.URL()+"/token", basic("anyone", goodPAT)).want(t, 404, "")
}

func TestRepoFromPath(t *testing.T) {
	for in, want := range map[string]string{
		"/v2/":                          "",
		"/v2/_catalog":                  "",
		"/v2/a/b/manifests/latest":      "a/b",
		"/v2/a/b/c/blobs/uploads/123":   "a/b/c",
		"/v2/dynamixs-ai/app/tags/list": "dynamixs-ai/app",
		"/v2/x/referrers/sha256:abc":    "x",
	} {
		if got := repoFromPath(in); got != want {
			t.Errorf("repoFromPath(%q) = %q, want %q", in, got, want)
		}
	}
}
