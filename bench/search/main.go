// Command search measures the SearchContacts index (internal/search) on its
// own, without HTTP or the service: it loads synthetic contacts straight
// into the index at several sizes (by default 10,000, 100,000 and
// 1,000,000, spread over 8 weeks, 200 queues, 5,000 agents in 50 teams, 3
// channels, searchable attributes, transcripts on 10%), then reports the
// median and p99 latency of representative searches, how many index
// entries each checked, load time and heap per contact.
//
// It is a development tool: run it with scripts/bench-search, which writes
// docs/search-benchmark.md.
package main

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/search"
)

func main() {
	sizes := flag.String("sizes", "10000,100000,1000000", "contact counts to measure, comma-separated")
	only := flag.String("only", "", "measure only the searches whose name contains this")
	runs := flag.Int("runs", 200, "searches per kind and size")
	out := flag.String("out", "", "also write the report to this file")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	flag.Parse()
	if *only != "" {
		kinds = slices.DeleteFunc(kinds, func(k kind) bool { return !strings.Contains(k.name, *only) })
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench-search:", err)
			os.Exit(1)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(os.Stderr, "bench-search:", err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}
	var ns []int
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1000 {
			fmt.Fprintln(os.Stderr, "bench-search: bad -sizes:", s)
			os.Exit(2)
		}
		ns = append(ns, n)
	}
	report := run(ns, *runs)
	fmt.Print(report)
	if *out != "" {
		if err := os.MkdirAll(filepath.Dir(*out), 0o755); err != nil {
			fmt.Fprintln(os.Stderr, "bench-search:", err)
			os.Exit(1)
		}
		if err := os.WriteFile(*out, []byte(report), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "bench-search:", err)
			os.Exit(1)
		}
	}
}

const (
	numQueues = 200
	numAgents = 5000
	numL1     = 5
	numL2     = 10 // per L1 group: 50 teams
	span      = 8 * 7 * 24 * time.Hour
	instance  = "bench"
)

// world is the fixed cast every size shares.
type world struct {
	now, start time.Time
	queues     []string
	agents     []string
	paths      [][]string
	l1, l2     []string
	vocab      []string
}

func newWorld() *world {
	w := &world{now: time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)}
	w.start = w.now.Add(-span)
	for i := range numQueues {
		w.queues = append(w.queues, fmt.Sprintf("queue-%03d", i))
	}
	for i := range numL1 {
		w.l1 = append(w.l1, fmt.Sprintf("region-%d", i))
		for j := range numL2 {
			w.l2 = append(w.l2, fmt.Sprintf("team-%d-%d", i, j))
		}
	}
	for i := range numAgents {
		w.agents = append(w.agents, fmt.Sprintf("agent-%04d", i))
		t := i % len(w.l2)
		w.paths = append(w.paths, []string{w.l1[t/numL2], w.l2[t]})
	}
	w.vocab = strings.Fields(`the a i my to you and is it for of in that on this with can be your have
	order refund account password reset card payment delivery late parcel help please thanks hello
	cancel billing charge invoice address change update email phone number plan upgrade price
	discount store online app login error problem issue ticket status week today tomorrow yesterday`)
	for i := range 2000 {
		w.vocab = append(w.vocab, fmt.Sprintf("word%04d", i))
	}
	return w
}

var (
	channels = []string{"VOICE", "VOICE", "VOICE", "VOICE", "VOICE", "CHAT", "CHAT", "CHAT", "TASK", "TASK"}
	methods  = []string{"INBOUND", "INBOUND", "INBOUND", "INBOUND", "INBOUND", "INBOUND", "OUTBOUND", "OUTBOUND", "API", "TRANSFER"}
	tiers    = []string{"gold", "silver", "bronze", "none"}
	langs    = []string{"en", "es", "fr", "de", "pt", "it", "ja", "ko"}
	phrases  = []string{"I want a refund for my order", "please reset my password", "my parcel is late again", "cancel my plan today"}
)

// record is contact i of n: initiation times rise with i, with jitter
// that puts some out of order.
func (w *world) record(rng *rand.Rand, zipf *rand.Zipf, i, n int) search.Record {
	slot := span / time.Duration(n)
	init := w.start.Add(time.Duration(i)*slot + time.Duration(rng.Int64N(int64(4*slot+time.Millisecond)))).Truncate(time.Millisecond)
	r := search.Record{ID: fmt.Sprintf("%08x-%04x-4%03x-8%03x-%012x", rng.Uint32(), i&0xffff, rng.IntN(4096), rng.IntN(4096), rng.Uint64()&0xffffffffffff),
		Channel: channels[rng.IntN(len(channels))], InitiationMethod: methods[rng.IntN(len(methods))],
		Attributes: map[string]string{"tier": tiers[rng.IntN(len(tiers))], "lang": langs[rng.IntN(len(langs))],
			"region": fmt.Sprintf("r%02d", rng.IntN(50)), "customerId": fmt.Sprintf("cust-%06d", rng.IntN(200000))},
		Tags: map[string]string{"aws:connect:instanceId": instance}}
	r.Times[search.Initiation] = init
	if r.Channel == "TASK" && rng.IntN(10) == 0 {
		r.Times[search.Scheduled] = init.Add(time.Duration(rng.IntN(3600)) * time.Second)
	}
	enq := init.Add(time.Duration(5+rng.IntN(60)) * time.Second)
	r.QueueID = w.queues[rng.IntN(len(w.queues))]
	r.Times[search.Enqueue] = enq
	end := enq.Add(time.Duration(rng.IntN(600)) * time.Second)
	if rng.IntN(100) < 85 {
		a := rng.IntN(len(w.agents))
		r.AgentID, r.HierarchyPath = w.agents[a], w.paths[a]
		conn := enq.Add(time.Duration(rng.IntN(300)) * time.Second)
		r.Times[search.ConnectedToAgent] = conn
		end = conn.Add(time.Duration(30+rng.IntN(1200)) * time.Second)
	}
	if end.Before(w.now) {
		r.Times[search.Disconnect] = end
	}
	if rng.IntN(10) == 0 {
		w.transcript(rng, zipf, &r)
	}
	return r
}

func (w *world) transcript(rng *rand.Rand, zipf *rand.Zipf, r *search.Record) {
	r.Transcript = append(r.Transcript, search.Segment{Role: "SYSTEM", Content: "Thank you for contacting us."})
	for s := range 5 + rng.IntN(6) {
		role := []string{"CUSTOMER", "AGENT"}[s%2]
		var ws []string
		for range 5 + rng.IntN(11) {
			ws = append(ws, w.vocab[zipf.Uint64()])
		}
		text := strings.Join(ws, " ") + "."
		if role == "CUSTOMER" && rng.IntN(20) == 0 {
			text = phrases[rng.IntN(len(phrases))] + ", " + text
		}
		r.Transcript = append(r.Transcript, search.Segment{Role: role, Content: text})
	}
}

// kind is one representative search; q draws its parameters.
type kind struct {
	name string
	q    func(w *world, rng *rand.Rand) search.Query
	deep bool // measure the last page of the first 10,000 results
}

func (w *world) base(rng *rand.Rand, d time.Duration) search.Query {
	from := w.start
	if d < span {
		from = w.start.Add(time.Duration(rng.Int64N(int64(span - d))))
	}
	return search.Query{Range: search.TimeRange{Field: search.Initiation, Start: from, End: from.Add(d)}, Now: w.now, Limit: 100,
		Sort: search.Sort{Field: search.Initiation, Desc: true}, SearchableKeys: map[string]time.Time{"tier": {}, "lang": {}}}
}

var kinds = []kind{
	{"1 week + queue", func(w *world, r *rand.Rand) search.Query {
		q := w.base(r, 7*24*time.Hour)
		q.QueueIDs = []string{w.queues[r.IntN(numQueues)]}
		return q
	}, false},
	{"8 weeks + queue", func(w *world, r *rand.Rand) search.Query {
		q := w.base(r, span)
		q.QueueIDs = []string{w.queues[r.IntN(numQueues)]}
		return q
	}, false},
	{"8 weeks + queue, by disconnect ascending", func(w *world, r *rand.Rand) search.Query {
		q := w.base(r, span)
		q.QueueIDs = []string{w.queues[r.IntN(numQueues)]}
		q.Sort = search.Sort{Field: search.Disconnect}
		return q
	}, false},
	{"8 weeks + channel + agent", func(w *world, r *rand.Rand) search.Query {
		q := w.base(r, span)
		q.Channels = []string{"VOICE"}
		q.AgentIDs = []string{w.agents[r.IntN(numAgents)]}
		return q
	}, false},
	{"8 weeks + L2 team + channel", func(w *world, r *rand.Rand) search.Query {
		q := w.base(r, span)
		q.HierarchyGroups[1] = []string{w.l2[r.IntN(len(w.l2))]}
		q.Channels = []string{"CHAT"}
		return q
	}, false},
	{"8 weeks + attributes ALL (tier, lang)", func(w *world, r *rand.Rand) search.Query {
		q := w.base(r, span)
		q.Attributes = &search.AttributeFilter{Match: search.MatchAll, Criteria: []search.AttributeCriterion{
			{Key: "tier", Values: []string{"gold"}}, {Key: "lang", Values: []string{langs[r.IntN(len(langs))]}}}}
		return q
	}, false},
	{"8 weeks + queue + attributes ANY", func(w *world, r *rand.Rand) search.Query {
		q := w.base(r, span)
		q.QueueIDs = []string{w.queues[r.IntN(numQueues)]}
		q.Attributes = &search.AttributeFilter{Match: search.MatchAny, Criteria: []search.AttributeCriterion{
			{Key: "tier", Values: []string{"gold"}}, {Key: "lang", Values: []string{langs[r.IntN(len(langs))]}}}}
		return q
	}, false},
	{"8 weeks + transcript phrase", func(w *world, r *rand.Rand) search.Query {
		q := w.base(r, span)
		q.Transcript = &search.TranscriptFilter{Criteria: []search.TranscriptCriterion{
			{Role: "CUSTOMER", Texts: []string{phrases[r.IntN(len(phrases))]}, Match: search.MatchAll}}}
		return q
	}, false},
	{"1 week + queue + transcript word", func(w *world, r *rand.Rand) search.Query {
		q := w.base(r, 7*24*time.Hour)
		q.QueueIDs = []string{w.queues[r.IntN(numQueues)]}
		q.Transcript = &search.TranscriptFilter{Criteria: []search.TranscriptCriterion{
			{Role: "AGENT", Texts: []string{"order"}, Match: search.MatchAny}}}
		return q
	}, false},
	{"1 day, no criteria, newest first", func(w *world, r *rand.Rand) search.Query { return w.base(r, 24*time.Hour) }, false},
	{"8 weeks, no criteria, newest first", func(w *world, r *rand.Rand) search.Query { return w.base(r, span) }, false},
	{"8 weeks + VOICE, by channel then ID", func(w *world, r *rand.Rand) search.Query {
		q := w.base(r, span)
		q.Channels = []string{"VOICE"}
		q.Sort = search.Sort{Field: search.Channel}
		return q
	}, false},
	{"8 weeks + queue, last page", func(w *world, r *rand.Rand) search.Query {
		q := w.base(r, span)
		q.QueueIDs = []string{w.queues[r.IntN(8)]}
		return q
	}, true},
	{"8 weeks, no criteria, page at 9,900", func(w *world, r *rand.Rand) search.Query { return w.base(r, span) }, true},
	{"8 weeks, by initiation method, page at 9,900", func(w *world, r *rand.Rand) search.Query {
		q := w.base(r, span)
		q.Sort = search.Sort{Field: search.InitiationMethod, Desc: true}
		return q
	}, true},
}

type stat struct {
	median, p99       time.Duration // wall time
	cpuMedian, cpuP99 time.Duration // the searching thread's CPU time
	examined          int           // mean
	total             int           // mean TotalCount
}

type sizeResult struct {
	n           int
	load        time.Duration
	heapPerDoc  float64
	stats       []stat
	transcripts int
}

func run(ns []int, runs int) string {
	w := newWorld()
	var results []sizeResult
	for _, n := range ns {
		fmt.Fprintf(os.Stderr, "bench-search: loading %d contacts\n", n)
		results = append(results, measure(w, n, runs))
	}
	return render(results, runs)
}

func heap() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

func measure(w *world, n, runs int) sizeResult {
	rng := rand.New(rand.NewPCG(uint64(n), 1))
	zipf := rand.NewZipf(rng, 1.1, 4, uint64(len(w.vocab)-1))
	before := heap()
	// Collect less often while loading: the heap only grows, and the
	// default would scan it again and again.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	ix := search.New()
	res := sizeResult{n: n}
	sw := clock.StartStopwatch()
	for i := range n {
		r := w.record(rng, zipf, i, n)
		if r.Transcript != nil {
			res.transcripts++
		}
		ix.Put(instance, r)
	}
	// The first search sorts the day buckets that got out-of-order
	// appends; count that as loading.
	if _, err := ix.Search(instance, w.base(rng, span)); err != nil {
		panic(err)
	}
	res.load = sw.Elapsed()
	debug.SetGCPercent(100)
	res.heapPerDoc = float64(heap()-before) / float64(n)
	for _, k := range kinds {
		fmt.Fprintf(os.Stderr, "bench-search: %d contacts: %s\n", n, k.name)
		res.stats = append(res.stats, measureKind(ix, w, k, runs))
	}
	runtime.KeepAlive(ix)
	return res
}

func measureKind(ix *search.Index, w *world, k kind, runs int) stat {
	rng := rand.New(rand.NewPCG(42, uint64(len(k.name))))
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var times, cpu []time.Duration
	var examined, total int
	// Deep pages: find the cursor of the last page once per parameter set.
	cursors := map[string]*search.Cursor{}
	for i := 0; i < runs+runs/10; i++ {
		q := k.q(w, rng)
		if k.deep {
			key := q.Fingerprint()
			c, ok := cursors[key]
			if !ok {
				c = lastPage(ix, q)
				cursors[key] = c
			}
			q.After = c
		}
		c0 := threadCPU()
		sw := clock.StartStopwatch()
		res, err := ix.Search(instance, q)
		d := sw.Elapsed()
		c := threadCPU() - c0
		if err != nil {
			panic(err)
		}
		if i < runs/10 {
			continue // warm-up
		}
		times = append(times, d)
		cpu = append(cpu, c)
		examined += res.Examined
		total += res.Total
	}
	slices.Sort(times)
	slices.Sort(cpu)
	return stat{median: times[len(times)/2], p99: times[len(times)*99/100], cpuMedian: cpu[len(cpu)/2], cpuP99: cpu[len(cpu)*99/100],
		examined: examined / len(times), total: total / len(times)}
}

// lastPage is the cursor before the last page of q's results (capped at
// 10,000).
func lastPage(ix *search.Index, q search.Query) *search.Cursor {
	res, err := ix.Search(instance, q)
	if err != nil {
		panic(err)
	}
	target := max(0, res.Total-q.Limit)
	var cur *search.Cursor
	for pos := 0; pos < target; {
		q.After = cur
		q.Limit = min(100, target-pos)
		res, err := ix.Search(instance, q)
		if err != nil || res.Next == nil {
			break
		}
		cur, pos = res.Next, res.Next.Pos
	}
	return cur
}

func ms(d time.Duration) string {
	switch {
	case d < time.Millisecond:
		return fmt.Sprintf("%.0f µs", float64(d)/float64(time.Microsecond))
	case d < 10*time.Millisecond:
		return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond))
	default:
		return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
	}
}

func count(n int) string {
	switch {
	case n >= 1_000_000 && n%1_000_000 == 0:
		return fmt.Sprintf("%dM", n/1_000_000)
	case n >= 1000 && n%1000 == 0:
		return fmt.Sprintf("%dk", n/1000)
	}
	return strconv.Itoa(n)
}

func cmdOut(name string, args ...string) string {
	b, err := exec.Command(name, args...).Output()
	if err != nil {
		return "?"
	}
	return strings.TrimSpace(string(b))
}

func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "?"
	}
	for _, l := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "?"
}

func render(rs []sizeResult, runs int) string {
	var b strings.Builder
	load, _ := os.ReadFile("/proc/loadavg")
	fmt.Fprintf(&b, "# SearchContacts index benchmark\n\n")
	fmt.Fprintf(&b, "Measured by `scripts/bench-search` (`bench/search`) on %s. Re-run it to refresh this file;\n", clock.Real{}.Now().Format("2006-01-02"))
	fmt.Fprintf(&b, "figures from other machines are not comparable.\n\n")
	fmt.Fprintf(&b, "| Machine | |\n|---|---|\n| CPUs | %d (GOMAXPROCS %d) |\n| CPU | %s |\n| Go | %s |\n| connect-local | %s |\n| Load average before the run | %s |\n\n",
		runtime.NumCPU(), runtime.GOMAXPROCS(0), cpuModel(), runtime.Version(), cmdOut("git", "rev-parse", "--short", "HEAD"),
		strings.Join(strings.Fields(string(load))[:min(3, len(strings.Fields(string(load))))], " "))
	fmt.Fprintf(&b, "## Data\n\nContacts go straight into `search.Index` (no HTTP, no service): initiation times spread evenly\n")
	fmt.Fprintf(&b, "over 8 weeks (with jitter, so some arrive out of order), %d queues, %d agents in %d teams under %d regions\n", numQueues, numAgents, numL1*numL2, numL1)
	fmt.Fprintf(&b, "(85%% of contacts reach an agent), channels VOICE 50%% / CHAT 30%% / TASK 20%%, four user-defined attributes\n")
	fmt.Fprintf(&b, "(`tier` and `lang` searchable, `region` 50 values, `customerId` 200,000 values), and on 10%% of contacts a\n")
	fmt.Fprintf(&b, "6–11 segment transcript drawn from a Zipf vocabulary of %d words, 5%% of customer segments opening with a\n", 2000+70)
	fmt.Fprintf(&b, "known phrase.\n\n")
	fmt.Fprintf(&b, "| Contacts | Transcripts | Load (incl. first sort) | Heap per contact |\n|---|---|---|---|\n")
	for _, r := range rs {
		fmt.Fprintf(&b, "| %s | %s | %s | %.0f B |\n", count(r.n), count(r.transcripts), ms(r.load), r.heapPerDoc)
	}
	fmt.Fprintf(&b, "\nHeap per contact is everything the index holds, including the contact ID, attribute and\n")
	fmt.Fprintf(&b, "transcript strings; inside the server those strings are shared with the contact records.\n\n")
	fmt.Fprintf(&b, "## Latency\n\nMedian and p99 of %d searches per row and size (after %d warm-up searches), one goroutine\n", runs, runs/10)
	fmt.Fprintf(&b, "locked to its thread, parameters drawn at random per search (which queue, agent, week, team, language,\n")
	fmt.Fprintf(&b, "phrase). Pages of 100. \"Examined\" is the mean number of index entries the search checked at the\n")
	fmt.Fprintf(&b, "largest size, \"matches\" the mean TotalCount there (capped at 10,000).\n\n")
	table := func(title string, get func(stat) (time.Duration, time.Duration)) {
		fmt.Fprintf(&b, "### %s\n\n| Search |", title)
		for _, r := range rs {
			fmt.Fprintf(&b, " %s median | %s p99 |", count(r.n), count(r.n))
		}
		fmt.Fprintf(&b, " examined | matches |\n|---|")
		for range rs {
			fmt.Fprintf(&b, "---|---|")
		}
		fmt.Fprintf(&b, "---|---|\n")
		last := rs[len(rs)-1]
		for i, k := range kinds {
			fmt.Fprintf(&b, "| %s |", k.name)
			for _, r := range rs {
				med, p99 := get(r.stats[i])
				fmt.Fprintf(&b, " %s | %s |", ms(med), ms(p99))
			}
			fmt.Fprintf(&b, " %d | %d |\n", last.stats[i].examined, last.stats[i].total)
		}
		fmt.Fprintf(&b, "\n")
	}
	table("CPU time of the searching thread", func(s stat) (time.Duration, time.Duration) { return s.cpuMedian, s.cpuP99 })
	table("Wall clock", func(s stat) (time.Duration, time.Duration) { return s.median, s.p99 })
	b.WriteString(notes)
	return b.String()
}

// notes explains the tables; it is the same on every run.
const notes = `## Reading the figures

The CPU table is the one to compare across runs: it counts only the time the searching thread
computed (CLOCK_THREAD_CPUTIME_ID), so it does not move when other work shares the machine. The
wall-clock p99 does: it includes the time the thread waited for a CPU.

**How a search runs** (internal/search, docs/search.md#searchcontacts): every criterion becomes a clause that can
estimate how many contacts it matches. A clause with a sorted posting list (queue, agent,
channel, initiation method, hierarchy group per level, attribute key=value, transcript words per
role) can list its contacts; the TimeRange walks day buckets of time-ordered postings. The
planner takes the most selective clause; when it has a posting list, it intersects every
clause's list with a galloping merge and checks the survivors only for what the lists do not
guarantee (time bounds, retention, phrase order). When the sort field is the TimeRange type, it
may instead walk the range in sort order and stop at the 10,000th match, if the criteria's
combined selectivity says that is cheaper. Pages continue from a cursor (sort key, contact ID),
so a deep page costs what the first page costs; TotalCount stops at 10,000.

**Growth from 10k to 1M.** "Examined" tracks "matches": a search checks about as many entries as
it returns (the last page checks what the first does), not the 1M contacts. Searches whose
result is capped at 10,000 (no criteria, newest first; one day) cost the same at every size.
Selective searches grow with their own match counts, which grow with the data here (an agent has
8 contacts in 8 weeks at 100k and 84 at 1M); the cost per match stays flat.

**What stays linear.** Sorting by CHANNEL or INITIATION_METHOD over a broad match (the two
"by channel" / "by initiation method" rows) checks every match: ties go by contact ID
(docs/search.md#sorting-paging-and-counts), and random UUIDs give no order the postings could follow. These rows also show
what a scan of every contact costs (about 1M entries examined), for comparison with the indexed
rows.

**Memory.** Heap per contact covers the compact record (times, interned queue, agent, channel,
method, hierarchy path, attribute and tag pairs), the ID map, every posting list, and for 10% of
contacts the transcript's token lists, word postings and segment text.
`
