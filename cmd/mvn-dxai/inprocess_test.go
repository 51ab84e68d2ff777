package main

// Running mvn-dxai in this process: every verb takes its world through
// *ui (streams, environment, folders, keyring, clock, HTTP client), so a
// test can call run() with a world of its own instead of building and
// starting the binary. The txtar scripts keep the end-to-end stories over
// the real binaries, keyring, docker and Maven.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/dynamixs-ai/dxai/credstore"
)

// inProcessRun is what one in-process run left.
type inProcessRun struct {
	stdout, stderr string
	code           int
}

// errHung is a run that did not finish in time.
var errHung = errors.New("did not finish in time")

// isolateOnce points the user config folder of this test process at a
// folder of its own before the first test (TestMain) or in-process run:
// the lock folder is the one thing below the verbs that still takes it
// from the process. A test that moves it for a while (the leak world's
// t.Setenv) puts this one back when it ends.
var isolateOnce sync.Once

func isolateProcess() {
	isolateOnce.Do(func() {
		dir, err := os.MkdirTemp("", "dxai-inprocess-")
		if err == nil {
			os.Setenv("XDG_CONFIG_HOME", dir) // test process only; product code never sets the environment
		}
	})
}

// worldFor is the world env (KEY=VALUE lines) describes, as the real
// binary would see it started there in workDir: its home and config
// folders are os.UserHomeDir's and os.UserConfigDir's rules on Unix.
func worldFor(env []string, workDir, stdin string, keyring credstore.Keyring) (*ui, *bytes.Buffer, *bytes.Buffer) {
	vars := map[string]string{}
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		vars[k] = v
	}
	getenv := func(k string) string { return vars[k] }
	home := vars["HOME"]
	cfg := vars["XDG_CONFIG_HOME"]
	if !filepath.IsAbs(cfg) {
		cfg = ""
		if home != "" {
			cfg = filepath.Join(home, ".config")
		}
	}
	var out, errOut bytes.Buffer
	u := &ui{in: strings.NewReader(stdin), out: &out, errOut: &errOut,
		home: home, configDir: cfg, workDir: workDir,
		getenv: getenv, environ: func() []string { return append([]string(nil), env...) },
		keyring: keyring, now: time.Now,
		execve: func(string, []string, []string) error {
			return errors.New("exec is not run in-process: run this row with the binary")
		},
	}
	return u, &out, &errOut
}

// runInProcess runs "mvn-dxai args…" in the world env describes. A panic
// is returned as an error with its stack; a run that outlives ctx as
// errHung (its goroutine is left behind).
func runInProcess(ctx context.Context, args, env []string, workDir, stdin string, keyring credstore.Keyring) (inProcessRun, error) {
	isolateProcess()
	u, out, errOut := worldFor(env, workDir, stdin, keyring)
	type result struct {
		code  int
		panic string
	}
	done := make(chan result, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- result{panic: fmt.Sprintf("panic: %v\n%s", p, debug.Stack())}
			}
		}()
		done <- result{code: run(u, args)}
	}()
	select {
	case r := <-done:
		if r.panic != "" {
			return inProcessRun{}, errors.New(r.panic)
		}
		return inProcessRun{stdout: out.String(), stderr: errOut.String(), code: r.code}, nil
	case <-ctx.Done():
		return inProcessRun{}, errHung
	}
}
