package metrics

import (
	"cmp"
	"sort"
	"time"

	"github.com/connect-local/connect-local/internal/routing"
)

// Agent status types (docs/routing.md#agent-statuses).
const (
	StatusRoutable = "ROUTABLE"
	StatusCustom   = "CUSTOM"
	StatusOffline  = "OFFLINE"
)

// Connection states, as the agent event stream names them (docs/routing.md#contacts-segments-and-connection-states).
const (
	ConnConnecting = "CONNECTING"
	ConnConnected  = "CONNECTED"
	ConnOnHold     = "CONNECTED_ONHOLD"
	ConnACW        = "ENDED"
	ConnMissed     = "MISSED"
	ConnRejected   = "REJECTED"
	ConnError      = "ERROR"
)

// Snapshot is the live contact center at one instant, as real-time metrics
// read it. Current never modifies it.
type Snapshot struct {
	Now      time.Time
	Agents   []Agent
	Profiles map[string]*Profile
	// Contacts are the contacts waiting in (or scheduled for) standard
	// queues; agent-queue contacts are never counted (docs/metrics.md#scoping).
	Contacts []Contact
}

// Agent is one agent's live state.
type Agent struct {
	ID, ProfileID string
	Status        string // StatusRoutable, StatusCustom or StatusOffline
	NextPending   bool   // a next status waits for the agent's contacts to end
	Conns         []Conn
	Proficiencies map[routing.Attr]float64
}

// Level and AgentID make an Agent a routing.Proficient, so routing-step
// expressions can be evaluated against it (docs/routing.md#step-expressions).
func (a *Agent) Level(k routing.Attr) (float64, bool) { l, ok := a.Proficiencies[k]; return l, ok }
func (a *Agent) AgentID() string                      { return a.ID }

// Conn is one of an agent's contacts.
type Conn struct{ Channel, State string }

// Profile is a routing profile: its queue configs and channel capacity.
type Profile struct {
	ID          string
	Configs     []QueueChannel
	Concurrency map[string]int  // per enabled channel
	AnyChannel  map[string]bool // CrossChannelBehavior is ROUTE_ANY_CHANNEL
}

// QueueChannel is one (queue, channel) pair.
type QueueChannel struct{ Queue, Channel string }

// Contact is a contact in a standard queue, or scheduled for one.
type Contact struct {
	Queue, Channel string
	Scheduled      bool
	EnqueuedAt     time.Time
	// Step is the canonical expression of the contact's ACTIVE routing
	// step, "" when none (docs/routing.md#the-routing-step-expression-dimension).
	Step string
}

// StepFilter is one RoutingStepExpressions filter value: the exact string
// contacts are matched against and, when it parses, the expression agents
// are evaluated against (docs/metrics.md#scoping).
type StepFilter struct {
	Key  string
	Expr *routing.Expression
}

// CurrentQuery is a validated GetCurrentMetricData request with IDs
// resolved. Exactly one of Queues and Profiles is the primary filter.
type CurrentQuery struct {
	Queues    map[string]bool
	Profiles  map[string]bool
	Channels  map[string]bool // nil: every channel
	Steps     []StepFilter
	Groupings []string
}

// Key identifies a result row: the values of its grouping dimensions, ""
// for dimensions not grouped by.
type Key struct{ Queue, Channel, Profile, Step string }

// Less orders keys by their dimension IDs (the tie-break of docs/metrics.md#output-sorting-and-paging).
func (k Key) Less(o Key) bool {
	return cmp.Or(cmp.Compare(k.Queue, o.Queue), cmp.Compare(k.Channel, o.Channel), cmp.Compare(k.Profile, o.Profile),
		cmp.Compare(k.Step, o.Step)) < 0
}

// CurrentRow is one result row with all 13 metrics, indexed as
// CurrentMetrics. OLDEST_CONTACT_AGE is in seconds here; the unit quirk of
// docs/metrics.md#the-oldest_contact_age-unit-quirk is the caller's business.
type CurrentRow struct {
	Key    Key
	Values [numCurrentMetrics]float64
}

type grouping struct{ queue, channel, profile, step bool }

func groupingOf(gs []string) grouping {
	var g grouping
	for _, d := range gs {
		switch d {
		case DimQueue:
			g.queue = true
		case DimChannel:
			g.channel = true
		case DimProfile:
			g.profile = true
		case DimStep:
			g.step = true
		}
	}
	return g
}

type rowAcc struct {
	row    CurrentRow
	oldest time.Time
}

// Current computes the real-time metrics of every row that at least one
// agent or contact contributes to (docs/metrics.md#scoping, docs/metrics.md#the-13-real-time-metrics), in key order.
func Current(s *Snapshot, q CurrentQuery) []CurrentRow {
	g := groupingOf(q.Groupings)
	rows := map[Key]*rowAcc{}
	acc := func(k Key) *rowAcc {
		r := rows[k]
		if r == nil {
			r = &rowAcc{row: CurrentRow{Key: k}}
			rows[k] = r
		}
		return r
	}
	// Without a step grouping an agent's rows depend only on its profile.
	type profileRows struct {
		prep *slotProfile
		keys []Key
		accs []*rowAcc
	}
	byProfile := map[string]*profileRows{}
	var keys []Key
	var accs []*rowAcc
	var matched []string
	for i := range s.Agents {
		a := &s.Agents[i]
		if a.Status == StatusOffline {
			continue // outside every agent metric (docs/metrics.md#scoping)
		}
		pr := byProfile[a.ProfileID]
		if pr == nil {
			p := s.Profiles[a.ProfileID]
			if p == nil {
				continue
			}
			pr = &profileRows{prep: prepare(p)}
			if !g.step {
				pr.keys = agentKeys(nil, p, q, g, nil)
				for _, k := range pr.keys {
					pr.accs = append(pr.accs, acc(k))
				}
			}
			byProfile[a.ProfileID] = pr
		}
		keys, accs = pr.keys, pr.accs
		if g.step {
			matched = matched[:0]
			for _, f := range q.Steps {
				if f.Expr != nil && f.Expr.Matches(a) {
					matched = append(matched, f.Key)
				}
			}
			if len(matched) == 0 {
				continue
			}
			keys = agentKeys(keys[:0:0], pr.prep.p, q, g, matched)
			accs = accs[:0:0]
			for _, k := range keys {
				accs = append(accs, acc(k))
			}
		}
		var v [numCurrentMetrics]float64
		for n, k := range keys {
			if n == 0 || g.channel {
				// Values differ between rows only by the row's channel.
				v = agentValues(a, pr.prep, k.Channel, q.Channels)
			}
			r := accs[n]
			for j := range v {
				r.row.Values[j] += v[j]
			}
		}
	}
	var byPair map[QueueChannel][]string
	if q.Queues == nil {
		byPair = profilesByPair(s.Profiles, q.Profiles)
	}
	for i := range s.Contacts {
		c := &s.Contacts[i]
		if q.Channels != nil && !q.Channels[c.Channel] {
			continue
		}
		k := Key{}
		if g.queue {
			k.Queue = c.Queue
		}
		if g.channel {
			k.Channel = c.Channel
		}
		if q.Queues != nil {
			if !q.Queues[c.Queue] || g.profile {
				continue
			}
			if g.step {
				if !hasStep(q.Steps, c.Step) {
					continue
				}
				k.Step = c.Step
			}
			addContact(acc(k), c)
			continue
		}
		ps := byPair[QueueChannel{c.Queue, c.Channel}]
		if len(ps) == 0 {
			continue
		}
		if !g.profile {
			addContact(acc(k), c)
			continue
		}
		for _, p := range ps {
			k.Profile = p
			addContact(acc(k), c)
		}
	}
	out := make([]CurrentRow, 0, len(rows))
	for _, r := range rows {
		if !r.oldest.IsZero() {
			r.row.Values[8] = s.Now.Sub(r.oldest).Seconds()
		}
		out = append(out, r.row)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key.Less(out[j].Key) })
	return out
}

func hasStep(fs []StepFilter, key string) bool {
	if key == "" {
		return false
	}
	for _, f := range fs {
		if f.Key == key {
			return true
		}
	}
	return false
}

func addContact(r *rowAcc, c *Contact) {
	if c.Scheduled {
		r.row.Values[9]++
		return
	}
	r.row.Values[7]++
	if r.oldest.IsZero() || c.EnqueuedAt.Before(r.oldest) {
		r.oldest = c.EnqueuedAt
	}
}

// profilesByPair indexes the filtered profiles by the (queue, channel)
// pairs they serve, for contacts under a RoutingProfiles filter.
func profilesByPair(all map[string]*Profile, filter map[string]bool) map[QueueChannel][]string {
	m := map[QueueChannel][]string{}
	for id := range filter {
		p := all[id]
		if p == nil {
			continue
		}
		for _, qc := range p.Configs {
			if p.Concurrency[qc.Channel] > 0 {
				m[qc] = append(m[qc], p.ID)
			}
		}
	}
	for _, ps := range m {
		sort.Strings(ps)
	}
	return m
}

// agentKeys appends the distinct rows an online agent of profile p counts
// toward (docs/metrics.md#scoping): by routing-profile queue membership under a Queues
// filter, by profile under a RoutingProfiles filter.
func agentKeys(keys []Key, p *Profile, q CurrentQuery, g grouping, steps []string) []Key {
	add := func(queue, ch string) {
		k := Key{}
		if g.queue {
			k.Queue = queue
		}
		if g.channel {
			k.Channel = ch
		}
		if g.profile {
			k.Profile = p.ID
		}
		for i := 0; i < len(steps) || (i == 0 && !g.step); i++ {
			if g.step {
				k.Step = steps[i]
			}
			dup := false
			for _, o := range keys {
				if o == k {
					dup = true
					break
				}
			}
			if !dup {
				keys = append(keys, k)
			}
		}
	}
	// A channel in the row or the filter needs the profile to enable it
	// (docs/metrics.md#scoping); otherwise any queue config will do.
	anyChannel := q.Channels == nil && !g.channel
	chanOK := func(ch string) bool {
		return anyChannel || p.Concurrency[ch] > 0 && (q.Channels == nil || q.Channels[ch])
	}
	switch {
	case q.Queues != nil:
		for _, qc := range p.Configs {
			if q.Queues[qc.Queue] && chanOK(qc.Channel) {
				add(qc.Queue, qc.Channel)
			}
		}
	case q.Profiles[p.ID] && g.queue:
		for _, qc := range p.Configs {
			if chanOK(qc.Channel) {
				add(qc.Queue, qc.Channel)
			}
		}
	case q.Profiles[p.ID] && anyChannel:
		add("", "")
	case q.Profiles[p.ID]:
		for _, ch := range sortedChannels(p) {
			if chanOK(ch) {
				add("", ch)
			}
		}
	}
	return keys
}

func sortedChannels(p *Profile) []string {
	out := make([]string, 0, len(p.Concurrency))
	for ch := range p.Concurrency {
		out = append(out, ch)
	}
	sort.Strings(out)
	return out
}

// agentValues is one agent's contribution to a row (docs/metrics.md#the-13-real-time-metrics). rowChannel
// is the row's channel ("" without a CHANNEL grouping); without one, the
// Channels filter (nil: none) restricts the contacts counted per channel.
func agentValues(a *Agent, p *slotProfile, rowChannel string, filter map[string]bool) [numCurrentMetrics]float64 {
	allowed := func(ch string) bool {
		if rowChannel != "" {
			return ch == rowChannel
		}
		return filter == nil || filter[ch]
	}
	var v [numCurrentMetrics]float64
	v[0] = 1 // AGENTS_ONLINE
	switch a.Status {
	case StatusRoutable:
		v[6] = 1 // AGENTS_STAFFED
		if len(a.Conns) == 0 {
			v[1] = 1 // AGENTS_AVAILABLE
		}
	case StatusCustom:
		v[3] = 1 // AGENTS_NON_PRODUCTIVE
	}
	onContact, errored := false, false
	for _, c := range a.Conns {
		switch c.State {
		case ConnConnected, ConnOnHold, ConnACW:
			if !allowed(c.Channel) {
				continue
			}
			onContact = true
			v[11]++ // SLOTS_ACTIVE
			if c.State == ConnACW {
				v[4]++ // AGENTS_AFTER_CONTACT_WORK counts contacts
			}
		case ConnMissed, ConnRejected, ConnError:
			errored = true
		}
	}
	if onContact {
		v[2], v[10] = 1, 1 // AGENTS_ON_CALL, AGENTS_ON_CONTACT
	}
	if errored {
		v[5] = 1
	}
	v[12] = float64(p.free(a, rowChannel, filter))
	return v
}
