package metrics

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"
)

// BucketWidth is the resolution of historical data: GetMetricData's
// 5-minute alignment (docs/metrics.md#time-rules).
const BucketWidth = 5 * time.Minute

// DefaultRetention is how long buckets are kept: GetMetricDataV2 reads up
// to three months back.
const DefaultRetention = 93 * 24 * time.Hour

// Bucket returns the index of the 5-minute bucket holding t.
func Bucket(t time.Time) int64 {
	s := t.Unix()
	b := s / 300
	if s%300 < 0 {
		b--
	}
	return b
}

// BucketStart is the first instant of bucket b.
func BucketStart(b int64) time.Time { return time.Unix(b*300, 0).UTC() }

// Aligned reports whether t falls exactly on a bucket boundary.
func Aligned(t time.Time) bool { return t.Nanosecond() == 0 && t.Unix()%300 == 0 }

// Layouts: the same facts are kept at several granularities, as recording
// rules do, so that a query reads the smallest one that has the dimensions
// it groups and filters by. Every contact layout has the queue and the
// channel.
const (
	layoutQueue   = iota // queue and channel: GetMetricData, most V2 queries
	layoutStep           // + the routing step (only contacts that had one)
	layoutProfile        // + the handling agent's routing profile
	layoutAgent          // + profile and agent; no histograms
	numContactLayouts
)

// Agent-time layouts.
const (
	timeAgent   = iota // profile and agent
	timeProfile        // profile
	numTimeLayouts
)

// Hourly rollups: the small layouts are also summed per hour, so a query
// over a day reads 24 hourly cells per combination instead of 288
// (Prometheus-style downsampling). Rollups are derived: they are rebuilt
// from the 5-minute cells at load and never stored.
var (
	rolledUp     = [numContactLayouts]bool{layoutQueue: true, layoutStep: true, layoutProfile: true}
	rolledUpTime = [numTimeLayouts]bool{timeProfile: true}
)

// bucketsPerHour is the rollup factor.
const bucketsPerHour = 12

// dims is a cell's key within its layout; fields a layout lacks stay zero.
// step is an interned canonical expression (0: none).
type dims struct {
	queue, channel, profile, agent string
	step                           uint32
}

type bucket struct {
	contact [numContactLayouts]map[dims]*ContactCell
	time    [numTimeLayouts]map[dims]*TimeCell
}

func newBucket() *bucket {
	b := &bucket{}
	for i := range b.contact {
		b.contact[i] = map[dims]*ContactCell{}
	}
	for i := range b.time {
		b.time[i] = map[dims]*TimeCell{}
	}
	return b
}

type cellRef struct {
	bucket int64
	kind   uint8 // 'c' contact, 't' time
	layout uint8
	d      dims
}

// tracker is an agent's current class, since when, under which profile.
type tracker struct {
	Class   Class     `json:"class"`
	Profile string    `json:"profile,omitempty"`
	Since   time.Time `json:"since"`
}

// History is one instance's historical metrics: 5-minute buckets filled as
// contact records complete and as agents change what they are doing. It is
// not safe for concurrent use; the service serialises access.
type History struct {
	buckets     map[int64]*bucket
	hours       map[int64]*bucket // rollups, by bucket index / 12
	steps       []string          // interned step expressions; steps[0] = ""
	stepIDs     map[string]uint32
	agents      map[string]*tracker
	dirty       map[cellRef]bool
	dirtyAgents map[string]bool
	dropped     []string // keys of the cells of pruned buckets
	retention   time.Duration
	oldest      int64
}

// NewHistory returns an empty history keeping buckets for retention (0:
// DefaultRetention).
func NewHistory(retention time.Duration) *History {
	if retention <= 0 {
		retention = DefaultRetention
	}
	return &History{buckets: map[int64]*bucket{}, hours: map[int64]*bucket{}, steps: []string{""}, stepIDs: map[string]uint32{"": 0},
		agents: map[string]*tracker{}, dirty: map[cellRef]bool{}, dirtyAgents: map[string]bool{}, retention: retention}
}

func (h *History) stepID(s string) uint32 {
	if id, ok := h.stepIDs[s]; ok {
		return id
	}
	id := uint32(len(h.steps))
	h.steps = append(h.steps, s)
	h.stepIDs[s] = id
	return id
}

func (h *History) bucket(b int64) *bucket {
	bk := h.buckets[b]
	if bk == nil {
		bk = newBucket()
		h.buckets[b] = bk
		if len(h.buckets) == 1 || b < h.oldest {
			h.oldest = b
		}
	}
	return bk
}

func (h *History) hour(b int64) *bucket {
	hb := h.hours[b/bucketsPerHour]
	if hb == nil {
		hb = newBucket()
		h.hours[b/bucketsPerHour] = hb
	}
	return hb
}

func newContactCell(layout int) *ContactCell {
	c := &ContactCell{}
	if layout != layoutAgent {
		c.Answers, c.Abandons = &Hist{}, &Hist{}
	}
	return c
}

func cellIn(m map[dims]*ContactCell, layout int, k dims) *ContactCell {
	c := m[k]
	if c == nil {
		c = newContactCell(layout)
		m[k] = c
	}
	return c
}

// contactCells returns the cells a fact with these dimensions updates: one
// per layout (the step layout only when there is a step), and their hourly
// rollups. The 5-minute cells are marked changed.
func (h *History) contactCells(b int64, queue, channel, profile, agent, step string) []*ContactCell {
	bk, hb := h.bucket(b), h.hour(b)
	keys := [numContactLayouts]dims{
		layoutQueue:   {queue: queue, channel: channel},
		layoutStep:    {queue: queue, channel: channel, step: h.stepID(step)},
		layoutProfile: {queue: queue, channel: channel, profile: profile},
		layoutAgent:   {queue: queue, channel: channel, profile: profile, agent: agent},
	}
	out := make([]*ContactCell, 0, 2*numContactLayouts)
	for l, k := range keys {
		if l == layoutStep && step == "" {
			continue
		}
		out = append(out, cellIn(bk.contact[l], l, k))
		h.dirty[cellRef{bucket: b, kind: 'c', layout: uint8(l), d: k}] = true
		if rolledUp[l] {
			out = append(out, cellIn(hb.contact[l], l, k))
		}
	}
	return out
}

// Segment is one completed contact record (docs/metrics.md#the-25-historical-metrics "contact segment"),
// as the engine knew it when the record closed.
type Segment struct {
	Queue, Channel string
	// Step is the canonical expression of the routing step that was active
	// when the contact left the queue: the JOINED step, or the ACTIVE one
	// at an abandon.
	Step             string
	Agent, Profile   string // the agent who handled it, and its routing profile
	InitiationMethod string
	DisconnectReason string
	EnqueuedAt       time.Time // zero: never queued
	ConnectedAt      time.Time // zero: never reached an agent
	DisconnectedAt   time.Time
	ACW, Hold        time.Duration
	Held             bool // put on hold at least once
	// DisconnectedOnHold: the conversation ended while on hold.
	DisconnectedOnHold bool
	// FromQueue: transferred in from another queue before any agent joined.
	FromQueue bool
}

// AddSegment records a completed contact segment in the bucket of its
// disconnect (docs/metrics.md#interval-attribution).
func (h *History) AddSegment(s Segment) {
	if s.Queue == "" || s.DisconnectedAt.IsZero() {
		return
	}
	queued, handled := !s.EnqueuedAt.IsZero(), !s.ConnectedAt.IsZero()
	abandoned := queued && !handled && s.DisconnectReason != "TRANSFERRED"
	dequeued := s.DisconnectedAt
	if handled {
		dequeued = s.ConnectedAt
	}
	wait := dequeued.Sub(s.EnqueuedAt)
	for _, c := range h.contactCells(Bucket(s.DisconnectedAt), s.Queue, s.Channel, s.Profile, s.Agent, s.Step) {
		if queued {
			c.Queued++
			c.QueuedMax = max(c.QueuedMax, wait.Seconds())
		}
		if handled {
			c.Handled++
			if queued {
				c.AnswerSum += wait.Seconds()
				if c.Answers != nil {
					c.Answers.Add(wait)
				}
			}
			talk := s.DisconnectedAt.Sub(s.ConnectedAt)
			c.TalkSum += talk.Seconds()
			c.InteractionSum += (talk - s.Hold).Seconds()
			c.ACWSum += s.ACW.Seconds()
			c.HandleSum += (talk + s.ACW).Seconds()
			if s.DisconnectReason == "AGENT_DISCONNECT" {
				c.HungUpFirst++
			}
			switch s.InitiationMethod {
			case "INBOUND", "TRANSFER", "QUEUE_TRANSFER":
				c.Incoming++
			case "OUTBOUND":
				c.Outbound++
			case "CALLBACK":
				c.Callback++
			case "API":
				c.API++
			}
		}
		if abandoned {
			c.Abandoned++
			c.AbandonSum += wait.Seconds()
			if c.Abandons != nil {
				c.Abandons.Add(wait)
			}
		}
		if s.Held {
			c.Held++
			c.HoldSum += s.Hold.Seconds()
		}
		if s.DisconnectedOnHold && s.DisconnectReason == "CUSTOMER_DISCONNECT" {
			c.HoldAbandons++
		}
		if s.InitiationMethod == "TRANSFER" || s.InitiationMethod == "QUEUE_TRANSFER" {
			c.TransferredIn++
		}
		if s.FromQueue || s.InitiationMethod == "QUEUE_TRANSFER" {
			c.InFromQueue++
		}
		if s.DisconnectReason == "TRANSFERRED" {
			c.TransferredOut++
			if !handled {
				c.OutFromQueue++
			}
		}
	}
}

// Offer is the outcome of one offer to an agent: accepted, or missed
// (timed out, rejected, or the customer left while it rang).
type Offer struct {
	Time                 time.Time
	Queue, Channel, Step string
	Agent, Profile       string
	Accepted             bool
}

// AddOffer records an offer's outcome in the bucket of when it happened
// (docs/metrics.md#interval-attribution: CONTACTS_MISSED counts when the miss happened).
func (h *History) AddOffer(o Offer) {
	if o.Queue == "" {
		return
	}
	for _, c := range h.contactCells(Bucket(o.Time), o.Queue, o.Channel, o.Profile, o.Agent, o.Step) {
		if o.Accepted {
			c.Accepted++
		} else {
			c.Missed++
		}
	}
}

// SetAgent records that from t the agent is doing c under the routing
// profile; the time since its previous change is added to the buckets it
// spans, split at bucket boundaries.
func (h *History) SetAgent(t time.Time, agent, profile string, c Class) {
	tr := h.agents[agent]
	if tr == nil {
		h.agents[agent] = &tracker{Class: c, Profile: profile, Since: t}
		h.dirtyAgents[agent] = true
		return
	}
	if tr.Class == c && tr.Profile == profile {
		return
	}
	h.accrue(agent, tr, t)
	tr.Class, tr.Profile, tr.Since = c, profile, t
	h.dirtyAgents[agent] = true
}

func (h *History) accrue(agent string, tr *tracker, to time.Time) {
	if tr.Class == ClassOffline || !to.After(tr.Since) {
		return
	}
	eachBucket(tr.Since, to, func(b int64, secs float64) {
		bk := h.bucket(b)
		for l, k := range [numTimeLayouts]dims{timeAgent: {profile: tr.Profile, agent: agent}, timeProfile: {profile: tr.Profile}} {
			timeCellIn(bk.time[l], k).accrue(tr.Class, secs)
			h.dirty[cellRef{bucket: b, kind: 't', layout: uint8(l), d: k}] = true
			if rolledUpTime[l] {
				timeCellIn(h.hour(b).time[l], k).accrue(tr.Class, secs)
			}
		}
	})
}

func timeCellIn(m map[dims]*TimeCell, k dims) *TimeCell {
	c := m[k]
	if c == nil {
		c = &TimeCell{}
		m[k] = c
	}
	return c
}

// eachBucket calls fn with every bucket [from, to) overlaps and the seconds
// of the overlap.
func eachBucket(from, to time.Time, fn func(b int64, secs float64)) {
	for b := Bucket(from); ; b++ {
		start, end := BucketStart(b), BucketStart(b+1)
		lo, hi := later(from, start), earlier(to, end)
		if hi.After(lo) {
			fn(b, hi.Sub(lo).Seconds())
		}
		if !end.Before(to) {
			return
		}
	}
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// Record is one change for durable storage: a key (relative to the
// instance) and its value, or a key to delete.
type Record struct {
	Key    string
	Value  []byte
	Delete bool
}

type cellRecord struct {
	Bucket  int64        `json:"b"`
	Kind    string       `json:"k"`
	Layout  uint8        `json:"l"`
	Queue   string       `json:"q,omitempty"`
	Channel string       `json:"c,omitempty"`
	Profile string       `json:"p,omitempty"`
	Agent   string       `json:"a,omitempty"`
	Step    string       `json:"s,omitempty"`
	Contact *ContactCell `json:"x,omitempty"`
	Time    *TimeCell    `json:"t,omitempty"`
}

// Key formats (relative to the instance; the service prefixes "{i}/"):
//
//	c/{bucket, 12 digits}/{c|t}{layout}/{queue}/{channel}/{profile}/{agent}/{step hash} → cellRecord
//	a/{agentId} → agentRecord
func cellKey(r cellRef, step string) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "c/%012d/%c%d/%s/%s/%s/%s/", r.bucket, r.kind, r.layout, r.d.queue, r.d.channel, r.d.profile, r.d.agent)
	if step != "" {
		sum := sha256.Sum256([]byte(step))
		sb.WriteString(hex.EncodeToString(sum[:12]))
	}
	return sb.String()
}

// Prune drops the buckets older than the retention before now. It runs at
// every flush: it looks only at the buckets that expired since the last
// call (a whole scan only when that is the cheaper way), and each dropped
// cell becomes one key to delete, so a long run on the virtual clock does
// not rescan its months of history (or the store) every 5 minutes.
func (h *History) Prune(now time.Time) {
	cutoff := Bucket(now.Add(-h.retention))
	if len(h.buckets) == 0 || h.oldest >= cutoff {
		return
	}
	if cutoff-h.oldest <= int64(len(h.buckets)) {
		for b := h.oldest; b < cutoff; b++ {
			if bk := h.buckets[b]; bk != nil {
				h.drop(b, bk)
			}
			if (b+1)%bucketsPerHour == 0 {
				delete(h.hours, b/bucketsPerHour)
			}
		}
	} else {
		for b, bk := range h.buckets {
			if b < cutoff {
				h.drop(b, bk)
			}
		}
		for hr := range h.hours {
			if (hr+1)*bucketsPerHour <= cutoff {
				delete(h.hours, hr)
			}
		}
	}
	for r := range h.dirty {
		if r.bucket < cutoff {
			delete(h.dirty, r)
		}
	}
	h.oldest = cutoff
}

// drop forgets bucket b, noting the keys of its cells for deletion.
func (h *History) drop(b int64, bk *bucket) {
	for l, cells := range bk.contact {
		for d := range cells {
			h.dropped = append(h.dropped, cellKey(cellRef{bucket: b, kind: 'c', layout: uint8(l), d: d}, h.steps[d.step]))
		}
	}
	for l, cells := range bk.time {
		for d := range cells {
			h.dropped = append(h.dropped, cellKey(cellRef{bucket: b, kind: 't', layout: uint8(l), d: d}, h.steps[d.step]))
		}
	}
	delete(h.buckets, b)
}

// Pending reports whether there are changes to persist.
func (h *History) Pending() bool {
	return len(h.dirty) > 0 || len(h.dirtyAgents) > 0 || len(h.dropped) > 0
}

// Changes returns every change not yet committed, in key order: the caller
// persists them in the same transaction as the contact records they came
// from, then calls Committed. Calling Changes again before Committed
// returns them again (a failed write loses nothing).
func (h *History) Changes() []Record {
	var out []Record
	for _, k := range h.dropped {
		out = append(out, Record{Key: k, Delete: true})
	}
	for r := range h.dirty {
		bk := h.buckets[r.bucket]
		if bk == nil {
			continue
		}
		rec := cellRecord{Bucket: r.bucket, Kind: string(r.kind), Layout: r.layout, Queue: r.d.queue, Channel: r.d.channel,
			Profile: r.d.profile, Agent: r.d.agent, Step: h.steps[r.d.step]}
		if r.kind == 'c' {
			rec.Contact = bk.contact[r.layout][r.d]
		} else {
			rec.Time = bk.time[r.layout][r.d]
		}
		v, _ := json.Marshal(rec)
		out = append(out, Record{Key: cellKey(r, rec.Step), Value: v})
	}
	for a := range h.dirtyAgents {
		if tr := h.agents[a]; tr != nil {
			v, _ := json.Marshal(agentRecord{Kind: "a", Agent: a, tracker: *tr})
			out = append(out, Record{Key: "a/" + a, Value: v})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// Committed forgets the changes Changes returned: they are durable.
func (h *History) Committed() {
	h.dropped = h.dropped[:0]
	clear(h.dirty)
	clear(h.dirtyAgents)
}

type agentRecord struct {
	Kind  string `json:"k"`
	Agent string `json:"agent"`
	tracker
}

// Load restores one record value that Changes handed out earlier (records
// carry their own keys' contents, so the value alone suffices).
func (h *History) Load(value []byte) error {
	var probe struct {
		Kind string `json:"k"`
	}
	if err := json.Unmarshal(value, &probe); err != nil {
		return fmt.Errorf("metrics record: %w", err)
	}
	if probe.Kind == "a" {
		var ar agentRecord
		if err := json.Unmarshal(value, &ar); err != nil {
			return fmt.Errorf("metrics agent record: %w", err)
		}
		tr := ar.tracker
		h.agents[ar.Agent] = &tr
		return nil
	}
	var rec cellRecord
	if err := json.Unmarshal(value, &rec); err != nil {
		return fmt.Errorf("metrics cell: %w", err)
	}
	bk := h.bucket(rec.Bucket)
	d := dims{queue: rec.Queue, channel: rec.Channel, profile: rec.Profile, agent: rec.Agent, step: h.stepID(rec.Step)}
	switch {
	case rec.Kind == "c" && rec.Contact != nil && int(rec.Layout) < numContactLayouts:
		l := int(rec.Layout)
		if l != layoutAgent && rec.Contact.Answers == nil {
			rec.Contact.Answers, rec.Contact.Abandons = &Hist{}, &Hist{}
		}
		bk.contact[l][d] = rec.Contact
		if rolledUp[l] {
			cellIn(h.hour(rec.Bucket).contact[l], l, d).merge(rec.Contact)
		}
	case rec.Kind == "t" && rec.Time != nil && int(rec.Layout) < numTimeLayouts:
		bk.time[rec.Layout][d] = rec.Time
		if rolledUpTime[rec.Layout] {
			timeCellIn(h.hour(rec.Bucket).time[rec.Layout], d).add(rec.Time)
		}
	default:
		return fmt.Errorf("metrics cell: unknown kind %q layout %d", rec.Kind, rec.Layout)
	}
	return nil
}

// Stats describes the history's size (for benchmarks and diagnostics).
type Stats struct{ Buckets, ContactCells, TimeCells, Agents int }

// Stats counts buckets and cells.
func (h *History) Stats() Stats {
	s := Stats{Buckets: len(h.buckets), Agents: len(h.agents)}
	for _, b := range h.buckets {
		for _, m := range b.contact {
			s.ContactCells += len(m)
		}
		for _, m := range b.time {
			s.TimeCells += len(m)
		}
	}
	return s
}
