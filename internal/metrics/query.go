package metrics

import (
	"cmp"
	"fmt"
	"sort"
	"time"
)

// Interval is a half-open range [Start, End) of whole buckets; End may
// fall inside the bucket of the evaluation time.
type Interval struct{ Start, End time.Time }

// MetricSpec is one requested historical metric.
type MetricSpec struct {
	Name string
	// Threshold (seconds) of SERVICE_LEVEL and the *_IN_X metrics;
	// Inclusive is Comparison LTE (GetMetricDataV2 only).
	Threshold int64
	Inclusive bool
}

// HistQuery is a validated GetMetricData or GetMetricDataV2 request with
// IDs resolved. A nil filter does not filter.
type HistQuery struct {
	Now time.Time
	// V2 selects GetMetricDataV2's metric names; otherwise GetMetricData's.
	V2        bool
	Intervals []Interval
	Queues    map[string]bool
	Channels  map[string]bool
	Profiles  map[string]bool
	Agents    map[string]bool
	Steps     map[string]bool
	Groupings []string
	Metrics   []MetricSpec
	// Segments, when set, lists the contact records completed in
	// [from, to) (GetMetricDataV2). Windows may then start and end at any
	// instant: the parts of a window that do not fill a 5-minute bucket are
	// computed from these records, exactly, for every contact metric; agent
	// time there is the bucket's pro-rated to the part inside the window,
	// and offers count with the bucket their 5 minutes start in
	// (docs/metrics.md#windows-at-any-time). Without it (GetMetricData) a
	// window is whole buckets.
	Segments func(from, to time.Time) []Segment
	// ProfileConfigs are each routing profile's (queue, channel) pairs:
	// GetMetricData's OCCUPANCY for a queue covers the agents whose profile
	// serves it (docs/metrics.md#interval-attribution).
	ProfileConfigs map[string][]QueueChannel
}

// HistKey identifies a historical row: the values of its grouping
// dimensions, "" for the others.
type HistKey struct{ Queue, Channel, Profile, Agent, Step string }

func (k HistKey) less(o HistKey) bool {
	return cmp.Or(cmp.Compare(k.Queue, o.Queue), cmp.Compare(k.Channel, o.Channel), cmp.Compare(k.Profile, o.Profile),
		cmp.Compare(k.Agent, o.Agent), cmp.Compare(k.Step, o.Step)) < 0
}

// HistRow is one result row: a grouping combination in one interval, with
// a value per requested metric (nil where it cannot be computed: an average
// or ratio over nothing).
type HistRow struct {
	Key      HistKey
	Interval int
	Values   []*float64
}

type rowID struct {
	key HistKey
	iv  int
}

type histAcc struct {
	c          ContactCell
	t          TimeCell
	hasC, hasT bool
	th         []int64
}

// threshold kinds
const (
	thServiceLevel = iota // answers + abandons
	thAnswers
	thAbandons
)

type thresholdUse struct {
	metric, kind int
	x            int64
	inclusive    bool
}

// ContactLayoutFor reports whether connect-local keeps contact data with
// these dimensions together: the routing step is kept per queue and
// channel, not per agent or routing profile.
func ContactLayoutFor(dims map[string]bool) error {
	if dims[DimStep] && (dims[DimProfile] || dims[DimAgent]) {
		return fmt.Errorf("%s cannot be combined with %s or %s", DimStep, DimProfile, DimAgent)
	}
	return nil
}

func isAgentTime(q *HistQuery, name string) bool {
	if q.V2 {
		return V2[name].AgentTime
	}
	return name == "OCCUPANCY"
}

// Query evaluates a historical request over the buckets its intervals
// cover. Its cost depends on the buckets and cells read, not on how many
// contacts there were.
func (h *History) Query(q HistQuery) ([]HistRow, error) {
	dimsUsed := map[string]bool{}
	for _, g := range q.Groupings {
		dimsUsed[g] = true
	}
	for d, f := range map[string]map[string]bool{DimQueue: q.Queues, DimChannel: q.Channels, DimProfile: q.Profiles, DimAgent: q.Agents, DimStep: q.Steps} {
		if f != nil {
			dimsUsed[d] = true
		}
	}
	if err := ContactLayoutFor(dimsUsed); err != nil {
		return nil, err
	}
	layout := layoutQueue
	switch {
	case dimsUsed[DimAgent]:
		layout = layoutAgent
	case dimsUsed[DimProfile]:
		layout = layoutProfile
	case dimsUsed[DimStep]:
		layout = layoutStep
	}
	tlayout := timeProfile
	if dimsUsed[DimAgent] {
		tlayout = timeAgent
	}
	var g struct{ queue, channel, profile, agent, step bool }
	for _, d := range q.Groupings {
		switch d {
		case DimQueue:
			g.queue = true
		case DimChannel:
			g.channel = true
		case DimProfile:
			g.profile = true
		case DimAgent:
			g.agent = true
		case DimStep:
			g.step = true
		}
	}
	needContact, needTime := false, false
	var ths []thresholdUse
	for i, m := range q.Metrics {
		if isAgentTime(&q, m.Name) {
			needTime = true
			continue
		}
		needContact = true
		switch m.Name {
		case "SERVICE_LEVEL":
			ths = append(ths, thresholdUse{i, thServiceLevel, m.Threshold, m.Inclusive})
		case "SUM_CONTACTS_ANSWERED_IN_X":
			ths = append(ths, thresholdUse{i, thAnswers, m.Threshold, m.Inclusive})
		case "SUM_CONTACTS_ABANDONED_IN_X":
			ths = append(ths, thresholdUse{i, thAbandons, m.Threshold, m.Inclusive})
		}
	}
	rows := map[rowID]*histAcc{}
	get := func(k HistKey, iv int) *histAcc {
		id := rowID{k, iv}
		a := rows[id]
		if a == nil {
			a = &histAcc{th: make([]int64, len(ths))}
			rows[id] = a
		}
		return a
	}
	in := func(f map[string]bool, v string) bool { return f == nil || f[v] }
	// project returns the row key of a cell with dimensions d, false when
	// the cell is filtered out or lacks a value for a grouped dimension.
	project := func(d HistKey) (HistKey, bool) {
		if !in(q.Queues, d.Queue) || !in(q.Channels, d.Channel) || !in(q.Profiles, d.Profile) || !in(q.Agents, d.Agent) || !in(q.Steps, d.Step) {
			return HistKey{}, false
		}
		var k HistKey
		if g.queue {
			k.Queue = d.Queue
		}
		if g.channel {
			k.Channel = d.Channel
		}
		if g.profile {
			if d.Profile == "" {
				return k, false
			}
			k.Profile = d.Profile
		}
		if g.agent {
			if d.Agent == "" {
				return k, false
			}
			k.Agent = d.Agent
		}
		if g.step {
			if d.Step == "" {
				return k, false
			}
			k.Step = d.Step
		}
		return k, true
	}
	v1Occupancy := needTime && !q.V2
	for iv, span := range q.Intervals {
		var profTime map[string]*TimeCell
		if v1Occupancy {
			profTime = map[string]*TimeCell{}
		}
		// inner is what whole buckets answer; edges the parts of 5 minutes
		// they cannot (only with q.Segments).
		inner, edges := span, []Interval(nil)
		if q.Segments != nil {
			inner, edges = splitEdges(span, q.Now)
		}
		if needContact {
			// addCells adds the cells of a bucket of h or of a scratch
			// history (with its own names).
			addCells := func(bk *bucket, n *names) {
				s := &bk.contact[layout]
				for i, d := range s.keys {
					k, ok := project(n.key(d))
					if !ok {
						continue
					}
					acc := get(k, iv)
					c := s.cellAt(i)
					acc.c.addCell(&c)
					acc.hasC = true
					hs := bk.histsAt(layout, i)
					if hs == nil {
						continue // no histograms: nothing under any threshold
					}
					for j, t := range ths {
						switch t.kind {
						case thServiceLevel:
							acc.th[j] += hs.answers.below(t.x, t.inclusive) + hs.abandons.below(t.x, t.inclusive)
						case thAnswers:
							acc.th[j] += hs.answers.below(t.x, t.inclusive)
						case thAbandons:
							acc.th[j] += hs.abandons.below(t.x, t.inclusive)
						}
					}
				}
			}
			h.walk(inner, rolledUp[layout], func(bk *bucket) { addCells(bk, &h.names) })
			for _, e := range edges {
				// The records themselves, as AddSegment would bucket them.
				scratch := h.scratch()
				for _, seg := range q.Segments(e.Start, e.End) {
					scratch.AddSegment(seg)
				}
				for _, bk := range scratch.buckets {
					addCells(bk, &scratch.names)
				}
				// Offers are not in the records: those of a bucket count
				// where its 5 minutes start.
				b := Bucket(e.Start)
				if bk := h.buckets[b]; bk != nil && !BucketStart(b).Before(span.Start) {
					s := &bk.contact[layout]
					for i, d := range s.keys {
						cell := s.cellAt(i)
						if cell.Missed+cell.Accepted == 0 {
							continue
						}
						if k, ok := project(h.names.key(d)); ok {
							acc := get(k, iv)
							acc.c.Missed += int64(cell.Missed)
							acc.c.Accepted += int64(cell.Accepted)
							acc.hasC = true
						}
					}
				}
			}
		}
		if needTime && q.V2 {
			for _, e := range edges {
				// Agent time is kept per 5 minutes: pro-rated.
				share := e.End.Sub(e.Start).Seconds() / BucketWidth.Seconds()
				if bk := h.buckets[Bucket(e.Start)]; bk != nil {
					bk.time[tlayout].each(func(d dims, cell *TimeCell) {
						if k, ok := project(h.names.key(d)); ok {
							acc := get(k, iv)
							acc.t.add(&TimeCell{Online: cell.Online * share, OnContact: cell.OnContact * share, Idle: cell.Idle * share, NPT: cell.NPT * share})
							acc.hasT = true
						}
					})
				}
			}
			h.walk(inner, rolledUpTime[tlayout], func(bk *bucket) {
				bk.time[tlayout].each(func(d dims, c *TimeCell) {
					if k, ok := project(h.names.key(d)); ok {
						acc := get(k, iv)
						acc.t.add(c)
						acc.hasT = true
					}
				})
			})
		}
		if v1Occupancy {
			h.walk(span, rolledUpTime[timeProfile], func(bk *bucket) {
				bk.time[timeProfile].each(func(d dims, c *TimeCell) {
					p := h.names.list[d.profile]
					pt := profTime[p]
					if pt == nil {
						pt = &TimeCell{}
						profTime[p] = pt
					}
					pt.add(c)
				})
			})
		}
		// Time since each agent's last change is not in any bucket yet.
		if needTime {
			for agent, tr := range h.agents {
				if tr.Class == ClassOffline {
					continue
				}
				lo, hi := later(span.Start, tr.Since), earlier(span.End, q.Now)
				if !hi.After(lo) {
					continue
				}
				var open TimeCell
				open.accrue(tr.Class, hi.Sub(lo).Seconds())
				if !q.V2 {
					pt := profTime[tr.Profile]
					if pt == nil {
						pt = &TimeCell{}
						profTime[tr.Profile] = pt
					}
					pt.add(&open)
					continue
				}
				d := HistKey{Profile: tr.Profile}
				if tlayout == timeAgent {
					d.Agent = agent
				}
				if k, ok := project(d); ok {
					acc := get(k, iv)
					acc.t.add(&open)
					acc.hasT = true
				}
			}
		}
		if v1Occupancy && !g.step {
			addProfileTime(q, g.queue, g.channel, profTime, func(k HistKey, t *TimeCell) {
				acc := get(k, iv)
				acc.t.add(t)
				acc.hasT = true
			})
		}
	}
	out := make([]HistRow, 0, len(rows))
	for id, acc := range rows {
		if !acc.hasC && !acc.hasT {
			continue
		}
		r := HistRow{Key: id.key, Interval: id.iv, Values: make([]*float64, len(q.Metrics))}
		for i, m := range q.Metrics {
			r.Values[i] = value(&q, m, acc, ths, i)
		}
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Key != out[j].Key {
			return out[i].Key.less(out[j].Key)
		}
		return out[i].Interval < out[j].Interval
	})
	return out, nil
}

// splitEdges cuts span into the whole buckets it covers (inner; the
// bucket of now counts as whole: it holds nothing after now) and the parts
// of a bucket at either end that it covers only in part (edges).
func splitEdges(span Interval, now time.Time) (inner Interval, edges []Interval) {
	inner = span
	if !Aligned(span.Start) {
		next := BucketStart(Bucket(span.Start) + 1)
		edges = append(edges, Interval{Start: span.Start, End: earlier(next, span.End)})
		inner.Start = next
	}
	if !Aligned(span.End) && Bucket(span.End) != Bucket(now) {
		last := BucketStart(Bucket(span.End))
		if !last.Before(inner.Start) {
			edges = append(edges, Interval{Start: last, End: span.End})
		}
		inner.End = last
	}
	if !inner.End.After(inner.Start) {
		inner = Interval{Start: inner.Start, End: inner.Start}
	}
	return inner, edges
}

// scratch is an empty history (with names of its own), to bucket records
// at query time without touching h.
func (h *History) scratch() *History { return NewHistory(h.retention) }

// walk calls fn with the buckets covering span, taking whole hours from
// the rollups when the layout has them: a day costs 24 reads, not 288. An
// End inside a bucket includes that bucket: callers only do so for the
// current bucket, which holds nothing after now.
func (h *History) walk(span Interval, rolled bool, fn func(*bucket)) {
	b, end := Bucket(span.Start), Bucket(span.End)
	if !Aligned(span.End) {
		end++
	}
	for b < end {
		if rolled && b%bucketsPerHour == 0 && b+bucketsPerHour <= end {
			if hb := h.hours[b/bucketsPerHour]; hb != nil {
				fn(hb)
			}
			b += bucketsPerHour
			continue
		}
		if bk := h.buckets[b]; bk != nil {
			fn(bk)
		}
		b++
	}
}

// addProfileTime credits each profile's agent time to the rows of the
// queues (and channels) it serves within the filters, once per row.
func addProfileTime(q HistQuery, byQueue, byChannel bool, profTime map[string]*TimeCell, add func(HistKey, *TimeCell)) {
	for p, t := range profTime {
		if t.empty() {
			continue
		}
		var seen []HistKey
		for _, qc := range q.ProfileConfigs[p] {
			if (q.Queues != nil && !q.Queues[qc.Queue]) || (q.Channels != nil && !q.Channels[qc.Channel]) {
				continue
			}
			var k HistKey
			if byQueue {
				k.Queue = qc.Queue
			}
			if byChannel {
				k.Channel = qc.Channel
			}
			dup := false
			for _, s := range seen {
				dup = dup || s == k
			}
			if !dup {
				seen = append(seen, k)
				add(k, t)
			}
		}
	}
}

func num(v float64) *float64 { return &v }

func ratio(n, d float64, scale float64) *float64 {
	if d == 0 {
		return nil
	}
	return num(scale * n / d)
}

// value computes one metric of a row (docs/metrics.md#the-25-historical-metrics; docs/metrics.md for V2).
func value(q *HistQuery, m MetricSpec, a *histAcc, ths []thresholdUse, i int) *float64 {
	c, t := &a.c, &a.t
	th := func() float64 {
		for j, u := range ths {
			if u.metric == i {
				return float64(a.th[j])
			}
		}
		return 0
	}
	switch m.Name {
	case "CONTACTS_QUEUED":
		return num(float64(c.Queued))
	case "CONTACTS_HANDLED":
		return num(float64(c.Handled))
	case "CONTACTS_ABANDONED":
		return num(float64(c.Abandoned))
	case "CONTACTS_CONSULTED":
		return num(0)
	case "CONTACTS_AGENT_HUNG_UP_FIRST":
		return num(float64(c.HungUpFirst))
	case "CONTACTS_HANDLED_INCOMING":
		return num(float64(c.Incoming))
	case "CONTACTS_HANDLED_OUTBOUND":
		return num(float64(c.Outbound))
	case "CONTACTS_HOLD_ABANDONS":
		return num(float64(c.HoldAbandons))
	case "CONTACTS_TRANSFERRED_IN":
		return num(float64(c.TransferredIn))
	case "CONTACTS_TRANSFERRED_OUT":
		return num(float64(c.TransferredOut))
	case "CONTACTS_TRANSFERRED_IN_FROM_QUEUE":
		return num(float64(c.InFromQueue))
	case "CONTACTS_TRANSFERRED_OUT_FROM_QUEUE":
		return num(float64(c.OutFromQueue))
	case "CONTACTS_MISSED", "AGENT_NON_RESPONSE":
		return num(float64(c.Missed))
	case "CALLBACK_CONTACTS_HANDLED":
		return num(float64(c.Callback))
	case "API_CONTACTS_HANDLED":
		return num(float64(c.API))
	case "OCCUPANCY", "AGENT_OCCUPANCY":
		return ratio(t.OnContact, t.OnContact+t.Idle, 100)
	case "HANDLE_TIME", "AVG_HANDLE_TIME":
		return ratio(c.HandleSum, float64(c.Handled), 1)
	case "AFTER_CONTACT_WORK_TIME", "AVG_AFTER_CONTACT_WORK_TIME":
		return ratio(c.ACWSum, float64(c.Handled), 1)
	case "QUEUED_TIME", "MAX_QUEUED_TIME":
		if c.Queued == 0 {
			return nil
		}
		return num(c.QueuedMax)
	case "ABANDON_TIME", "AVG_ABANDON_TIME":
		return ratio(c.AbandonSum, float64(c.Abandoned), 1)
	case "QUEUE_ANSWER_TIME", "AVG_QUEUE_ANSWER_TIME":
		return ratio(c.AnswerSum, float64(c.Handled), 1)
	case "HOLD_TIME", "AVG_HOLD_TIME":
		return ratio(c.HoldSum, float64(c.Held), 1)
	case "INTERACTION_TIME", "AVG_INTERACTION_TIME":
		return ratio(c.InteractionSum, float64(c.Handled), 1)
	case "INTERACTION_AND_HOLD_TIME":
		return ratio(c.TalkSum, float64(c.Handled), 1)
	case "SERVICE_LEVEL":
		return ratio(th(), float64(c.Queued), 100)
	case "SUM_CONTACTS_ANSWERED_IN_X", "SUM_CONTACTS_ABANDONED_IN_X":
		return num(th())
	case "ABANDONMENT_RATE":
		return ratio(float64(c.Abandoned), float64(c.Queued), 100)
	case "AGENT_ANSWER_RATE":
		return ratio(float64(c.Accepted), float64(c.Accepted+c.Missed), 100)
	case "SUM_CONTACT_TIME_AGENT":
		return num(t.OnContact)
	case "SUM_IDLE_TIME_AGENT":
		return num(t.Idle)
	case "SUM_ONLINE_TIME_AGENT":
		return num(t.Online)
	case "SUM_NON_PRODUCTIVE_TIME_AGENT":
		return num(t.NPT)
	}
	return nil
}
