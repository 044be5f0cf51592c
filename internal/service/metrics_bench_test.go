package service

import (
	"fmt"
	"github.com/connect-local/connect-local/internal/engine"
	"github.com/connect-local/connect-local/internal/reporting"
	"math/rand/v2"
	"os"
	"runtime"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/metrics"
	"github.com/connect-local/connect-local/internal/routing"
	"github.com/connect-local/connect-local/internal/storage"
)

// The metrics benchmark (scripts/bench-metrics, docs/metrics-benchmark.md):
// real-time metrics over 5,000 agents, 200 queues and 50,000 waiting
// contacts, and historical metrics over 10,000 to 1,000,000 contacts in 24
// hours fed straight into the aggregator. Each query is timed through the
// service call (validation, ID resolution, evaluation, paging), without
// HTTP. Set METRICS_BENCH=1 to run it; METRICS_BENCH_OUT names the report.

const (
	benchAgents   = 5000
	benchQueues   = 200
	benchProfiles = 50
	benchWaiting  = 50000
	benchSteps    = 20
)

var benchNow = time.Date(2023, 12, 22, 9, 0, 0, 0, time.UTC)

// benchCenter builds the instance directly in the service's state: the
// routing engine would take minutes to reach 50,000 waiting contacts one
// StartContact at a time.
type benchCenter struct {
	s          *Service
	iid        string
	queues     []string
	profiles   []*RoutingProfile
	users      []*User
	steps      []routing.Expression
	stepKeys   []string
	profQueues map[string][]string
}

func newBenchCenter(t testing.TB) *benchCenter {
	vc := clock.NewVirtual(benchNow)
	s, err := New(Options{Store: storage.NewMemory(), Clock: vc})
	if err != nil {
		t.Fatal(err)
	}
	in, err := s.CreateInstance(testScope, CreateInstanceInput{IdentityManagementType: "CONNECT_MANAGED"})
	if err != nil {
		t.Fatal(err)
	}
	b := &benchCenter{s: s, iid: in.ID, profQueues: map[string][]string{}}
	st := inst(s, in.ID)
	st.Mu.Lock()
	defer st.Mu.Unlock()
	arn := func(kind, id string) string { return testScope.ARN("instance/" + in.ID + "/" + kind + "/" + id) }
	for i := 0; i < benchQueues; i++ {
		q := &Queue{ID: s.newID(), Name: fmt.Sprintf("q%03d", i), Status: "ENABLED"}
		q.ARN = arn("queue", q.ID)
		st.Queues[q.ID] = q
		b.queues = append(b.queues, q.ID)
	}
	// Profile k serves queues 4k..4k+3 and 4k+100..4k+103 on every channel,
	// so each queue has two profiles.
	for k := 0; k < benchProfiles; k++ {
		p := &RoutingProfile{ID: s.newID(), Name: fmt.Sprintf("p%02d", k), MediaConcurrencies: []MediaConcurrency{
			{Channel: "VOICE", Concurrency: 1}, {Channel: "CHAT", Concurrency: 3, CrossChannelBehavior: "ROUTE_ANY_CHANNEL"},
			{Channel: "TASK", Concurrency: 2, CrossChannelBehavior: "ROUTE_ANY_CHANNEL"}}}
		p.ARN = arn("routing-profile", p.ID)
		for _, base := range []int{4 * k, 4*k + 100} {
			for j := 0; j < 4; j++ {
				q := b.queues[(base+j)%benchQueues]
				b.profQueues[p.ID] = append(b.profQueues[p.ID], q)
				for _, ch := range []string{"VOICE", "CHAT", "TASK"} {
					p.QueueConfigs = append(p.QueueConfigs, QueueConfig{QueueID: q, Channel: ch, Priority: 1})
				}
			}
		}
		st.Profiles[p.ID] = p
		b.profiles = append(b.profiles, p)
	}
	brk := &AgentStatus{ID: s.newID(), Name: "Break", Type: "CUSTOM", State: "ENABLED"}
	st.Statuses[brk.ID] = brk
	available, offline := s.systemStatus(st, "ROUTABLE"), s.systemStatus(st, "OFFLINE")
	for i := 0; i < benchSteps; i++ {
		lvl := float64(i%5 + 1)
		x := routing.Expression{AttributeCondition: &routing.AttributeCondition{Name: "Skill", Value: fmt.Sprintf("s%d", i%10), ProficiencyLevel: &lvl, ComparisonOperator: routing.OpGreaterOrEqual}}
		b.steps = append(b.steps, x)
		b.stepKeys = append(b.stepKeys, x.Canonical())
	}
	// Agents: 60% on a contact, 15% available, 10% in ACW, 5% on a break,
	// 5% after a missed offer, 5% offline.
	for i := 0; i < benchAgents; i++ {
		p := b.profiles[i%benchProfiles]
		u := &User{ID: s.newID(), Username: fmt.Sprintf("agent%04d", i), RoutingProfileID: p.ID,
			Proficiencies: []Proficiency{{AttributeName: "Skill", AttributeValue: fmt.Sprintf("s%d", i%10), Level: float64(i%5 + 1)}}}
		u.ARN = arn("agent", u.ID)
		st.Users[u.ID] = u
		b.users = append(b.users, u)
		a := &AgentState{UserID: u.ID, StatusID: available, StatusStart: benchNow.Add(-time.Hour), Connections: map[string]*Connection{}}
		conn := func(ch, state string) {
			id := s.newID()
			a.Connections[id] = &Connection{ContactID: id, Channel: ch, QueueID: b.profQueues[p.ID][i%8], State: state, StateStart: benchNow.Add(-time.Minute)}
		}
		switch r := i % 20; {
		case r < 12:
			conn([]string{"VOICE", "CHAT", "TASK"}[i%3], ConnConnected)
		case r < 15:
		case r < 17:
			conn("CHAT", ConnEnded)
		case r == 17:
			a.StatusID = brk.ID
		case r == 18:
			conn("VOICE", ConnMissed)
		default:
			a.StatusID = offline
		}
		st.Eng.LoadAgent(a)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < benchWaiting; i++ {
		c := &Contact{ID: s.newID(), Channel: []string{"VOICE", "CHAT", "TASK"}[i%3], State: StateQueued, QueueID: b.queues[i%benchQueues],
			EnqueueTimestamp: engine.StampOf(benchNow.Add(-time.Duration(rng.IntN(600)) * time.Second))}
		c.Criteria = &RoutingCriteria{Steps: []RoutingStep{{Expression: &b.steps[i%benchSteps], Status: StepActive}}}
		st.Eng.Load(c)
		reporting.NoteLive(st.State, c)
		st.Eng.Requeue(c)
	}
	return b
}

// feedHistory records n contacts over the 24 hours before benchNow straight
// into a History: each agent works its share back to back, 5% of the
// contacts are abandoned, 3% of offers are missed, 30% of contacts have a
// routing step.
func (b *benchCenter) feedHistory(n int) (*metrics.History, time.Duration) {
	h := metrics.NewHistory(0)
	rng := rand.New(rand.NewPCG(3, 4))
	start := benchNow.Add(-24 * time.Hour)
	handled := n * 95 / 100
	per := handled / benchAgents
	extra := handled % benchAgents
	sw := clock.StartStopwatch()
	chans := []string{"VOICE", "CHAT", "TASK"}
	step := func() string {
		if rng.IntN(10) < 3 {
			return b.stepKeys[rng.IntN(benchSteps)]
		}
		return ""
	}
	for i, u := range b.users {
		k := per
		if i < extra {
			k++
		}
		if k == 0 {
			continue
		}
		cycle := 24 * time.Hour / time.Duration(k)
		qs := b.profQueues[u.RoutingProfileID]
		h.SetAgent(start, u.ID, u.RoutingProfileID, metrics.ClassIdle)
		for j := 0; j < k; j++ {
			slot := start.Add(time.Duration(j) * cycle)
			conn := slot.Add(time.Duration(rng.Float64() * 0.2 * float64(cycle))).Truncate(time.Second)
			wait := time.Duration(rng.IntN(120)) * time.Second
			talk := time.Duration((0.3 + 0.3*rng.Float64()) * float64(cycle)).Truncate(time.Second)
			acw := time.Duration(rng.Float64() * 0.15 * float64(cycle)).Truncate(time.Second)
			q, ch, stp := qs[rng.IntN(len(qs))], chans[rng.IntN(3)], step()
			if rng.IntN(100) < 3 {
				h.AddOffer(metrics.Offer{Time: conn.Add(-wait / 2), Queue: q, Channel: ch, Step: stp, Agent: u.ID, Profile: u.RoutingProfileID})
			}
			h.AddOffer(metrics.Offer{Time: conn, Queue: q, Channel: ch, Step: stp, Agent: u.ID, Profile: u.RoutingProfileID, Accepted: true})
			h.SetAgent(conn, u.ID, u.RoutingProfileID, metrics.ClassOnContact)
			seg := metrics.Segment{Queue: q, Channel: ch, Step: stp, Agent: u.ID, Profile: u.RoutingProfileID, InitiationMethod: "INBOUND",
				DisconnectReason: "CUSTOMER_DISCONNECT", EnqueuedAt: conn.Add(-wait), ConnectedAt: conn, DisconnectedAt: conn.Add(talk), ACW: acw}
			if rng.IntN(5) == 0 {
				seg.Held, seg.Hold = true, talk/4
			}
			h.AddSegment(seg)
			h.SetAgent(conn.Add(talk+acw), u.ID, u.RoutingProfileID, metrics.ClassIdle)
		}
		h.Committed() // as each flush does (the benchmark skips the encoding and the write)
	}
	for i := handled; i < n; i++ {
		enq := start.Add(time.Duration(rng.Int64N(int64(24 * time.Hour)))).Truncate(time.Second)
		h.AddSegment(metrics.Segment{Queue: b.queues[rng.IntN(benchQueues)], Channel: chans[rng.IntN(3)], Step: step(), InitiationMethod: "INBOUND",
			DisconnectReason: "CUSTOMER_DISCONNECT", EnqueuedAt: enq, DisconnectedAt: enq.Add(time.Duration(rng.IntN(180)) * time.Second)})
	}
	h.Committed()
	return h, sw.Elapsed()
}

const benchNotes = `
"Feed" is the time to record the contacts, their offers and every agent's
status changes into a fresh History (no storage writes); "contact cells" and
"agent-time cells" count the 5-minute cells (hourly rollups not included).

## Reading the numbers

* A historical query's cost is the cells it reads, not the contacts behind
  them. Contacts are aggregated as their records complete, into 5-minute
  cells keyed by (queue, channel), (queue, channel, step), (queue, channel,
  routing profile) and (queue, channel, profile, agent). A query reads the
  smallest layout that has its dimensions; the first three are also rolled
  up per hour, so a 24-hour query reads 24 hourly cells per queue and
  channel plus any 5-minute edges. Cells per bucket stop growing once every
  queue and channel has traffic in every 5 minutes, which is why the
  latency barely moves between 100,000 and 1,000,000 contacts.
* SERVICE_LEVEL and the *_IN_X metrics read a sparse histogram of answer
  and abandon times at one-second resolution in each cell: exact for any
  threshold, and its size is the number of distinct seconds that occurred.
* OCCUPANCY reads the per-profile agent-time cells (hourly rollups) plus
  each agent's time since its last change.
* Memory grows with contacts mostly through the per-agent layout (what
  GetMetricDataV2 needs to group by AGENT) and the per-agent time cells
  (every agent online all day: 5,000 × 288 cells whatever the contacts).
* Real-time metrics build a snapshot of the agents whose routing profile the
  filter reaches and the contacts of the queues it reaches (a per-queue
  index of waiting contacts kept at every flush), then aggregate: the
  ROUTING_STEP_EXPRESSION query touches one queue's 250 contacts and its two
  profiles' agents; the QUEUE query half of everything.
* The machine was shared with other work during the run (see the load
  average): wall-time medians and especially p99s include waiting for a CPU.
`

type latencies []time.Duration

func (l latencies) pct(p float64) time.Duration {
	s := append(latencies(nil), l...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[min(len(s)-1, int(p*float64(len(s))))]
}

// timeIt runs fn and returns each call's wall time and the process CPU
// time per call (GC included), which other load on the machine does not
// inflate.
func timeIt(t testing.TB, runs int, fn func() error) (latencies, time.Duration) {
	var l latencies
	before := cpuTime()
	for i := 0; i < runs; i++ {
		sw := clock.StartStopwatch()
		if err := fn(); err != nil {
			t.Fatal(err)
		}
		l = append(l, sw.Elapsed())
	}
	return l, (cpuTime() - before) / time.Duration(runs)
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	return strings.Join(strings.Fields(string(b))[:3], " ")
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }

func TestMetricsBenchmark(t *testing.T) {
	if os.Getenv("METRICS_BENCH") == "" {
		t.Skip("set METRICS_BENCH=1 (scripts/bench-metrics) to run the metrics benchmark")
	}
	var report strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&report, format, args...) }
	w("# Metrics benchmark\n\nMeasured by `scripts/bench-metrics` (`TestMetricsBenchmark` in internal/service/metrics_bench_test.go) on %s. ", clock.Real{}.Now().Format("2006-01-02"))
	w("Re-run it to refresh this file. Every figure is one service call (validation, ID resolution, evaluation, paging) without HTTP; ")
	w("\"CPU\" is the process CPU time per call, garbage collection included, which other load on the machine does not inflate, while the median and p99 are wall time.\n\n")
	b := newBenchCenter(t)
	s := b.s

	all13 := make([]MetricName, 0, 13)
	for _, n := range metrics.CurrentMetrics {
		all13 = append(all13, MetricName{Name: n, Unit: metrics.CurrentUnit(n)})
	}
	byQueue := CurrentMetricsRequest{HasFilters: true, Queues: b.queues[:100], Groupings: []string{"QUEUE"}, Metrics: all13}
	var parsed []*routing.Expression
	for i := range b.steps {
		parsed = append(parsed, &b.steps[i])
	}
	byStep := CurrentMetricsRequest{HasFilters: true, Queues: b.queues[:1], StepExpressions: b.stepKeys, StepParsed: parsed,
		Groupings: []string{"ROUTING_STEP_EXPRESSION"}, Metrics: all13}
	const runs = 200
	w("Machine: %s, %d CPUs, GOMAXPROCS %d; load average before the run: %s.\n\n", runtime.GOARCH, runtime.NumCPU(), runtime.GOMAXPROCS(0), loadAverage())
	w("## GetCurrentMetricData\n\n%d agents (%d profiles), %d queues, %d contacts waiting; all 13 metrics; %d calls each.\n\n",
		benchAgents, benchProfiles, benchQueues, benchWaiting, runs)
	w("| Query | Rows | Median | p99 | CPU per call |\n|---|---|---|---|---|\n")
	for _, c := range []struct {
		name string
		req  CurrentMetricsRequest
	}{{"100 queues, grouped by QUEUE", byQueue}, {"1 queue, 20 expressions, grouped by ROUTING_STEP_EXPRESSION", byStep}} {
		var rows int
		l, cpu := timeIt(t, runs, func() error {
			out, err := s.GetCurrentMetricData(testScope, b.iid, c.req)
			if err == nil {
				rows = out.Total
			}
			return err
		})
		w("| %s | %d | %s | %s | %s |\n", c.name, rows, ms(l.pct(0.5)), ms(l.pct(0.99)), ms(cpu))
	}

	queues100 := b.queues[:100]
	v1 := HistoricalMetricsRequest{StartTime: benchNow.Add(-24 * time.Hour), EndTime: benchNow, HasFilters: true, Queues: queues100, Groupings: []string{"QUEUE"}}
	for _, n := range metrics.HistoricalNames {
		d := metrics.Historical[n]
		m := HistoricalMetricSpec{Name: n, Unit: d.Unit, Statistic: d.Statistic}
		if n == "SERVICE_LEVEL" {
			m.Threshold = &MetricThreshold{Comparison: "LT", Value: 20}
		}
		v1.Metrics = append(v1.Metrics, m)
	}
	v2 := MetricsV2Request{ResourceARN: testScope.ARN("instance/" + b.iid), StartTime: benchNow.Add(-24 * time.Hour), EndTime: benchNow,
		Filters: []FilterV2{{Key: "QUEUE", Values: queues100}}, Groupings: []string{"QUEUE"}}
	var v2names []string
	for n, d := range metrics.V2 {
		if d.Accepts("QUEUE") && !d.Threshold {
			v2names = append(v2names, n)
		}
	}
	sort.Strings(v2names)
	for _, n := range v2names {
		v2.Metrics = append(v2.Metrics, MetricV2Spec{Name: n})
	}
	for i := 0; len(v2.Metrics) < 25; i++ {
		name := []string{"SERVICE_LEVEL", "SUM_CONTACTS_ANSWERED_IN_X", "SUM_CONTACTS_ABANDONED_IN_X"}[i%3]
		v2.Metrics = append(v2.Metrics, MetricV2Spec{Name: name, Thresholds: []MetricThreshold{{Comparison: "LT", Value: float64(15 + 15*i)}}})
	}
	v2hour := v2
	v2hour.IntervalPeriod = "HOUR"
	w("\n## GetMetricData and GetMetricDataV2\n\n")
	w("Contacts spread over the 24 hours before the query, fed into the aggregator directly; 5%% abandoned, 3%% of offers missed, 30%% with a routing step; every agent online all day. ")
	w("Each query covers the whole 24 hours, filtered to 100 of the 200 queues and grouped by QUEUE, with 25 metrics (GetMetricData: all 25, SERVICE_LEVEL at 20 s; GetMetricDataV2: the %d that accept QUEUE and %d thresholded ones). %d calls each.\n\n",
		len(v2names), 25-len(v2names), 50)
	w("| Contacts | Feed | Contact cells | Agent-time cells | Heap | GetMetricData median / p99 (CPU) | V2 TOTAL median / p99 (CPU) | V2 HOUR, 24 intervals, median / p99 (CPU) |\n|---|---|---|---|---|---|---|---|\n")
	var first, last [3]time.Duration
	for _, n := range []int{10_000, 100_000, 1_000_000} {
		h, took := b.feedHistory(n)
		runtime.GC()
		var mem runtime.MemStats
		runtime.ReadMemStats(&mem)
		bst := inst(s, b.iid)
		bst.Mu.Lock()
		reporting.SetHistory(bst.State, h)
		bst.Mu.Unlock()
		st := h.Stats()
		w("| %d | %.1f s | %d | %d | %d MB", n, took.Seconds(), st.ContactCells, st.TimeCells, mem.HeapAlloc>>20)
		for i, fn := range []func() error{
			func() error { _, err := s.GetMetricData(testScope, b.iid, v1); return err },
			func() error { _, err := s.GetMetricDataV2(testScope, v2); return err },
			func() error { _, err := s.GetMetricDataV2(testScope, v2hour); return err },
		} {
			l, cpu := timeIt(t, 50, fn)
			w(" | %s / %s (%s)", ms(l.pct(0.5)), ms(l.pct(0.99)), ms(cpu))
			if n == 10_000 {
				first[i] = cpu
			} else if n == 1_000_000 {
				last[i] = cpu
			}
		}
		w(" |\n")
	}
	w("\nFrom 10,000 to 1,000,000 contacts (100×), CPU per call grows %.1f× for GetMetricData, %.1f× for V2 TOTAL and %.1f× for V2 HOUR.\n",
		float64(last[0])/float64(first[0]), float64(last[1])/float64(first[1]), float64(last[2])/float64(first[2]))
	w("%s", benchNotes)
	fmt.Print(report.String())
	if out := os.Getenv("METRICS_BENCH_OUT"); out != "" {
		if err := os.WriteFile(out, []byte(report.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// The go test -bench forms, for profiling one query at a time.

func BenchmarkCurrentMetricsByQueue(b *testing.B) {
	c := newBenchCenter(b)
	all := make([]MetricName, 0, 13)
	for _, n := range metrics.CurrentMetrics {
		all = append(all, MetricName{Name: n, Unit: metrics.CurrentUnit(n)})
	}
	req := CurrentMetricsRequest{HasFilters: true, Queues: c.queues[:100], Groupings: []string{"QUEUE"}, Metrics: all}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := c.s.GetCurrentMetricData(testScope, c.iid, req); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMetricDataByQueue(b *testing.B) {
	n := 1_000_000
	if v := os.Getenv("METRICS_BENCH_CONTACTS"); v != "" {
		fmt.Sscan(v, &n)
	}
	c := newBenchCenter(b)
	h, _ := c.feedHistory(n)
	reporting.SetHistory(inst(c.s, c.iid).State, h)
	req := HistoricalMetricsRequest{StartTime: benchNow.Add(-24 * time.Hour), EndTime: benchNow, HasFilters: true, Queues: c.queues[:100], Groupings: []string{"QUEUE"}}
	for _, n := range metrics.HistoricalNames {
		d := metrics.Historical[n]
		m := HistoricalMetricSpec{Name: n, Unit: d.Unit, Statistic: d.Statistic}
		if n == "SERVICE_LEVEL" {
			m.Threshold = &MetricThreshold{Comparison: "LT", Value: 20}
		}
		req.Metrics = append(req.Metrics, m)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := c.s.GetMetricData(testScope, c.iid, req); err != nil {
			b.Fatal(err)
		}
	}
}
