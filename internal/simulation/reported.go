package simulation

import (
	"errors"
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/connect-local/connect-local/internal/seed"
	"github.com/connect-local/connect-local/internal/service"
)

// metricsStep is GetMetricData's alignment: StartTime and EndTime on
// 5-minute boundaries (docs/metrics.md#time-rules).
const metricsStep = 5 * time.Minute

// windowCounts are one batch window's figures as counts and sums, so that
// the parts a window was asked in add up exactly. A contact counts in the
// window of its disconnect, as GetMetricData attributes it (docs/metrics.md#interval-attribution).
type windowCounts struct {
	queued, handled, abandoned int64
	answerSum                  float64 // seconds from enqueue to agent, handled contacts
	under20                    int64   // answered or abandoned under 20 s (SERVICE_LEVEL LT 20)
	within20                   int64   // answered within 20 s (SUM_CONTACTS_ANSWERED_IN_X LTE 20)
	under1                     int64   // answered under 1 s (SUM_CONTACTS_ANSWERED_IN_X LT 1)
}

// metricsProbe asks the service's GetMetricData and GetMetricDataV2 for
// the batch windows while the run goes. GetMetricData reads at most 24
// hours back and at most 24 hours at a time, and a run of a few hundred
// thousand contacts spans weeks to a year of simulated time, so each
// window is asked in parts of at most 24 hours on 5-minute boundaries, each
// at the instant it ends (a clock timer), and the parts are added up.
// GetMetricDataV2 is asked for the same parts: it alone has an inclusive
// threshold (SUM_CONTACTS_ANSWERED_IN_X with LTE, as the events' SL
// counts) and counts answers without abandons.
type metricsProbe struct {
	t          Target
	instanceID string
	arn        string
	queueID    string
	from       time.Time
	width      time.Duration

	mu   sync.Mutex
	v1   [TheoryBatches]windowCounts
	v2   [TheoryBatches]windowCounts
	errs []error
}

// newMetricsProbe schedules the queries for TheoryBatches windows of width
// from from, on queue (a scenario name).
func newMetricsProbe(t Target, ids *seed.Result, queue string, from time.Time, width time.Duration) *metricsProbe {
	m := &metricsProbe{t: t, instanceID: ids.InstanceID, queueID: ids.QueueID(queue), from: from, width: width}
	in, err := t.Service.DescribeInstance(t.Scope, ids.InstanceID)
	if err != nil {
		m.errs = append(m.errs, err)
		return m
	}
	m.arn = in.ARN
	if !from.Equal(from.Truncate(metricsStep)) || width%metricsStep != 0 {
		m.errs = append(m.errs, fmt.Errorf("batch windows from %s, %s wide, are not on 5-minute boundaries", from, width))
		return m
	}
	now := t.Clock.Now()
	for i := range TheoryBatches {
		start := from.Add(time.Duration(i) * width)
		end := start.Add(width)
		for a := start; a.Before(end); a = a.Add(service.MetricDataLookBack) {
			part, b := a, a.Add(service.MetricDataLookBack)
			if b.After(end) {
				b = end
			}
			t.Clock.Schedule(b.Sub(now), func() { m.ask(i, part, b) })
		}
	}
	return m
}

var (
	countSum = func(name string) service.HistoricalMetricSpec {
		return service.HistoricalMetricSpec{Name: name, Unit: "COUNT", Statistic: "SUM"}
	}
	reportedV1 = []service.HistoricalMetricSpec{
		countSum("CONTACTS_QUEUED"), countSum("CONTACTS_HANDLED"), countSum("CONTACTS_ABANDONED"),
		{Name: "QUEUE_ANSWER_TIME", Unit: "SECONDS", Statistic: "AVG"},
		{Name: "SERVICE_LEVEL", Unit: "PERCENT", Statistic: "AVG", Threshold: &service.MetricThreshold{Comparison: "LT", Value: TheoryThreshold.Seconds()}},
	}
	reportedV2 = []service.MetricV2Spec{
		{Name: "CONTACTS_QUEUED"}, {Name: "CONTACTS_HANDLED"}, {Name: "CONTACTS_ABANDONED"}, {Name: "AVG_QUEUE_ANSWER_TIME"},
		{Name: "SUM_CONTACTS_ANSWERED_IN_X", Thresholds: []service.MetricThreshold{{Comparison: "LTE", Value: TheoryThreshold.Seconds()}}},
		{Name: "SUM_CONTACTS_ANSWERED_IN_X", Thresholds: []service.MetricThreshold{{Comparison: "LT", Value: 1}}},
	}
)

// ask queries [a, b) for window i; the clock stands at b.
func (m *metricsProbe) ask(i int, a, b time.Time) {
	var v1, v2 windowCounts
	r1, err := m.t.Service.GetMetricData(m.t.Scope, m.instanceID, service.HistoricalMetricsRequest{StartTime: a, EndTime: b,
		HasFilters: true, Queues: []string{m.queueID}, Metrics: reportedV1})
	if err == nil {
		for _, row := range r1.Rows {
			x := values(row.Values)
			v1.queued += int64(x[0])
			v1.handled += int64(x[1])
			v1.abandoned += int64(x[2])
			v1.answerSum += x[3] * x[1]
			v1.under20 += int64(math.Round(x[4] * x[0] / 100))
		}
		var r2 *service.MetricsV2Result
		r2, err = m.t.Service.GetMetricDataV2(m.t.Scope, service.MetricsV2Request{ResourceARN: m.arn, StartTime: a, EndTime: b,
			Filters: []service.FilterV2{{Key: "QUEUE", Values: []string{m.queueID}}}, Metrics: reportedV2})
		if err == nil {
			for _, row := range r2.Rows {
				x := values(row.Values)
				v2.queued += int64(x[0])
				v2.handled += int64(x[1])
				v2.abandoned += int64(x[2])
				v2.answerSum += x[3] * x[1]
				v2.within20 += int64(x[4])
				v2.under1 += int64(x[5])
			}
		}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if err != nil {
		if len(m.errs) < 5 {
			m.errs = append(m.errs, fmt.Errorf("GetMetricData %s to %s: %w", a.Format(time.RFC3339), b.Format(time.RFC3339), err))
		}
		return
	}
	add(&m.v1[i], v1)
	add(&m.v2[i], v2)
}

func values(vs []service.MetricValue) []float64 {
	out := make([]float64, len(vs))
	for i, v := range vs {
		if v.Value != nil {
			out[i] = *v.Value
		}
	}
	return out
}

func add(w *windowCounts, o windowCounts) {
	w.queued += o.queued
	w.handled += o.handled
	w.abandoned += o.abandoned
	w.answerSum += o.answerSum
	w.under20 += o.under20
	w.within20 += o.within20
	w.under1 += o.under1
}

func (m *metricsProbe) err() error {
	if m == nil {
		return errors.New("the run never started the GetMetricData probe")
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return errors.Join(m.errs...)
}

// figures are the batch-means estimates from what the APIs reported:
// counts, abandonment and ASA from GetMetricData, SL(20 s) and SL(1 s)
// from GetMetricDataV2's answered-in-X over GetMetricData's queued.
func (m *metricsProbe) figures() (int, TheoryFigures[Estimate]) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var pw, sl, ab, asa []float64
	n := 0
	for i, w := range m.v1 {
		if w.queued == 0 {
			continue
		}
		n += int(w.queued)
		q := float64(w.queued)
		pw = append(pw, 1-float64(m.v2[i].under1)/q)
		sl = append(sl, float64(m.v2[i].within20)/q)
		ab = append(ab, float64(w.abandoned)/q)
		a := 0.0
		if w.handled > 0 {
			a = w.answerSum / float64(w.handled)
		}
		asa = append(asa, a)
	}
	return n, TheoryFigures[Estimate]{PWait: batchMeans(pw), ServiceLevel: batchMeans(sl), Abandon: batchMeans(ab), ASA: batchMeans(asa)}
}

// compare lists every figure where GetMetricData or GetMetricDataV2
// differs from the events' count of the same contacts (by disconnect).
// Counts must be equal; answer-time sums equal up to rounding.
func (m *metricsProbe) compare(events [TheoryBatches]windowCounts) []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []string
	for i, e := range events {
		v1, v2 := m.v1[i], m.v2[i]
		for _, c := range []struct {
			what      string
			got, want int64
		}{
			{"GetMetricData CONTACTS_QUEUED", v1.queued, e.queued},
			{"GetMetricData CONTACTS_HANDLED", v1.handled, e.handled},
			{"GetMetricData CONTACTS_ABANDONED", v1.abandoned, e.abandoned},
			{"GetMetricData SERVICE_LEVEL LT 20 × queued", v1.under20, e.under20},
			{"GetMetricDataV2 CONTACTS_QUEUED", v2.queued, e.queued},
			{"GetMetricDataV2 CONTACTS_HANDLED", v2.handled, e.handled},
			{"GetMetricDataV2 CONTACTS_ABANDONED", v2.abandoned, e.abandoned},
			{"GetMetricDataV2 SUM_CONTACTS_ANSWERED_IN_X LTE 20", v2.within20, e.within20},
			{"GetMetricDataV2 SUM_CONTACTS_ANSWERED_IN_X LT 1", v2.under1, e.under1},
		} {
			if c.got != c.want {
				out = append(out, fmt.Sprintf("window %d: %s %d, events %d", i, c.what, c.got, c.want))
			}
		}
		for _, c := range []struct {
			what string
			got  float64
		}{{"GetMetricData QUEUE_ANSWER_TIME", v1.answerSum}, {"GetMetricDataV2 AVG_QUEUE_ANSWER_TIME", v2.answerSum}} {
			if math.Abs(c.got-e.answerSum) > 1e-9*max(1, e.answerSum) {
				out = append(out, fmt.Sprintf("window %d: %s × handled %.6f s, events %.6f s", i, c.what, c.got, e.answerSum))
			}
		}
	}
	return out
}

// countByDisconnect counts the contacts' records as GetMetricData does:
// each in the window of its disconnect.
func countByDisconnect(rep *Report, from time.Time, width time.Duration) [TheoryBatches]windowCounts {
	var out [TheoryBatches]windowCounts
	for _, c := range rep.Contacts {
		if c.Disconnected.Before(from) {
			continue
		}
		i := int(c.Disconnected.Sub(from) / width)
		if i >= TheoryBatches {
			continue
		}
		w := &out[i]
		w.queued++
		if c.Answered {
			w.handled++
			w.answerSum += c.Wait.Seconds()
			if c.Wait <= TheoryThreshold {
				w.within20++
			}
			if c.Wait < time.Second {
				w.under1++
			}
		}
		if c.Abandoned {
			w.abandoned++
		}
		if (c.Answered || c.Abandoned) && c.Wait < TheoryThreshold {
			w.under20++
		}
	}
	return out
}
