package mavencheck

import (
	"path/filepath"
	"strings"
)

// JVMConfigFile is the project's file of JVM options for Maven, relative
// to its base folder.
const JVMConfigFile = ".mvn/jvm.config"

// HomeEnv is what decides Maven's user.home, passed in so that tests can
// give their own.
type HomeEnv struct {
	// Getenv reads the environment mvn would run in.
	Getenv func(string) string
	// WorkDir is the folder mvn runs in: a relative -Duser.home is taken
	// from there, and with Project, .mvn is looked for from there upward.
	WorkDir string
	// Project says to read the project's .mvn/jvm.config and
	// .mvn/maven.config too. Without it, only the user's own settings
	// count: a cloned project must not choose where a token is written.
	Project bool
	// Passwd is the home folder the password database holds for this
	// user ("" when there is no entry): what Java takes for user.home.
	Passwd string
}

// Home is the user.home Maven runs with, and where the value came from.
type Home struct {
	// Dir is the folder, absolute.
	Dir string
	// From names the source for messages: "the password database",
	// "-Duser.home in MAVEN_OPTS", …
	From string
}

// FromPasswd is Home.From for the password database.
const FromPasswd = "the password database"

// Settings is the user settings file Maven reads when no -s says
// otherwise: user.home/.m2/settings.xml.
func (h Home) Settings() string { return filepath.Join(h.Dir, ".m2", "settings.xml") }

// UserHome works out Maven's user.home as Maven does, verified with Maven
// 3.8.7 on Java 17 ("mvn -X" prints "Reading user settings from …"). Java
// starts from the password database, not $HOME; JVM options override it,
// each source later on the java command line winning: JAVA_TOOL_OPTIONS,
// JDK_JAVA_OPTIONS, the project's .mvn/jvm.config, then MAVEN_OPTS. Maven
// then sets its own -D arguments as system properties before it looks for
// settings, so -Duser.home in the project's .mvn/maven.config wins over
// those, and MAVEN_ARGS (put on the command line by Maven 3.9 and later;
// 3.8 ignores the variable) over that. The last -Duser.home in a source
// counts.
//
// Without a usable password database home (no entry, or one shorter than
// two characters such as "/"), Java 19 and later use $HOME, which UserHome
// follows; Java 17 reads "?" or "/" instead, where Maven finds nothing.
//
// The error is one from reading a .mvn file; the Home is still the best
// answer without it.
func UserHome(env HomeEnv) (Home, error) {
	h := Home{Dir: env.Passwd, From: FromPasswd}
	if len(env.Passwd) < 2 {
		if home := env.Getenv("HOME"); home != "" {
			h = Home{Dir: home, From: "HOME, as the password database has no usable home for this user"}
		}
	}
	set := func(args []string, maven bool, from string) {
		if v, ok := lastDefine(args, maven); ok {
			h = Home{Dir: v, From: "-Duser.home in " + from}
		}
	}
	for _, name := range []string{"JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS"} {
		set(strings.Fields(env.Getenv(name)), false, name)
	}
	var firstErr error
	base, hasBase := "", false
	if env.Project {
		base, hasBase = ProjectBaseDir(env.WorkDir)
	}
	if hasBase {
		path := filepath.Join(base, JVMConfigFile)
		args, err := ReadConfig(path)
		firstErr = err
		set(args, false, path)
	}
	set(strings.Fields(env.Getenv("MAVEN_OPTS")), false, "MAVEN_OPTS")
	if hasBase {
		path := filepath.Join(base, ConfigFile)
		args, err := ReadConfig(path)
		if firstErr == nil {
			firstErr = err
		}
		set(args, true, path)
	}
	set(strings.Fields(env.Getenv("MAVEN_ARGS")), true, "MAVEN_ARGS (Maven 3.9 and later)")

	switch {
	case h.Dir == "":
		// Java's new File("", ".m2") is /.m2.
		h.Dir = string(filepath.Separator)
	case !filepath.IsAbs(h.Dir):
		h.Dir = filepath.Join(env.WorkDir, h.Dir)
	}
	h.Dir = filepath.Clean(h.Dir)
	return h, firstErr
}

// lastDefine finds the value of the last -Duser.home=VALUE in args. The
// JVM takes only that form; Maven's own arguments (maven) also take
// "-D user.home=VALUE", "--define user.home=VALUE" and
// "--define=user.home=VALUE".
func lastDefine(args []string, maven bool) (value string, ok bool) {
	const prop = "user.home="
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case strings.HasPrefix(a, "-D"+prop):
			value, ok = a[len("-D"+prop):], true
		case !maven:
		case strings.HasPrefix(a, "--define="+prop):
			value, ok = a[len("--define="+prop):], true
		case (a == "-D" || a == "--define") && i+1 < len(args):
			if v, found := strings.CutPrefix(args[i+1], prop); found {
				value, ok = v, true
			}
			i++
		}
	}
	return value, ok
}
