package reporting

import (
	"github.com/connect-local/connect-local/internal/engine"
	"github.com/connect-local/connect-local/internal/instance"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/connect-local/connect-local/internal/metrics"
	"github.com/connect-local/connect-local/internal/routing"
)

// CurrentMetricsRequest is GetCurrentMetricData's input (docs/metrics.md#request-and-response).
type CurrentMetricsRequest struct {
	HasFilters      bool
	Queues          []string
	RoutingProfiles []string
	Channels        []string
	// StepExpressions are the RoutingStepExpressions filter values;
	// StepParsed[i] is StepExpressions[i] parsed, nil when it is not an
	// expression (it then matches contacts by string only).
	StepExpressions []string
	StepParsed      []*routing.Expression
	// Unsupported names post-2023 members that were set and that
	// connect-local does not implement (e.g. "Filters.AgentStatuses").
	Unsupported []string
	Groupings   []string
	Metrics     []MetricName
	Sort        []SortCriterion
	MaxResults  int
	NextToken   string
}

// MetricName is a requested metric: name and unit ("" when omitted).
type MetricName struct{ Name, Unit string }

// SortCriterion is one SortCriteria entry ("" when a member is omitted).
type SortCriterion struct{ Metric, Order string }

// CurrentMetricsResult is GetCurrentMetricData's output.
type CurrentMetricsResult struct {
	Rows         []CurrentMetricRow
	NextToken    string
	SnapshotTime time.Time
	Total        int
}

// CurrentMetricRow is one result row: the grouped dimensions and the
// requested metrics in request order.
type CurrentMetricRow struct {
	Queue          *ResourceRef
	RoutingProfile *ResourceRef
	Channel        string
	StepExpression string
	Values         []MetricValue
}

// ResourceRef names a queue or routing profile in a result.
type ResourceRef struct{ ID, ARN string }

// MetricValue is one collection entry; Value is nil when it cannot be
// computed.
type MetricValue struct {
	Name, Unit, Statistic string
	Threshold             *MetricThreshold
	Value                 *float64
}

// MetricThreshold is a metric's threshold as requested.
type MetricThreshold struct {
	Comparison string
	Value      float64
}

var supportedChannels = map[string]bool{"VOICE": true, "CHAT": true, "TASK": true, "EMAIL": true}

// GetCurrentMetricData computes real-time metrics from the live engine at
// the clock's now, validating in the order of docs/metrics.md#validation-order.
func (s *Reporting) GetCurrentMetricData(sc instance.Scope, instanceID string, in CurrentMetricsRequest) (*CurrentMetricsResult, error) {
	// 1. The instance.
	st, err := s.core.RLock(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer st.Mu.RUnlock()
	// 2. Required members.
	if !in.HasFilters {
		return nil, instance.InvalidParam("Filters is required.")
	}
	if len(in.Metrics) == 0 {
		return nil, instance.InvalidParam("CurrentMetrics must name at least one metric.")
	}
	// 3. What the model allows and connect-local implements.
	if len(in.Unsupported) > 0 {
		return nil, instance.InvalidParam("connect-local does not support %s in GetCurrentMetricData.", strings.Join(in.Unsupported, ", "))
	}
	for i, m := range in.Metrics {
		if m.Name == "" {
			return nil, instance.InvalidParam("CurrentMetrics[%d].Name is required.", i)
		}
		if metrics.CurrentIndex(m.Name) < 0 {
			return nil, instance.InvalidParam("Metric %s is not supported by GetCurrentMetricData; the metrics are %s.", m.Name, strings.Join(metrics.CurrentMetrics[:], ", "))
		}
	}
	for _, g := range in.Groupings {
		switch g {
		case metrics.DimQueue, metrics.DimChannel, metrics.DimProfile, metrics.DimStep:
		default:
			return nil, instance.InvalidParam("Grouping %s is not supported by connect-local; use QUEUE, CHANNEL, ROUTING_PROFILE or ROUTING_STEP_EXPRESSION.", g)
		}
	}
	for _, ch := range in.Channels {
		if !supportedChannels[ch] {
			return nil, instance.InvalidParam("Channel %s is not valid.", ch)
		}
	}
	// 4, 5. The primary filter: queues or routing profiles, not both.
	if len(in.Queues) == 0 && len(in.RoutingProfiles) == 0 {
		return nil, instance.InvalidParam("Filters must include Queues or RoutingProfiles.")
	}
	if len(in.Queues) > 0 && len(in.RoutingProfiles) > 0 {
		return nil, instance.InvalidParam("Filters cannot include both Queues and RoutingProfiles.")
	}
	groups := map[string]bool{}
	for _, g := range in.Groupings {
		groups[g] = true
	}
	// 6. Grouping by routing profile.
	if groups[metrics.DimProfile] && len(in.RoutingProfiles) == 0 {
		for _, m := range in.Metrics {
			if m.Name == metrics.ContactsScheduled || m.Name == metrics.ContactsInQueue || m.Name == metrics.OldestContactAge {
				return nil, instance.InvalidParam("Grouping by ROUTING_PROFILE with metric %s requires a RoutingProfiles filter.", m.Name)
			}
		}
	}
	// 7. Routing-step expressions.
	if len(in.StepExpressions) > 0 {
		if len(in.Queues) != 1 {
			return nil, instance.InvalidParam("The RoutingStepExpressions filter requires exactly one queue in the Queues filter.")
		}
		if !groups[metrics.DimStep] {
			return nil, instance.InvalidParam("The RoutingStepExpressions filter requires grouping by ROUTING_STEP_EXPRESSION.")
		}
	} else if groups[metrics.DimStep] {
		return nil, instance.InvalidParam("Grouping by ROUTING_STEP_EXPRESSION requires a RoutingStepExpressions filter.")
	}
	// 8 is a fallback (CHANNEL without a Channels filter groups the
	// channels that have data). 9. Groupings.
	if len(groups) != len(in.Groupings) {
		return nil, instance.InvalidParam("Groupings must not repeat a grouping.")
	}
	if groups[metrics.DimProfile] && groups[metrics.DimStep] {
		return nil, instance.InvalidParam("ROUTING_PROFILE and ROUTING_STEP_EXPRESSION cannot be grouped together.")
	}
	// 10. Units.
	for _, m := range in.Metrics {
		if want := metrics.CurrentUnit(m.Name); m.Unit != "" && m.Unit != want {
			return nil, instance.InvalidParam("The unit of %s is %s, not %s.", m.Name, want, m.Unit)
		}
	}
	// 11. Sorting.
	sortBy, desc := metrics.AgentsOnline, true
	for _, c := range in.Sort {
		if c.Metric == "" {
			return nil, instance.InvalidParam("SortCriteria.SortByMetric is required.")
		}
		if c.Metric == metrics.SlotsActive || c.Metric == metrics.SlotsAvailable {
			return nil, instance.InvalidParam("Sorting on %s is not supported.", c.Metric)
		}
		found := false
		for _, m := range in.Metrics {
			found = found || m.Name == c.Metric
		}
		if !found {
			return nil, instance.InvalidParam("SortCriteria sorts on %s, which is not among the requested CurrentMetrics.", c.Metric)
		}
		sortBy, desc = c.Metric, c.Order != "ASCENDING"
	}
	// 12. The token.
	binding := "GetCurrentMetricData|" + st.ID + "|" + string(marshalJSON(struct {
		Q, P, C, E, G []string
		M             []MetricName
		S             []SortCriterion
	}{in.Queues, in.RoutingProfiles, in.Channels, in.StepExpressions, in.Groupings, in.Metrics, in.Sort}))
	var tok metricsToken
	if in.NextToken != "" {
		if tok, err = s.readMetricsToken(in.NextToken, binding, MetricsTokenTTL); err != nil {
			return nil, err
		}
	}
	// 13. IDs and ARNs.
	q := metrics.CurrentQuery{Groupings: in.Groupings}
	if q.Queues, err = resolveFilter(sc, st.ID, "queue", "Queues", in.Queues); err != nil {
		return nil, err
	}
	if q.Profiles, err = resolveFilter(sc, st.ID, "routing-profile", "RoutingProfiles", in.RoutingProfiles); err != nil {
		return nil, err
	}
	if len(in.Channels) > 0 {
		q.Channels = map[string]bool{}
		for _, ch := range in.Channels {
			q.Channels[ch] = true
		}
	}
	for i, e := range in.StepExpressions {
		f := metrics.StepFilter{Key: e}
		if i < len(in.StepParsed) {
			f.Expr = in.StepParsed[i]
		}
		q.Steps = append(q.Steps, f)
	}

	m := of(st)
	var snap *cachedSnapshot
	if tok.Snapshot != "" {
		snap = m.pages.get(tok.Snapshot, binding)
	}
	if snap == nil {
		snap = s.computeCurrent(st, q, in.Metrics, sortBy, desc)
		snap.binding = binding
		tok.Snapshot = m.pages.put(snap)
	}
	max := in.MaxResults
	if max <= 0 {
		max = 100
	}
	start := min(tok.Offset, len(snap.rows))
	end := min(start+max, len(snap.rows))
	out := &CurrentMetricsResult{Rows: snap.rows[start:end], SnapshotTime: snap.at, Total: len(snap.rows)}
	if end < len(snap.rows) {
		out.NextToken = s.makeMetricsToken(metricsToken{Snapshot: tok.Snapshot, Offset: end, Issued: s.core.Clock.Now().Unix()}, binding)
	}
	return out, nil
}

// resolveFilter turns filter IDs or ARNs into IDs. A malformed or foreign
// ARN is an error; an unknown ID simply matches nothing (docs/metrics.md#validation-order #13).
// A nil map means the filter is absent.
func resolveFilter(sc instance.Scope, instanceID, kind, member string, values []string) (map[string]bool, error) {
	if len(values) == 0 {
		return nil, nil
	}
	out := make(map[string]bool, len(values))
	for _, v := range values {
		id, ok := instance.ResolveID(sc, instanceID, kind, v)
		if !ok {
			return nil, instance.InvalidParam("%s: %s is not an ARN of a %s of this instance.", member, v, strings.ReplaceAll(kind, "-", " "))
		}
		out[id] = true
	}
	return out, nil
}

// computeCurrent evaluates the real-time metrics and lays the rows out as
// the response wants them, sorted (docs/metrics.md#the-oldest_contact_age-unit-quirk, docs/metrics.md#output-sorting-and-paging).
func (s *Reporting) computeCurrent(st *instance.State, q metrics.CurrentQuery, want []MetricName, sortBy string, desc bool) *cachedSnapshot {
	snap := s.currentSnapshot(st, q)
	rows := metrics.Current(snap, q)
	si := metrics.CurrentIndex(sortBy)
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i].Values[si], rows[j].Values[si]
		if a != b {
			return (a > b) == desc
		}
		return rows[i].Key.Less(rows[j].Key)
	})
	grouped := len(q.Groupings) > 0
	out := &cachedSnapshot{at: snap.Now, rows: make([]CurrentMetricRow, len(rows))}
	for i, r := range rows {
		row := CurrentMetricRow{Channel: r.Key.Channel, StepExpression: r.Key.Step}
		if r.Key.Queue != "" {
			row.Queue = &ResourceRef{ID: r.Key.Queue, ARN: resourceARN(st, "queue", r.Key.Queue)}
		}
		if r.Key.Profile != "" {
			row.RoutingProfile = &ResourceRef{ID: r.Key.Profile, ARN: resourceARN(st, "routing-profile", r.Key.Profile)}
		}
		for _, m := range want {
			v := r.Values[metrics.CurrentIndex(m.Name)]
			if m.Name == metrics.OldestContactAge {
				// docs/metrics.md#the-oldest_contact_age-unit-quirk: milliseconds under the SECONDS unit when
				// ungrouped; seconds (to the millisecond) when grouped.
				if grouped {
					v = math.Round(v*1000) / 1000
				} else {
					v = math.Round(v * 1000)
				}
			}
			row.Values = append(row.Values, MetricValue{Name: m.Name, Unit: metrics.CurrentUnit(m.Name), Value: &v})
		}
		out.rows[i] = row
	}
	return out
}

func resourceARN(st *instance.State, kind, id string) string {
	switch kind {
	case "queue":
		if q := st.Queues[id]; q != nil {
			return q.ARN
		}
	case "routing-profile":
		if p := st.Profiles[id]; p != nil {
			return p.ARN
		}
	case "agent":
		if u := st.Users[id]; u != nil {
			return u.ARN
		}
	}
	return st.Scope.ARN("instance/" + st.ID + "/" + kind + "/" + id)
}

// currentSnapshot is the live state real-time metrics read (the caller
// holds s.mu): only the agents whose routing profile the filter reaches and
// the contacts of the queues it reaches. Proficiencies and step
// expressions are filled only for a query by routing step.
func (s *Reporting) currentSnapshot(st *instance.State, q metrics.CurrentQuery) *metrics.Snapshot {
	steps := len(q.Steps) > 0
	snap := &metrics.Snapshot{Now: s.core.Clock.Now(), Profiles: map[string]*metrics.Profile{}}
	queues := map[string]bool{}
	for _, p := range st.Profiles {
		reached := q.Profiles[p.ID]
		for _, qc := range p.QueueConfigs {
			reached = reached || q.Queues[qc.QueueID]
		}
		if !reached {
			continue
		}
		mp := &metrics.Profile{ID: p.ID, Concurrency: map[string]int{}, AnyChannel: map[string]bool{}}
		for _, mc := range p.MediaConcurrencies {
			mp.Concurrency[mc.Channel] = int(mc.Concurrency)
			mp.AnyChannel[mc.Channel] = mc.CrossChannelBehavior == "ROUTE_ANY_CHANNEL"
		}
		for _, qc := range p.QueueConfigs {
			mp.Configs = append(mp.Configs, metrics.QueueChannel{Queue: qc.QueueID, Channel: qc.Channel})
			if q.Profiles[p.ID] {
				queues[qc.QueueID] = true
			}
		}
		snap.Profiles[p.ID] = mp
	}
	for id := range q.Queues {
		queues[id] = true
	}
	for _, a := range st.Eng.AgentStates() {
		u := st.Users[a.UserID]
		as := st.Statuses[a.StatusID]
		if u == nil || as == nil || as.Type == "OFFLINE" || snap.Profiles[u.RoutingProfileID] == nil {
			continue
		}
		ma := metrics.Agent{ID: u.ID, ProfileID: u.RoutingProfileID, Status: as.Type, NextPending: a.NextStatusID != ""}
		if len(a.Connections) > 0 {
			ma.Conns = make([]metrics.Conn, 0, len(a.Connections))
			for _, cn := range a.Connections {
				ma.Conns = append(ma.Conns, metrics.Conn{Channel: cn.Channel, State: cn.State})
			}
		}
		if steps {
			ma.Proficiencies = make(map[routing.Attr]float64, len(u.Proficiencies))
			for _, p := range u.Proficiencies {
				ma.Proficiencies[routing.Attr{Name: p.AttributeName, Value: p.AttributeValue}] = p.Level
			}
		}
		snap.Agents = append(snap.Agents, ma)
	}
	n := 0
	for id := range queues {
		n += len(of(st).live[id])
	}
	snap.Contacts = make([]metrics.Contact, 0, n)
	for id := range queues {
		for _, lc := range of(st).live[id] {
			mc := lc.Contact
			if steps && !mc.Scheduled {
				mc.Step = activeStepKey(st, lc.c)
			}
			snap.Contacts = append(snap.Contacts, mc)
		}
	}
	return snap
}

// activeStepKey is the canonical expression of the contact's ACTIVE step
// ("" when none): from the routing queue while it waits, computed while an
// offer rings.
func activeStepKey(st *instance.State, c *engine.Contact) string {
	if key, ok := st.Eng.StepKey(c); ok {
		return key
	}
	if i := c.Criteria.ActiveStep(); i >= 0 {
		return c.Criteria.Steps[i].Canonical()
	}
	return ""
}
