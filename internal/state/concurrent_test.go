package state

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/dynamixs-ai/dxai/internal/atomicfile"
)

// TestUpdateConcurrent: inits and logouts that run at once each change the
// record under its lock, from what is on disk then. Before the fix each
// read the record, changed its copy and wrote it whole, so the last
// writer undid the others: here, copies went missing.
func TestUpdateConcurrent(t *testing.T) {
	path := PathIn(t.TempDir())
	const n = 16
	put := func(i int) func(*Record) {
		return func(r *Record) {
			r.Put(Copy{Kind: DockerConfig, Path: fmt.Sprintf("/home/u%d/config.json", i), CredHelpers: []string{"ghcr.io"}})
		}
	}
	// Half the copies are there to start with; logouts drop them while
	// inits add the other half.
	for i := 0; i < n; i += 2 {
		if err := Update(path, put(i)); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn := put(i)
			if i%2 == 0 {
				fn = func(r *Record) { r.Drop(DockerConfig, fmt.Sprintf("/home/u%d/config.json", i)) }
			}
			errs <- Update(path, fn)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	r, err := LoadFrom(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		_, ok := r.Find(DockerConfig, fmt.Sprintf("/home/u%d/config.json", i))
		if ok != (i%2 == 1) {
			t.Errorf("copy %d recorded: %v, want %v", i, ok, i%2 == 1)
		}
	}
}

// TestHeldRecordIsOneUnit: while one run holds the record (Hold), its own
// saves go through, another process's Update gives up with the lock's
// error and changes nothing, and what the holder read stays the record on
// disk until it saves.
func TestHeldRecordIsOneUnit(t *testing.T) {
	defer func(d time.Duration) { atomicfile.LockTimeout = d }(atomicfile.LockTimeout)
	atomicfile.LockTimeout = 50 * time.Millisecond
	path := PathIn(t.TempDir())
	mine := Copy{Kind: MavenSettings, Path: "/home/u/settings.xml", Servers: []Server{{ID: "dynamixs-ai", Form: FormToken, Created: true}}}
	h, err := Hold(path)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Release()
	var le *atomicfile.LockError
	if err := Update(path, func(r *Record) { r.Put(Copy{Kind: TokenFile, Path: "/elsewhere"}) }); !errors.As(err, &le) {
		t.Errorf("Update while the record is held: %v, want an *atomicfile.LockError", err)
	}
	var rec Record
	rec.Put(mine)
	if err := h.Save(rec); err != nil {
		t.Fatal(err)
	}
	if err := h.Update(func(r *Record) { r.Registries = "ghcr.io" }); err != nil {
		t.Fatal(err)
	}
	h.Release()
	got, err := LoadFrom(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Copies) != 1 || got.Copies[0].Path != mine.Path || got.Registries != "ghcr.io" {
		t.Errorf("record after the held saves: %+v", got)
	}
}
