package reporting

import (
	"github.com/connect-local/connect-local/internal/instance"
	"sort"
	"strings"
	"time"
	_ "time/tzdata" // IANA zones for Interval.TimeZone, whatever the host has

	"github.com/connect-local/connect-local/internal/metrics"
)

// MetricsV2Request is GetMetricDataV2's input.
type MetricsV2Request struct {
	ResourceARN        string
	StartTime, EndTime time.Time
	IntervalPeriod     string // "" means TOTAL
	TimeZone           string // "" means UTC
	Filters            []FilterV2
	Groupings          []string
	Metrics            []MetricV2Spec
	MaxResults         int
	NextToken          string
}

// FilterV2 is one filter key and its values.
type FilterV2 struct {
	Key             string
	Values          []string
	StringCondition bool // set: not supported
}

// MetricV2Spec is one requested GetMetricDataV2 metric.
type MetricV2Spec struct {
	Name          string
	MetricID      string
	Thresholds    []MetricThreshold
	MetricFilters bool // set: not supported
}

// MetricsV2Result is GetMetricDataV2's output.
type MetricsV2Result struct {
	Rows      []MetricV2Row
	NextToken string
}

// MetricV2Row is one grouping combination in one interval.
type MetricV2Row struct {
	Dimensions map[string]string
	Period     string
	Start, End time.Time
	Values     []MetricValue
}

// GetMetricDataV2 limits.
const (
	MetricDataV2LookBack = 93 * 24 * time.Hour // "Historical metrics are available for 3 months"
	maxV2FilterKeys      = 5
	maxV2FilterValues    = 100
)

var v2Periods = map[string]time.Duration{
	"FIFTEEN_MIN": 15 * time.Minute, "THIRTY_MIN": 30 * time.Minute, "HOUR": time.Hour,
	"DAY": 24 * time.Hour, "WEEK": 7 * 24 * time.Hour, "TOTAL": 0,
}

// GetMetricDataV2 reads the historical buckets for the V2 metrics
// connect-local supports (docs/metrics.md).
func (s *Reporting) GetMetricDataV2(sc instance.Scope, in MetricsV2Request) (*MetricsV2Result, error) {
	if !strings.HasPrefix(in.ResourceARN, "arn:") {
		return nil, instance.InvalidParam("ResourceArn must be the ARN of an Amazon Connect instance.")
	}
	st, err := s.core.RLock(sc, in.ResourceARN)
	if err != nil {
		return nil, err
	}
	defer st.Mu.RUnlock()
	now := s.core.Clock.Now()
	// Time range and interval.
	period := in.IntervalPeriod
	if period == "" {
		period = "TOTAL"
	}
	if _, ok := v2Periods[period]; !ok {
		return nil, instance.InvalidParam("IntervalPeriod %s is not valid.", period)
	}
	loc := time.UTC
	if in.TimeZone != "" {
		if loc, err = time.LoadLocation(in.TimeZone); err != nil {
			return nil, instance.InvalidParam("TimeZone %q is not a known time zone.", in.TimeZone)
		}
	}
	if !in.EndTime.After(in.StartTime) {
		return nil, instance.InvalidParam("EndTime must be later than StartTime.")
	}
	if in.EndTime.After(now) {
		return nil, instance.InvalidParam("EndTime cannot be later than the current time.")
	}
	if in.StartTime.Before(now.Add(-MetricDataV2LookBack)) {
		return nil, instance.InvalidParam("StartTime cannot be earlier than 3 months before the current time.")
	}
	limit, name := 35*24*time.Hour, "35 days"
	if v2Periods[period] > 0 && v2Periods[period] < 24*time.Hour {
		limit, name = 3*24*time.Hour, "3 days"
	}
	if in.EndTime.Sub(in.StartTime) >= limit {
		return nil, instance.InvalidParam("With IntervalPeriod %s the time range must be less than %s.", period, name)
	}
	// Filters. A window may start and end at any instant: the parts that
	// do not fill 5 minutes come from the contact records.
	q := metrics.HistQuery{V2: true, Now: now, Groupings: in.Groupings,
		Segments: func(from, to time.Time) []metrics.Segment { return completedSegments(st, from, to) }}
	used := map[string]bool{}
	values, primary := 0, false
	for _, f := range in.Filters {
		if f.StringCondition {
			return nil, instance.InvalidParam("Filter %s: StringCondition is not supported by connect-local.", f.Key)
		}
		if used[f.Key] {
			return nil, instance.InvalidParam("Filter key %s appears more than once.", f.Key)
		}
		used[f.Key] = true
		if len(f.Values) == 0 {
			return nil, instance.InvalidParam("Filter %s needs at least one value.", f.Key)
		}
		var m map[string]bool
		switch f.Key {
		case metrics.DimQueue:
			m, err = resolveFilter(sc, st.ID, "queue", "QUEUE", f.Values)
			q.Queues, primary = m, true
		case metrics.DimProfile:
			m, err = resolveFilter(sc, st.ID, "routing-profile", "ROUTING_PROFILE", f.Values)
			q.Profiles, primary = m, true
		case metrics.DimAgent:
			m, err = resolveFilter(sc, st.ID, "agent", "AGENT", f.Values)
			q.Agents, primary = m, true
		case metrics.DimChannel:
			for _, ch := range f.Values {
				if !supportedChannels[ch] {
					return nil, instance.InvalidParam("%s is not a valid CHANNEL filter value.", ch)
				}
			}
			q.Channels = set(f.Values)
			values -= len(f.Values) // channels do not count toward the limit
		case metrics.DimStep:
			q.Steps = set(f.Values)
		default:
			return nil, instance.InvalidParam("Filter key %s is not supported by connect-local; use QUEUE, ROUTING_PROFILE, AGENT, CHANNEL or ROUTING_STEP_EXPRESSION.", f.Key)
		}
		if err != nil {
			return nil, err
		}
		values += len(f.Values)
	}
	if len(used) > maxV2FilterKeys {
		return nil, instance.InvalidParam("At most %d filter keys may be used.", maxV2FilterKeys)
	}
	if values > maxV2FilterValues {
		return nil, instance.InvalidParam("At most %d filter values (channels excluded) may be used.", maxV2FilterValues)
	}
	if !primary {
		return nil, instance.InvalidParam("Filters must include at least one of QUEUE, ROUTING_PROFILE or AGENT.")
	}
	// Groupings.
	grouped := map[string]bool{}
	for _, g := range in.Groupings {
		switch g {
		case metrics.DimQueue, metrics.DimChannel, metrics.DimProfile, metrics.DimAgent, metrics.DimStep:
		default:
			return nil, instance.InvalidParam("Grouping %s is not supported by connect-local; use QUEUE, CHANNEL, ROUTING_PROFILE, AGENT or ROUTING_STEP_EXPRESSION.", g)
		}
		if grouped[g] {
			return nil, instance.InvalidParam("Groupings must not repeat a grouping.")
		}
		grouped[g] = true
		used[g] = true
	}
	if err := metrics.ContactLayoutFor(used); err != nil {
		return nil, instance.InvalidParam("connect-local does not support this combination of groupings and filters: %v.", err)
	}
	// Metrics.
	if len(in.Metrics) == 0 {
		return nil, instance.InvalidParam("Metrics must name at least one metric.")
	}
	levels := 0
	for _, m := range in.Metrics {
		def, ok := metrics.V2[m.Name]
		if m.MetricID != "" {
			return nil, instance.InvalidParam("MetricId is not supported by connect-local; name the metric.")
		}
		if !ok {
			return nil, instance.InvalidParam("Metric %q is not supported by connect-local's GetMetricDataV2; the supported metrics are %s.", m.Name, strings.Join(supportedV2(), ", "))
		}
		if m.MetricFilters {
			return nil, instance.InvalidParam("MetricFilters are not supported by connect-local (metric %s).", m.Name)
		}
		spec := metrics.MetricSpec{Name: m.Name}
		switch {
		case def.Threshold && len(m.Thresholds) != 1:
			return nil, instance.InvalidParam("%s needs exactly one Threshold.", m.Name)
		case def.Threshold:
			t := m.Thresholds[0]
			x, err := thresholdOf(&t, t.Comparison == "", true)
			if err != nil {
				return nil, err
			}
			spec.Threshold, spec.Inclusive = x, t.Comparison == "LTE"
		case len(m.Thresholds) > 0:
			return nil, instance.InvalidParam("Threshold is not valid with %s.", m.Name)
		}
		if m.Name == "SERVICE_LEVEL" {
			if levels++; levels > metrics.MaxServiceLevels {
				return nil, instance.InvalidParam("At most %d SERVICE_LEVEL metrics may be requested.", metrics.MaxServiceLevels)
			}
		}
		for d := range used {
			if !def.Accepts(d) {
				return nil, instance.InvalidParam("%s is not a valid grouping or filter for %s; it accepts %s.", d, m.Name, strings.Join(def.Dims, ", "))
			}
		}
		q.Metrics = append(q.Metrics, spec)
	}
	binding := "GetMetricDataV2|" + st.ID + "|" + string(marshalJSON(struct {
		S, E int64
		P, Z string
		F    []FilterV2
		G    []string
		M    []MetricV2Spec
	}{in.StartTime.Unix(), in.EndTime.Unix(), period, in.TimeZone, in.Filters, in.Groupings, in.Metrics}))
	var tok metricsToken
	if in.NextToken != "" {
		if tok, err = s.readMetricsToken(in.NextToken, binding, 0); err != nil {
			return nil, err
		}
	}
	q.Intervals = v2Intervals(in.StartTime, in.EndTime, period, loc)
	rows, err := of(st).hist.Query(q)
	if err != nil {
		return nil, instance.InvalidParam("%v", err)
	}
	page, next := pageRows(rows, tok.LastKey, in.MaxResults)
	out := &MetricsV2Result{}
	for _, r := range page {
		iv := q.Intervals[r.Interval]
		row := MetricV2Row{Dimensions: map[string]string{}, Period: period, Start: iv.Start, End: iv.End}
		for _, g := range in.Groupings {
			switch g {
			case metrics.DimQueue:
				row.Dimensions["QUEUE"], row.Dimensions["QUEUE_ARN"] = r.Key.Queue, resourceARN(st, "queue", r.Key.Queue)
			case metrics.DimProfile:
				row.Dimensions["ROUTING_PROFILE"], row.Dimensions["ROUTING_PROFILE_ARN"] = r.Key.Profile, resourceARN(st, "routing-profile", r.Key.Profile)
			case metrics.DimAgent:
				row.Dimensions["AGENT"], row.Dimensions["AGENT_ARN"] = r.Key.Agent, resourceARN(st, "agent", r.Key.Agent)
			case metrics.DimChannel:
				row.Dimensions["CHANNEL"] = r.Key.Channel
			case metrics.DimStep:
				row.Dimensions["ROUTING_STEP_EXPRESSION"] = r.Key.Step
			}
		}
		for i, m := range in.Metrics {
			mv := MetricValue{Name: m.Name, Value: r.Values[i]}
			if len(m.Thresholds) > 0 {
				t := m.Thresholds[0]
				mv.Threshold = &t
			}
			row.Values = append(row.Values, mv)
		}
		out.Rows = append(out.Rows, row)
	}
	if next != "" {
		out.NextToken = s.makeMetricsToken(metricsToken{LastKey: next, Issued: now.Unix()}, binding)
	}
	return out, nil
}

func supportedV2() []string {
	out := make([]string, 0, len(metrics.V2))
	for n := range metrics.V2 {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// v2Intervals splits [start, end) at the period's boundaries in loc:
// quarter and half hours and hours on the clock, days at midnight, weeks
// at Monday midnight [INF]. The first and last interval may be partial.
func v2Intervals(start, end time.Time, period string, loc *time.Location) []metrics.Interval {
	if period == "TOTAL" {
		return []metrics.Interval{{Start: start, End: end}}
	}
	next := func(t time.Time) time.Time {
		l := t.In(loc)
		y, mo, d := l.Date()
		switch period {
		case "FIFTEEN_MIN", "THIRTY_MIN":
			step := 15
			if period == "THIRTY_MIN" {
				step = 30
			}
			b := time.Date(y, mo, d, l.Hour(), l.Minute()/step*step, 0, 0, loc)
			return b.Add(time.Duration(step) * time.Minute)
		case "HOUR":
			return time.Date(y, mo, d, l.Hour(), 0, 0, 0, loc).Add(time.Hour)
		case "DAY":
			return time.Date(y, mo, d+1, 0, 0, 0, 0, loc)
		default: // WEEK
			back := (int(l.Weekday()) + 6) % 7 // days since Monday
			return time.Date(y, mo, d-back+7, 0, 0, 0, 0, loc)
		}
	}
	var out []metrics.Interval
	for t := start; t.Before(end); {
		n := next(t)
		if !n.After(t) { // a DST fold: never loop
			n = t.Add(v2Periods[period])
		}
		if n.After(end) {
			n = end
		}
		out = append(out, metrics.Interval{Start: t.UTC(), End: n.UTC()})
		t = n
	}
	return out
}
