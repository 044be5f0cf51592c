package simulation

import (
	"fmt"
	"math"
	"time"

	"github.com/connect-local/connect-local/internal/erlang"
	"github.com/connect-local/connect-local/internal/scenario"
	"github.com/connect-local/connect-local/internal/seed"
)

// TheoryPoint is one single-queue center to check against queueing theory:
// Poisson arrivals, exponential handle times, Agents agents, no ACW, and
// exponential patience when Patience is set (Erlang A) or none (Erlang C).
type TheoryPoint struct {
	Agents    int
	Occupancy float64       // λ/(cμ)
	AHT       time.Duration // mean handle time, 1/μ
	Patience  time.Duration // mean patience, 1/θ; 0: customers never leave
	Contacts  int           // about how many contacts to measure (after warm-up)
	Seed      uint64
}

// Estimate is a simulated figure with the half-width of its 99%
// confidence interval (batch means).
type Estimate struct {
	Mean, HalfWidth float64
}

// Covers reports whether the interval holds v.
func (e Estimate) Covers(v float64) bool { return math.Abs(e.Mean-v) <= e.HalfWidth+1e-9 }

// TheoryResult compares one point's simulation with theory. Figures are
// fractions (P(wait), SL, abandonment) and seconds (ASA); ASA is compared
// for Erlang C only.
type TheoryResult struct {
	Point    TheoryPoint
	Measured int           // contacts in the batches
	Wall     time.Duration // the run's wall time
	Sim      TheoryFigures[Estimate]
	Theory   TheoryFigures[float64]
	// Reported are the same figures as GetMetricData and GetMetricDataV2
	// report them over the batch windows (measureFromMetrics); its PWait is
	// 1 − SL(1 s) (no answer within the first second: the API's thresholds
	// are whole seconds from 1), compared with ReportedTheory.
	Reported         TheoryFigures[Estimate]
	ReportedTheory   TheoryFigures[float64]
	ReportedContacts int // contacts GetMetricData counted in the batches
	// Mismatches lists where GetMetricData or V2 and the engine's events,
	// counting the same contacts the same way, differ (none expected).
	Mismatches []string
}

// TheoryFigures are the figures compared.
type TheoryFigures[T any] struct {
	PWait, ASA, ServiceLevel, Abandon T
}

// Disagreements lists the figures whose 99% interval misses theory: those
// measured from the events, then those GetMetricData reported.
func (r TheoryResult) Disagreements() []string {
	var out []string
	check := func(name string, e Estimate, v float64) {
		if !e.Covers(v) {
			out = append(out, fmt.Sprintf("%s: simulated %.5f ± %.5f, theory %.5f", name, e.Mean, e.HalfWidth, v))
		}
	}
	for _, f := range []struct {
		prefix, pwait string
		sim           TheoryFigures[Estimate]
		theory        TheoryFigures[float64]
	}{{"", "P(wait)", r.Sim, r.Theory}, {"GetMetricData ", "1-SL(1s)", r.Reported, r.ReportedTheory}} {
		check(f.prefix+f.pwait, f.sim.PWait, f.theory.PWait)
		check(f.prefix+"SL(20s)", f.sim.ServiceLevel, f.theory.ServiceLevel)
		if r.Point.Patience == 0 {
			check(f.prefix+"ASA", f.sim.ASA, f.theory.ASA)
		} else {
			check(f.prefix+"abandonment", f.sim.Abandon, f.theory.Abandon)
		}
	}
	return out
}

// Batch means: the measured span is cut into TheoryBatches windows of
// simulated time after TheoryWarmUp; each window's figures are one
// observation, and the 99% interval is Student's t on 19 degrees of
// freedom.
const (
	TheoryBatches   = 20
	theoryT99       = 2.8609 // t(0.995, 19)
	TheoryThreshold = 20 * time.Second
)

// TheoryWarmUp is how long a run goes before measuring: the center starts
// empty, which biases the first hours toward short waits.
// It is a whole number of 5-minute steps, as GetMetricData's windows are.
func TheoryWarmUp(p TheoryPoint) time.Duration {
	w := max(2*time.Hour, 40*p.AHT)
	return (w + metricsStep - 1).Truncate(metricsStep)
}

// CheckTheory simulates one point and compares it with Erlang C or A, as
// measured from the engine's events and as GetMetricData reports it.
func CheckTheory(p TheoryPoint) (TheoryResult, error) {
	mu := 1 / p.AHT.Seconds()
	lambda := p.Occupancy * float64(p.Agents) * mu
	// Windows on GetMetricData's 5-minute boundaries: the run starts on one
	// (workload.start), the warm-up and the batch width are whole multiples.
	warm := TheoryWarmUp(p)
	width := max(metricsStep, (time.Duration(float64(p.Contacts)/lambda/TheoryBatches) * time.Second).Truncate(metricsStep))
	span := width * TheoryBatches
	sc, err := theoryScenario(p, lambda, warm+span)
	if err != nil {
		return TheoryResult{}, err
	}
	tg, err := NewTarget(sc)
	if err != nil {
		return TheoryResult{}, err
	}
	var mq *metricsProbe
	rep, err := Run(sc, tg, Options{KeepContacts: true, Started: func(ids *seed.Result, start time.Time) {
		mq = newMetricsProbe(tg, ids, "Q", start.Add(warm), width)
	}})
	if err != nil {
		return TheoryResult{}, err
	}
	if err := mq.err(); err != nil {
		return TheoryResult{}, err
	}
	from := rep.Start.Add(warm)
	res := TheoryResult{Point: p, Wall: rep.Wall}
	res.Measured, res.Sim = measureFromEvents(rep, from, span)
	res.ReportedContacts, res.Reported = mq.figures()
	res.Mismatches = mq.compare(countByDisconnect(rep, from, width))
	if p.Patience == 0 {
		q := erlang.C{Lambda: lambda, Mu: mu, Agents: p.Agents}
		if err := q.Valid(); err != nil {
			return res, err
		}
		res.Theory = TheoryFigures[float64]{PWait: q.PWait(), ASA: q.ASA(), ServiceLevel: q.ServiceLevel(TheoryThreshold.Seconds())}
		res.ReportedTheory = res.Theory
		res.ReportedTheory.PWait = 1 - q.ServiceLevel(1)
	} else {
		a := erlang.A{Lambda: lambda, Mu: mu, Theta: 1 / p.Patience.Seconds(), Agents: p.Agents}
		r, err := a.Solve(TheoryThreshold.Seconds())
		if err != nil {
			return res, err
		}
		r1, err := a.Solve(1)
		if err != nil {
			return res, err
		}
		res.Theory = TheoryFigures[float64]{PWait: r.PWait, ServiceLevel: r.ServiceLevel, Abandon: r.PAbandon, ASA: math.NaN()}
		res.ReportedTheory = res.Theory
		res.ReportedTheory.PWait = 1 - r1.ServiceLevel
	}
	return res, nil
}

func theoryScenario(p TheoryPoint, lambda float64, duration time.Duration) (*scenario.Scenario, error) {
	patience := ""
	if p.Patience > 0 {
		patience = fmt.Sprintf("\n      patience: {dist: exponential, mean: %g}", p.Patience.Seconds())
	}
	y := fmt.Sprintf(`
instance: {alias: theory}
setup:
  queues: [{name: Q}]
  routing_profiles:
    - {name: P, concurrency: {VOICE: 1}, queues: [{queue: Q, channel: VOICE}]}
  users:
    - {username: "agent-{n}", count: %d, routing_profile: P}
workload:
  duration: %ds
  drain: 24h
  seed: %d
  interval: 1h
  service_level: %ds
  contact_types:
    - name: call
      queue: Q
      arrivals: {per_hour: %g}
      handle_time: {dist: exponential, mean: %g}%s
`, p.Agents, int64(duration.Seconds()), max(p.Seed, 1), int64(TheoryThreshold.Seconds()), lambda*3600, p.AHT.Seconds(), patience)
	return scenario.Parse([]byte(y), fmt.Sprintf("theory(c=%d, occupancy=%g)", p.Agents, p.Occupancy), scenario.FilesFrom(nil))
}

// measureFromEvents computes the figures per batch window from the
// contacts' records, which the engine's events made (QUEUED,
// CONNECTED_TO_AGENT, ABANDONED), each contact in the window in which it
// was queued. metricsProbe (reported.go) asks GetMetricData for the same
// figures, which attributes a contact to the window of its disconnect.
func measureFromEvents(rep *Report, from time.Time, span time.Duration) (int, TheoryFigures[Estimate]) {
	type acc struct {
		offered, waited, inSL, abandoned, answered int
		wait                                       float64
	}
	b := make([]acc, TheoryBatches)
	width := span / TheoryBatches
	n := 0
	for _, c := range rep.Contacts {
		i := int(c.Queued.Sub(from) / width)
		if c.Queued.Before(from) || i >= TheoryBatches {
			continue
		}
		n++
		a := &b[i]
		a.offered++
		if c.Wait > 0 {
			a.waited++
		}
		if c.Abandoned {
			a.abandoned++
		}
		if c.Answered {
			a.answered++
			a.wait += c.Wait.Seconds()
			if c.Wait <= TheoryThreshold {
				a.inSL++
			}
		}
	}
	est := func(f func(a acc) float64) Estimate {
		var xs []float64
		for _, a := range b {
			if a.offered > 0 {
				xs = append(xs, f(a))
			}
		}
		return batchMeans(xs)
	}
	return n, TheoryFigures[Estimate]{
		PWait:        est(func(a acc) float64 { return float64(a.waited) / float64(a.offered) }),
		ServiceLevel: est(func(a acc) float64 { return float64(a.inSL) / float64(a.offered) }),
		Abandon:      est(func(a acc) float64 { return float64(a.abandoned) / float64(a.offered) }),
		ASA: est(func(a acc) float64 {
			if a.answered == 0 {
				return 0
			}
			return a.wait / float64(a.answered)
		}),
	}
}

// batchMeans is the mean of the batch figures and the half-width of its
// 99% interval.
func batchMeans(xs []float64) Estimate {
	if len(xs) < 2 {
		return Estimate{Mean: math.NaN(), HalfWidth: math.Inf(1)}
	}
	var sum float64
	for _, x := range xs {
		sum += x
	}
	mean := sum / float64(len(xs))
	var ss float64
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	sd := math.Sqrt(ss / float64(len(xs)-1))
	t := theoryT99
	if len(xs) != TheoryBatches {
		t = 3.5 // a conservative t for fewer batches
	}
	return Estimate{Mean: mean, HalfWidth: t * sd / math.Sqrt(float64(len(xs)))}
}
