package main

// What every row of the bad input table is checked for beyond its own
// answer: the one voice, no leaked secret, files left as they were.

import (
	"bufio"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

var (
	biMvnLine    = regexp.MustCompile(`^mvn-dxai: `)
	biHelperLine = regexp.MustCompile(`^docker-credential-dxai: `)
)

// biVoiceProblems checks ui.go's voice: every stderr line carries the
// program's prefix, a failure says "error: …", and every error and warning
// is followed by a hint.
func biVoiceProblems(row biBadInput, r *biRunResult) []string {
	var problems []string
	prog, prefix := row.argv[0], biMvnLine
	if prog == "docker-credential-dxai" {
		prefix = biHelperLine
	}
	if row.report && row.code == 0 || row.argv[0] == "mvn-dxai" && len(row.argv) == 1 {
		return nil // help text and the bare usage
	}
	lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
	if r.stderr == "" {
		lines = nil
	}
	for i, l := range lines {
		if !prefix.MatchString(l) {
			problems = append(problems, fmt.Sprintf("stderr line %d lacks the %q prefix: %.100q", i+1, prog+": ", l))
			if len(problems) > 3 {
				problems = append(problems, "…")
				break
			}
			continue
		}
		rest := strings.TrimPrefix(l, prog+": ")
		if strings.HasPrefix(rest, "error: ") || strings.HasPrefix(rest, "warning: ") {
			if i+1 >= len(lines) || !strings.HasPrefix(lines[i+1], prog+": hint: ") {
				problems = append(problems, fmt.Sprintf("no hint after %.120q", l))
			}
		}
	}
	if prog == "mvn-dxai" && r.code != 0 && !row.report && !strings.Contains(r.stderr, "\nmvn-dxai: error: ") && !strings.HasPrefix(r.stderr, "mvn-dxai: error: ") {
		problems = append(problems, "failed without an error line")
	}
	for _, url := range regexp.MustCompile(`https://\S+`).FindAllString(r.stderr, -1) {
		if n := strings.Count(r.stderr, url); n > 1 {
			problems = append(problems, fmt.Sprintf("%s is printed %d times", url, n))
			break
		}
	}
	if prog == "docker-credential-dxai" && r.code != 0 && strings.Count(r.stdout, "\n") != 1 {
		problems = append(problems, "the helper's answer on stdout is not one line")
	}
	return problems
}

// biLeakProblems checks that no token or password the row gave is printed.
// A token may appear masked (ghp_…c0de): its inner part must not. A strict
// secret must not show even its first or last 4 characters.
func biLeakProblems(row biBadInput, r *biRunResult) []string {
	secrets := append([]string{}, row.secrets...)
	given := []string{row.env["DXAI_TOKEN"]}
	if row.argv[0] == "mvn-dxai" {
		given = append(given, row.stdin) // the helper's stdin is a server URL or JSON
	}
	for _, s := range given {
		s = strings.TrimSpace(s)
		if len(s) >= 8 && len(s) < 1000 && !strings.ContainsAny(s, "{") {
			secrets = append(secrets, s)
		}
	}
	for _, a := range row.argv {
		if strings.HasPrefix(a, "ghp_") || strings.HasPrefix(a, "--token=") {
			secrets = append(secrets, strings.TrimPrefix(a, "--token="))
		}
	}
	if strings.Contains(row.stdin, `"Secret"`) {
		for _, tok := range []string{biTokA} {
			if strings.Contains(row.stdin, tok) {
				secrets = append(secrets, tok)
			}
		}
	}
	out := r.stdout + r.stderr
	var problems []string
	for _, s := range secrets {
		inner := s
		if len(s) >= 12 {
			inner = s[4 : len(s)-4]
		}
		if strings.Contains(out, inner) {
			problems = append(problems, fmt.Sprintf("printed the secret %.12q…", s))
		}
	}
	for _, s := range row.strict {
		if strings.Contains(out, s[:4]) || strings.Contains(out, s[len(s)-4:]) {
			problems = append(problems, fmt.Sprintf("showed part of the password %.4q…", s))
		}
	}
	return problems
}

// biEntry is one file, folder or link of a row's folder.
type biEntry struct {
	mode fs.FileMode
	data string // contents, or a link's target
}

// biSnapshot records every file, folder and link under root (the
// keyrings live elsewhere).
func biSnapshot(t *testing.T, root string) map[string]biEntry {
	m := map[string]biEntry{}
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		if rel == "." {
			return nil
		}
		if d.IsDir() && d.Name() == "locks" && filepath.Base(filepath.Dir(p)) == "dxai" {
			// dxai's own lock folder: no file of the user's.
			return filepath.SkipDir
		}
		fi, err := d.Info()
		if err != nil {
			return nil
		}
		e := biEntry{mode: fi.Mode()}
		switch {
		case fi.Mode()&fs.ModeSymlink != 0:
			e.data, _ = os.Readlink(p)
		case fi.Mode().IsRegular():
			data, err := os.ReadFile(p)
			if err != nil && fi.Mode().Perm() != 0 {
				t.Fatalf("snapshot: %v", err)
			}
			e.data = string(data)
		}
		m[filepath.ToSlash(rel)] = e
		return nil
	})
	return m
}

func biDiffSnapshots(before, after map[string]biEntry) []string {
	var problems []string
	var keys []string
	for k := range before {
		keys = append(keys, k)
	}
	for k := range after {
		if _, ok := before[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		b, inB := before[k]
		a, inA := after[k]
		switch {
		case !inA:
			problems = append(problems, fmt.Sprintf("%s was removed", k))
		case !inB:
			problems = append(problems, fmt.Sprintf("%s was created", k))
		case a.mode != b.mode && !a.mode.IsDir():
			problems = append(problems, fmt.Sprintf("%s changed mode from %v to %v", k, b.mode, a.mode))
		case a.data != b.data:
			problems = append(problems, fmt.Sprintf("%s changed:\n%s", k, biFirstDiff(b.data, a.data)))
		}
	}
	return problems
}

// biFirstDiff shows the first line that differs.
func biFirstDiff(a, b string) string {
	sa, sb := bufio.NewScanner(strings.NewReader(a)), bufio.NewScanner(strings.NewReader(b))
	for n := 1; ; n++ {
		okA, okB := sa.Scan(), sb.Scan()
		if !okA && !okB {
			return "(line ends differ)"
		}
		if sa.Text() != sb.Text() || okA != okB {
			return fmt.Sprintf("  line %d was %q\n  now %q", n, sa.Text(), sb.Text())
		}
	}
}
