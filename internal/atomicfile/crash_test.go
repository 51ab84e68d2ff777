//go:build unix

package atomicfile

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// crashSize is the body of each version the crash test writes: large
// enough that a kill often lands in the middle of writing it.
const crashSize = 1 << 20

// crashContent is version seq: crashSize copies of one letter (A for even
// versions, B for odd ones) and a trailer line naming letter, version and
// size, so a torn or mixed file cannot pass for a whole one.
func crashContent(seq int) []byte {
	letter := byte('A' + seq%2)
	b := bytes.Repeat([]byte{letter}, crashSize)
	return fmt.Appendf(b, "\ntrailer %c %d %d\n", letter, seq, crashSize)
}

// parseCrash checks that data is one whole version and returns its number.
func parseCrash(data []byte) (int, error) {
	if !bytes.HasSuffix(data, []byte("\n")) {
		return 0, fmt.Errorf("%d bytes without a final newline: torn", len(data))
	}
	body, trailer, ok := bytes.Cut(data[:len(data)-1], []byte("\ntrailer "))
	if !ok {
		return 0, fmt.Errorf("%d bytes without a trailer: torn", len(data))
	}
	f := strings.Fields(string(trailer))
	if len(f) != 3 || len(f[0]) != 1 {
		return 0, fmt.Errorf("bad trailer %q", trailer)
	}
	seq, err1 := strconv.Atoi(f[1])
	size, err2 := strconv.Atoi(f[2])
	if err1 != nil || err2 != nil || seq < 0 {
		return 0, fmt.Errorf("bad trailer %q", trailer)
	}
	letter := f[0][0]
	if letter != byte('A'+seq%2) {
		return 0, fmt.Errorf("trailer %q: version %d must be all %c", trailer, seq, 'A'+seq%2)
	}
	if len(body) != size {
		return 0, fmt.Errorf("trailer %q but the body has %d bytes", trailer, len(body))
	}
	if bytes.Count(body, []byte{letter}) != len(body) {
		i := bytes.IndexFunc(body, func(r rune) bool { return r != rune(letter) })
		return 0, fmt.Errorf("trailer %q but byte %d of the body is %q: mixed versions", trailer, i, body[i])
	}
	return seq, nil
}

// crashChild updates the file in DXAI_ATOMICFILE_PATH to the next version,
// over and over, saying "done N" after version N is in place, until it is
// killed. It exits with 3 when it reads a file that is not a whole version.
// With DXAI_ATOMICFILE_STALL=1 it says "stall" and stops for good between
// writing its temporary file and renaming it; with DXAI_ATOMICFILE_SECRET=1
// it writes the file as a Secret.
func crashChild() {
	path := os.Getenv("DXAI_ATOMICFILE_PATH")
	if os.Getenv("DXAI_ATOMICFILE_STALL") == "1" {
		hookBeforeRename = func(string) {
			fmt.Println("stall")
			for { // not select{}: the runtime would call that a deadlock
				time.Sleep(time.Hour)
			}
		}
	}
	kind := Plain
	if os.Getenv("DXAI_ATOMICFILE_SECRET") == "1" {
		kind = Secret
	}
	fmt.Println("ready")
	for {
		var next int
		_, err := UpdateAs(path, 0o644, kind, func(old []byte, exists bool) ([]byte, error) {
			seq, err := parseCrash(old)
			if err != nil {
				fmt.Fprintf(os.Stderr, "TORN: %v\n", err)
				os.Exit(3)
			}
			next = seq + 1
			return crashContent(next), nil
		})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Printf("done %d\n", next)
	}
}

// TestCrashLeavesWholeFile kills a writer with SIGKILL at random moments
// (in its first update or, every fifth round, in a later one; and every
// fifth round right before its rename) and checks after each
// kill that the file is the last version the writer finished or the one it
// was writing, whole, never a mix or a prefix; that the kill happened with a
// temporary file in the folder in some rounds; and that the next Update
// leaves no temporary file.
//
// SIGKILL stops the process, not the machine: this proves the rename
// protocol, while fsync of the file and folder covers power loss.
func TestCrashLeavesWholeFile(t *testing.T) {
	if testing.Short() {
		t.Skip("kills helper processes for a few seconds")
	}
	dir := crashDir(t)
	path := filepath.Join(dir, "settings.xml")
	if err := os.WriteFile(path, crashContent(0), 0o644); err != nil {
		t.Fatal(err)
	}
	const rounds = 50
	budget := 5 * time.Second
	start := time.Now()
	var midWrite, stalls, advanced, ran int
	for round := 0; round < rounds && time.Since(start) < budget; round++ {
		ran++
		before := mustParse(t, path)
		stall, later := round%5 == 4, round%5 == 1
		env := []string{"DXAI_ATOMICFILE_PATH=" + path}
		if stall {
			env = append(env, "DXAI_ATOMICFILE_STALL=1")
		}
		c := startChild(t, "crash", env...)
		lines := c.waitFor(t, "ready", 10*time.Second)
		if stall {
			lines = append(lines, c.waitFor(t, "stall", 10*time.Second)...)
			stalls++
		} else {
			if later {
				// Let one update through, then kill the next one.
				lines = append(lines, c.waitFor(t, "done "+strconv.Itoa(before+1), 10*time.Second)...)
				lines = append(lines, "done "+strconv.Itoa(before+1))
			}
			time.Sleep(time.Duration(rand.Int64N(int64(40 * time.Millisecond))))
		}
		// Look for a temporary file at the moment of the kill (the child
		// is stopped, so nothing changes in between).
		c.cmd.Process.Signal(syscall.SIGSTOP)
		tmps := temps(t, dir)
		if err := c.cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, c.rest()...)
		c.wait()
		if ws, ok := c.cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
			t.Fatalf("round %d: the writer ended by itself (%v) instead of being killed; stderr:\n%s", round, c.cmd.ProcessState, c.stderr())
		}
		last := before
		for _, l := range lines {
			if n, ok := strings.CutPrefix(l, "done "); ok {
				last, _ = strconv.Atoi(n)
			}
		}
		got := mustParse(t, path)
		switch {
		case stall && got != last:
			t.Fatalf("round %d: killed before its rename, yet the file is version %d, not %d", round, got, last)
		case got != last && got != last+1:
			t.Fatalf("round %d: file is version %d after the writer finished %d: neither the old nor the new one", round, got, last)
		}
		if stall && len(tmps) == 0 {
			t.Fatalf("round %d: the writer stopped before its rename but left no temporary file", round)
		}
		if len(tmps) > 0 {
			midWrite++
		}
		if got > before {
			advanced++
		}
		// The next Update removes what the crash left behind.
		if _, err := Update(path, 0o600, func(old []byte, _ bool) ([]byte, error) {
			if _, err := parseCrash(old); err != nil {
				t.Errorf("round %d: Update read a torn file: %v", round, err)
			}
			return old, nil
		}); err != nil {
			t.Fatal(err)
		}
		if left := temps(t, dir); len(left) > 0 {
			t.Fatalf("round %d: after the next Update, temporary files remain: %v", round, left)
		}
		if m := mode(t, path); m != 0o644 {
			t.Fatalf("round %d: mode %04o, want 0644", round, m)
		}
	}
	t.Logf("%d rounds in %v: %d killed with a temporary file present (%d of them stalled before rename), %d with the file advanced; final version %d",
		ran, time.Since(start).Round(time.Millisecond), midWrite, stalls, advanced, mustParse(t, path))
	if stalls == 0 {
		t.Errorf("only %d rounds fit in %v: not one stopped before its rename", ran, budget)
	}
}

// crashDir is a folder for the crash test, in memory when the machine has
// /dev/shm: a kill leaves the page cache as it is on any file system, and
// there a round does not wait for a shared disk's fsync, so the rounds fit
// in the time budget.
func crashDir(t *testing.T) string {
	if fi, err := os.Stat("/dev/shm"); err == nil && fi.IsDir() {
		if dir, err := os.MkdirTemp("/dev/shm", "dxai-crash-"); err == nil {
			t.Cleanup(func() { os.RemoveAll(dir) })
			return dir
		}
	}
	return t.TempDir()
}

func mustParse(t *testing.T, path string) int {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	seq, err := parseCrash(data)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return seq
}

// temps lists the temporary files in dir.
func temps(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if strings.Contains(e.Name(), tmpMarker) {
			out = append(out, e.Name())
		}
	}
	return out
}
