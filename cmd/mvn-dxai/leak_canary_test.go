package main

// The leak checks' canaries: tokens of every shape with needles cut from
// them, and how text is searched for them and redacted before it is shown.

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/dynamixs-ai/dxai/tokenshape"
)

// leakMarker is in the middle of every canary token. Mask never shows it
// (it shows a token's prefix and last 4 characters), so wherever it is, a
// token leaked.
const leakMarker = "LEAKCANARY"

// canary is a distinctive token and the forms in which a leak of it would
// show.
type leakCanary struct {
	name, token string
	needles     []leakNeedle
}

// leakNeedle is one form of a canary: the whole token, a run of its
// characters, or its base64 (docker's "auth", a Basic Authorization header).
type leakNeedle struct {
	text, form string
}

// newLeakCanary is prefix, the marker, tag (unique in its first 4 characters)
// and hex filling up to n characters.
func newLeakCanary(name, prefix, tag string, n int) *leakCanary {
	sum := sha256.Sum256([]byte("dxai-leak-" + tag))
	fill := strings.Repeat(hex.EncodeToString(sum[:]), 4)
	tok := prefix + leakMarker + tag
	tok += fill[:n-len(tok)]
	return withLeakNeedles(&leakCanary{name: name, token: tok}, len(prefix))
}

// withLeakNeedles adds the forms a leak of c.token takes: the token, every run
// of 8 characters that holds at least 4 of its own (past the prefix and
// most of the shared marker, so a hit names the right canary), and its
// base64 at each of the three alignments a prefix like "user:" can give,
// standard and URL-safe.
func withLeakNeedles(c *leakCanary, prefixLen int) *leakCanary {
	tok := c.token
	c.needles = append(c.needles, leakNeedle{tok, "the whole token"})
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding} {
		for i := range 3 {
			n := (len(tok) - i) / 3 * 3
			c.needles = append(c.needles, leakNeedle{enc.EncodeToString([]byte(tok[i : i+n])), "the token in base64 (as in a docker \"auth\" or a Basic Authorization header)"})
		}
	}
	for i := prefixLen + len(leakMarker) - 4; i+8 <= len(tok); i++ {
		c.needles = append(c.needles, leakNeedle{tok[i : i+8], "8 characters of the token in a row"})
	}
	// A token with white space inside leaks as its pieces too.
	for _, f := range strings.Fields(tok) {
		if f != tok && len(f) >= 8 {
			c.needles = append(c.needles, leakNeedle{f, "a piece of the token"})
		}
	}
	return c
}

// mask is how a failure message may name a canary.
func (c *leakCanary) mask() string { return tokenshape.Mask(c.token) }

// leakHit is where a canary was found in a text.
type leakHit struct {
	c         *leakCanary
	form      string
	off, size int
}

func (h leakHit) name() string {
	if h.c == nil {
		return "a canary"
	}
	return h.c.name
}

func (h leakHit) maskOr() string {
	if h.c == nil {
		return leakMarker
	}
	return h.c.mask()
}

// leakSet is the canaries one test uses.
type leakSet []*leakCanary

// find returns the first leak in text: whole tokens first, then base64 forms,
// then runs of characters, then the bare marker, so a hit names the
// canary as precisely as it can.
func (s leakSet) find(text []byte) (leakHit, bool) {
	for pass := range 3 {
		for _, c := range s {
			for _, n := range c.needles {
				isWhole := n.form == "the whole token"
				isB64 := strings.HasPrefix(n.form, "the token in base64")
				if (pass == 0) != isWhole || (pass == 1) != isB64 {
					continue
				}
				if i := bytes.Index(text, []byte(n.text)); i >= 0 {
					return leakHit{c, n.form, i, len(n.text)}, true
				}
			}
		}
	}
	if i := bytes.Index(text, []byte(leakMarker)); i >= 0 {
		return leakHit{nil, "the middle of a canary token (" + leakMarker + ")", i, len(leakMarker)}, true
	}
	return leakHit{}, false
}

// describe names the hit and quotes its surroundings with every canary in
// them masked, so the failure message leaks nothing itself.
func (s leakSet) describe(text []byte, h leakHit) string {
	who := "a canary token"
	if h.c != nil {
		who = fmt.Sprintf("the %s token (%s)", h.c.name, h.c.mask())
	}
	lo, hi := max(h.off-60, 0), min(h.off+h.size+60, len(text))
	return fmt.Sprintf("%s: %s, at byte %d: %q", who, h.form, h.off, s.redact(text[lo:hi]))
}

// redact replaces every byte of text covered by a canary form with
// [name masked].
func (s leakSet) redact(text []byte) string {
	owner := make([]*leakCanary, len(text))
	marked := make([]bool, len(text))
	mark := func(c *leakCanary, needle string) {
		for off := 0; ; {
			i := bytes.Index(text[off:], []byte(needle))
			if i < 0 {
				return
			}
			for j := off + i; j < off+i+len(needle); j++ {
				marked[j] = true
				if owner[j] == nil {
					owner[j] = c
				}
			}
			off += i + 1
		}
	}
	for _, c := range s {
		for _, n := range c.needles {
			mark(c, n.text)
		}
	}
	mark(nil, leakMarker)
	var b strings.Builder
	for i := 0; i < len(text); {
		if !marked[i] {
			b.WriteByte(text[i])
			i++
			continue
		}
		c := owner[i]
		for i < len(text) && marked[i] {
			i++
		}
		if c != nil {
			fmt.Fprintf(&b, "[%s token %s]", c.name, c.mask())
		} else {
			b.WriteString("[canary]")
		}
	}
	return b.String()
}
