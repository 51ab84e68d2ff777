//go:build unix

package atomicfile

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"
)

// childEnv makes the test binary act as a helper process for the crash and
// concurrency tests instead of running the tests: its value names the role.
const childEnv = "DXAI_ATOMICFILE_CHILD"

func TestMain(m *testing.M) {
	switch os.Getenv(childEnv) {
	case "":
		// Locks go to the user's config folder: keep the tests' out of
		// the real one. Helper processes inherit it, and so share the locks.
		cfg, err := os.MkdirTemp("", "dxai-atomicfile-config-")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Setenv("XDG_CONFIG_HOME", cfg)
		code := m.Run()
		os.RemoveAll(cfg)
		os.Exit(code)
	case "crash":
		crashChild()
	case "append":
		appendChild()
	default:
		fmt.Fprintf(os.Stderr, "unknown %s=%q\n", childEnv, os.Getenv(childEnv))
		os.Exit(2)
	}
	os.Exit(0)
}

// child is a helper process started by a test.
type child struct {
	cmd   *exec.Cmd
	lines chan string // its stdout, line by line; closed when it exits
	errb  *strings.Builder
	wg    sync.WaitGroup
}

// startChild re-executes the test binary in role with the extra environment.
func startChild(t *testing.T, role string, env ...string) *child {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	c := &child{cmd: exec.Command(exe), lines: make(chan string, 1024), errb: &strings.Builder{}}
	c.cmd.Env = append(append(os.Environ(), childEnv+"="+role), env...)
	c.cmd.Stdout = w
	c.cmd.Stderr = &lockedWriter{b: c.errb}
	if err := c.cmd.Start(); err != nil {
		r.Close()
		w.Close()
		t.Fatal(err)
	}
	w.Close()
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		defer close(c.lines)
		defer r.Close()
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			c.lines <- sc.Text()
		}
	}()
	t.Cleanup(func() {
		c.cmd.Process.Kill()
		c.wait()
	})
	return c
}

// waitFor waits for line on the child's stdout and returns the lines before
// it; it fails the test when the child exits or d passes first.
func (c *child) waitFor(t *testing.T, line string, d time.Duration) []string {
	t.Helper()
	var before []string
	timeout := time.After(d)
	for {
		select {
		case l, ok := <-c.lines:
			if !ok {
				c.wait()
				t.Fatalf("helper exited (%v) before saying %q; stderr:\n%s", c.cmd.ProcessState, line, c.stderr())
			}
			if l == line {
				return before
			}
			before = append(before, l)
		case <-timeout:
			t.Fatalf("helper did not say %q within %v; stderr:\n%s", line, d, c.stderr())
		}
	}
}

// rest returns the remaining stdout lines, after the child exited.
func (c *child) rest() []string {
	var out []string
	for l := range c.lines {
		out = append(out, l)
	}
	return out
}

// wait reaps the child once its output is read.
func (c *child) wait() error {
	c.wg.Wait()
	if c.cmd.ProcessState != nil {
		if c.cmd.ProcessState.Success() {
			return nil
		}
		return fmt.Errorf("%v", c.cmd.ProcessState)
	}
	return c.cmd.Wait()
}

func (c *child) stderr() string {
	w := c.cmd.Stderr.(*lockedWriter)
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}

type lockedWriter struct {
	mu sync.Mutex
	b  *strings.Builder
}

func (w *lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}
