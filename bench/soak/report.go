package main

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

type report struct {
	o       options
	elapsed time.Duration
	rss     []sample
	stats   map[string]*opStats
	m       machineInfo
}

// memory judges the RSS samples: the mean of the second quarter of the run
// (after the warm-up, once every client holds its resources) against the
// mean of the last quarter, and the least-squares slope after the warm-up.
func (r report) memory() (early, late float64, slope float64, flat bool) {
	n := len(r.rss)
	if n < 4 {
		return 0, 0, 0, true
	}
	mean := func(s []sample) float64 {
		t := 0.0
		for _, x := range s {
			t += float64(x.kib)
		}
		return t / float64(len(s))
	}
	q := n / 4
	early, late = mean(r.rss[q:2*q]), mean(r.rss[n-q:])
	after := r.rss[q:]
	var sx, sy, sxx, sxy float64
	for _, s := range after {
		x, y := s.at.Minutes(), float64(s.kib)/1024
		sx, sy, sxx, sxy = sx+x, sy+y, sxx+x*x, sxy+x*y
	}
	k := float64(len(after))
	if d := k*sxx - sx*sx; d != 0 {
		slope = (k*sxy - sx*sy) / d
	}
	grew := late - early
	flat = grew <= max(0.10*early, 8*1024)
	return early, late, slope, flat
}

func (r report) render() (string, []string) {
	var b strings.Builder
	var failures []string
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	ops := slices.Sorted(maps.Keys(r.stats))
	total, c4, c5, ne := 0, 0, 0, 0
	for _, op := range ops {
		s := r.stats[op]
		total += len(s.lat)
		c4, c5, ne = c4+s.c4xx, c5+s.c5xx, ne+s.neterr
	}
	storage := "bolt (fsync per write)"
	if r.o.memory {
		storage = "--memory"
	}
	p("# connect-local soak\n\n")
	p("Measured by `scripts/soak` (`bench/soak`) on %s: %d clients on keep-alive loopback for %s,\n", r.m.date, r.o.clients, r.elapsed.Truncate(time.Second))
	p("unsigned requests over %d instances, %s storage. Each client keeps a bounded set of its own\n", r.o.instances, storage)
	p("queues (%d), hours (%d) and predefined attributes (%d), deleting the oldest at the cap, and starts\n", maxQueues, maxHours, maxAttrs)
	p("%d task contacts which it then stops (contact records are kept), so memory should level off after\n", maxContacts)
	p("the warm-up. Writes are fsynced one transaction at a time. The load generator shares\n")
	p("the machine's %d CPUs with the server; figures from other machines are not comparable.\n\n", r.m.nproc)
	p("| Machine | |\n|---|---|\n| CPUs (nproc) | %d |\n| CPU | %s |\n| Memory | %s |\n| Kernel | %s |\n| Go | %s |\n| connect-local | %s |\n| Load average before the run | %s |\n\n",
		r.m.nproc, r.m.cpu, r.m.memory, r.m.kernel, r.m.goVersion, r.m.version, r.m.load)
	p("## Summary\n\n| Requests | Requests/s | 4xx | 5xx | transport errors |\n|---|---|---|---|---|\n")
	p("| %d | %.0f | %d | %d | %d |\n\n", total, float64(total)/r.elapsed.Seconds(), c4, c5, ne)
	if c5 > 0 || ne > 0 {
		failures = append(failures, fmt.Sprintf("%d 5xx answers and %d transport errors", c5, ne))
	}
	for _, op := range readOps {
		if s := r.stats[op]; s == nil || len(s.lat) == 0 {
			failures = append(failures, op+" was never called")
		} else if s.c4xx > 0 {
			failures = append(failures, fmt.Sprintf("%d 4xx answers to %s, whose requests are valid", s.c4xx, op))
		}
	}

	p("## Latency per operation\n\n| Operation | Requests | Requests/s | p50 | p99 | max | 4xx | 5xx |\n|---|---|---|---|---|---|---|---|\n")
	for _, op := range ops {
		s := r.stats[op]
		l := slices.Clone(s.lat)
		slices.Sort(l)
		if len(l) == 0 {
			continue
		}
		p("| %s | %d | %.1f | %s | %s | %s | %d | %d |\n", op, len(l), float64(len(l))/r.elapsed.Seconds(),
			lat(l[len(l)/2]), lat(l[len(l)*99/100]), lat(l[len(l)-1]), s.c4xx, s.c5xx+s.neterr)
	}
	var errs []string
	for _, op := range ops {
		for k, n := range r.stats[op].errTypes {
			errs = append(errs, fmt.Sprintf("| %s | %s | %d |", op, k, n))
		}
	}
	if len(errs) > 0 {
		slices.Sort(errs)
		p("\n### Errors\n\n| Operation | Answer | Count |\n|---|---|---|\n%s\n", strings.Join(errs, "\n"))
	}

	early, late, slope, flat := r.memory()
	p("\n## Memory (server RSS)\n\n")
	verdict := "flat"
	if !flat {
		verdict = "GROWING"
		failures = append(failures, fmt.Sprintf("RSS grew from %s to %s after the warm-up", mib(int(early)), mib(int(late))))
	}
	p("Second quarter of the run %s, last quarter %s (%+.1f%%), slope after the warm-up %+.2f MiB/min: **%s**\n",
		mib(int(early)), mib(int(late)), 100*(late-early)/max(early, 1), slope, verdict)
	p("(flat: the last quarter within 10%% or 8 MiB of the second).\n\n")
	p("| Time | RSS |\n|---|---|\n")
	step := max(1, len(r.rss)/20)
	for i, s := range r.rss {
		if i%step == 0 || i == len(r.rss)-1 {
			p("| %s | %s |\n", s.at.Truncate(time.Second), mib(s.kib))
		}
	}
	return b.String(), failures
}

func mib(kib int) string { return fmt.Sprintf("%.1f MiB", float64(kib)/1024) }

func lat(d time.Duration) string {
	if d < time.Millisecond {
		return fmt.Sprintf("%.0f µs", float64(d)/float64(time.Microsecond))
	}
	return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond))
}
