package fakes

import (
	"fmt"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/random"
	"github.com/google/go-containerregistry/pkg/v1/remote"
)

// PushRandomImage pushes a small random image to repo ("owner/image", or
// "owner/image:tag"; the tag defaults to latest) through the registry's own
// auth front, with go-containerregistry's remote.Write and a credential only
// the fake knows, so a pull test has something to pull. It returns the
// pushed image's digest reference, "127.0.0.1:PORT/owner/image@sha256:…".
// Its requests are not recorded.
func (r *Registry) PushRandomImage(repo string) (string, error) {
	ref, err := name.ParseReference(r.Ref(repo), name.Insecure)
	if err != nil {
		return "", fmt.Errorf("parsing %q: %w", repo, err)
	}
	img, err := random.Image(1024, 2)
	if err != nil {
		return "", err
	}
	auth := &authn.Basic{Username: pusherUser, Password: r.pushSecret}
	if err := remote.Write(ref, img, remote.WithAuth(auth), remote.WithUserAgent(pusherUA)); err != nil {
		return "", fmt.Errorf("pushing random image to %s: %w", ref, err)
	}
	d, err := img.Digest()
	if err != nil {
		return "", err
	}
	return ref.Context().Digest(d.String()).String(), nil
}
