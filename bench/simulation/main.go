// Command simulation measures how fast the simulator runs a day of a large
// multi-skill center through the real engine, and how much memory each
// simulated contact costs. It writes Markdown (docs/simulation-benchmark.md)
// and prints the same.
//
//	go run ./bench/simulation [-out docs/simulation-benchmark.md] [-centers 1000,5000] [-cpuprofile FILE] [-memprofile FILE] [-report PREFIX]
//
// -report PREFIX writes each center's report as JSON to PREFIX-N.json, with
// every queued contact's record: the same seed must give the same files
// before and after a change to the engine (diff them).
//
// The centers are generated (see center): N agents on 4 overlapping 9-hour
// shifts with breaks, N/50 queues, N/100 routing profiles serving 5 queues
// each on 3 priorities for voice and chat, language and product
// proficiencies, routing steps on half the queues, and 150 contacts per
// agent over the day (60% voice, 40% chat).
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/scenario"
	"github.com/connect-local/connect-local/internal/simulation"
)

func main() {
	out := flag.String("out", "", "also write the Markdown report to this file")
	centers := flag.String("centers", "1000,5000", "agents of each center to run, comma-separated")
	perAgent := flag.Int("contacts-per-agent", 150, "contacts per agent over the day")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the runs to this file")
	dump := flag.String("scenario", "", "write the first center's scenario YAML to this file and exit")
	memprofile := flag.String("memprofile", "", "write a heap profile of the last center's live heap after its day to this file")
	report := flag.String("report", "", "write each center's report and contact records as JSON to PREFIX-N.json")
	flag.Parse()
	var sizes []int
	for _, s := range strings.Split(*centers, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 100 {
			fmt.Fprintln(os.Stderr, "simulation: -centers wants agent counts of 100 or more")
			os.Exit(2)
		}
		sizes = append(sizes, n)
	}
	if *dump != "" {
		if err := os.WriteFile(*dump, []byte(center(sizes[0], *perAgent, 24*time.Hour)), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "simulation:", err)
			os.Exit(1)
		}
		return
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "simulation:", err)
			os.Exit(1)
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	opts := runOptions{memprofile: *memprofile, report: *report}
	if err := run(sizes, *perAgent, *out, opts); err != nil {
		fmt.Fprintln(os.Stderr, "simulation:", err)
		os.Exit(1)
	}
}

type result struct {
	agents, queues, contacts int
	simulated, wall, cpu     time.Duration
	heapPerContact           float64 // bytes
	baseHeap, heap           uint64
	rep                      *simulation.Report
}

// runOptions are the optional outputs of a run.
type runOptions struct {
	memprofile string // heap profile after the last day
	report     string // prefix of the JSON reports
}

func run(sizes []int, perAgent int, out string, opts runOptions) error {
	load := loadAverage()
	var rs []result
	for _, n := range sizes {
		fmt.Fprintf(os.Stderr, "simulation: %d agents\n", n)
		r, err := measure(n, perAgent, opts)
		if err != nil {
			return err
		}
		rs = append(rs, r)
	}
	md := markdown(rs, load)
	fmt.Print(md)
	if out != "" {
		return os.WriteFile(out, []byte(md), 0o644)
	}
	return nil
}

// measure runs the center's day, and the same center with a one-second
// workload for the memory the setup alone takes.
func measure(agents, perAgent int, opts runOptions) (result, error) {
	base, _, err := runCenter(agents, perAgent, time.Second, runOptions{})
	if err != nil {
		return result{}, err
	}
	heap, r, err := runCenter(agents, perAgent, 24*time.Hour, opts)
	if err != nil {
		return result{}, err
	}
	r.baseHeap, r.heap = base, heap
	if r.contacts > 0 && heap > base {
		r.heapPerContact = float64(heap-base) / float64(r.contacts)
	}
	// To the byte, for comparing runs (the report rounds to 0.1 KB).
	fmt.Fprintf(os.Stderr, "%d agents: live heap %d B after the day, %d B after one second: %.0f B per contact\n",
		agents, heap, base, r.heapPerContact)
	return r, nil
}

func runCenter(agents, perAgent int, day time.Duration, opts runOptions) (uint64, result, error) {
	y := center(agents, perAgent, day)
	sc, err := scenario.Parse([]byte(y), fmt.Sprintf("center-%d", agents), scenario.FilesFrom(nil))
	if err != nil {
		return 0, result{}, err
	}
	tg, err := simulation.NewTarget(sc)
	if err != nil {
		return 0, result{}, err
	}
	cpu0 := cpuTime()
	watch := clock.StartStopwatch()
	// A center of more than 6,600 agents passes the default limit on
	// contacts: the benchmark sizes its own. The contact records (for
	// -report) are not the service's memory: they are written out and
	// dropped before the heap is measured.
	rep, err := simulation.Run(sc, tg, simulation.Options{MaxContacts: 2 * agents * perAgent, KeepContacts: opts.report != ""})
	wall, cpu := watch.Elapsed(), cpuTime()-cpu0
	if err != nil {
		return 0, result{}, err
	}
	if opts.report != "" {
		if err := writeReport(fmt.Sprintf("%s-%d.json", opts.report, agents), rep); err != nil {
			return 0, result{}, err
		}
		rep.Contacts = nil
	}
	// Two collections: what sync.Pools cache (encoding/json's buffers
	// after -report, released flow executions) survives the first one in
	// the pools' victim cache, and is not memory the service keeps.
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	if opts.memprofile != "" {
		if err := writeHeapProfile(opts.memprofile); err != nil {
			return 0, result{}, err
		}
	}
	runtime.KeepAlive(tg)
	r := result{agents: agents, queues: len(sc.Setup.Queues), contacts: rep.Started, simulated: rep.End.Sub(rep.Start),
		wall: wall, cpu: cpu, rep: rep}
	return ms.HeapAlloc, r, nil
}

func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// writeReport writes a report with its contact records as indented JSON.
func writeReport(path string, rep *simulation.Report) error {
	b, err := json.MarshalIndent(struct {
		*simulation.Report
		Contacts []simulation.ContactRecord `json:"Contacts"`
	}{rep, rep.Contacts}, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

var languages = []string{"English", "Spanish", "French", "German", "Japanese"}

// staffing is the agents on duty per hour, in quarters of the center: four
// 9-hour shifts starting at 06, 09, 12 and 14.
var shifts = []struct{ start, end string }{{"06:00", "15:00"}, {"09:00", "18:00"}, {"12:00", "21:00"}, {"14:00", "23:00"}}

// center writes the scenario of a generated center (see the package doc).
func center(agents, perAgent int, day time.Duration) string {
	queues := max(agents/50, 4)
	profiles := max(agents/100, 2)
	var b strings.Builder
	fmt.Fprintf(&b, "instance: {alias: center-%d}\nsetup:\n  queues:\n", agents)
	for q := 0; q < queues; q++ {
		fmt.Fprintf(&b, "    - {name: q%03d}\n", q)
	}
	b.WriteString("  agent_statuses: [{name: Break}, {name: Lunch}]\n")
	fmt.Fprintf(&b, "  predefined_attributes:\n    - {name: Language, values: [%s]}\n    - {name: Product, values: [P1, P2, P3, P4]}\n", strings.Join(languages, ", "))
	b.WriteString("  routing_profiles:\n")
	for p := 0; p < profiles; p++ {
		fmt.Fprintf(&b, "    - name: rp%02d\n      concurrency: {VOICE: 1, CHAT: 3}\n      queues:\n", p)
		for k := 0; k < 5; k++ {
			q := (p*queues/profiles + k) % queues
			for _, ch := range []string{"VOICE", "CHAT"} {
				fmt.Fprintf(&b, "        - {queue: q%03d, channel: %s, priority: %d}\n", q, ch, 1+k/2)
			}
		}
	}
	b.WriteString("  users:\n")
	groups := profiles * len(shifts)
	for p := 0; p < profiles; p++ {
		for s, sh := range shifts {
			g := p*len(shifts) + s
			count := agents/groups + btoi(g < agents%groups)
			lang := languages[(p*queues/profiles)%len(languages)]
			other := languages[(p*queues/profiles+1)%len(languages)]
			fmt.Fprintf(&b, `    - username: "a%02d-%d-{n}"
      count: %d
      routing_profile: rp%02d
      proficiencies:
        - {attribute: Language, value: %s, level: %d}
        - {attribute: Language, value: %s, level: 2}
        - {attribute: Product, value: P%d, level: 3}
      shift: {start: "%s", end: "%s"}
      breaks:
        - {status: Break, at: "%s", length: 15m, spread: 60m}
        - {status: Lunch, at: "%s", length: 30m, spread: 90m}
`, p, s, count, p, lang, 3+s%3, other, 1+p%4, sh.start, sh.end, plus(sh.start, 2*time.Hour), plus(sh.start, 4*time.Hour))
		}
	}
	// Arrivals follow the staffing: contacts per hour = the day's contacts
	// × agents on duty that hour / agent-hours of the day.
	staff := make([]int, 24)
	for _, sh := range shifts {
		a, _ := scenario.ParseTimeOfDay(sh.start)
		e, _ := scenario.ParseTimeOfDay(sh.end)
		for h := int(a.D().Hours()); h < int(e.D().Hours()); h++ {
			staff[h]++
		}
	}
	total := 0
	for _, s := range staff {
		total += s
	}
	fmt.Fprintf(&b, "workload:\n  duration: %ds\n  seed: 1\n  contact_types:\n", int64(day.Seconds()))
	perQueue := float64(agents*perAgent) / float64(queues)
	for q := 0; q < queues; q++ {
		lang := languages[q%len(languages)]
		for _, ch := range []struct {
			name    string
			share   float64
			handle  string
			acw     string
			patient string
		}{{"VOICE", 0.6, "{dist: lognormal, mean: 3m, sd: 1m30s}", "{dist: exponential, mean: 20s}", "{dist: exponential, mean: 4m}"},
			{"CHAT", 0.4, "{dist: lognormal, mean: 6m, sd: 3m}", "10s", "{dist: exponential, mean: 8m}"}} {
			fmt.Fprintf(&b, "    - name: q%03d-%s\n      queue: q%03d\n      channel: %s\n      arrivals:\n        schedule:\n", q, ch.name, q, ch.name)
			for h, s := range staff {
				fmt.Fprintf(&b, "          - {from: \"%02d:00\", per_hour: %.3f}\n", h, perQueue*ch.share*float64(s)/float64(total))
			}
			fmt.Fprintf(&b, "      handle_time: %s\n      acw: %s\n      patience: %s\n", ch.handle, ch.acw, ch.patient)
			if q%2 == 0 {
				fmt.Fprintf(&b, `      routing_steps:
        - Expression: {AttributeCondition: {Name: Language, Value: %s, ProficiencyLevel: 4, ComparisonOperator: NumberGreaterOrEqualTo}}
          Expiry: {DurationInSeconds: 20}
        - Expression: {AttributeCondition: {Name: Language, Value: %s, ProficiencyLevel: 2, ComparisonOperator: NumberGreaterOrEqualTo}}
          Expiry: {DurationInSeconds: 40}
`, lang, lang)
			}
		}
	}
	return b.String()
}

func plus(tod string, d time.Duration) string {
	t, _ := scenario.ParseTimeOfDay(tod)
	return scenario.TimeOfDay(t.D() + d).String()
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func markdown(rs []result, load string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `# Simulation benchmark

Measured by `+"`go run ./bench/simulation -out docs/simulation-benchmark.md`"+` on %s;
%d CPUs, %s. Load average before the run: %s (other work shared the
machine: CPU time is the steadier figure). Figures from other machines are
not comparable.

## What is measured

A generated multi-skill center (`+"`bench/simulation`"+`: `+"`-scenario FILE`"+` writes its YAML):
N agents on four overlapping 9-hour shifts (06, 09, 12, 14 h) with a
staggered 15-minute break and 30-minute lunch, N/50 queues, N/100 routing
profiles each serving 5 queues on 3 priorities for voice (1 slot) and chat
(3 slots), language and product proficiencies, routing-criteria steps
(language at level 4 for 20 s, then level 2 for 40 s, then anyone) on half
the queues, and 150 contacts per agent over the day, arriving in proportion
to the agents on duty: 60%% voice (lognormal handle time, mean 3 min), 40%%
chat (mean 6 min), exponential ACW and patience. Everything runs through the
service's public methods on the virtual clock, with a memory store.

- **simulated / wall**: simulated time (the day, plus the drain until the
  last contact ends) over the wall time of the run, setup included.
- **simulated / CPU**: the same over the process's CPU time.
- **heap per contact**: live heap after the day (after two GCs) minus the live
  heap of the same center after a one-second workload, over the contacts
  started. The service keeps every contact in memory for the APIs that
  read them afterwards (a memory store holds no copy: see
  `+"`storage.Store.Durable`"+`).

## Results

| agents | queues | contacts | simulated | wall | CPU | simulated / wall | simulated / CPU | contacts / CPU s | heap per contact | service level | occupancy |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
`, clock.Real{}.Now().Format("2006-01-02"), runtime.NumCPU(), runtime.Version(), load)
	for _, r := range rs {
		sl, occ := "-", "-"
		if r.rep.Total.ServiceLevel != nil {
			sl = fmt.Sprintf("%.1f%%", *r.rep.Total.ServiceLevel)
		}
		if r.rep.Total.Occupancy != nil {
			occ = fmt.Sprintf("%.1f%%", *r.rep.Total.Occupancy)
		}
		fmt.Fprintf(&b, "| %d | %d | %d | %s | %s | %s | %.0fx | %.0fx | %.0f | %.1f KB | %s | %s |\n", r.agents, r.queues, r.contacts,
			r.simulated.Round(time.Minute), r.wall.Round(time.Millisecond), r.cpu.Round(time.Millisecond),
			r.simulated.Seconds()/r.wall.Seconds(), r.simulated.Seconds()/r.cpu.Seconds(), float64(r.contacts)/r.cpu.Seconds(),
			r.heapPerContact/1024, sl, occ)
	}
	return b.String()
}
