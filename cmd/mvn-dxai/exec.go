package main

import (
	"errors"
	iofs "io/fs"
	"os/exec"
	"strings"

	"github.com/dynamixs-ai/dxai/credstore"
	"github.com/dynamixs-ai/dxai/internal/atomicfile"
	"github.com/dynamixs-ai/dxai/internal/hint"
)

const execHelp = `Run a command with DXAI_TOKEN and DXAI_USERNAME set from the keyring, so a
settings.xml written with --no-plaintext (password ${env.DXAI_TOKEN}) works
without the token ever being on disk. Standard streams and signals pass
through, and mvn-dxai exits with the command's status. Example:

  mvn-dxai exec -- mvn -B deploy
  mvn-dxai exec --gradle-credentials dynamixsai -- ./gradlew build

--gradle-credentials NAME also sets ORG_GRADLE_PROJECT_NAMEUsername and
ORG_GRADLE_PROJECT_NAMEPassword, which Gradle's
credentials(PasswordCredentials) reads for a repository named NAME.
`

func runExec(u *ui, args []string) error {
	fs := newFlags(u, "exec", "[--gradle-credentials NAME] -- COMMAND [ARGS...]", execHelp)
	var gradleName string
	fs.StringVar(&gradleName, "gradle-credentials", "", "also set ORG_GRADLE_PROJECT_<`NAME`>Username and …Password for Gradle's credentials(PasswordCredentials)")
	if err := parse(u, fs, args, -1); err != nil {
		return err
	}
	if err := checkGradleName(gradleName); err != nil {
		return err
	}
	argv := fs.Args()
	if len(argv) == 0 {
		return hint.Usage("no command to run", "mvn-dxai exec -- mvn -B verify")
	}
	// The command first: a typo must not wait for a locked keyring. Like
	// a shell, a missing command exits 127 and one that cannot run 126.
	path, err := u.lookPath(argv[0])
	if err != nil {
		if errors.Is(err, exec.ErrNotFound) || errors.Is(err, iofs.ErrNotExist) {
			u.printError(hint.New("check the command's name and PATH", "%s: command not found", argv[0]))
			return exitCode(127)
		}
		if atomicfile.SelfExplained(err) {
			u.printError(err)
			return exitCode(126)
		}
		var lookErr *exec.Error
		if errors.As(err, &lookErr) {
			err = lookErr.Err
		}
		u.printError(hint.New("check that it is an executable file", "%s: %v", argv[0], err))
		return exitCode(126)
	}
	e, err := currentEntry(u)
	if err != nil {
		return err
	}
	warnExpiry(u, e, u.now())
	set := map[string]string{credstore.EnvToken: e.Token, credstore.EnvUsername: e.Username}
	for k, v := range gradleCredentialsEnv(gradleName, e) {
		set[k] = v
	}
	var env []string
	for _, kv := range u.environ() {
		k, _, _ := strings.Cut(kv, "=")
		if _, ours := set[k]; !ours {
			env = append(env, kv)
		}
	}
	for _, k := range []string{credstore.EnvToken, credstore.EnvUsername} {
		env = append(env, k+"="+set[k])
		delete(set, k)
	}
	for k, v := range set {
		env = append(env, k+"="+v)
	}
	return u.execve(path, argv, env)
}
