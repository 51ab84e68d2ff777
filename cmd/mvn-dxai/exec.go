package main

import (
	"errors"
	iofs "io/fs"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/dynamixs-ai/dxai/credstore"
)

const execHelp = `Run a command with DXAI_TOKEN and DXAI_USERNAME set from the keyring, so a
settings.xml written with --no-plaintext (password ${env.DXAI_TOKEN}) works
without the token ever being on disk. Standard streams and signals pass
through, and mvn-dxai exits with the command's status. Example:

  mvn-dxai exec -- mvn -B deploy
`

func runExec(u *ui, args []string) error {
	fs := newFlags(u, "exec", "-- COMMAND [ARGS...]", execHelp)
	if err := parse(u, fs, args, -1); err != nil {
		return err
	}
	argv := fs.Args()
	if len(argv) == 0 {
		return &usageError{msg: "no command to run", fix: "mvn-dxai exec -- mvn -B verify"}
	}
	// The command first: a typo must not wait for a locked keyring. Like
	// a shell, a missing command exits 127 and one that cannot run 126.
	path, err := exec.LookPath(argv[0])
	if err != nil {
		if errors.Is(err, exec.ErrNotFound) || errors.Is(err, iofs.ErrNotExist) {
			u.printError(fail("check the command's name and PATH", "%s: command not found", argv[0]))
			return exitCode(127)
		}
		var lookErr *exec.Error
		if errors.As(err, &lookErr) {
			err = lookErr.Err
		}
		u.printError(fail("check that it is an executable file", "%s: %v", argv[0], err))
		return exitCode(126)
	}
	store, err := openStore()
	if err != nil {
		return err
	}
	e, _, err := store.Get()
	if errors.Is(err, credstore.ErrNotFound) {
		return fail(`run "mvn-dxai init" first`, "no token in the keyring")
	}
	if err != nil {
		return err
	}
	warnExpiry(u, e, time.Now())
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, credstore.EnvToken+"=") && !strings.HasPrefix(kv, credstore.EnvUsername+"=") {
			env = append(env, kv)
		}
	}
	env = append(env, credstore.EnvToken+"="+e.Token, credstore.EnvUsername+"="+e.Username)
	return execve(path, argv, env)
}
