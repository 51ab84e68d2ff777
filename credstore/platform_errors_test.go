package credstore

import (
	"errors"
	"fmt"
	"strings"
	"syscall"
	"testing"
)

// The errors go-keyring v0.2.8 returns on macOS and Windows, as they
// arrive, translated on any OS.
func TestTranslatePlatformErrors(t *testing.T) {
	cases := []struct {
		goos string
		err  error
		want string // in Error(), or "" for "not translated"
	}{
		{"darwin", errors.New("exit status 36"), "macOS keychain is locked"},
		{"darwin", errors.New("exit status 51"), "refused the password"},
		{"darwin", errors.New("exit status 128"), "prompt was cancelled"},
		{"darwin", errors.New("exit status 37"), "no default keychain"},
		{"darwin", errors.New("exit status 360"), "the keyring answered: exit status 360"},
		{"linux", errors.New("exit status 36"), "the keyring answered: exit status 36"},
		{"windows", syscall.Errno(1312), "Credential Manager is not available"},
		{"windows", fmt.Errorf("reading: %w", syscall.Errno(1312)), "Credential Manager is not available"},
		{"windows", errors.New("Eine angegebene Anmeldesitzung ist nicht vorhanden."), "the keyring answered"},
	}
	for _, c := range cases {
		err := translate(c.err, c.goos)
		var u *UnavailableError
		if !errors.As(err, &u) || !strings.Contains(u.Error(), c.want) || u.Fix() == "" {
			t.Errorf("%s: translate(%q) = %v; want it to say %q with a fix", c.goos, c.err, err, c.want)
		}
	}
}
