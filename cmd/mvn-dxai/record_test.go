package main

import (
	"context"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/dynamixs-ai/dxai/credstore"
	"github.com/dynamixs-ai/dxai/internal/atomicfile"
	"github.com/dynamixs-ai/dxai/internal/handoff"
	"github.com/dynamixs-ai/dxai/internal/state"
)

// TestConcurrentInitsKeepEachOthersCopies: two inits for two settings
// files run at once, and each one's copy survives in the record. Before the
// first fix each read the record at its start and wrote it whole at its
// end, so the last one to write undid the others' copies: the file still
// held dxai's <server>, and no logout would have removed it. Now each
// holds the record's lock from start to end, so they take turns.
func TestConcurrentInitsKeepEachOthersCopies(t *testing.T) {
	home := t.TempDir()
	env := []string{"HOME=" + home, "PATH=" + os.Getenv("PATH")}
	kr := &credstore.Memory{}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	settings := func(round, i int) string { return filepath.Join(home, fmt.Sprintf("s%d-%d.xml", round, i)) }
	run := func(stdin string, args ...string) error {
		res, err := runInProcess(ctx, args, env, home, stdin, kr)
		if err == nil && res.code != 0 {
			err = fmt.Errorf("mvn-dxai %v: exit %d\n%s", args, res.code, res.stderr)
		}
		return err
	}
	base := []string{"init", "--offline", "--username", "alice", "--no-docker", "--no-gradle", "--settings"}
	if err := run("ghp_Concurrent000000000000000000000_0000\n", append(append([]string{}, base...), settings(0, 0), "--token-stdin")...); err != nil {
		t.Fatal(err)
	}
	const rounds = 4
	for round := 1; round <= rounds; round++ {
		var wg sync.WaitGroup
		errs := make(chan error, 2)
		for i := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs <- run("", append(append([]string{}, base...), settings(round, i))...)
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	rec, err := state.LoadFrom(state.PathIn(filepath.Join(home, ".config")))
	if err != nil {
		t.Fatal(err)
	}
	for round := 0; round <= rounds; round++ {
		for i := range 2 {
			path := settings(round, i)
			if round == 0 && i == 1 {
				continue // never written
			}
			if _, ok := rec.Find(state.MavenSettings, path); !ok {
				t.Errorf("%s, which init wrote, is not in the record", filepath.Base(path))
			}
		}
	}
}

// TestVerbsChangeNothingWhileTheRecordIsLocked: with the record's lock
// held by another of the user's processes, init, logout, sync and the
// helper's handoff stop before their first change, with the lock's own
// fix, and leave every file and the keyring as they were. Before the fix, init warned that it could
// not record the setup and then wrote a new <server> into settings.xml: a
// copy of the token that no record listed, so no logout removed it; and
// logout removed copies it then could not drop from the record.
//
// Not parallel: it shortens atomicfile.LockTimeout, which every verb
// reads.
func TestVerbsChangeNothingWhileTheRecordIsLocked(t *testing.T) {
	defer func(d time.Duration) { atomicfile.LockTimeout = d }(atomicfile.LockTimeout)
	atomicfile.LockTimeout = 100 * time.Millisecond
	home := t.TempDir()
	env := []string{"HOME=" + home, "PATH=" + os.Getenv("PATH")}
	kr := &credstore.Memory{}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	run := func(stdin string, args ...string) inProcessRun {
		t.Helper()
		res, err := runInProcess(ctx, args, env, home, stdin, kr)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	lock := func() func() {
		t.Helper()
		unlock, err := atomicfile.Lock(state.PathIn(filepath.Join(home, ".config")))
		if err != nil {
			t.Fatal(err)
		}
		return unlock
	}
	const tok = "ghp_RecordLocked0000000000000000000_0000\n"
	initArgs := []string{"init", "--offline", "--username", "alice", "--no-docker", "--no-gradle"}
	// init says which token it read before it waits for the lock (it
	// never holds the lock while reading its input); the helper's handoff
	// names the command that finishes its job, not the docker command.
	refused := regexp.MustCompile(`(?m)\A(mvn-dxai: using the token ghp_…0000 for alice already in the keyring .*\n)?` +
		`mvn-dxai: error: waited 100ms for the lock on .*/state\.json: another process holds it .*\n` +
		`mvn-dxai: hint: another mvn-dxai or docker-credential-dxai of yours is still writing it: let it finish and (run the command again|run "mvn-dxai logout"); "fuser -v .*\.lock" shows which process holds the lock\n\z`)
	expectRefused := func(stdin string, args ...string) {
		t.Helper()
		filesBefore, keyringBefore := snapshotTree(t, home), maps.Clone(kr.Items)
		res := run(stdin, args...)
		if res.code != 1 || !refused.MatchString(res.stderr) {
			t.Errorf("mvn-dxai %v with the record locked: exit %d, stderr:\n%s\nwant exit 1 and the lock's error and fix only", args, res.code, res.stderr)
		}
		if after := snapshotTree(t, home); !maps.Equal(filesBefore, after) {
			t.Errorf("mvn-dxai %v with the record locked changed files:\nbefore %v\nafter  %v", args, filesBefore, after)
		}
		if !maps.Equal(keyringBefore, kr.Items) {
			t.Errorf("mvn-dxai %v with the record locked changed the keyring", args)
		}
	}

	// Nothing set up yet: init stores no token and writes no file.
	unlock := lock()
	expectRefused(tok, append(initArgs, "--token-stdin")...)
	unlock()

	if res := run(tok, append(initArgs, "--token-stdin")...); res.code != 0 {
		t.Fatalf("init: exit %d\n%s", res.code, res.stderr)
	}
	unlock = lock()
	expectRefused("", append(initArgs, "--server-id", "other")...)
	expectRefused("", "logout")
	expectRefused("", "sync")
	expectRefused("", handoff.Args(handoff.Erase, buildVersion())...)
	unlock()

	// Once the lock is free, logout removes what init set up.
	if res := run("", "logout"); res.code != 0 {
		t.Fatalf("logout: exit %d\n%s", res.code, res.stderr)
	}
	if len(kr.Items) != 0 {
		t.Errorf("logout left the keyring holding %d entries", len(kr.Items))
	}
	if _, err := os.Stat(state.PathIn(filepath.Join(home, ".config"))); !os.IsNotExist(err) {
		t.Errorf("logout left the record: %v", err)
	}
}

// snapshotTree is every file under dir, by path, with its mode and
// contents.
func snapshotTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		entry := fi.Mode().String()
		if d.Type().IsRegular() {
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			entry += " " + string(data)
		}
		out[path] = entry
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
