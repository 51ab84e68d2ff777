//go:build unix

package atomicfile

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// The concurrency test's file is a log: a header, one line per update, and
// a trailer counting them. A lost update misses a line; a torn or
// interleaved write breaks the header, a line or the count.
const logHeader = "# dxai concurrency log\n"

// parseLog checks the log and returns its entries.
func parseLog(data []byte) ([]string, error) {
	rest, ok := bytes.CutPrefix(data, []byte(logHeader))
	if !ok {
		return nil, fmt.Errorf("no header in %q", head(data))
	}
	lines := strings.Split(string(rest), "\n")
	if len(lines) < 2 || lines[len(lines)-1] != "" {
		return nil, fmt.Errorf("no final newline in %q", head(data))
	}
	lines = lines[:len(lines)-1]
	n, err := strconv.Atoi(strings.TrimPrefix(lines[len(lines)-1], "count "))
	if err != nil || !strings.HasPrefix(lines[len(lines)-1], "count ") {
		return nil, fmt.Errorf("bad trailer %q", lines[len(lines)-1])
	}
	entries := lines[:len(lines)-1]
	if n != len(entries) {
		return nil, fmt.Errorf("trailer counts %d entries, the file has %d", n, len(entries))
	}
	for _, e := range entries {
		var p, g, k int
		if _, err := fmt.Sscanf(e, "entry p%d g%d k%d", &p, &g, &k); err != nil || e != fmt.Sprintf("entry p%d g%d k%d", p, g, k) {
			return nil, fmt.Errorf("bad entry %q", e)
		}
	}
	return entries, nil
}

func head(b []byte) []byte {
	if len(b) > 80 {
		return b[:80]
	}
	return b
}

func formatLog(entries []string) []byte {
	var b bytes.Buffer
	b.WriteString(logHeader)
	for _, e := range entries {
		b.WriteString(e + "\n")
	}
	fmt.Fprintf(&b, "count %d\n", len(entries))
	return b.Bytes()
}

// appendEntry adds entry to the log at path in one Update.
func appendEntry(path, entry string) error {
	_, err := Update(path, 0o644, func(old []byte, exists bool) ([]byte, error) {
		var entries []string
		if exists {
			var err error
			if entries, err = parseLog(old); err != nil {
				return nil, err
			}
		}
		for _, e := range entries {
			if e == entry {
				return nil, fmt.Errorf("%q is already in the log", entry)
			}
		}
		// Give a broken lock every chance to let another writer in.
		time.Sleep(200 * time.Microsecond)
		return formatLog(append(entries, entry)), nil
	})
	return err
}

// appendAll runs goroutines writers that each append updates entries
// tagged with proc, and returns the first error.
func appendAll(path string, proc, goroutines, updates int) error {
	var wg sync.WaitGroup
	errs := make(chan error, goroutines)
	for g := range goroutines {
		wg.Go(func() {
			for k := range updates {
				if err := appendEntry(path, fmt.Sprintf("entry p%d g%d k%d", proc, g, k)); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	return <-errs
}

// appendChild is a helper process of TestConcurrentUpdates.
func appendChild() {
	path := os.Getenv("DXAI_ATOMICFILE_PATH")
	proc, _ := strconv.Atoi(os.Getenv("DXAI_ATOMICFILE_PROC"))
	fmt.Println("ready")
	// Start together with the others.
	for {
		if _, err := os.Stat(path + ".go"); err == nil {
			break
		}
		time.Sleep(time.Millisecond)
	}
	if err := appendAll(path, proc, concGoroutines, concUpdates); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

const (
	concProcs      = 4 // helper processes, plus the test's own
	concGoroutines = 6 // writers in each process
	concUpdates    = 8 // updates by each writer
)

// TestConcurrentUpdates has goroutines in several processes append to one
// file through Update at once, while a reader keeps reading it without a
// lock: no update may be lost, and every read sees a whole file.
func TestConcurrentUpdates(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "settings.xml")
	if err := os.WriteFile(path, formatLog(nil), 0o644); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	var children []*child
	for p := 1; p <= concProcs; p++ {
		c := startChild(t, "append", "DXAI_ATOMICFILE_PATH="+path, "DXAI_ATOMICFILE_PROC="+strconv.Itoa(p))
		children = append(children, c)
	}
	for _, c := range children {
		c.waitFor(t, "ready", 10*time.Second)
	}
	// The go signal: not a name removeStale touches.
	if err := os.WriteFile(path+".go", nil, 0o600); err != nil {
		t.Fatal(err)
	}

	// An unlocked reader, as Maven or docker reading the file meanwhile.
	stop := make(chan struct{})
	var reads atomic.Int64
	var readErr atomic.Value
	var rwg sync.WaitGroup
	rwg.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
			data, exists, err := Read(path)
			if err == nil && !exists {
				err = fmt.Errorf("the file vanished")
			}
			if err == nil {
				_, err = parseLog(data)
			}
			if err != nil {
				readErr.CompareAndSwap(nil, err)
				return
			}
			reads.Add(1)
			time.Sleep(100 * time.Microsecond)
		}
	})

	if err := appendAll(path, 0, concGoroutines, concUpdates); err != nil {
		t.Error(err)
	}
	for i, c := range children {
		c.rest()
		if err := c.wait(); err != nil {
			t.Errorf("helper %d: %v; stderr:\n%s", i+1, err, c.stderr())
		}
	}
	close(stop)
	rwg.Wait()
	if err, _ := readErr.Load().(error); err != nil {
		t.Errorf("an unlocked reader saw a broken file: %v", err)
	}

	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	entries, err := parseLog(data)
	if err != nil {
		t.Fatalf("final file: %v", err)
	}
	have := map[string]int{}
	for _, e := range entries {
		have[e]++
	}
	total := (concProcs + 1) * concGoroutines * concUpdates
	for p := 0; p <= concProcs; p++ {
		for g := range concGoroutines {
			for k := range concUpdates {
				e := fmt.Sprintf("entry p%d g%d k%d", p, g, k)
				if have[e] != 1 {
					t.Errorf("%q is in the file %d times, want once", e, have[e])
				}
			}
		}
	}
	if len(entries) != total {
		t.Errorf("%d entries, want %d", len(entries), total)
	}
	if m := mode(t, path); m != 0o644 {
		t.Errorf("mode %04o, want 0644", m)
	}
	if left := temps(t, dir); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
	t.Logf("%d updates from %d processes × %d goroutines in %v; %d unlocked reads all saw whole files",
		total, concProcs+1, concGoroutines, time.Since(start).Round(time.Millisecond), reads.Load())
}
