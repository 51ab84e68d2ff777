//go:build linux

// Command harness times short-lived commands against each other and prints
// one table: median wall time per call, ratios, peak RSS and binary size,
// and whether the helper's performance targets hold. scripts/bench drives
// it; see there for the candidates.
//
//	harness [flags] 'label=/path/to/binary [arg...]' ...
//
// Every timed call is one fork+exec+wait of a candidate, with stdin read
// from a file holding -input and stdout/stderr sent to /dev/null, so no
// shell and no pipe-copying goroutine is measured. The candidates are
// interleaved: each round runs every candidate once, in a fresh random
// order, so drift (CPU frequency, keyring daemon state, other load) hits
// all of them alike. Warm-up rounds come first and are not recorded.
//
// Peak RSS is read in separate runs through /usr/bin/time -f %M: the
// rusage Go's os/exec reports for a child includes this harness's own
// memory, because Go starts children with vfork and Linux carries the
// parent's high-water mark over the exec. CPU time and minor page faults
// do come from that rusage: they count only what the child did.
//
// The targets are benchmark targets, not assertions: the exit status is 0
// whether or not they hold, and non-zero only when a candidate fails.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

type candidate struct {
	Label string   `json:"label"`
	Argv  []string `json:"argv"`
	Size  int64    `json:"binaryBytes"`
	// Samples are the wall times of the recorded calls, in nanoseconds,
	// CPU the user+system time of the same calls.
	Samples []int64 `json:"wallNs"`
	CPU     []int64 `json:"cpuNs"`
	Faults  []int64 `json:"minorFaults"`
	RSS     []int64 `json:"peakRssKiB"`
	silent  bool
}

func main() {
	var (
		input    = flag.String("input", "ghcr.io\n", "what each call reads on stdin")
		expect   = flag.String("expect", "", "text every candidate not in -silent must print on stdout (checked once before timing)")
		silent   = flag.String("silent", "", "comma-separated labels that print nothing (not checked against -expect)")
		rounds   = flag.Int("rounds", 200, "recorded rounds; each runs every candidate once")
		warmup   = flag.Int("warmup", 10, "unrecorded rounds first")
		rssRuns  = flag.Int("rss-runs", 10, "runs per candidate under /usr/bin/time for peak RSS")
		timeBin  = flag.String("time", "/usr/bin/time", "GNU time, for peak RSS")
		subject  = flag.String("subject", "", "label of the command under test (default: the first)")
		floor    = flag.String("floor", "", "label of the library floor, for the target get ≤ -max-floor × floor")
		peer     = flag.String("peer", "", "label of the peer, for the target get ≤ -max-peer × peer")
		maxFloor = flag.Float64("max-floor", 1.0, "target: subject median / floor median at most this")
		maxPeer  = flag.Float64("max-peer", 0.50, "target: subject median / peer median at most this")
		maxRSS   = flag.Float64("max-rss-mib", 15, "target: subject peak RSS at most this many MiB")
		maxSize  = flag.Float64("max-size-mib", 8, "target: subject binary at most this many MiB")
		jsonOut  = flag.String("json", "", "write every sample to this file as JSON")
		seed     = flag.Uint64("seed", uint64(time.Now().UnixNano()), "seed for the run order")
	)
	flag.Parse()
	if flag.NArg() == 0 {
		fatalf("no candidates; give 'label=/path/to/binary [arg...]' arguments")
	}
	var cands []*candidate
	quiet := map[string]bool{}
	for _, l := range strings.Split(*silent, ",") {
		quiet[strings.TrimSpace(l)] = true
	}
	for _, arg := range flag.Args() {
		label, cmdline, ok := strings.Cut(arg, "=")
		argv := strings.Fields(cmdline)
		if !ok || label == "" || len(argv) == 0 {
			fatalf("%q: want 'label=/path/to/binary [arg...]'", arg)
		}
		fi, err := os.Stat(argv[0])
		if err != nil {
			fatalf("%s: %v", label, err)
		}
		cands = append(cands, &candidate{Label: label, Argv: argv, Size: fi.Size(), silent: quiet[label]})
	}
	byLabel := func(l string) *candidate {
		for _, c := range cands {
			if c.Label == l {
				return c
			}
		}
		return nil
	}
	subj := cands[0]
	if *subject != "" {
		if subj = byLabel(*subject); subj == nil {
			fatalf("-subject %q is not a candidate", *subject)
		}
	}

	in, err := os.CreateTemp("", "harness-stdin")
	if err != nil {
		fatalf("%v", err)
	}
	defer os.Remove(in.Name())
	if _, err := in.WriteString(*input); err != nil {
		fatalf("%v", err)
	}
	devnull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		fatalf("%v", err)
	}

	// Check once that every candidate answers as it should, so a broken
	// setup is not timed as a fast failure.
	for _, c := range cands {
		var out, errb bytes.Buffer
		cmd := exec.Command(c.Argv[0], c.Argv[1:]...)
		cmd.Stdin, cmd.Stdout, cmd.Stderr = strings.NewReader(*input), &out, &errb
		if err := cmd.Run(); err != nil {
			fatalf("%s: %v\nstdout: %s\nstderr: %s", c.Label, err, out.Bytes(), errb.Bytes())
		}
		if !c.silent && !strings.Contains(out.String(), *expect) {
			fatalf("%s: answer lacks %q:\nstdout: %s\nstderr: %s", c.Label, *expect, out.Bytes(), errb.Bytes())
		}
		if errb.Len() > 0 {
			fatalf("%s wrote to stderr: %s", c.Label, errb.Bytes())
		}
	}

	// run makes one timed call.
	run := func(c *candidate) (wall, cpu time.Duration, faults int64) {
		if _, err := in.Seek(0, 0); err != nil {
			fatalf("%v", err)
		}
		cmd := exec.Command(c.Argv[0], c.Argv[1:]...)
		cmd.Stdin, cmd.Stdout, cmd.Stderr = in, devnull, devnull
		start := time.Now()
		err := cmd.Run()
		wall = time.Since(start)
		if err != nil {
			fatalf("%s: %v", c.Label, err)
		}
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			faults = ru.Minflt
		}
		return wall, cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(), faults
	}

	rng := rand.New(rand.NewPCG(*seed, 0))
	order := slices.Clone(cands)
	fmt.Fprintf(os.Stderr, "harness: %d candidates, %d warm-up + %d interleaved rounds, then %d peak-RSS runs each\n",
		len(cands), *warmup, *rounds, *rssRuns)
	began := time.Now()
	for r := 0; r < *warmup+*rounds; r++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, c := range order {
			wall, cpu, faults := run(c)
			if r >= *warmup {
				c.Samples = append(c.Samples, int64(wall))
				c.CPU = append(c.CPU, int64(cpu))
				c.Faults = append(c.Faults, faults)
			}
		}
		if r > 0 && r%50 == 0 {
			fmt.Fprintf(os.Stderr, "harness: round %d/%d (%s)\n", r, *warmup+*rounds, time.Since(began).Round(time.Second))
		}
	}

	// Peak RSS through GNU time (see the package comment), interleaved too.
	for r := 0; r < *rssRuns; r++ {
		for _, c := range cands {
			var errb bytes.Buffer
			if _, err := in.Seek(0, 0); err != nil {
				fatalf("%v", err)
			}
			cmd := exec.Command(*timeBin, append([]string{"-f", "%M"}, c.Argv...)...)
			cmd.Stdin, cmd.Stdout, cmd.Stderr = in, devnull, &errb
			if err := cmd.Run(); err != nil {
				fatalf("%s under %s: %v: %s", c.Label, *timeBin, err, errb.Bytes())
			}
			lines := strings.Fields(errb.String())
			kib, err := strconv.ParseInt(lines[len(lines)-1], 10, 64)
			if err != nil {
				fatalf("%s: cannot read peak RSS from %q", c.Label, errb.String())
			}
			c.RSS = append(c.RSS, kib)
		}
	}

	if *jsonOut != "" {
		data, err := json.MarshalIndent(map[string]any{
			"seed": *seed, "rounds": *rounds, "warmup": *warmup, "candidates": cands,
		}, "", "  ")
		if err == nil {
			err = os.WriteFile(*jsonOut, append(data, '\n'), 0o644)
		}
		if err != nil {
			fatalf("%v", err)
		}
	}

	// The table.
	subjMed := median(subj.Samples)
	w := 0
	for _, c := range cands {
		w = max(w, len(c.Label))
	}
	fmt.Printf("\n%-*s  %9s  %9s  %9s  %9s  %6s  %8s  %10s  %9s\n", w, "command", "median", "p10", "p90", "cpu", "faults", "get/this", "peak RSS", "binary")
	for _, c := range cands {
		med := median(c.Samples)
		fmt.Printf("%-*s  %9s  %9s  %9s  %9s  %6d  %7.2f×  %6.1f MiB  %5.1f MiB\n", w, c.Label,
			ms(med), ms(pct(c.Samples, 10)), ms(pct(c.Samples, 90)), ms(median(c.CPU)), median(c.Faults),
			float64(subjMed)/float64(med), mib(slices.Max(c.RSS)*1024), mib(c.Size))
	}
	fmt.Printf("(%d interleaved calls each; median/p10/p90 wall, median user+sys CPU and minor page faults per call;\n"+
		" get/this = %s median ÷ that row's; peak RSS = max of %d runs under GNU time; binary = file size as built)\n",
		*rounds, subj.Label, *rssRuns)

	// The targets.
	fmt.Println("\ntargets:")
	target := func(name, detail string, ok bool) {
		v := "MISSED"
		if ok {
			v = "holds"
		}
		fmt.Printf("  %-52s %-28s %s\n", name, detail, v)
	}
	for _, t := range []struct {
		label, flag string
		limit       float64
	}{{"floor", *floor, *maxFloor}, {"peer", *peer, *maxPeer}} {
		if t.flag == "" {
			continue
		}
		c := byLabel(t.flag)
		if c == nil {
			fatalf("-%s %q is not a candidate", t.label, t.flag)
		}
		ratio := float64(subjMed) / float64(median(c.Samples))
		target(fmt.Sprintf("get ≤ %.2f × %s", t.limit, c.Label), fmt.Sprintf("%.3f× (%s / %s)", ratio, ms(subjMed), ms(median(c.Samples))), ratio <= t.limit)
	}
	peak := float64(slices.Max(subj.RSS)) / 1024
	target(fmt.Sprintf("peak RSS of get ≤ %g MiB", *maxRSS), fmt.Sprintf("%.1f MiB", peak), peak <= *maxRSS)
	size := mib(subj.Size)
	target(fmt.Sprintf("helper binary ≤ %g MiB stripped", *maxSize), fmt.Sprintf("%.1f MiB", size), size <= *maxSize)
}

func median(s []int64) int64 { return pct(s, 50) }

// pct is the p-th percentile by nearest rank on a sorted copy.
func pct(s []int64, p int) int64 {
	if len(s) == 0 {
		return 0
	}
	c := slices.Clone(s)
	slices.Sort(c)
	if p == 50 && len(c)%2 == 0 {
		return (c[len(c)/2-1] + c[len(c)/2]) / 2
	}
	i := (p*len(c) + 99) / 100
	return c[min(max(i-1, 0), len(c)-1)]
}

func ms(ns int64) string { return fmt.Sprintf("%.2f ms", float64(ns)/1e6) }

func mib(b int64) float64 { return float64(b) / (1 << 20) }

func fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "harness: "+format+"\n", args...)
	os.Exit(1)
}
