package credstore

import (
	"encoding/base64"
	"slices"
	"strings"
	"testing"
)

// The size limits of the keyrings that cannot run here, checked on any OS:
// go-keyring v0.2.8 refuses a Windows secret over 2,560 bytes
// (keyring_windows.go) and a macOS "security -i" command line over 4,096
// bytes (keyring_darwin.go), and on macOS it fails only after starting
// /usr/bin/security. Store.Set must refuse before asking either.

// recorder is an empty keyring that records which calls it was given.
type recorder struct{ calls []string }

func (r *recorder) Get(string, string) (string, error) {
	r.calls = append(r.calls, "Get")
	return "", ErrNotFound
}

func (r *recorder) Set(string, string, string) error {
	r.calls = append(r.calls, "Set")
	return nil
}

func (r *recorder) Delete(string, string) error {
	r.calls = append(r.calls, "Delete")
	return nil
}

func TestSetRefusesOversizedSecretBeforeTheKeyring(t *testing.T) {
	for name, token := range map[string]string{
		"2560 bytes":                 "ghp_" + strings.Repeat("A", 2556),
		"2561 bytes":                 "ghp_" + strings.Repeat("A", 2557),
		"64 KiB":                     strings.Repeat("A", 64<<10),
		"1100 two-byte characters":   strings.Repeat("é", 1100), // 2,200 bytes: the limit is in bytes
		"pasted file, not a token":   strings.Repeat("ghp_AAAA\n", 300),
		"just over the dxai limit":   strings.Repeat("A", maxSecret-len(`{"username":"alice","token":""}`)+1),
		"escaped characters in JSON": strings.Repeat("<", 400), // 6 bytes each once JSON-escaped
	} {
		t.Run(name, func(t *testing.T) {
			r := &recorder{}
			s := &Store{Keyring: r, Getenv: func(string) string { return "" }}
			changed, err := s.Set(Entry{Username: "alice", Token: token})
			if err == nil || changed {
				t.Fatalf("Set = %v, %v; want a refusal", changed, err)
			}
			msg := err.Error()
			for _, want := range []string{"bytes", "at most 2048", "2560", "one GitHub token"} {
				if !strings.Contains(msg, want) {
					t.Errorf("message %q does not say %q", msg, want)
				}
			}
			if strings.Contains(msg, "AAAA") || strings.Contains(msg, "éé") || strings.Contains(msg, "<<") {
				t.Errorf("message %q quotes the secret", msg)
			}
			if len(r.calls) > 0 {
				t.Errorf("the keyring was called (%v); the size check must come first", r.calls)
			}
		})
	}
}

func TestSetAcceptsTheLargestAllowedSecret(t *testing.T) {
	r := &recorder{}
	s := &Store{Keyring: r, Getenv: func(string) string { return "" }}
	token := strings.Repeat("A", maxSecret-len(`{"username":"alice","token":""}`))
	if changed, err := s.Set(Entry{Username: "alice", Token: token}); err != nil || !changed {
		t.Fatalf("Set of exactly %d bytes = %v, %v", maxSecret, changed, err)
	}
	if !slices.Contains(r.calls, "Set") {
		t.Fatalf("the keyring was not asked to store it (calls %v)", r.calls)
	}
}

// TestMaxSecretFitsEveryKeyring pins maxSecret under the limits of the
// go-keyring backends that this machine cannot exercise.
func TestMaxSecretFitsEveryKeyring(t *testing.T) {
	const windows = 2560 // keyring_windows.go: len(password) > 2560
	if maxSecret > windows {
		t.Errorf("maxSecret %d exceeds Windows Credential Manager's %d bytes", maxSecret, windows)
	}
	// keyring_darwin.go base64-encodes the secret behind a prefix and feeds
	// "add-generic-password -U -s SERVICE -a ACCOUNT -w SECRET\n" to
	// "security -i", refusing more than 4096 bytes. Service, account and
	// base64 need no shell quoting.
	secret := "go-keyring-base64:" + base64.StdEncoding.EncodeToString(make([]byte, maxSecret))
	line := "add-generic-password -U -s " + Service + " -a " + Account + " -w " + secret + "\n"
	if len(line) > 4096 {
		t.Errorf("a %d-byte entry makes a %d-byte macOS command; go-keyring refuses over 4096", maxSecret, len(line))
	}
}
