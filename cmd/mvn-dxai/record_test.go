package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/dynamixs-ai/dxai/credstore"
	"github.com/dynamixs-ai/dxai/internal/state"
)

// TestConcurrentInitsKeepEachOthersCopies: two inits for two settings
// files run at once, and each one's copy survives in the record. Before the fix each read the record at its start and
// wrote it whole at its end, so the last one to write undid the others'
// copies: the file still held dxai's <server>, and no logout would have
// removed it.
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
