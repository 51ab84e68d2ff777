package main

// The rows of the bad input table (badinput_test.go): what each bad input
// is and what it must answer.

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/dynamixs-ai/dxai/internal/testing/fakes"
)

func biBadInputRows() []biBadInput {
	deadAPI := fakes.DeadURL()
	big := strings.Repeat("a", 4<<20)
	settingsErr := func(name, content, want string) biBadInput {
		return biBadInput{name: "files/settings.xml " + name, argv: biInitOffline, stdin: biTokA,
			files: biWithFiles(map[string]biFile{"home/.m2/settings.xml": {content: content}}),
			code:  1, stderr: `(?m)^mvn-dxai: error: ~/\.m2/settings\.xml:\d+:\d+: ` + want + `\n` +
				`mvn-dxai: hint: fix line \d+ of ~/\.m2/settings\.xml \(it was left exactly as it was\), then run again: printf %s "\$TOKEN" \| mvn-dxai init --token-stdin --offline --username alice; or skip Maven with --no-maven\n$`}
	}
	dockerErr := func(name, content, want string) biBadInput {
		return biBadInput{name: "files/config.json " + name, argv: biInitOffline, stdin: biTokA,
			files: biWithFiles(map[string]biFile{"home/.docker/config.json": {content: content}}),
			code:  1, stderr: `(?m)^mvn-dxai: error: .*/home/\.docker/config\.json` + want + `\nmvn-dxai: hint: fix the file \(it was left exactly as it was\), or skip Docker with --no-docker`}
	}
	keyringRows := func(r biRing, reason string) []biBadInput {
		env := map[string]string{}
		within := 4 * time.Second
		if r == biHung {
			env["DXAI_KEYRING_TIMEOUT"] = biHungTimeout.String()
			within = 3 * time.Second
		}
		return []biBadInput{
			{name: "keyring/" + r.String() + "/init", argv: biArgs(biInitOffline[:4], "--username", "a"), stdin: biTokA, env: env, ring: r,
				files: biUserFiles(), code: 1, within: within,
				stderr: `(?m)^mvn-dxai: error: cannot use the keyring: ` + reason + `.*\nmvn-dxai: hint: \S.*DXAI_TOKEN` +
					`(?s).*--insecure-storage`},
			{name: "keyring/" + r.String() + "/status", argv: []string{"mvn-dxai", "status"}, env: env, ring: r, report: true,
				files: biUserFiles(), code: 1, within: within,
				stdout: `(?m)^token +cannot use the keyring: ` + reason,
				stderr: `(?m)^mvn-dxai: hint: \S.*DXAI_TOKEN`},
			{name: "keyring/" + r.String() + "/helper get", argv: biHelperGet, stdin: "ghcr.io\n", env: env, ring: r,
				code: 1, within: within, stdout: biNotFound,
				stderr: `^docker-credential-dxai: warning: cannot use the keyring: ` + reason + `.*\ndocker-credential-dxai: hint: \S.*DXAI_TOKEN.*\n$`},
		}
	}

	rows := []biBadInput{
		// The helper's stdin, as docker (or a person) sends it.
		// Docker never sends these: a person typed them. Stdout keeps the
		// protocol's answer (docker knows "no credentials server URL" by its
		// words); stderr says it in the helper's voice, with what to run.
		{name: "helper/get empty stdin", argv: biHelperGet, code: 1, stdout: `^no credentials server URL\n$`,
			stderr: `^docker-credential-dxai: error: no credentials server URL: get reads a registry host on stdin, such as ghcr\.io, and stdin was empty\n` + biHelperGetHint},
		{name: "helper/get white space", argv: biHelperGet, stdin: " \n\t \r\n", code: 1, stdout: `^no credentials server URL\n$`, stderr: biHelperGetHint},
		{name: "helper/erase empty stdin", argv: []string{"docker-credential-dxai", "erase"}, code: 1, stdout: `^no credentials server URL\n$`,
			stderr: `^docker-credential-dxai: error: no credentials server URL: erase reads .*\ndocker-credential-dxai: hint: "docker logout ghcr\.io" runs it for you; by hand: echo ghcr\.io \| docker-credential-dxai erase\n$`},
		{name: "helper/store empty stdin", argv: biHelperStore, code: 1,
			stdout: `^store reads \{"ServerURL","Username","Secret"\} as JSON on stdin, and stdin was empty\n$`,
			stderr: `^docker-credential-dxai: error: store reads \{"ServerURL","Username","Secret"\} as JSON on stdin, and stdin was empty\n` + biHelperStoreHint},
		{name: "helper/store invalid JSON", argv: biHelperStore, stdin: `{not json`, code: 1,
			stdout: `^stdin is not the JSON docker sends: invalid character 'n' looking for beginning of object key string\n$`,
			stderr: `^docker-credential-dxai: error: stdin is not the JSON docker sends: invalid character 'n' looking for beginning of object key string\n` + biHelperStoreHint},
		{name: "helper/store not JSON", argv: biHelperStore, stdin: "notjson\n", code: 1,
			stdout: `^stdin is not the JSON docker sends: invalid character 'o' in literal null \(expecting 'u'\)\n$`, stderr: biHelperStoreHint},
		{name: "helper/store JSON array", argv: biHelperStore, stdin: `["ghcr.io","alice","` + biTokA + `"]`, code: 1,
			stdout: `^stdin is not the JSON docker sends: json: cannot unmarshal array into Go value of type credentials.Credentials\n$`, stderr: biHelperStoreHint},
		{name: "helper/store no ServerURL", argv: biHelperStore, stdin: `{"Username":"alice","Secret":"` + biTokA + `"}`, code: 1, stdout: `^no credentials server URL\n$`,
			stderr: `^docker-credential-dxai: error: no credentials server URL: store reads .*\n` + biHelperStoreHint},
		{name: "helper/store no Username", argv: biHelperStore, stdin: `{"ServerURL":"ghcr.io","Secret":"` + biTokA + `"}`, code: 1, stdout: `^no credentials username\n$`,
			stderr: biHelperStoreHint},
		{name: "helper/store empty Secret", argv: biHelperStore, stdin: biStoreJSON("ghcr.io", "alice", ""), code: 1,
			stdout: `^refusing to store an empty token\n$`,
			stderr: `^docker-credential-dxai: error: refusing to store an empty token\ndocker-credential-dxai: hint: run docker login again with your GitHub token itself as the password\n$`},
		{name: "helper/store blank Secret", argv: biHelperStore, stdin: biStoreJSON("ghcr.io", "alice", " \t"), code: 1,
			stdout: `^refusing to store an empty token`, stderr: `(?m)^docker-credential-dxai: hint: run docker login again`},
		{name: "helper/get 4 MiB", argv: biHelperGet, stdin: big, code: 1,
			stdout: `^stdin holds more than 64 KiB; docker sends a server URL or one small JSON object\n$`, stderr: biHelperGetHint},
		{name: "helper/store 4 MiB secret", argv: biHelperStore, stdin: biStoreJSON("ghcr.io", "alice", big), code: 1, stdout: `^.*more than 64 KiB.*\n$`, stderr: biHelperStoreHint},
		{name: "helper/get NUL bytes", argv: biHelperGet, stdin: "ghcr.io\x00\x00", env: map[string]string{"DXAI_TOKEN": biTokA}, code: 1, stdout: biNotFound},
		{name: "helper/store NUL bytes", argv: biHelperStore, stdin: "{\"ServerURL\":\"ghcr.io\x00\"}", code: 1, stdout: `^stdin is not the JSON docker sends: invalid character '\\x00' in string literal\n$`, stderr: biHelperStoreHint},
		{name: "helper/store escaped NUL in server", argv: biHelperStore, stdin: `{"ServerURL":"ghcr.io\u0000","Username":"a","Secret":"` + biTokA + `"}`, code: 1,
			stdout: `^this helper stores credentials only for ghcr\.io, not for "ghcr\.io\\x00"\n$`, stderr: `(?m)^docker-credential-dxai: hint: remove that registry`},
		{name: "helper/unknown verb", argv: []string{"docker-credential-dxai", "frobnicate"}, code: 2, stdout: `^docker-credential-dxai: unknown action: frobnicate\n$`,
			stderr: `^docker-credential-dxai: error: unknown action "frobnicate": the actions are store, get, erase, list and version.*\ndocker-credential-dxai: hint: docker runs this helper itself`},
		{name: "helper/no verb", argv: []string{"docker-credential-dxai"}, code: 2, stdout: `^Usage: docker-credential-dxai <store\|get\|erase\|list\|version>\n$`,
			stderr: `^docker-credential-dxai: error: no action given: .*\ndocker-credential-dxai: hint: `},
		{name: "helper/two verbs", argv: []string{"docker-credential-dxai", "get", "list"}, stdin: "ghcr.io", code: 2,
			stdout: `^Usage: docker-credential-dxai <store\|get\|erase\|list\|version>\n$`, stderr: `^docker-credential-dxai: error: one action at a time, not 2: `},
		{name: "helper/get user@ghcr.io", argv: biHelperGet, stdin: "user@ghcr.io", env: map[string]string{"DXAI_TOKEN": biTokA}, code: 1, stdout: biNotFound},
		{name: "helper/get https://user:pw@ghcr.io", argv: biHelperGet, stdin: "https://user:pw@ghcr.io/v2/", env: map[string]string{"DXAI_TOKEN": biTokA}, code: 1, stdout: biNotFound},
		{name: "helper/get foreign host", argv: biHelperGet, stdin: "docker.io", env: map[string]string{"DXAI_TOKEN": biTokA}, code: 1, stdout: biNotFound},
		{name: "helper/get foreign host, no keyring", argv: biHelperGet, stdin: "docker.io", code: 1, stdout: biNotFound}, // silent: not ours (issue 15)
		{name: "helper/get look-alike host", argv: biHelperGet, stdin: "ghcr.io.evil.com", env: map[string]string{"DXAI_TOKEN": biTokA}, code: 1, stdout: biNotFound},
		{name: "helper/store user@ghcr.io", argv: biHelperStore, stdin: biStoreJSON("user@ghcr.io", "alice", biTokA), code: 1,
			stdout: `^this helper stores credentials only for ghcr\.io, not for "user@ghcr\.io"\n$`,
			stderr: `(?m)^docker-credential-dxai: hint: remove that registry from credHelpers in your docker config, or add it to DXAI_REGISTRIES\n$`},
		{name: "helper/store foreign host", argv: biHelperStore, stdin: biStoreJSON("https://index.docker.io/v1/", "alice", biTokA), code: 1,
			stdout: `^this helper stores credentials only for ghcr\.io, not for "https://index\.docker\.io/v1/"`, stderr: `(?m)^docker-credential-dxai: hint: remove that registry`},
		{name: "helper/store identity token", argv: biHelperStore, stdin: biStoreJSON("ghcr.io", "<token>", biRefreshJWT), code: 1, strict: []string{biRefreshJWT},
			stdout: `^docker login got a refresh token from ghcr\.io's own token server \(docker hands it over as user <token>\), not a GitHub token, .*nothing was stored: the token already there still serves pulls and Maven\n$`,
			stderr: `(?m)^docker-credential-dxai: hint: if ghcr\.io is not a GitHub registry, remove it from credHelpers .*; to change the GitHub token, run "mvn-dxai init"\n$`},
		{name: "helper/store Maven expression", argv: biHelperStore, stdin: biStoreJSON("ghcr.io", "alice", "${env.AWS_SECRET_ACCESS_KEY}"), code: 1,
			stdout: `^refusing to store a Maven expression \(\$\{…\}\) as the token: Maven would expand it in settings\.xml and send that other secret to GitHub\n$`,
			stderr: `(?m)^docker-credential-dxai: hint: run docker login again with your GitHub token itself as the password\n$`},
		{name: "helper/store control character", argv: biHelperStore, stdin: `{"ServerURL":"ghcr.io","Username":"alice","Secret":"` + biTokA + `\u001b"}`, code: 1,
			stdout: `^refusing to store it: the token contains a character GitHub tokens never have at position 41 \(only letters A-Z and a-z, digits and _ are used\)\n$`,
			stderr: `(?m)^docker-credential-dxai: hint: copy it again .* at https://github\.com/settings/tokens/new\S*, then run docker login again with your GitHub token itself as the password\n$`},
		{name: "helper/store user name not a login", argv: biHelperStore, stdin: biStoreJSON("ghcr.io", "${env.USER}", biTokA), code: 1,
			stdout: `^refusing to store it: the user name is not a GitHub user name \(letters, digits and single hyphens\)\n$`,
			stderr: `(?m)^docker-credential-dxai: hint: run docker login again with -u and your GitHub user name\n$`},
		{name: "helper/get DXAI_REGISTRIES=user@evil", argv: biHelperGet, stdin: "ghcr.io", env: map[string]string{"DXAI_REGISTRIES": "user@evil", "DXAI_TOKEN": biTokA},
			code: 1, stdout: biNotFound,
			stderr: `^docker-credential-dxai: warning: DXAI_REGISTRIES: "user@evil" is not a registry host\ndocker-credential-dxai: hint: ` + biRegistriesFix + biNoCreds + `\n$`},
		{name: "helper/store DXAI_REGISTRIES=user@evil", argv: biHelperStore, stdin: biStoreJSON("ghcr.io", "alice", biTokA), env: map[string]string{"DXAI_REGISTRIES": "user@evil"},
			code: 1, stdout: `^DXAI_REGISTRIES: "user@evil" is not a registry host\n$`,
			stderr: `^docker-credential-dxai: error: DXAI_REGISTRIES: "user@evil" is not a registry host\ndocker-credential-dxai: hint: ` + biRegistriesFix + biNoCreds + `\n$`},
		{name: "helper/get DXAI_KEYRING_TIMEOUT=soon", argv: biHelperGet, stdin: "ghcr.io", env: map[string]string{"DXAI_KEYRING_TIMEOUT": "soon"},
			code: 1, stdout: biNotFound,
			stderr: `^docker-credential-dxai: warning: DXAI_KEYRING_TIMEOUT="soon" is not a duration\ndocker-credential-dxai: hint: ` + biTimeoutFix + biNoCreds + `\n$`},
		{name: "helper/list without a keyring", argv: []string{"docker-credential-dxai", "list"}, stdout: `^\{\}\n$`,
			stderr: `^docker-credential-dxai: warning: cannot use the keyring: no D-Bus session bus.*\ndocker-credential-dxai: hint: `},
		{name: "helper/get HOME unset", argv: biHelperGet, stdin: "ghcr.io", env: map[string]string{"HOME": biUnset, "XDG_CONFIG_HOME": biUnset},
			code: 1, stdout: biNotFound, stderr: `^docker-credential-dxai: warning: cannot use the keyring: no D-Bus session bus.*\ndocker-credential-dxai: hint: `},

		// mvn-dxai's command line.
		{name: "flags/no command", argv: []string{"mvn-dxai"}, code: 2, report: true, stderr: `^usage: mvn-dxai <command> \[flags\]`},
		{name: "flags/unknown command typo", argv: []string{"mvn-dxai", "stauts"}, code: 2,
			stderr: `^mvn-dxai: error: unknown command "stauts"\nmvn-dxai: hint: did you mean "mvn-dxai status"\? run "mvn-dxai help" for the commands\n$`},
		{name: "flags/unknown command", argv: []string{"mvn-dxai", "frobnicate"}, code: 2,
			stderr: `^mvn-dxai: error: unknown command "frobnicate"\nmvn-dxai: hint: run "mvn-dxai help" for the commands\n$`},
		{name: "flags/unknown flag typo", argv: []string{"mvn-dxai", "init", "--usrname", "bob"}, code: 2,
			stderr: `^mvn-dxai: error: unknown flag --usrname\nmvn-dxai: hint: did you mean --username\? run "mvn-dxai init -h" for its flags\n$`},
		// One hint for every line it fixes: each distinct hint once.
		{name: "status/not set up: one hint", argv: []string{"mvn-dxai", "status"}, env: map[string]string{"DXAI_TOKEN": biTokA}, report: true, code: 1,
			stdout: `(?s)^token .*\nmaven +~/\.m2/settings\.xml does not exist\ndocker +~/\.docker/config\.json does not exist\n`,
			stderr: `^mvn-dxai: hint: run "mvn-dxai init"\n$`},
		{name: "flags/unknown flag, one dash: as typed", argv: []string{"mvn-dxai", "status", "-v"}, code: 2,
			stderr: `^mvn-dxai: error: unknown flag -v\nmvn-dxai: hint: run "mvn-dxai status -h" for its flags\n$`},
		{name: "flags/unknown flag with a value: the name only", argv: []string{"mvn-dxai", "status", "-secret=hunter2"}, code: 2, strict: []string{"hunter2"},
			stderr: `^mvn-dxai: error: unknown flag -secret\nmvn-dxai: hint: run "mvn-dxai status -h" for its flags\n$`},
		{name: "flags/unknown flag", argv: []string{"mvn-dxai", "doctor", "--frobnicate"}, code: 2,
			stderr: `^mvn-dxai: error: unknown flag --frobnicate\nmvn-dxai: hint: run "mvn-dxai doctor -h" for its flags\n$`},
		{name: "flags/flag without its value", argv: []string{"mvn-dxai", "init", "--username"}, code: 2,
			stderr: `^mvn-dxai: error: flag needs an argument: -username\nmvn-dxai: hint: run "mvn-dxai init -h" for its flags\n$`},
		{name: "flags/--token x", argv: []string{"mvn-dxai", "init", "--token", biTokA}, code: 2, stderr: `^` + biCmdlineToken},
		{name: "flags/--token=x", argv: []string{"mvn-dxai", "init", "--token=" + biTokA}, code: 2, stderr: `^` + biCmdlineToken},
		{name: "flags/--password x", argv: []string{"mvn-dxai", "init", "--password", biPassword}, code: 2, stderr: `^` + biCmdlineToken, strict: []string{biPassword}},
		{name: "flags/-p x", argv: []string{"mvn-dxai", "sync", "-p", biTokA}, code: 2, stderr: `^` + biCmdlineToken},
		{name: "flags/token as a positional argument", argv: []string{"mvn-dxai", "init", biTokA}, code: 2, stderr: `^` + biCmdlineToken},
		{name: "flags/legacy token as a positional argument", argv: []string{"mvn-dxai", "status", strings.Repeat("c0ffee", 6) + "c0de"}, code: 2,
			stderr: `^` + biCmdlineToken, strict: []string{strings.Repeat("c0ffee", 6) + "c0de"}},
		{name: "flags/extra argument to status", argv: []string{"mvn-dxai", "status", "extra"}, code: 2,
			stderr: `^mvn-dxai: error: unexpected argument "extra"\nmvn-dxai: hint: run "mvn-dxai status -h" for its usage\n$`},
		{name: "flags/extra argument to init", argv: biArgs(biInitOffline, "extra"), stdin: biTokA, code: 2,
			stderr: `^mvn-dxai: error: unexpected argument "extra"\nmvn-dxai: hint: run "mvn-dxai init -h" for its usage\n$`},
		{name: "flags/--username -bad-", argv: biArgs(biInitOffline[:4], "--username", "-bad-"), stdin: biTokA, files: biUserFiles(), code: 2,
			stderr: `^mvn-dxai: error: --username -bad- is not a GitHub user name\nmvn-dxai: hint: give your GitHub login, e\.g\. --username octocat\n$`},
		{name: "flags/--username 40 characters", argv: biArgs(biInitOffline[:4], "--username", strings.Repeat("a", 40)), stdin: biTokA, files: biUserFiles(), code: 2,
			stderr: `^mvn-dxai: error: --username aaaa…aaaa is not a GitHub user name\nmvn-dxai: hint: give your GitHub login`}, // 40 hex digits: masked like a token
		{name: "flags/--username a--b", argv: biArgs(biInitOffline[:4], "--username", "a--b"), stdin: biTokA, files: biUserFiles(), code: 2,
			stderr: `^mvn-dxai: error: --username a--b is not a GitHub user name\nmvn-dxai: hint: `},
		{name: "flags/--username unicode", argv: biArgs(biInitOffline[:4], "--username", "jürgen"), stdin: biTokA, files: biUserFiles(), code: 2,
			stderr: `^mvn-dxai: error: --username jürgen is not a GitHub user name\nmvn-dxai: hint: `},
		{name: "flags/--username empty", argv: biArgs(biInitOffline[:4], "--username", ""), stdin: biTokA, files: biUserFiles(), code: 2,
			stderr: `^mvn-dxai: error: --username is empty: it must be your GitHub login\nmvn-dxai: hint: give your GitHub login, e\.g\. --username octocat`},
		{name: "flags/--settings a folder", argv: biArgs(biInitOffline, "--settings", "$HOME/conf"), stdin: biTokA,
			files: biWithFiles(map[string]biFile{"home/conf": {dir: true}}), code: 1,
			stderr: `^mvn-dxai: error: .*~/conf.*is a directory\n` + biFileHint},
		{name: "flags/--settings in a folder that does not exist", argv: biArgs(biInitOffline, "--settings", "$HOME/new/sub/settings.xml", "--no-docker"), stdin: biTokDir,
			ring: biUnlocked, changes: true, created: []string{"home/new/sub/settings.xml"},
			stderr: `(?m)^mvn-dxai: created .*new/sub/settings\.xml: <server> dynamixs-ai`,
			check: func(r *biRunResult) []string {
				return biWantMode(r, "home/new/sub/settings.xml", 0o600)
			}},
		{name: "flags/--settings unreadable", argv: biArgs(biInitOffline, "--settings", "$HOME/locked.xml"), stdin: biTokA,
			files: biWithFiles(map[string]biFile{"home/locked.xml": {content: biUserSettings, noPerm: true}}),
			code:  1, stderr: `^mvn-dxai: error: .*locked\.xml: permission denied\n` + biFileHint,
			rootSkip: "root reads a mode 0000 file"},
		{name: "flags/--settings empty", argv: biArgs(biInitOffline, "--settings", ""), stdin: biTokA, files: biUserFiles(), code: 2,
			stderr: `^mvn-dxai: error: --settings is empty: it must name a Maven settings file\nmvn-dxai: hint: drop it to use ~/\.m2/settings\.xml`},
		{name: "flags/--server-id empty", argv: biArgs(biInitOffline, "--server-id", ""), stdin: biTokA, files: biUserFiles(), code: 2,
			stderr: `^mvn-dxai: error: --server-id is empty: it must equal the repository id in your POMs\nmvn-dxai: hint: drop it to use dynamixs-ai, or give the id, e\.g\. --server-id github\n$`},
		{name: "flags/--settings with --no-maven", argv: biArgs(biInitOffline, "--settings", "$HOME/x.xml", "--no-maven"), stdin: biTokA, code: 2,
			stderr: `^mvn-dxai: error: --settings has no effect with --no-maven\nmvn-dxai: hint: drop one of them\n$`},
		{name: "flags/--github-host URL", argv: biArgs(biInitOffline, "--github-host", "https://github.example.com"), stdin: biTokA, code: 2,
			stderr: `^mvn-dxai: error: --github-host https://github\.example\.com is not a host name\nmvn-dxai: hint: give the bare host, e\.g\. --github-host github\.example\.com\n$`},
		{name: "flags/--github-host with a path", argv: biArgs(biInitOffline, "--github-host", "github.example.com/api"), stdin: biTokA, code: 2,
			stderr: `^mvn-dxai: error: --github-host github\.example\.com/api is not a host name\nmvn-dxai: hint: give the bare host`},
		{name: "flags/--gradle with --no-gradle", argv: biArgs(biInitOffline, "--gradle", "--no-gradle"), stdin: biTokA, code: 2,
			stderr: `^mvn-dxai: error: --gradle and --no-gradle contradict each other\nmvn-dxai: hint: drop one of them\n$`},
		{name: "flags/--plaintext with --no-plaintext", argv: biArgs(biInitOffline, "--plaintext", "--no-plaintext"), stdin: biTokA, code: 2,
			stderr: `^mvn-dxai: error: --plaintext and --no-plaintext contradict each other\nmvn-dxai: hint: drop one of them: --plaintext writes the token into settings\.xml, --no-plaintext writes \$\{env\.DXAI_TOKEN\}\n$`},
		{name: "flags/--plaintext with DXAI_TOKEN and no keyring", argv: []string{"mvn-dxai", "init", "--offline", "--plaintext"}, env: map[string]string{"DXAI_TOKEN": biTokA}, code: 2,
			stderr: `^mvn-dxai: error: --plaintext needs a stored token, and with DXAI_TOKEN set and no keyring init stores none\nmvn-dxai: hint: run "mvn-dxai init" without --plaintext: Maven reads DXAI_TOKEN through \$\{env\.DXAI_TOKEN\}\n$`},
		{name: "flags/--gradle-url-prefix over plain http", argv: biArgs(biInitOffline, "--gradle-url-prefix", "http://maven.example.com/"), stdin: biTokA, code: 2,
			stderr: `^mvn-dxai: error: --gradle-url-prefix http://maven\.example\.com/ is neither https:// nor http:// on this machine: the token would cross the network in plain text\nmvn-dxai: hint: use an https:// prefix`},
		{name: "flags/exec --gradle-credentials with a hyphen", argv: []string{"mvn-dxai", "exec", "--gradle-credentials", "dynamixs-ai", "--", "true"}, code: 2,
			stderr: `^mvn-dxai: error: --gradle-credentials dynamixs-ai is not a name Gradle accepts: letters and digits only, starting with a letter\nmvn-dxai: hint: `},
		{name: "flags/kube-secret --name with capitals", argv: []string{"mvn-dxai", "kube-secret", "--name", "Pull"}, env: map[string]string{"DXAI_TOKEN": biTokA}, code: 2,
			stderr: `^mvn-dxai: error: --name "Pull" is not a Kubernetes object name\nmvn-dxai: hint: use lowercase letters, digits, '-' and '\.'`},
		{name: "flags/kube-secret --namespace with a dot", argv: []string{"mvn-dxai", "kube-secret", "--namespace", "a.b"}, env: map[string]string{"DXAI_TOKEN": biTokA}, code: 2,
			stderr: `^mvn-dxai: error: --namespace "a\.b" is not a Kubernetes namespace\nmvn-dxai: hint: `},
		{name: "flags/token with nothing stored", argv: []string{"mvn-dxai", "token"}, ring: biUnlocked, code: 1,
			stderr: `^mvn-dxai: error: no token is stored\nmvn-dxai: hint: run "mvn-dxai init" first, or set DXAI_TOKEN\n$`},
		{name: "flags/exec with nothing stored", argv: []string{"mvn-dxai", "exec", "--", "true"}, ring: biUnlocked, code: 1,
			stderr: `^mvn-dxai: error: no token is stored\nmvn-dxai: hint: run "mvn-dxai init" first, or set DXAI_TOKEN\n$`},
		{name: "flags/sync with nothing stored", argv: []string{"mvn-dxai", "sync"}, ring: biUnlocked, code: 1,
			stderr: `^mvn-dxai: error: no token is stored\nmvn-dxai: hint: run "mvn-dxai init"\n$`},
		{name: "flags/exec without a command", argv: []string{"mvn-dxai", "exec"}, code: 2,
			stderr: `^mvn-dxai: error: no command to run\nmvn-dxai: hint: mvn-dxai exec -- mvn -B verify\n$`},
		{name: "flags/exec -- without a command", argv: []string{"mvn-dxai", "exec", "--"}, code: 2, stderr: `^mvn-dxai: error: no command to run\n`},
		{name: "flags/exec a command that does not exist", argv: []string{"mvn-dxai", "exec", "--", "does-not-exist"}, env: map[string]string{"DXAI_TOKEN": biTokA}, code: 127,
			stderr: `^mvn-dxai: error: does-not-exist: command not found\nmvn-dxai: hint: check the command's name and PATH\n$`},
		{name: "flags/exec a command that does not exist, no keyring", argv: []string{"mvn-dxai", "exec", "--", "does-not-exist"}, code: 127,
			stderr: `^mvn-dxai: error: does-not-exist: command not found\nmvn-dxai: hint: check the command's name and PATH\n$`},
		{name: "flags/exec a command that does not exist, locked keyring", argv: []string{"mvn-dxai", "exec", "--", "does-not-exist"}, ring: biLocked, code: 127,
			within: time.Second, stderr: `^mvn-dxai: error: does-not-exist: command not found\nmvn-dxai: hint: `},
		{name: "flags/help nosuchverb", argv: []string{"mvn-dxai", "help", "nosuchverb"}, code: 2,
			stderr: `^mvn-dxai: error: no help for "nosuchverb"\nmvn-dxai: hint: run "mvn-dxai help" for the commands\n$`},
		{name: "flags/help typo", argv: []string{"mvn-dxai", "help", "snyc"}, code: 2,
			stderr: `^mvn-dxai: error: no help for "snyc"\nmvn-dxai: hint: did you mean "mvn-dxai sync"\?`},
		{name: "flags/-h prints the help once, on stdout", argv: []string{"mvn-dxai", "status", "-h"}, report: true,
			stdout: `^usage: mvn-dxai status \[flags\]\n`,
			check: func(r *biRunResult) []string {
				if n := strings.Count(r.stdout, "usage: mvn-dxai status"); n != 1 {
					return []string{fmt.Sprintf("the help is printed %d times", n)}
				}
				return nil
			}},

		// The token on stdin (--token-stdin) and in DXAI_TOKEN.
		{name: "token/empty stdin", argv: biInitOffline, files: biUserFiles(), code: 1,
			stderr: `^mvn-dxai: error: no token given\n` + biTokenAgain},
		{name: "token/only a newline", argv: biInitOffline, stdin: "\n", files: biUserFiles(), code: 1, stderr: `^mvn-dxai: error: no token given\n` + biTokenAgain},
		{name: "token/CRLF line end", argv: biArgs(biInitOffline, "--no-docker"), stdin: biTokCRLF + "\r\n", ring: biUnlocked, changes: true,
			created: []string{"home/.m2/settings.xml"},
			stderr:  `(?m)^mvn-dxai: stored the token ghp_…0000 for alice in the keyring$`,
			check: func(r *biRunResult) []string {
				data, _ := os.ReadFile(filepath.Join(r.home, ".m2", "settings.xml"))
				if !bytes.Contains(data, []byte("<password>"+biTokCRLF+"</password>")) {
					return []string{"settings.xml lacks the token without its CR:\n" + string(data)}
				}
				return nil
			}},
		{name: "token/trailing spaces and CRLF", argv: biArgs(biInitOffline, "--no-docker", "--no-maven"), stdin: biTokCRLF + " \t \r\n", ring: biUnlocked, changes: true,
			stderr: `(?m)^mvn-dxai: stored the token ghp_…0000 for alice in the keyring$`},
		{name: "token/trailing spaces, no line end", argv: biArgs(biInitOffline, "--no-docker", "--no-maven"), stdin: biTokCRLF + "  ", ring: biUnlocked, changes: true,
			stderr: `(?m)^mvn-dxai: stored the token ghp_…0000 for alice in the keyring$`},
		{name: "token/leading space", argv: biInitOffline, stdin: " " + biTokA + "\n", files: biUserFiles(), code: 1,
			stderr: `^mvn-dxai: error: the token contains a space at position 1\n` + biTokenAgain},
		{name: "token/two line ends", argv: biInitOffline, stdin: biTokA + "\n\n", files: biUserFiles(), code: 1,
			stderr: `^mvn-dxai: error: the token contains a line break at position 41\n` + biTokenAgain},
		{name: "token/space inside", argv: biInitOffline, stdin: biTokSpaced, files: biUserFiles(), code: 1,
			stderr: `^mvn-dxai: error: the token contains a space at position 11\nmvn-dxai: hint: copy it again without spaces or line breaks, or create a classic personal access token .*` + biStoreNew + `\n$`},
		{name: "token/two lines", argv: biInitOffline, stdin: biTokA + "\n" + biTokA + "\n", files: biUserFiles(), code: 1,
			stderr: `^mvn-dxai: error: the token contains a line break at position 41\n` + biTokenAgain},
		{name: "token/unicode", argv: biInitOffline, stdin: biTokUni, files: biUserFiles(), code: 1,
			stderr: `^mvn-dxai: error: the token contains a character GitHub tokens never have at position 5 \(only letters A-Z and a-z, digits and _ are used\)\n` + biTokenAgain},
		{name: "token/ghr_ refresh token", argv: biInitOffline, stdin: biTokRefr, files: biUserFiles(), code: 1,
			stderr: `^mvn-dxai: error: ghr_…GHIJ is a GitHub App refresh token: it can only be exchanged for a new user token and cannot log in to GitHub Packages\n` + biTokenAgain},
		{name: "token/300 characters", argv: biInitOffline, stdin: biTokLong, files: biUserFiles(), ring: biUnlocked, code: 1,
			stderr: `^mvn-dxai: error: classic personal access tokens are 40 characters long \(ghp_ and 36 letters and digits\), ghp_…LLLL has 300\n` + biTokenAgain},
		// Only a GitHub token goes into the shared entry and settings.xml,
		// offline too: a classic one is 40 characters, always.
		{name: "token/short classic token: refused, masked with its length", argv: biInitOffline, stdin: "ghp_short\n", files: biUserFiles(), ring: biUnlocked, code: 1,
			stderr: `^mvn-dxai: error: classic personal access tokens are 40 characters long \(ghp_ and 36 letters and digits\), got 9\n` +
				`mvn-dxai: hint: check it was copied completely, or create a classic personal access token .*` + biStoreNew + `\n$`},
		{name: "token/classic token one character long: refused", argv: biInitOffline, stdin: biTokA + "0\n", files: biUserFiles(), ring: biUnlocked, code: 1,
			stderr: `^mvn-dxai: error: classic personal access tokens are 40 characters long \(ghp_ and 36 letters and digits\), ghp_…0000 has 41\n` + biTokenAgain},
		{name: "helper/store short classic token", argv: biHelperStore, stdin: biStoreJSON("ghcr.io", "alice", "ghp_short"), ring: biUnlocked, code: 1,
			stdout: `^refusing to store it: classic personal access tokens are 40 characters long \(ghp_ and 36 letters and digits\), got 9\n$`,
			stderr: `(?m)^docker-credential-dxai: hint: check it was copied completely, or create a classic personal access token .*, then run docker login again with your GitHub token itself as the password\n$`},
		{name: "token/a short password", argv: biInitOffline, stdin: "hunter2\n", files: biUserFiles(), code: 1, strict: []string{"hunter2"},
			stderr: `^mvn-dxai: error: what was given \(7 characters\) does not look like a GitHub token: .*digits\n` + biTokenAgain},
		{name: "token/a long password", argv: biInitOffline, stdin: biPassword, files: biUserFiles(), code: 1, strict: []string{biPassword},
			stderr: `^mvn-dxai: error: what was given \(21 characters\) does not look like a GitHub token: .*digits\n` + biTokenAgain},
		{name: "token/stdin over 64 KiB", argv: biInitOffline, stdin: strings.Repeat("A", 70000), files: biUserFiles(), code: 1,
			stderr: `^mvn-dxai: error: stdin holds more than 64 KiB; a GitHub token is at most 255 characters\nmvn-dxai: hint: pipe only the token: printf %s "\$TOKEN" \| mvn-dxai init --token-stdin\n$`},
		{name: "token/DXAI_TOKEN with a space", argv: biInitOffline[:len(biInitOffline)-3], env: map[string]string{"DXAI_TOKEN": biTokSpaced}, files: biUserFiles(), code: 1,
			stderr: `^mvn-dxai: error: the token contains a space at position 11`},
		{name: "token/no token and no terminal", argv: []string{"mvn-dxai", "init", "--offline", "--username", "alice"}, files: biUserFiles(), code: 1,
			stderr: `^mvn-dxai: error: no token given, and no terminal to ask for one\nmvn-dxai: hint: pipe it in: printf %s "\$TOKEN" \| mvn-dxai init --token-stdin --offline --username alice; or set DXAI_TOKEN; or run "mvn-dxai init --offline --username alice" in a terminal\n$`},
		// The hint's command keeps every flag given, quoted for the shell.
		{name: "token/no token and no terminal, more flags", argv: []string{"mvn-dxai", "init", "--offline", "--no-docker", "--settings", "$WORK/my settings.xml", "--server-id", "gh", "--no-plaintext", "--no-gradle"}, code: 1,
			stderr: `(?m)^mvn-dxai: hint: pipe it in: printf %s "\$TOKEN" \| mvn-dxai init --token-stdin --settings '.*/my settings\.xml' --server-id gh --no-docker --no-plaintext --no-gradle --offline; or set DXAI_TOKEN; or run "mvn-dxai init --settings '.*/my settings\.xml' --server-id gh --no-docker --no-plaintext --no-gradle --offline" in a terminal\n$`},

		// The files init reads and edits.
		settingsErr("unclosed element", "<settings><servers><server><id>x</id></servers></settings>\n", `element <server> closed by </servers>`),
		settingsErr("not XML", "hello world\n", `text outside the <settings> element`),
		settingsErr("another root", "<project/>\n", `root element is <project>, not <settings>`),
		settingsErr("two roots", "<settings/>\n<settings/>\n", `second root element <settings>; a settings file has one <settings> element`),
		settingsErr("truncated", "<?xml version=\"1.0\"?>\n<settings>\n  <servers>\n", `unexpected end of file inside <servers> \(opened at line 3, column 3\)`),
		settingsErr("NUL bytes", "<settings>\x00</settings>\n", `illegal character code U\+0000`),
		settingsErr("unknown encoding", "<?xml version=\"1.0\" encoding=\"EBCDIC\"?>\n<settings/>\n", `unsupported encoding "EBCDIC"; save the file as UTF-8`),
		settingsErr("undefined entity", "<settings><servers>&bogus;</servers></settings>\n", `invalid character entity &bogus;`),
		settingsErr("empty", "", `file is empty; expected a <settings> element`),
		settingsErr("white space only", " \n\t\n", `file holds only whitespace; expected a <settings> element`),
		{name: "files/settings.xml is a folder", argv: biInitOffline, stdin: biTokA,
			files: biWithFiles(map[string]biFile{"home/.m2/settings.xml": {dir: true}}), code: 1,
			stderr: `^mvn-dxai: error: .*~/\.m2/settings\.xml: is a directory\n` + biFileHint},
		{name: "files/settings.xml links to itself", argv: biInitOffline, stdin: biTokA,
			files: biWithFiles(map[string]biFile{"home/.m2/settings.xml": {link: "settings.xml"}}), code: 1,
			stderr: `^mvn-dxai: error: .*settings\.xml: too many levels of symbolic links\n` + biFileHint},
		{name: "files/settings.xml links to a missing file", argv: biArgs(biInitOffline, "--no-docker"), stdin: biTokLink, ring: biUnlocked, changes: true,
			files:   map[string]biFile{"home/.m2/settings.xml": {link: "../dotfiles/m2-settings.xml"}, "home/dotfiles/README": {content: "mine\n"}},
			created: []string{"home/dotfiles/m2-settings.xml"},
			check: func(r *biRunResult) []string {
				var p []string
				if fi, err := os.Lstat(filepath.Join(r.home, ".m2", "settings.xml")); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
					p = append(p, "settings.xml is no longer a symlink")
				}
				if data, _ := os.ReadFile(filepath.Join(r.home, "dotfiles", "m2-settings.xml")); !bytes.Contains(data, []byte(biTokLink)) {
					p = append(p, "the link's target lacks the server")
				}
				return p
			},
			stderr: `(?m)^mvn-dxai: updated ~/\.m2/settings\.xml: <server> dynamixs-ai`},
		dockerErr("trailing comma", "{\n\t\"auths\": {},\n}\n", `:3:1: invalid character '}' looking for beginning of object key string`),
		dockerErr("not JSON", "hello\n", `:1:1: invalid character 'h' looking for beginning of value`),
		dockerErr("an array", "[]\n", `:1:1: top level is an array, want an object`),
		dockerErr("truncated", "{\"auths\": {\n", `:2:1: unexpected end of JSON input`),
		dockerErr("null", "null\n", `:1:1: top level is null, want an object`),
		dockerErr("credHelpers a string", "{\"credHelpers\": \"dxai\"}\n", `:1:17: "credHelpers" is a string, want an object`),
		dockerErr("auths a list", "{\"auths\": [\"ghcr.io\"]}\n", `:1:11: "auths" is an array, want an object`),
		{name: "files/config.json empty", argv: biArgs(biInitOffline, "--no-maven"), stdin: biTokA, ring: biUnlocked, changes: true,
			files:  map[string]biFile{"home/.docker/config.json": {content: ""}},
			stderr: `(?m)^mvn-dxai: updated ~/\.docker/config\.json: credHelpers ghcr\.io → dxai$`},
		{name: "files/config.json is a folder", argv: biInitOffline, stdin: biTokA,
			files: biWithFiles(map[string]biFile{"home/.docker/config.json": {dir: true}}), code: 1,
			stderr: `^mvn-dxai: error: .*config\.json: is a directory\nmvn-dxai: hint: fix the file \(it was left exactly as it was\), or skip Docker with --no-docker\n$`},
		{name: "files/DOCKER_CONFIG is a file", argv: biInitOffline, stdin: biTokA, env: map[string]string{"DOCKER_CONFIG": "$HOME/dockercfg"},
			files: biWithFiles(map[string]biFile{"home/dockercfg": {content: "{}\n"}}), code: 1,
			stderr: `^mvn-dxai: error: .*dockercfg/config\.json: not a directory\nmvn-dxai: hint: `},
		{name: "files/state.json corrupt (init)", argv: biInitOffline, stdin: biTokA,
			files: biWithFiles(map[string]biFile{"home/.config/dxai/state.json": {content: "{\"settings\": \n"}}), code: 1,
			stderr: `^mvn-dxai: error: .*state\.json: unexpected end of JSON input\nmvn-dxai: hint: delete .*state\.json and run "mvn-dxai init" again\n$`},
		{name: "files/state.json corrupt (status)", argv: []string{"mvn-dxai", "status"},
			files: biWithFiles(map[string]biFile{"home/.config/dxai/state.json": {content: "[1,2]\n"}}), code: 1,
			stderr: `^mvn-dxai: error: .*state\.json: json: cannot unmarshal array.*\nmvn-dxai: hint: delete .*state\.json and run "mvn-dxai init" again\n$`},
		// A record refused as unsafe keeps its own fix (the folder's), not
		// the "delete it" a corrupt one gets.
		{name: "files/state.json in a folder all can write (status)", argv: []string{"mvn-dxai", "status"}, files: biOpenRecord(), code: 1,
			stderr: `^mvn-dxai: error: refusing to trust .*/dxai/state\.json, so nothing in it was used: the folder .*/dxai \(owner .*\) can be written by every user \(mode 0777, no sticky bit\)\n` +
				`mvn-dxai: hint: run "chmod o-w .*/dxai" if nobody else needs to write there, or use a file in a folder that only you can change\n$`},
		{name: "files/state.json in a folder all can write (helper get)", argv: biHelperGet, stdin: "ghcr.io", files: biOpenRecord(), code: 1, stdout: biNotFound,
			stderr: `^docker-credential-dxai: warning: refusing to trust .*/dxai/state\.json, so nothing in it was used: .*\n` +
				`docker-credential-dxai: hint: run "chmod o-w .*/dxai" if nobody else needs to write there, or use a file in a folder that only you can change` + biNoCreds + `\n$`},
		{name: "files/insecure-credentials.json corrupt (helper get)", argv: biHelperGet, stdin: "ghcr.io",
			files: map[string]biFile{"home/.config/dxai/insecure-credentials.json": {content: "not json\n"}}, code: 1, stdout: biNotFound,
			stderr: `^docker-credential-dxai: warning: .*does not hold a dxai credential\ndocker-credential-dxai: hint: run "mvn-dxai init" again to replace it\n$`},

		{name: "files/settings.xml malformed (logout)", argv: []string{"mvn-dxai", "logout"},
			files: map[string]biFile{"home/.m2/settings.xml": {content: "<settings><servers>\n"}, "home/.docker/config.json": {content: biOurDocker}}, code: 1,
			stderr: `^mvn-dxai: error: ~/\.m2/settings\.xml:2:1: unexpected end of file inside <servers>.*\n` +
				`mvn-dxai: hint: fix line 2 of ~/\.m2/settings\.xml \(it was left exactly as it was\), then run "mvn-dxai logout" again\n$`},
		{name: "files/config.json malformed (logout)", argv: []string{"mvn-dxai", "logout"},
			files: map[string]biFile{"home/.m2/settings.xml": {content: biOurSettings}, "home/.docker/config.json": {content: "{\"credHelpers\": {\"ghcr.io\": \"dxai\",}}\n"}}, code: 1,
			stderr: `^mvn-dxai: error: .*config\.json:1:\d+: invalid character.*\nmvn-dxai: hint: fix the file`},

		// The environment.
		{name: "env/DXAI_REGISTRIES bad (init)", argv: biInitOffline, stdin: biTokA, env: map[string]string{"DXAI_REGISTRIES": "user@evil"}, files: biUserFiles(), code: 1,
			stderr: `^mvn-dxai: error: DXAI_REGISTRIES: "user@evil" is not a registry host\nmvn-dxai: hint: ` + biRegistriesFix + `\n$`},
		{name: "env/DXAI_REGISTRIES bad (status)", argv: []string{"mvn-dxai", "status"}, env: map[string]string{"DXAI_REGISTRIES": "ghcr.io,https://"}, files: biUserFiles(), code: 1,
			stderr: `^mvn-dxai: error: DXAI_REGISTRIES: "https://" is not a registry host\nmvn-dxai: hint: ` + biRegistriesFix + `\n$`},
		{name: "env/DXAI_KEYRING_TIMEOUT bad (init)", argv: biInitOffline, stdin: biTokA, env: map[string]string{"DXAI_KEYRING_TIMEOUT": "soon"}, files: biUserFiles(), code: 1,
			stderr: `^mvn-dxai: error: DXAI_KEYRING_TIMEOUT="soon" is not a duration\nmvn-dxai: hint: ` + biTimeoutFix + `\n$`},
		{name: "env/DXAI_KEYRING_TIMEOUT negative (init)", argv: biInitOffline, stdin: biTokA, env: map[string]string{"DXAI_KEYRING_TIMEOUT": "-5"}, files: biUserFiles(), code: 1,
			stderr: `^mvn-dxai: error: DXAI_KEYRING_TIMEOUT="-5" is not a duration`},
		{name: "env/DXAI_KEYRING_TIMEOUT bad (status)", argv: []string{"mvn-dxai", "status"}, env: map[string]string{"DXAI_KEYRING_TIMEOUT": "soon"}, files: biUserFiles(),
			code: 1, report: true, stdout: `(?m)^token +DXAI_KEYRING_TIMEOUT="soon" is not a duration$`, stderr: `(?m)^mvn-dxai: hint: ` + biTimeoutFix + `$`},
		{name: "env/DXAI_KEYRING_TIMEOUT bad (sync)", argv: []string{"mvn-dxai", "sync"}, env: map[string]string{"DXAI_KEYRING_TIMEOUT": "soon"}, files: biUserFiles(), code: 1,
			stderr: `^mvn-dxai: error: DXAI_KEYRING_TIMEOUT="soon" is not a duration\nmvn-dxai: hint: ` + biTimeoutFix + `\n$`},
		{name: "env/DXAI_KEYRING_TIMEOUT bad (exec)", argv: []string{"mvn-dxai", "exec", "--", "mvn-dxai", "version"}, env: map[string]string{"DXAI_KEYRING_TIMEOUT": "soon"}, code: 1,
			stderr: `^mvn-dxai: error: DXAI_KEYRING_TIMEOUT="soon" is not a duration\nmvn-dxai: hint: ` + biTimeoutFix + `\n$`},
		{name: "env/DXAI_KEYRING_TIMEOUT bad (logout)", argv: []string{"mvn-dxai", "logout"}, env: map[string]string{"DXAI_KEYRING_TIMEOUT": "soon"},
			files: map[string]biFile{"home/.m2/settings.xml": {content: biOurSettings}, "home/.docker/config.json": {content: biOurDocker}}, code: 1,
			stderr: `^mvn-dxai: error: DXAI_KEYRING_TIMEOUT="soon" is not a duration\nmvn-dxai: hint: ` + biTimeoutFix + `\n$`},
		{name: "env/DXAI_GITHUB_API_URL unreachable", argv: []string{"mvn-dxai", "init", "--token-stdin", "--username", "alice"}, stdin: biTokA,
			env: map[string]string{"DXAI_GITHUB_API_URL": deadAPI}, files: biUserFiles(), code: 1,
			stderr: `^mvn-dxai: error: cannot reach 127\.0\.0\.1:\d+: .*connection refused.*\nmvn-dxai: hint: check the network or proxy, or skip the online checks: printf %s "\$TOKEN" \| mvn-dxai init --token-stdin --offline --username alice\n$`},
		// Offline, init cannot learn the login from GitHub: the hint's
		// command names it, as a placeholder when nothing knows it.
		{name: "env/DXAI_GITHUB_API_URL unreachable, no --username", argv: []string{"mvn-dxai", "init", "--token-stdin"}, stdin: biTokA,
			env: map[string]string{"DXAI_GITHUB_API_URL": deadAPI}, files: biUserFiles(), code: 1,
			stderr: `^mvn-dxai: error: cannot reach 127\.0\.0\.1:\d+: .*connection refused.*\nmvn-dxai: hint: check the network or proxy, or skip the online checks \(LOGIN is your GitHub login\): printf %s "\$TOKEN" \| mvn-dxai init --token-stdin --offline --username LOGIN\n$`},
		{name: "env/DXAI_GITHUB_API_URL not a URL", argv: []string{"mvn-dxai", "init", "--token-stdin", "--username", "alice"}, stdin: biTokA,
			env: map[string]string{"DXAI_GITHUB_API_URL": "api.github.com"}, files: biUserFiles(), code: 1,
			stderr: `^mvn-dxai: error: DXAI_GITHUB_API_URL="api\.github\.com" is not a URL\nmvn-dxai: hint: set DXAI_GITHUB_API_URL: use https://HOST/api/v3, or unset it to use https://api\.github\.com\n$`},
		{name: "env/DXAI_GITHUB_API_URL plain http (init)", argv: []string{"mvn-dxai", "init", "--token-stdin", "--username", "alice"}, stdin: biTokA,
			env: map[string]string{"DXAI_GITHUB_API_URL": "http://api.example.com"}, files: biUserFiles(), code: 1,
			stderr: `^mvn-dxai: error: DXAI_GITHUB_API_URL="http://api\.example\.com": refusing to send a token over plain http to a host that is not this machine\nmvn-dxai: hint: set DXAI_GITHUB_API_URL: use https://api\.example\.com, or unset it to use https://api\.github\.com\n$`},
		{name: "env/DXAI_GITHUB_API_URL plain http (doctor)", argv: []string{"mvn-dxai", "doctor"}, env: map[string]string{"DXAI_TOKEN": biTokA, "DXAI_GITHUB_API_URL": "http://api.example.com", "DXAI_REGISTRIES": "127.0.0.1:1"},
			code: 1, report: true, stderr: `^mvn-dxai: \d+ problems`, stdout: `(?m)^✗ GitHub: DXAI_GITHUB_API_URL="http://api\.example\.com": refusing to send a token over plain http to a host that is not this machine\n  fix: set DXAI_GITHUB_API_URL: use https://api\.example\.com, or unset it to use https://api\.github\.com\n`},
		{name: "env/HOME unset (init)", argv: biArgs(biInitOffline), stdin: biTokHome, env: map[string]string{"HOME": biUnset}, ring: biUnlocked, code: 1,
			stderr: `^mvn-dxai: error: HOME is not set, so ~/\.m2/settings\.xml and ~/\.docker/config\.json cannot be found\nmvn-dxai: hint: set HOME, or pass --settings FILE and set DOCKER_CONFIG\n$`},
		{name: "env/HOME unset, with --settings and DOCKER_CONFIG", argv: biArgs(biInitOffline, "--settings", "$HOME/.m2/settings.xml"), stdin: biTokHome,
			env: map[string]string{"HOME": biUnset, "DOCKER_CONFIG": "$HOME/.docker"}, ring: biUnlocked, changes: true,
			created: []string{"home/.m2/settings.xml", "home/.docker/config.json"},
			stderr:  `(?m)^mvn-dxai: created .*home/\.docker/config\.json: credHelpers ghcr\.io → dxai$`,
			check: func(r *biRunResult) []string {
				if _, err := os.Stat(filepath.Join(r.work, ".m2")); err == nil {
					return []string{"init wrote .m2 into the working folder"}
				}
				return nil
			}},
		{name: "env/HOME and XDG_CONFIG_HOME unset (init)", argv: biInitOffline, stdin: biTokA, env: map[string]string{"HOME": biUnset, "XDG_CONFIG_HOME": biUnset}, code: 1,
			stderr: `^mvn-dxai: error: .*HOME.*\nmvn-dxai: hint: set HOME \(or XDG_CONFIG_HOME\)\n$`},
	}
	rows = append(rows, keyringRows(biNoBus, `no D-Bus session bus, which the Secret Service needs`)...)
	rows = append(rows, keyringRows(biNoService, `no Secret Service is running on the session bus`)...)
	rows = append(rows, keyringRows(biNoDefault, `the Secret Service has no default keyring to store secrets in`)...)
	rows = append(rows, keyringRows(biLocked, `the login keyring is locked and could not be unlocked here`)...)
	rows = append(rows, keyringRows(biHung, `the keyring did not answer within `+regexp.QuoteMeta(biHungTimeout.String()))...)
	rows = append(rows,
		biBadInput{name: "keyring/locked/helper store", argv: biHelperStore, stdin: biStoreJSON("ghcr.io", "alice", biTokA), ring: biLocked, code: 1,
			stdout: `^cannot use the keyring: the login keyring is locked and could not be unlocked here\n$`,
			stderr: `^docker-credential-dxai: error: cannot use the keyring: the login keyring is locked and could not be unlocked here\ndocker-credential-dxai: hint: \S.*DXAI_TOKEN.*\n$`},
		// With no record, the <server> is the user's: its password goes
		// only once it can be compared with the stored token.
		biBadInput{name: "keyring/no bus/logout", argv: []string{"mvn-dxai", "logout"},
			files:   map[string]biFile{"home/.m2/settings.xml": {content: biOurSettings}, "home/.docker/config.json": {content: biOurDocker}},
			changes: true, code: 1, // logout cleans the files, then says why the keyring entry stays
			stderr: `(?s)^mvn-dxai: left <server> dynamixs-ai in ~/\.m2/settings\.xml as it is: the setup record does not list it as dxai's, and the stored token could not be read to compare with its password\n` +
				`mvn-dxai: hint: if dxai wrote that password, run "mvn-dxai logout" again once the keyring can be reached, or delete its <password> line by hand\n` +
				`mvn-dxai: removed credHelpers ghcr\.io from ~/\.docker/config\.json\n` +
				`mvn-dxai: error: removed dxai from ~/\.docker/config\.json, but the keyring could not be reached, so the token is still stored there: no D-Bus session bus.*\n` +
				`mvn-dxai: hint: start a session bus.*\nmvn-dxai: hint: once the keyring can be reached, run "mvn-dxai logout" again to remove the token\n$`,
			check: func(r *biRunResult) []string {
				var p []string
				if data, _ := os.ReadFile(filepath.Join(r.home, ".m2", "settings.xml")); string(data) != biOurSettings {
					p = append(p, "settings.xml changed, though its <server> is not recorded")
				}
				if data, _ := os.ReadFile(filepath.Join(r.home, ".docker", "config.json")); bytes.Contains(data, []byte("dxai")) {
					p = append(p, "config.json still maps ghcr.io to dxai")
				}
				return p
			}},
		biBadInput{name: "keyring/no bus/logout, nothing in the files", argv: []string{"mvn-dxai", "logout"}, files: biUserFiles(), code: 1,
			stderr: `^mvn-dxai: error: cannot use the keyring: no D-Bus session bus.*\nmvn-dxai: hint: start a session bus.*\n$`},
		// With DXAI_TOKEN set, the keyring's fixes do not suggest setting it.
		biBadInput{name: "keyring/no bus/doctor with DXAI_TOKEN", argv: []string{"mvn-dxai", "doctor", "--offline"}, env: map[string]string{"DXAI_TOKEN": biTokA},
			files: biUserFiles(), report: true, code: 1,
			stdout: `(?m)^! keyring: cannot use it: no D-Bus session bus.*; DXAI_TOKEN stands in for it\n  fix: start a session bus[^\n]*--components=secrets\n✓ token: DXAI_TOKEN is set`, stderr: `problems? and 1 warning`},
		biBadInput{name: "keyring/no bus/logout with DXAI_TOKEN, nothing set up", argv: []string{"mvn-dxai", "logout"}, env: map[string]string{"DXAI_TOKEN": biTokA},
			files: biUserFiles(),
			stderr: `^mvn-dxai: nothing to remove: not set up here, and the keyring cannot be reached \(no D-Bus session bus.*\), so it was not checked for a token\n` +
				`mvn-dxai: hint: unset DXAI_TOKEN to stop docker and Maven using it; if a token may be stored in the keyring, start a session bus[^\n]*--components=secrets, then run "mvn-dxai logout" again\n$`},
	)
	return rows
}
