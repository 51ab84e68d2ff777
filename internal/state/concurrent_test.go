package state

import (
	"fmt"
	"sync"
	"testing"
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
