package tokencheck

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
)

// challenge is one WWW-Authenticate challenge, e.g.
// Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="…".
type challenge struct {
	scheme string // lower-cased
	params map[string]string
}

// parseChallenges reads every challenge in a response's WWW-Authenticate
// headers. It handles quoted values with escapes and several challenges in
// one header; auth-params it cannot parse are skipped.
func parseChallenges(h http.Header) []challenge {
	var out []challenge
	for _, line := range h.Values("WWW-Authenticate") {
		s := line
		var cur *challenge
		for {
			s = strings.TrimLeft(s, " \t,")
			if s == "" {
				break
			}
			tok, rest := cutToken(s)
			if tok == "" {
				break // not a token: give up on this header
			}
			r := strings.TrimLeft(rest, " \t")
			if strings.HasPrefix(r, "=") {
				// key=value of the current challenge
				var val string
				val, s = cutValue(strings.TrimLeft(r[1:], " \t"))
				if cur != nil {
					cur.params[strings.ToLower(tok)] = val
				}
				continue
			}
			out = append(out, challenge{scheme: strings.ToLower(tok), params: map[string]string{}})
			cur = &out[len(out)-1]
			s = rest
		}
	}
	return out
}

func cutToken(s string) (tok, rest string) {
	i := strings.IndexFunc(s, func(r rune) bool {
		return r == ' ' || r == '\t' || r == '=' || r == ',' || r == '"'
	})
	if i < 0 {
		return s, ""
	}
	return s[:i], s[i:]
}

func cutValue(s string) (val, rest string) {
	if !strings.HasPrefix(s, `"`) {
		tok, rest := cutToken(s)
		return tok, rest
	}
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			if i+1 < len(s) {
				i++
				b.WriteByte(s[i])
			}
		case '"':
			return b.String(), s[i+1:]
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String(), ""
}

// pick returns the first challenge with the given scheme.
func pick(cs []challenge, scheme string) (challenge, bool) {
	for _, c := range cs {
		if c.scheme == scheme {
			return c, true
		}
	}
	return challenge{}, false
}

// errcode is a registry's error body, {"errors":[{"code":…,"message":…}]}.
type errcode struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// readErrcode parses a registry error body; the first error is returned.
func readErrcode(body io.Reader) (errcode, bool) {
	var b struct {
		Errors []errcode `json:"errors"`
	}
	if err := json.NewDecoder(io.LimitReader(body, 1<<20)).Decode(&b); err != nil || len(b.Errors) == 0 {
		return errcode{}, false
	}
	return b.Errors[0], true
}

// String prints an errcode as docker does: "denied: denied".
func (e errcode) String() string {
	return strings.ToLower(strings.ReplaceAll(e.Code, "_", " ")) + ": " + e.Message
}
