package reporting

import (
	"fmt"
	"github.com/connect-local/connect-local/internal/instance"
	"math"
	"strings"
	"time"

	"github.com/connect-local/connect-local/internal/metrics"
)

// HistoricalMetricsRequest is GetMetricData's input (docs/metrics.md#getmetricdata).
type HistoricalMetricsRequest struct {
	StartTime, EndTime time.Time
	HasFilters         bool
	Queues, Channels   []string
	// RoutingProfiles and StepExpressions are not valid GetMetricData
	// filters; they are here to be refused (docs/metrics.md#filters-and-groupings).
	RoutingProfiles []string
	StepExpressions []string
	Unsupported     []string
	Groupings       []string
	Metrics         []HistoricalMetricSpec
	MaxResults      int
	NextToken       string
}

// HistoricalMetricSpec is one HistoricalMetrics entry ("" when omitted).
type HistoricalMetricSpec struct {
	Name, Unit, Statistic string
	Threshold             *MetricThreshold
	// ThresholdIncomplete: Threshold was sent without Comparison or value.
	ThresholdIncomplete bool
}

// HistoricalMetricsResult is GetMetricData's output.
type HistoricalMetricsResult struct {
	Rows      []HistoricalMetricRow
	NextToken string
}

// HistoricalMetricRow is one grouping combination with the requested
// metrics in request order.
type HistoricalMetricRow struct {
	Queue          *ResourceRef
	Channel        string
	StepExpression string
	Values         []MetricValue
}

// MetricDataLookBack is how far back GetMetricData reads (docs/metrics.md#time-rules).
const MetricDataLookBack = 24 * time.Hour

// GetMetricData reads the historical buckets (docs/metrics.md#getmetricdata), validating in the
// order of docs/metrics.md#time-rules and docs/metrics.md#filters-and-groupings.
func (s *Reporting) GetMetricData(sc instance.Scope, instanceID string, in HistoricalMetricsRequest) (*HistoricalMetricsResult, error) {
	st, err := s.core.RLock(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer st.Mu.RUnlock()
	now := s.core.Clock.Now()
	if !in.HasFilters {
		return nil, instance.InvalidParam("Filters is required.")
	}
	if len(in.Metrics) == 0 {
		return nil, instance.InvalidParam("HistoricalMetrics must name at least one metric.")
	}
	// docs/metrics.md#time-rules time rules.
	if !metrics.Aligned(in.StartTime) {
		return nil, instance.InvalidParam("StartTime must be specified in 5-minute increments (e.g. 10:05, 10:10), with no seconds.")
	}
	if in.StartTime.Before(now.Add(-MetricDataLookBack)) {
		return nil, instance.InvalidParam("StartTime cannot be earlier than 24 hours before the time of the request.")
	}
	if !metrics.Aligned(in.EndTime) {
		return nil, instance.InvalidParam("EndTime must be specified in 5-minute increments (e.g. 11:00, 11:05), with no seconds.")
	}
	if !in.EndTime.After(in.StartTime) {
		return nil, instance.InvalidParam("EndTime must be later than StartTime.")
	}
	if in.EndTime.Sub(in.StartTime) > MetricDataLookBack {
		return nil, instance.InvalidParam("The time range between StartTime and EndTime must be less than 24 hours.")
	}
	// docs/metrics.md#filters-and-groupings filters.
	if len(in.Unsupported) > 0 {
		return nil, instance.InvalidParam("connect-local does not support %s in GetMetricData.", strings.Join(in.Unsupported, ", "))
	}
	if len(in.StepExpressions) > 0 {
		return nil, instance.InvalidParam("RoutingStepExpressions is not a valid filter for GetMetricData; use GetMetricDataV2.")
	}
	if len(in.RoutingProfiles) > 0 {
		return nil, instance.InvalidParam("RoutingProfiles is not a valid filter for GetMetricData; use GetMetricDataV2.")
	}
	if len(in.Queues) == 0 {
		return nil, instance.InvalidParam("Filters must include at least one queue.")
	}
	for _, ch := range in.Channels {
		if ch != "VOICE" && ch != "CHAT" && ch != "TASK" {
			return nil, instance.InvalidParam("Channel %s is not supported by GetMetricData; use VOICE, CHAT or TASK.", ch)
		}
	}
	groups := map[string]bool{}
	for _, g := range in.Groupings {
		switch g {
		case metrics.DimQueue, metrics.DimChannel, metrics.DimStep:
		case metrics.DimProfile:
			return nil, instance.InvalidParam("ROUTING_PROFILE is not a valid grouping for GetMetricData; use GetMetricDataV2.")
		default:
			return nil, instance.InvalidParam("Grouping %s is not supported by GetMetricData; use QUEUE, CHANNEL or ROUTING_STEP_EXPRESSION.", g)
		}
		if groups[g] {
			return nil, instance.InvalidParam("Groupings must not repeat a grouping.")
		}
		groups[g] = true
	}
	// Metrics: name, unit, statistic and threshold (docs/metrics.md#filters-and-groupings, docs/metrics.md#the-25-historical-metrics).
	levels := 0
	specs := make([]metrics.MetricSpec, len(in.Metrics))
	for i, m := range in.Metrics {
		def, ok := metrics.Historical[m.Name]
		if m.Name == "" || !ok {
			return nil, instance.InvalidParam("HistoricalMetrics[%d]: %q is not a GetMetricData metric.", i, m.Name)
		}
		if m.Unit != def.Unit || m.Statistic != def.Statistic {
			return nil, instance.InvalidParam("%s must be requested with Unit %s and Statistic %s.", m.Name, def.Unit, def.Statistic)
		}
		specs[i].Name = m.Name
		if m.Name != "SERVICE_LEVEL" {
			if m.Threshold != nil || m.ThresholdIncomplete {
				return nil, instance.InvalidParam("Threshold is only valid with SERVICE_LEVEL, not with %s.", m.Name)
			}
			continue
		}
		levels++
		if levels > metrics.MaxServiceLevels {
			return nil, instance.InvalidParam("At most %d SERVICE_LEVEL metrics may be requested.", metrics.MaxServiceLevels)
		}
		x, err := thresholdOf(m.Threshold, m.ThresholdIncomplete, false)
		if err != nil {
			return nil, err
		}
		specs[i].Threshold = x
	}
	binding := "GetMetricData|" + st.ID + "|" + string(marshalJSON(struct {
		S, E    int64
		Q, C, G []string
		M       []HistoricalMetricSpec
	}{in.StartTime.Unix(), in.EndTime.Unix(), in.Queues, in.Channels, in.Groupings, in.Metrics}))
	var tok metricsToken
	if in.NextToken != "" {
		if tok, err = s.readMetricsToken(in.NextToken, binding, MetricsTokenTTL); err != nil {
			return nil, err
		}
	}
	q := metrics.HistQuery{Now: now, Intervals: []metrics.Interval{{Start: in.StartTime, End: in.EndTime}},
		Groupings: in.Groupings, Metrics: specs, ProfileConfigs: profileConfigs(st)}
	if q.Queues, err = resolveFilter(sc, st.ID, "queue", "Queues", in.Queues); err != nil {
		return nil, err
	}
	if len(in.Channels) > 0 {
		q.Channels = set(in.Channels)
	}
	rows, err := of(st).hist.Query(q)
	if err != nil {
		return nil, instance.InvalidParam("%v", err)
	}
	page, next := pageRows(rows, tok.LastKey, in.MaxResults)
	out := &HistoricalMetricsResult{}
	for _, r := range page {
		row := HistoricalMetricRow{Channel: r.Key.Channel, StepExpression: r.Key.Step}
		if r.Key.Queue != "" {
			row.Queue = &ResourceRef{ID: r.Key.Queue, ARN: resourceARN(st, "queue", r.Key.Queue)}
		}
		for i, m := range in.Metrics {
			row.Values = append(row.Values, MetricValue{Name: m.Name, Unit: m.Unit, Statistic: m.Statistic, Threshold: m.Threshold, Value: r.Values[i]})
		}
		out.Rows = append(out.Rows, row)
	}
	if next != "" {
		out.NextToken = s.makeMetricsToken(metricsToken{LastKey: next, Issued: now.Unix()}, binding)
	}
	return out, nil
}

// thresholdOf checks a service-level threshold: Comparison LT (or LTE for
// GetMetricDataV2) and a whole number of seconds in 1..604800.
func thresholdOf(t *MetricThreshold, incomplete, lteOK bool) (int64, error) {
	if t == nil || incomplete {
		return 0, instance.InvalidParam("SERVICE_LEVEL needs a Threshold with Comparison and ThresholdValue.")
	}
	if t.Comparison != "LT" && !(lteOK && t.Comparison == "LTE") {
		if lteOK {
			return 0, instance.InvalidParam("Threshold Comparison must be LT or LTE, not %q.", t.Comparison)
		}
		return 0, instance.InvalidParam("Threshold Comparison must be LT, not %q.", t.Comparison)
	}
	if t.Value != math.Trunc(t.Value) || t.Value < 1 || t.Value > metrics.MaxThresholdSecond {
		return 0, instance.InvalidParam("ThresholdValue must be a whole number of seconds from 1 to %d, not %v.", metrics.MaxThresholdSecond, t.Value)
	}
	return int64(t.Value), nil
}

func set(values []string) map[string]bool {
	m := make(map[string]bool, len(values))
	for _, v := range values {
		m[v] = true
	}
	return m
}

// profileConfigs lists each routing profile's (queue, channel) pairs.
func profileConfigs(st *instance.State) map[string][]metrics.QueueChannel {
	out := make(map[string][]metrics.QueueChannel, len(st.Profiles))
	for _, p := range st.Profiles {
		for _, qc := range p.QueueConfigs {
			out[p.ID] = append(out[p.ID], metrics.QueueChannel{Queue: qc.QueueID, Channel: qc.Channel})
		}
	}
	return out
}

// rowKey orders historical rows for paging: dimensions, then interval.
func rowKey(r metrics.HistRow) string {
	return strings.Join([]string{r.Key.Queue, r.Key.Channel, r.Key.Profile, r.Key.Agent, r.Key.Step, fmt.Sprintf("%08d", r.Interval)}, "\x00")
}

// pageRows returns the rows after lastKey (rows are in key order) and the
// key to continue from ("" at the end).
func pageRows(rows []metrics.HistRow, lastKey string, max int) ([]metrics.HistRow, string) {
	if max <= 0 {
		max = 100
	}
	start := 0
	if lastKey != "" {
		for start < len(rows) && rowKey(rows[start]) <= lastKey {
			start++
		}
	}
	end := min(start+max, len(rows))
	next := ""
	if end < len(rows) {
		next = rowKey(rows[end-1])
	}
	return rows[start:end], next
}
