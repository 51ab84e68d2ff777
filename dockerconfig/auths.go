package dockerconfig

import (
	"encoding/base64"
	"encoding/json"
	"slices"
	"strings"

	"github.com/dynamixs-ai/dxai/registries"
)

// Auth is a credential stored in plaintext under "auths".
type Auth struct {
	Key      string // the auths key as written, e.g. "https://ghcr.io"
	Username string // "<token>" for an identity token, as docker does
	Secret   string // the password or identity token
}

// tokenUsername is the username docker gives an identity token.
const tokenUsername = "<token>"

// PlaintextAuth returns the plaintext credential docker would find for host
// under "auths": an entry whose key normalizes to host (registries.Normalize)
// and that holds a secret, in "auth" (base64 of user:secret), in
// "username"/"password", or in "identitytoken". An entry keyed exactly host
// comes first, then the others in file order. Entries without a secret,
// like the {} a credential helper or store leaves, are not plaintext.
func (c *Config) PlaintextAuth(host string) (Auth, bool) {
	host = normalizeHost(host)
	keys, vals := c.effective("auths")
	slices.SortStableFunc(keys, func(a, b string) int {
		return boolCmp(a != host, b != host)
	})
	for _, k := range keys {
		if h, ok := registries.Normalize(k); !ok || h != host {
			continue
		}
		if user, secret, ok := plaintext(vals[k]); ok {
			return Auth{Key: k, Username: user, Secret: secret}, true
		}
	}
	return Auth{}, false
}

// RemoveAuth removes every "auths" entry whose key normalizes to host and
// that holds a plaintext credential (see PlaintextAuth), duplicates and
// shadowed copies included, and returns their keys, each once, in file
// order. Other entries, and "auths" itself, stay.
func (c *Config) RemoveAuth(host string) (removed []string) {
	host = normalizeHost(host)
	gone := c.removeEntries("auths", func(e member) bool {
		h, ok := registries.Normalize(e.key)
		if !ok || h != host {
			return false
		}
		_, _, ok = plaintext(e.val)
		return ok
	})
	for _, e := range gone {
		if !slices.Contains(removed, e.key) {
			removed = append(removed, e.key)
		}
	}
	return removed
}

// normalizeHost normalizes a host argument given in any server-URL form.
func normalizeHost(host string) string {
	if h, ok := registries.Normalize(host); ok {
		return h
	}
	return host
}

// plaintext returns the credential an auths entry holds, read as docker
// reads it: an identity token wins; else "auth", when it decodes, gives
// username and password; else the "username" and "password" fields. Field
// names match case-insensitively, as in docker (encoding/json).
func plaintext(val []byte) (user, secret string, ok bool) {
	if len(val) == 0 || val[0] != '{' {
		return "", "", false
	}
	var e struct {
		Auth          string `json:"auth"`
		Username      string `json:"username"`
		Password      string `json:"password"`
		IdentityToken string `json:"identitytoken"`
	}
	_ = json.Unmarshal(val, &e) // a field of the wrong type stays empty
	if e.IdentityToken != "" {
		return tokenUsername, e.IdentityToken, true
	}
	user, secret = e.Username, e.Password
	if u, p, ok := decodeAuth(e.Auth); ok {
		user, secret = u, p
	}
	return user, secret, secret != ""
}

// decodeAuth decodes an "auth" value as docker does: base64 of user:secret,
// a non-empty user, NULs trimmed from the secret.
func decodeAuth(auth string) (user, secret string, ok bool) {
	if auth == "" {
		return "", "", false
	}
	b, err := base64.StdEncoding.DecodeString(auth)
	if err != nil {
		return "", "", false
	}
	user, secret, ok = strings.Cut(string(b), ":")
	if !ok || user == "" {
		return "", "", false
	}
	return user, strings.Trim(secret, "\x00"), true
}

func boolCmp(a, b bool) int {
	switch {
	case a == b:
		return 0
	case !a:
		return -1
	}
	return 1
}
