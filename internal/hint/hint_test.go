package hint_test

import (
	"bytes"
	"errors"
	"fmt"
	"testing"

	"github.com/dynamixs-ai/dxai/internal/hint"
)

// own is an error of another package that knows its fix.
type own struct{ fix string }

func (e own) Error() string { return "own failure" }
func (e own) Fix() string   { return e.fix }

func TestOfFindsTheFixDownTheChain(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"none", errors.New("plain"), ""},
		{"nil", nil, ""},
		{"own", own{"do this"}, "do this"},
		{"wrapped", fmt.Errorf("context: %w", own{"do this"}), "do this"},
		{"new", hint.New("run that", "broke: %v", 1), "run that"},
		{"empty fix looks further", hint.New("", "outer: %w", own{"inner fix"}), "inner fix"},
		{"wrap keeps the own fix", hint.Wrap(own{"own wins"}, "fallback"), "own wins"},
		{"wrap gives one", hint.Wrap(errors.New("plain"), "fallback"), "fallback"},
	} {
		if got := hint.Of(tc.err); got != tc.want {
			t.Errorf("%s: Of = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestNewAndWrapKeepTheTextAndTheChain(t *testing.T) {
	base := errors.New("base")
	err := hint.New("fix", "reading x: %w", base)
	if err.Error() != "reading x: base" || !errors.Is(err, base) {
		t.Errorf("New = %q, Is(base) = %v", err, errors.Is(err, base))
	}
	if w := hint.Wrap(err, "other"); w.Error() != "reading x: base" || !errors.Is(w, base) || hint.Of(w) != "fix" {
		t.Errorf("Wrap = %q (fix %q)", w, hint.Of(w))
	}
	if hint.Wrap(nil, "x") != nil {
		t.Error("Wrap(nil) is not nil")
	}
}

func TestUsageIsKnownThroughWrapping(t *testing.T) {
	u := hint.Usage("unknown flag --x", "run -h")
	if !hint.IsUsage(u) || !hint.IsUsage(fmt.Errorf("ctx: %w", u)) || !hint.IsUsage(hint.Wrap(u, "y")) {
		t.Error("a usage error is not recognised")
	}
	if hint.IsUsage(hint.New("f", "not usage")) || hint.IsUsage(errors.New("plain")) {
		t.Error("a failure is taken for a usage error")
	}
	if u.Error() != "unknown flag --x" || hint.Of(u) != "run -h" {
		t.Errorf("Usage = %q / %q", u, hint.Of(u))
	}
}

func TestPrintSpeaksInOneVoice(t *testing.T) {
	var b bytes.Buffer
	hint.Print(&b, "prog", "error", hint.New("run prog init", "it broke"), "unused")
	hint.Print(&b, "prog", "warning", errors.New("no fix known"), "run prog doctor")
	hint.Print(&b, "prog", "error", errors.New("bare"), "")
	hint.Line(&b, "prog", "", "stored it")
	want := "prog: error: it broke\nprog: hint: run prog init\n" +
		"prog: warning: no fix known\nprog: hint: run prog doctor\n" +
		"prog: error: bare\n" +
		"prog: stored it\n"
	if b.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestLineMasksTokens(t *testing.T) {
	// Built at run time so the source holds no token-shaped string.
	tok := "ghp_" + "Abcdefghijklmnopqrstuvwxyz0123456789"
	var b bytes.Buffer
	hint.Line(&b, "prog", "error", "bad user "+tok)
	if bytes.Contains(b.Bytes(), []byte(tok)) || !bytes.Contains(b.Bytes(), []byte("ghp_…6789")) {
		t.Errorf("line = %q", b.String())
	}
}

// TestAppendKeepsTheOwnFix: a fix an error knows is never dropped; what is
// appended comes after it.
func TestAppendKeepsTheOwnFix(t *testing.T) {
	err := hint.Append(own{"own fix"}, ", then run it again")
	if hint.Of(err) != "own fix, then run it again" || err.Error() != "own failure" || !errors.As(err, new(own)) {
		t.Errorf("Append = %q (fix %q)", err, hint.Of(err))
	}
	if hint.Append(nil, "x") != nil {
		t.Error("Append(nil) is not nil")
	}
}
