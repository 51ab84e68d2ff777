package credstore

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"syscall"
	"time"

	"github.com/zalando/go-keyring"
)

// UnavailableError means the keyring could not be used. Reason says what is
// wrong in a user's terms, Fix what to do about it; Err is the raw error.
type UnavailableError struct {
	Reason string
	Err    error
	fix    string
}

func (e *UnavailableError) Error() string { return "cannot use the keyring: " + e.Reason }

// Fix says what to do about it.
func (e *UnavailableError) Fix() string { return e.fix }

// KeyringFix is Fix without the way around the keyring (setting
// DXAI_TOKEN), for where the variable is set already.
func (e *UnavailableError) KeyringFix() string { return strings.TrimSuffix(e.fix, orEnv) }

// Unwrap returns the raw keyring error.
func (e *UnavailableError) Unwrap() error { return e.Err }

// crashedFragment is the bus's answer to a call whose recipient died
// before replying (org.freedesktop.DBus.Error.NoReply).
const crashedFragment = "recipient disconnected from message bus without replying"

// crashed reports whether err is that answer.
func crashed(err error) bool { return err != nil && strings.Contains(err.Error(), crashedFragment) }

// orEnv is appended to every fix: the way forward without any keyring.
const orEnv = "; or, in CI and on machines without a keyring, set " + EnvToken + " (and " + EnvUsername + ") instead"

// unlockCmd starts a Secret Service and unlocks it, reading the password
// from stdin; it is what works over SSH and in containers.
const unlockCmd = `read -rs PW && printf %s "$PW" | gnome-keyring-daemon --replace --unlock --components=secrets`

// noBusFix and noServiceFix are the ways out of a missing session bus and
// a missing Secret Service, whichever of go-keyring's messages said so.
const (
	noBusFix     = "start a session bus and a keyring: run \"dbus-run-session -- $SHELL\", then " + unlockCmd + orEnv
	noServiceFix = "install and start a keyring (Debian/Ubuntu: apt install gnome-keyring; then " + unlockCmd + "), or enable KeePassXC's Secret Service integration" + orEnv
)

// The failures go-keyring reports, by a fragment of their text, with what
// they mean and what to do. Fragments come from go-keyring v0.2.8 on Linux
// (godbus), macOS (Security framework OSStatus codes) and Windows (wincred).
var translations = []struct {
	fragment, reason, fix string
}{
	// Linux: no session bus (SSH, containers, CI).
	{`dbus-launch`, "no D-Bus session bus, which the Secret Service needs (typical over SSH, in containers and CI)",
		noBusFix},
	{`couldn't determine address of session bus`, "no D-Bus session bus, which the Secret Service needs (typical over SSH, in containers and CI)",
		noBusFix},
	{`DBUS_SESSION_BUS_ADDRESS`, "no D-Bus session bus, which the Secret Service needs",
		noBusFix},
	// Linux: DBUS_SESSION_BUS_ADDRESS is set, but names a socket nobody
	// listens on (the session that started the bus has ended): godbus's
	// "dial unix PATH: connect: connection refused" or "no such file or
	// directory". go-keyring dials nothing else.
	{`dial unix `, "no D-Bus session bus, which the Secret Service needs: nothing listens at DBUS_SESSION_BUS_ADDRESS (the session that started that bus may have ended)",
		noBusFix},
	// Linux: a bus, but no keyring daemon.
	{`org.freedesktop.secrets was not provided`, "no Secret Service is running on the session bus",
		noServiceFix},
	{`ServiceUnknown`, "no Secret Service is running on the session bus",
		noServiceFix},
	// Linux: the daemon died while answering. gnome-keyring 42-50 can abort
	// when many programs use it at once (GNOME gnome-keyring issue 190);
	// D-Bus or systemd start it again, often locked. OSKeyring has already
	// tried once more when this is reported.
	{crashedFragment, "the keyring daemon stopped while answering (gnome-keyring can crash when many programs use it at once)",
		"run the command again; if the keyring came back locked, unlock it: " + unlockCmd + " (on a desktop, in Seahorse)" + orEnv},
	// Linux: daemon without a default (login) keyring.
	{`/org/freedesktop/secrets/aliases/default'`, "the Secret Service has no default keyring to store secrets in",
		"create and unlock a login keyring with a password: " + unlockCmd + " (or use Seahorse on a desktop)" + orEnv},
	// Linux: login keyring locked, nobody to answer the prompt.
	{`failed to unlock correct collection`, "the login keyring is locked and could not be unlocked here",
		"unlock it: " + unlockCmd + " (on a desktop, unlock it in Seahorse or log in again)" + orEnv},
	// macOS: keychain locked and no UI (SSH).
	{`-25308`, "the macOS keychain is locked and cannot ask for the password in this session (typical over SSH)",
		"unlock it first: security unlock-keychain ~/Library/Keychains/login.keychain-db" + orEnv},
	{`User interaction is not allowed`, "the macOS keychain is locked and cannot ask for the password in this session (typical over SSH)",
		"unlock it first: security unlock-keychain ~/Library/Keychains/login.keychain-db" + orEnv},
	{`-128`, "the keychain prompt was cancelled",
		"run the command again and allow access when the keychain asks"},
	{`-25293`, "the keychain refused the password",
		"unlock it with the right password: security unlock-keychain ~/Library/Keychains/login.keychain-db"},
	// Windows: Credential Manager needs an interactive logon session.
	{`logon session does not exist`, "Windows Credential Manager is not available in this logon session (typical for services and SSH without a profile)",
		"run from an interactive desktop session, or an SSH session that logged in with a password" + orEnv},
}

// macOS: go-keyring v0.2.8 runs /usr/bin/security and, for anything but
// "could not be found", returns only its *exec.ExitError ("exit status 36"):
// what the tool printed is dropped. security exits with the low byte of the
// Security framework's OSStatus, so the status names the failure.
var darwinExitStatuses = map[string]struct{ reason, fix string }{
	// errSecInteractionNotAllowed -25308 "User interaction is not allowed."
	"36": {"the macOS keychain is locked and cannot ask for the password in this session (typical over SSH)",
		"unlock it first: security unlock-keychain ~/Library/Keychains/login.keychain-db" + orEnv},
	// errSecAuthFailed -25293 "The user name or passphrase you entered is not correct."
	"51": {"the keychain refused the password",
		"unlock it with the right password: security unlock-keychain ~/Library/Keychains/login.keychain-db"},
	// userCanceledErr -128: the unlock or access prompt was cancelled.
	"128": {"the keychain prompt was cancelled",
		"run the command again and allow access when the keychain asks"},
	// errSecNoDefaultKeychain -25307 "A default keychain could not be found."
	"37": {"this user has no default keychain (typical for root, sudo and launchd jobs)",
		"run as the user who ran mvn-dxai init, not with sudo" + orEnv},
}

// errNoSuchLogonSession is Windows' ERROR_NO_SUCH_LOGON_SESSION, which
// wincred returns as a syscall.Errno. Its text is localised where Windows
// has no English message table, so it is matched by number; no Unix errno
// is this large.
const errNoSuchLogonSession = syscall.Errno(1312)

// Translate turns a raw go-keyring error into ErrNotFound, an
// *UnavailableError for the known failures, or an *UnavailableError that
// quotes the raw text for unknown ones. nil stays nil.
func Translate(err error) error { return translate(err, runtime.GOOS) }

// translate is Translate for the keyring of goos, so that every platform's
// translations are tested on any OS.
func translate(err error, goos string) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, keyring.ErrNotFound) || errors.Is(err, ErrNotFound) {
		return ErrNotFound
	}
	var u *UnavailableError
	if errors.As(err, &u) {
		return err
	}
	if vanished(err.Error()) {
		return ErrNotFound
	}
	if errors.Is(err, keyring.ErrSetDataTooBig) {
		return &UnavailableError{Reason: "the keyring refused the entry as too large",
			fix: "check that what was given is a single GitHub token", Err: err}
	}
	msg := err.Error()
	if errors.Is(err, errNoSuchLogonSession) {
		msg = "logon session does not exist"
	}
	if code, ok := strings.CutPrefix(msg, "exit status "); ok && goos == "darwin" {
		if t, ok := darwinExitStatuses[code]; ok {
			return &UnavailableError{Reason: t.reason, fix: t.fix, Err: err}
		}
	}
	for _, t := range translations {
		if strings.Contains(msg, t.fragment) {
			return &UnavailableError{Reason: t.reason, fix: t.fix, Err: err}
		}
	}
	return &UnavailableError{Reason: "the keyring answered: " + msg,
		fix: "check that your keyring is running and unlocked" + orEnv, Err: err}
}

func timeoutError(d time.Duration) error {
	return &UnavailableError{
		Reason: fmt.Sprintf("the keyring did not answer within %s; it may be waiting for an unlock prompt that nobody can see", d),
		fix:    "unlock your keyring, or allow more time with " + EnvTimeout + "=120s" + orEnv,
	}
}

// vanished recognises the Secret Service's answers when the entry was
// deleted between go-keyring's look-up and its use (a concurrent logout):
// the entry is gone, which is not a keyring failure.
func vanished(msg string) bool {
	return strings.Contains(msg, "Object does not exist at path") ||
		strings.Contains(msg, "No such interface") && strings.Contains(msg, "org.freedesktop.Secret.Item")
}
