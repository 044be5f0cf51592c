package metrics

import (
	"cmp"
	"slices"
	"time"

	"github.com/connect-local/connect-local/internal/addrcache"
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

// keepsHists: the layouts whose cells keep answer and abandon times.
var keepsHists = [numContactLayouts]bool{layoutQueue: true, layoutStep: true, layoutProfile: true}

// key spells out a cell's dimensions.
func (n *names) key(d dims) HistKey {
	return HistKey{Queue: n.list[d.queue], Channel: n.list[d.channel], Profile: n.list[d.profile], Agent: n.list[d.agent], Step: n.list[d.step]}
}

// dims is a cell's key within its layout, as interned names; fields a
// layout lacks stay 0 ("").
type dims struct{ queue, channel, profile, agent, step uint32 }

// cellSet is one layout's cells in one bucket, in two parallel slices, so
// that no cell is an allocation of its own and nothing in the set holds a
// pointer for the collector to scan. While the bucket is current an index
// (at) finds a cell; once the clock has left it behind the set is settled:
// keys sorted, the slices cut to their length and the index dropped
// (binary search finds a cell then). A cell made in a settled set (a late
// fact, a load) brings the index back until the next settle.
type cellSet[C any] struct {
	at    *cellIndex
	keys  []dims
	cells []C
}

func (d dims) compare(o dims) int {
	switch {
	case d.queue != o.queue:
		return cmp.Compare(d.queue, o.queue)
	case d.channel != o.channel:
		return cmp.Compare(d.channel, o.channel)
	case d.profile != o.profile:
		return cmp.Compare(d.profile, o.profile)
	case d.agent != o.agent:
		return cmp.Compare(d.agent, o.agent)
	}
	return cmp.Compare(d.step, o.step)
}

// index returns the position of d's cell.
func (s *cellSet[C]) index(d dims) (int, bool) {
	if s.at != nil {
		i, ok := s.at.get(d)
		return int(i), ok
	}
	return slices.BinarySearchFunc(s.keys, d, dims.compare)
}

// get returns the index of d's cell, made empty if there was none.
func (s *cellSet[C]) get(d dims) int {
	if i, ok := s.index(d); ok {
		return i
	}
	s.reopen()
	i := len(s.keys)
	s.at.set(d, int32(i))
	s.keys = append(s.keys, d)
	var zero C
	s.cells = append(s.cells, zero)
	return i
}

// sized makes room for n cells in an empty set (a new bucket's sets
// sized like the last bucket's): one allocation of each slice and of the
// index, not a doubling series.
func (s *cellSet[C]) sized(n int) {
	if n == 0 || s.at != nil || len(s.keys) > 0 {
		return
	}
	s.at = newCellIndex(n)
	s.keys = make([]dims, 0, n)
	s.cells = make([]C, 0, n)
}

// reopen brings back the index of a settled set.
func (s *cellSet[C]) reopen() {
	if s.at == nil {
		s.at = newCellIndex(len(s.keys) + 1)
		for i, k := range s.keys {
			s.at.set(k, int32(i))
		}
	}
}

// find returns d's cell, or nil.
func (s *cellSet[C]) find(d dims) *C {
	if i, ok := s.index(d); ok {
		return &s.cells[i]
	}
	return nil
}

// settle sorts the set by key into slices of its length and drops the
// index. It returns the order it applied (old positions, in sc's
// scratch: good until its next use), for the histograms beside the
// cells; nil if the set was settled already. What the set no longer needs
// goes to spare.
func (s *cellSet[C]) settle(spare *[]spareSet[C], sc *sortScratch) []int32 {
	at, keys, cells := s.at, s.keys, s.cells
	order := s.settleKeys(sc)
	if order != nil {
		s.cells = permuted(cells, order)
		putSpare(spare, at, keys, cells)
	}
	return order
}

// settleKeys is settle but for the cells, which it leaves as they were
// (nil when it returns nil): the caller puts them in the order returned.
func (s *cellSet[C]) settleKeys(sc *sortScratch) []int32 {
	if s.at == nil {
		return nil
	}
	if len(s.keys) == 0 { // sized, never used: as if never made
		s.keys, s.cells, s.at = nil, nil, nil
		return nil
	}
	var order []int32
	s.keys, order = sortedKeys(s.keys, sc)
	s.at = nil
	return order
}

// sortKey is a key as sortedKeys sorts it.
type sortKey struct {
	hi, lo uint64 // queue, channel; profile, agent
	step   uint32
	at     int32
}

// sortScratch is the memory sortedKeys works in, kept from one settle to
// the next (a history's sets settle one at a time).
type sortScratch struct {
	keys  []sortKey
	order []int32
}

// sortedKeys returns keys sorted, in a slice of their length, and the
// order it applied (old positions), in sc's scratch. The keys are sorted
// as two words and the step, with their positions, side by side: a
// comparison reads no other memory.
func sortedKeys(keys []dims, sc *sortScratch) ([]dims, []int32) {
	if cap(sc.keys) < len(keys) {
		sc.keys, sc.order = make([]sortKey, len(keys)), make([]int32, len(keys))
	}
	sk := sc.keys[:len(keys)]
	for i, d := range keys {
		sk[i] = sortKey{uint64(d.queue)<<32 | uint64(d.channel), uint64(d.profile)<<32 | uint64(d.agent), d.step, int32(i)}
	}
	slices.SortFunc(sk, func(a, b sortKey) int {
		switch {
		case a.hi != b.hi:
			return cmp.Compare(a.hi, b.hi)
		case a.lo != b.lo:
			return cmp.Compare(a.lo, b.lo)
		}
		return cmp.Compare(a.step, b.step)
	})
	order, sorted := sc.order[:len(sk)], make([]dims, len(sk))
	for i := range sk {
		order[i] = sk[i].at
		sorted[i] = dims{queue: uint32(sk[i].hi >> 32), channel: uint32(sk[i].hi), profile: uint32(sk[i].lo >> 32), agent: uint32(sk[i].lo), step: sk[i].step}
	}
	return sorted, order
}

// permuted returns xs in the order given, in a slice of its length.
func permuted[T any](xs []T, order []int32) []T {
	out := make([]T, len(order))
	for i, j := range order {
		out[i] = xs[j]
	}
	return out
}

type bucket struct {
	contact [numContactLayouts]contactSet
	hists   [numContactLayouts][]hists // beside contact[l].cells where keepsHists[l]
	time    [numTimeLayouts]timeSet
	open    bool    // in History.open
	up      upCells // the rollup's positions of the contact cells
	// gen changes whenever time cells move (a settle, a merge of late
	// cells), so a timeAt taken before is known stale.
	gen uint32
}

// timeAt is where a time cell was in a bucket (an agent tracker keeps
// its cells' places, as an agent changes what it does many times in one
// bucket): valid while bk is the bucket and its gen is unchanged.
type timeAt struct {
	bk  *bucket
	gen uint32
	i   int32
}

// newBucketLike returns an empty bucket with room for as many cells as
// prev has in each layout (none when prev is nil).
func newBucketLike(prev *bucket, spare *spares) *bucket {
	bk := &bucket{}
	if prev == nil {
		return bk
	}
	for l := range bk.contact {
		n := len(prev.contact[l].keys)
		bk.contact[l].sizedFrom(n, &spare.contact[l])
		if keepsHists[l] && n > 0 {
			if k := len(spare.hists[l]); k > 0 {
				bk.hists[l], spare.hists[l] = spare.hists[l][k-1], spare.hists[l][:k-1]
			} else {
				bk.hists[l] = make([]hists, 0, n)
			}
		}
	}
	for l := range bk.time {
		bk.time[l].sizedFrom(prev.time[l].size(), &spare.time[l])
	}
	return bk
}

// contactCell returns d's cell in layout l and its histograms (nil in a
// layout without them), made empty if there was none.
func (b *bucket) contactCell(l int, d dims) (*cell, *hists) {
	return b.contactAt(l, b.contactIndex(l, d))
}

// contactIndex is contactCell's position in its set.
func (b *bucket) contactIndex(l int, d dims) int {
	i := b.contact[l].get(d)
	if keepsHists[l] && i == len(b.hists[l]) {
		b.hists[l] = append(b.hists[l], hists{})
	}
	return i
}

// contactAt returns layout l's i-th cell (of a set not packed) and its
// histograms (nil in a layout without them).
func (b *bucket) contactAt(l, i int) (*cell, *hists) { return &b.contact[l].cells[i], b.histsAt(l, i) }

// histsAt returns the histograms of layout l's i-th cell (nil in a layout
// without them).
func (b *bucket) histsAt(l, i int) *hists {
	if !keepsHists[l] {
		return nil
	}
	return &b.hists[l][i]
}

// settle settles every set of the bucket (cellSet.settle).
func (b *bucket) settle(spare *spares) {
	for l := range b.contact {
		if order := b.contact[l].settle(&spare.contact[l], &spare.sort); order != nil && keepsHists[l] {
			old := b.hists[l]
			b.hists[l] = permuted(old, order)
			if len(spare.hists[l]) < maxSpare {
				clear(old) // its histograms are the new slice's now
				spare.hists[l] = append(spare.hists[l], old[:0])
			}
		} else if len(b.hists[l]) == 0 {
			b.hists[l] = nil
		}
	}
	for l := range b.time {
		b.time[l].settle(&spare.time[l], &spare.sort)
	}
	b.up = upCells{}
	b.gen++
}

// timeCell returns d's time cell in layout l, made empty if there was
// none. A settled set gets a new cell in its late list and stays settled
// (timeSet): an agent's time reaches back to when its state began, hours
// for an agent whose chats overlap, and would otherwise rebuild the index
// of every bucket it spans.
func (b *bucket) timeCell(l int, d dims) *TimeCell { return b.time[l].cell(b.timeIndex(l, d)) }

// timeIndex is timeCell's position in its set.
func (b *bucket) timeIndex(l int, d dims) int {
	s := &b.time[l]
	if s.at == nil && len(s.keys) > 0 {
		if i, ok := slices.BinarySearchFunc(s.keys, d, dims.compare); ok {
			return i
		}
		j, ok := s.lateAt(d)
		if ok {
			return len(s.keys) + int(s.lateOrder[j])
		}
		if len(s.late) >= maxLate {
			s.mergeLate()
			b.gen++
			return b.timeIndex(l, d)
		}
		return s.addLate(d, j)
	}
	return s.get(d)
}

// timeCellAt is timeCell through the place at remembers, which it
// updates.
func (b *bucket) timeCellAt(l int, d dims, at *timeAt) *TimeCell {
	if at.bk != b || at.gen != b.gen {
		i := b.timeIndex(l, d)
		*at = timeAt{bk: b, gen: b.gen, i: int32(i)}
	}
	return b.time[l].cell(int(at.i))
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
	// The interned profile and agent (set when ids), and where the
	// agent's time cells were last (accrue): kept for the next change.
	ids        bool
	p, a       uint32
	cells      [numTimeLayouts]timeAt
	hourlyCell timeAt       // timeProfile in the hourly rollup
	by         *AgentHandle // the handle mirroring Class and Profile (own)
}

// History is one instance's historical metrics: 5-minute buckets filled as
// contact records complete and as agents change what they are doing. It is
// not safe for concurrent use; the service serialises access.
type History struct {
	buckets     map[int64]*bucket
	hours       map[int64]*bucket // rollups, by bucket index / 12
	names       names
	agents      map[string]*tracker
	agentAt     addrcache.Cache[*tracker] // before agents
	dirty       map[cellRef]struct{}
	dirtyAgents map[string]bool
	dropped     []string // keys of the cells of pruned buckets
	// untracked: the store keeps nothing (Untracked), so no change is
	// recorded for it: no dirty cell, agent or dropped key.
	untracked bool
	retention time.Duration
	oldest    int64
	// newest is the latest bucket a fact went to; open lists the buckets
	// (and hourly rollups) whose sets may have an index, settled once
	// newest is hotBuckets past them.
	newest int64
	open   []openBucket
	hot    int64 // hotBuckets (a test sets more)
	// newestBk is buckets[newest], and hourBk hours[hourAt], while set
	// (Prune unsets them): most facts go there.
	newestBk *bucket
	hourBk   *bucket
	hourAt   int64
	spare    spares
	owners   uint64 // moves when a handle's mirror of a tracker may go stale (own)
}

// spares is what the sets of settled buckets no longer need (their
// indexes, unsorted keys and cells, histogram slices), for new buckets'
// sets to fill again: most of the bytes a day's history would otherwise
// allocate; and the scratch of sorting keys.
type spares struct {
	contact [numContactLayouts][]spareSet[cell]
	hists   [numContactLayouts][][]hists
	time    [numTimeLayouts][]spareSet[TimeCell]
	sort    sortScratch
}

type openBucket struct {
	last int64 // the last 5-minute bucket it covers
	bk   *bucket
}

// hotBuckets is how many buckets up to the newest keep their index: facts
// reach the recent past too (a contact record completes at the end of
// after-contact work, in the bucket of its disconnect). Agent time reaches
// further back (bucket.timeCell) but keeps settled buckets settled.
const hotBuckets = 3

// NewHistory returns an empty history keeping buckets for retention (0:
// DefaultRetention).
func NewHistory(retention time.Duration) *History {
	if retention <= 0 {
		retention = DefaultRetention
	}
	return &History{buckets: map[int64]*bucket{}, hours: map[int64]*bucket{}, names: newNames(),
		agents: map[string]*tracker{}, dirty: map[cellRef]struct{}{}, dirtyAgents: map[string]bool{}, retention: retention, hot: hotBuckets}
}

func (h *History) bucket(b int64) *bucket {
	if bk := h.newestBk; bk != nil && b == h.newest && bk.open {
		return bk
	}
	bk := h.buckets[b]
	if bk == nil {
		var prev *bucket
		if len(h.buckets) > 0 && b > h.newest {
			prev = h.buckets[h.newest]
		}
		bk = newBucketLike(prev, &h.spare)
		h.buckets[b] = bk
		if len(h.buckets) == 1 || b < h.oldest {
			h.oldest = b
		}
	}
	h.opened(bk, b)
	if b > h.newest || len(h.buckets) == 1 {
		h.newest = b
		h.settle()
	}
	if b == h.newest {
		h.newestBk = bk
	}
	return bk
}

// opened notes that bk, covering buckets up to last, is being written.
func (h *History) opened(bk *bucket, last int64) {
	if !bk.open {
		bk.open = true
		h.open = append(h.open, openBucket{last, bk})
	}
}

// settle settles the open buckets that are h.hot behind the newest.
func (h *History) settle() {
	keep := h.open[:0]
	for _, o := range h.open {
		if o.last > h.newest-h.hot {
			keep = append(keep, o)
		} else {
			o.bk.settle(&h.spare)
			o.bk.open = false
		}
	}
	clear(h.open[len(keep):])
	h.open = keep
}

func (h *History) hour(b int64) *bucket {
	if hb := h.hourBk; hb != nil && b/bucketsPerHour == h.hourAt && hb.open {
		return hb
	}
	hb := h.hours[b/bucketsPerHour]
	if hb == nil {
		hb = newBucketLike(h.hours[b/bucketsPerHour-1], &h.spare)
		h.hours[b/bucketsPerHour] = hb
	}
	h.opened(hb, (b/bucketsPerHour+1)*bucketsPerHour-1)
	h.hourBk, h.hourAt = hb, b/bucketsPerHour
	return hb
}

// target is a cell a fact updates, with its histograms (nil: none kept).
type target struct {
	c  *cell
	hs *hists
}

// contactCells returns the cells a fact with these dimensions updates: one
// per layout (the step layout only when there is a step), and their hourly
// rollups. The 5-minute cells are marked changed.
// The agent's handle, when given (nil: none), keeps its interned names.
func (h *History) contactCells(b int64, queue, channel, profile, agent, step string, hd *AgentHandle) (out [2 * numContactLayouts]target, n int) {
	bk, hb := h.bucket(b), h.hour(b)
	q, ch := h.queueIDs(hd, queue, channel)
	p, a := h.agentNames(hd, agent, profile)
	keys := [numContactLayouts]dims{
		layoutQueue:   {queue: q, channel: ch},
		layoutStep:    {queue: q, channel: ch, step: h.names.id(step)},
		layoutProfile: {queue: q, channel: ch, profile: p},
		layoutAgent:   {queue: q, channel: ch, profile: p, agent: a},
	}
	hit := hd != nil && hd.lastHit(bk, hb, q, ch, p, a)
	var agentI, profI, profHI int
	for l, k := range keys {
		if l == layoutStep && step == "" {
			continue
		}
		var i int
		switch {
		case hit && l == layoutAgent:
			i = int(hd.last.agentI)
		case hit && l == layoutProfile:
			i = int(hd.last.profI)
		default:
			i = bk.contactIndex(l, k)
		}
		out[n].c, out[n].hs = bk.contactAt(l, i)
		n++
		if !h.untracked {
			h.dirty[cellRef{bucket: b, kind: 'c', layout: uint8(l), d: k}] = struct{}{}
		}
		switch l {
		case layoutAgent:
			agentI = i
		case layoutProfile:
			profI = i
		}
		if rolledUp[l] {
			j := 0
			if hit && l == layoutProfile {
				j = int(hd.last.profHI)
			} else {
				j = bk.hourIndex(l, i, hb, k)
			}
			out[n].c, out[n].hs = hb.contactAt(l, j)
			n++
			if l == layoutProfile {
				profHI = j
			}
		}
	}
	if hd != nil && !hit {
		hd.last = lastCells{queue: queue, channel: channel, q: q, ch: ch, p: p, a: a, bk: bk, hb: hb, bgen: bk.gen, hgen: hb.gen,
			agentI: int32(agentI), profI: int32(profI), profHI: int32(profHI)}
	}
	return out, n
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
func (h *History) AddSegment(s Segment) { h.addSegment(s, nil) }

func (h *History) addSegment(s Segment, hd *AgentHandle) {
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
	cells, n := h.contactCells(Bucket(s.DisconnectedAt), s.Queue, s.Channel, s.Profile, s.Agent, s.Step, hd)
	for _, t := range cells[:n] {
		c := t.c
		if queued {
			c.Queued++
			c.QueuedMax = max(c.QueuedMax, wait.Seconds())
		}
		if handled {
			c.Handled++
			if queued {
				c.AnswerSum += wait.Seconds()
				if t.hs != nil {
					t.hs.answers.add(wait)
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
			if t.hs != nil {
				t.hs.abandons.add(wait)
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
func (h *History) AddOffer(o Offer) { h.addOffer(o, nil) }

func (h *History) addOffer(o Offer, hd *AgentHandle) {
	if o.Queue == "" {
		return
	}
	cells, n := h.contactCells(Bucket(o.Time), o.Queue, o.Channel, o.Profile, o.Agent, o.Step, hd)
	for _, t := range cells[:n] {
		if o.Accepted {
			t.c.Accepted++
		} else {
			t.c.Missed++
		}
	}
}

// SetAgent records that from t the agent is doing c under the routing
// profile; the time since its previous change is added to the buckets it
// spans, split at bucket boundaries.
func (h *History) SetAgent(t time.Time, agent, profile string, c Class) {
	e := h.agentAt.At(agent)
	tr := e.V
	if !e.Is(agent) {
		tr = h.agents[agent]
		if tr == nil {
			tr = &tracker{Class: c, Profile: profile, Since: t}
			h.agents[agent] = tr
			e.Set(agent, tr)
			h.changedAgent(agent)
			return
		}
		e.Set(agent, tr)
	}
	h.setAgent(tr, t, agent, profile, c)
	h.disown(tr)
}

func (h *History) setAgent(tr *tracker, t time.Time, agent, profile string, c Class) {
	if tr.Class == c && tr.Profile == profile {
		return
	}
	h.accrue(agent, tr, t)
	if tr.Profile != profile {
		tr.ids = false
	}
	tr.Class, tr.Profile, tr.Since = c, profile, t
	h.changedAgent(agent)
}

func (h *History) changedAgent(agent string) {
	if !h.untracked {
		h.dirtyAgents[agent] = true
	}
}

func (h *History) accrue(agent string, tr *tracker, to time.Time) {
	if tr.Class == ClassOffline || !to.After(tr.Since) {
		return
	}
	if !tr.ids {
		tr.p, tr.a = h.names.id(tr.Profile), h.names.id(agent)
		tr.ids, tr.cells, tr.hourlyCell = true, [numTimeLayouts]timeAt{}, timeAt{}
	}
	eachBucket(tr.Since, to, func(b int64, secs float64) {
		bk := h.bucket(b)
		for l, k := range [numTimeLayouts]dims{timeAgent: {profile: tr.p, agent: tr.a}, timeProfile: {profile: tr.p}} {
			bk.timeCellAt(l, k, &tr.cells[l]).accrue(tr.Class, secs)
			if !h.untracked {
				h.dirty[cellRef{bucket: b, kind: 't', layout: uint8(l), d: k}] = struct{}{}
			}
			if rolledUpTime[l] {
				h.hour(b).timeCellAt(l, k, &tr.hourlyCell).accrue(tr.Class, secs)
			}
		}
	})
}
