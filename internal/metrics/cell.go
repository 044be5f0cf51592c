package metrics

import (
	"math"
	"time"
)

// Hist is the stored form of a duration histogram (hist): keys 2·⌊d⌋
// for a whole number of seconds and 2·⌊d⌋+1 for one with a fraction, in
// ascending order, and their counts.
type Hist struct {
	K []uint32 `json:"k"`
	N []uint32 `json:"n"`
}

// hist counts durations exactly enough for any whole-second threshold:
// key 2·⌊d⌋ for a whole number of seconds and 2·⌊d⌋+1 for one with a
// fraction, so d < X ⇔ key < 2X and d ≤ X ⇔ key ≤ 2X. Each entry is
// key<<32 | count, kept sorted by key, and only non-empty keys are stored,
// so a cell holds one entry per distinct second that occurred, whatever
// the threshold asked later, in one slice.
type hist []uint64

func histKey(d time.Duration) uint32 {
	if d < 0 {
		d = 0
	}
	k := 2 * uint64(d/time.Second)
	if d%time.Second != 0 {
		k++
	}
	return uint32(min(k, math.MaxUint32))
}

func (h hist) key(i int) uint32   { return uint32(h[i] >> 32) }
func (h hist) count(i int) uint32 { return uint32(h[i]) }

// add counts one duration.
func (h *hist) add(d time.Duration) { h.addN(histKey(d), 1) }

// below counts durations under x seconds (at most x when inclusive).
func (h hist) below(x int64, inclusive bool) int64 {
	limit := uint64(2 * x)
	var n int64
	for i := range h {
		k := uint64(h.key(i))
		if k > limit || (k == limit && !inclusive) {
			break
		}
		n += int64(h.count(i))
	}
	return n
}

// addN adds n to key k's count (which saturates rather than spill into
// the key).
func (h *hist) addN(k uint32, n uint32) {
	s := *h
	i, j := 0, len(s) // sort.Search for the first key >= k, without a closure
	for i < j {
		m := int(uint(i+j) >> 1)
		if s.key(m) < k {
			i = m + 1
		} else {
			j = m
		}
	}
	if i < len(s) && s.key(i) == k {
		s[i] = uint64(k)<<32 | uint64(s.count(i)+min(n, math.MaxUint32-s.count(i)))
		return
	}
	s = append(s, 0)
	copy(s[i+1:], s[i:])
	s[i] = uint64(k)<<32 | uint64(n)
	*h = s
}

// merge adds o's counts (both sorted: one pass).
func (h *hist) merge(o hist) {
	if len(o) == 0 {
		return
	}
	a := *h
	out := make(hist, 0, len(a)+len(o))
	i, j := 0, 0
	for i < len(a) || j < len(o) {
		switch {
		case j == len(o) || (i < len(a) && a.key(i) < o.key(j)):
			out = append(out, a[i])
			i++
		case i == len(a) || o.key(j) < a.key(i):
			out = append(out, o[j])
			j++
		default:
			out = append(out, uint64(a.key(i))<<32|uint64(a.count(i)+min(o.count(j), math.MaxUint32-a.count(i))))
			i++
			j++
		}
	}
	*h = out
}

// stored is h's stored form (nil slices when empty).
func (h hist) stored() *Hist {
	s := &Hist{}
	for i := range h {
		s.K, s.N = append(s.K, h.key(i)), append(s.N, h.count(i))
	}
	return s
}

// histOf reads a stored histogram, in any order.
func histOf(s *Hist) hist {
	var h hist
	if s == nil {
		return h
	}
	for i := range min(len(s.K), len(s.N)) {
		h.addN(s.K[i], s.N[i])
	}
	return h
}

// hists are a cell's answer and abandon times, for SERVICE_LEVEL and the
// *_IN_X metrics at any threshold, in the layouts that keep them.
type hists struct{ answers, abandons hist }

// cell is what one bucket keeps for one combination of dimensions: counts
// and duration sums of the contact segments whose record completed with a
// disconnect in the bucket (docs/metrics.md#interval-attribution), and the
// offers agents answered or missed in it. Durations are seconds. It holds
// no pointer (the histograms are beside it, in the layouts that keep
// them), so the collector never scans the many cells of the agent layout;
// counts are 32 bits (a 5-minute or hourly cell) and widen to ContactCell's
// 64 when a query adds cells up.
type cell struct {
	Queued, Handled, Abandoned, HungUpFirst, Incoming, Outbound, HoldAbandons,
	TransferredIn, TransferredOut, InFromQueue, OutFromQueue, Callback, API,
	Held, Missed, Accepted uint32

	HandleSum, ACWSum, AnswerSum, AbandonSum, HoldSum, InteractionSum, TalkSum, QueuedMax float64
}

func (c *cell) add(o *cell) {
	c.Queued += o.Queued
	c.Handled += o.Handled
	c.Abandoned += o.Abandoned
	c.HungUpFirst += o.HungUpFirst
	c.Incoming += o.Incoming
	c.Outbound += o.Outbound
	c.HoldAbandons += o.HoldAbandons
	c.TransferredIn += o.TransferredIn
	c.TransferredOut += o.TransferredOut
	c.InFromQueue += o.InFromQueue
	c.OutFromQueue += o.OutFromQueue
	c.Callback += o.Callback
	c.API += o.API
	c.Held += o.Held
	c.Missed += o.Missed
	c.Accepted += o.Accepted
	c.HandleSum += o.HandleSum
	c.ACWSum += o.ACWSum
	c.AnswerSum += o.AnswerSum
	c.AbandonSum += o.AbandonSum
	c.HoldSum += o.HoldSum
	c.InteractionSum += o.InteractionSum
	c.TalkSum += o.TalkSum
	c.QueuedMax = max(c.QueuedMax, o.QueuedMax)
}

// ContactCell is a cell's stored form (with its histograms, nil in the
// layouts that do not keep them) and what a query adds cells up into.
type ContactCell struct {
	Queued         int64 `json:"qd,omitempty"`
	Handled        int64 `json:"hd,omitempty"`
	Abandoned      int64 `json:"ab,omitempty"`
	HungUpFirst    int64 `json:"hu,omitempty"`
	Incoming       int64 `json:"in,omitempty"`
	Outbound       int64 `json:"ob,omitempty"`
	HoldAbandons   int64 `json:"ha,omitempty"`
	TransferredIn  int64 `json:"ti,omitempty"`
	TransferredOut int64 `json:"to,omitempty"`
	InFromQueue    int64 `json:"tiq,omitempty"`
	OutFromQueue   int64 `json:"toq,omitempty"`
	Callback       int64 `json:"cb,omitempty"`
	API            int64 `json:"api,omitempty"`
	Held           int64 `json:"hl,omitempty"` // segments put on hold at least once
	Missed         int64 `json:"ms,omitempty"` // offers missed or rejected
	Accepted       int64 `json:"ac,omitempty"` // offers accepted

	HandleSum      float64 `json:"sh,omitempty"` // talk + hold + ACW
	ACWSum         float64 `json:"sa,omitempty"`
	AnswerSum      float64 `json:"sq,omitempty"` // enqueue → agent connected
	AbandonSum     float64 `json:"sb,omitempty"` // enqueue → abandon
	HoldSum        float64 `json:"so,omitempty"`
	InteractionSum float64 `json:"si,omitempty"` // talk without hold
	TalkSum        float64 `json:"st,omitempty"` // talk with hold
	QueuedMax      float64 `json:"mq,omitempty"`

	// Answer times and abandon times; nil in layouts that do not keep them.
	Answers  *Hist `json:"xa,omitempty"`
	Abandons *Hist `json:"xb,omitempty"`
}

// addCell adds a cell's counts and sums.
func (c *ContactCell) addCell(o *cell) {
	c.Queued += int64(o.Queued)
	c.Handled += int64(o.Handled)
	c.Abandoned += int64(o.Abandoned)
	c.HungUpFirst += int64(o.HungUpFirst)
	c.Incoming += int64(o.Incoming)
	c.Outbound += int64(o.Outbound)
	c.HoldAbandons += int64(o.HoldAbandons)
	c.TransferredIn += int64(o.TransferredIn)
	c.TransferredOut += int64(o.TransferredOut)
	c.InFromQueue += int64(o.InFromQueue)
	c.OutFromQueue += int64(o.OutFromQueue)
	c.Callback += int64(o.Callback)
	c.API += int64(o.API)
	c.Held += int64(o.Held)
	c.Missed += int64(o.Missed)
	c.Accepted += int64(o.Accepted)
	c.HandleSum += o.HandleSum
	c.ACWSum += o.ACWSum
	c.AnswerSum += o.AnswerSum
	c.AbandonSum += o.AbandonSum
	c.HoldSum += o.HoldSum
	c.InteractionSum += o.InteractionSum
	c.TalkSum += o.TalkSum
	c.QueuedMax = max(c.QueuedMax, o.QueuedMax)
}

// stored is the stored form of a cell and its histograms (hs nil: none).
func (o *cell) stored(hs *hists) *ContactCell {
	c := &ContactCell{}
	c.addCell(o)
	if hs != nil {
		c.Answers, c.Abandons = hs.answers.stored(), hs.abandons.stored()
	}
	return c
}

// u32 is a stored count as a cell keeps it (clamped: a cell never counts
// more than 32 bits hold).
func u32(n int64) uint32 { return uint32(max(0, min(n, math.MaxUint32))) }

// cellOf reads a stored cell.
func cellOf(c *ContactCell) (cell, hists) {
	return cell{
		Queued: u32(c.Queued), Handled: u32(c.Handled), Abandoned: u32(c.Abandoned), HungUpFirst: u32(c.HungUpFirst),
		Incoming: u32(c.Incoming), Outbound: u32(c.Outbound), HoldAbandons: u32(c.HoldAbandons),
		TransferredIn: u32(c.TransferredIn), TransferredOut: u32(c.TransferredOut), InFromQueue: u32(c.InFromQueue),
		OutFromQueue: u32(c.OutFromQueue), Callback: u32(c.Callback), API: u32(c.API), Held: u32(c.Held),
		Missed: u32(c.Missed), Accepted: u32(c.Accepted),
		HandleSum: c.HandleSum, ACWSum: c.ACWSum, AnswerSum: c.AnswerSum, AbandonSum: c.AbandonSum, HoldSum: c.HoldSum,
		InteractionSum: c.InteractionSum, TalkSum: c.TalkSum, QueuedMax: c.QueuedMax,
	}, hists{answers: histOf(c.Answers), abandons: histOf(c.Abandons)}
}

// TimeCell is agent time in a bucket, in seconds, by what the agent was
// doing (Class).
type TimeCell struct {
	Online    float64 `json:"on,omitempty"`
	OnContact float64 `json:"oc,omitempty"`
	Idle      float64 `json:"id,omitempty"`
	NPT       float64 `json:"np,omitempty"`
}

func (t *TimeCell) add(o *TimeCell) {
	t.Online += o.Online
	t.OnContact += o.OnContact
	t.Idle += o.Idle
	t.NPT += o.NPT
}

func (t *TimeCell) accrue(c Class, secs float64) {
	if c == ClassOffline {
		return
	}
	t.Online += secs
	switch c {
	case ClassOnContact:
		t.OnContact += secs
	case ClassIdle:
		t.Idle += secs
	case ClassNPT:
		t.NPT += secs
	}
}

func (t *TimeCell) empty() bool { return t.Online == 0 }

// Class is what an agent is doing, for agent-time metrics.
type Class uint8

const (
	ClassOffline    Class = iota // status type OFFLINE
	ClassOnContact               // a contact connected, on hold or in ACW
	ClassIdle                    // Available with no contact, or only missed/errored ones
	ClassNPT                     // a custom status with no contact
	ClassConnecting              // Available, only ringing offers: neither idle nor on contact
)

// Classify says what an agent with this status type and these contacts is
// doing. OCCUPANCY is on-contact time over on-contact plus idle time
// (docs/metrics.md#the-25-historical-metrics); time spent only ringing counts as neither.
func Classify(status string, conns []Conn) Class {
	if status == StatusOffline || status == "" {
		return ClassOffline
	}
	ringing := false
	for _, c := range conns {
		switch ConnClass(c.State) {
		case ClassOnContact:
			return ClassOnContact
		case ClassConnecting:
			ringing = true
		}
	}
	return ClassOf(status, ringing)
}

// ConnClass is what one connection in this state makes its agent do:
// ClassOnContact (connected, on hold, in after-contact work),
// ClassConnecting (ringing) or ClassIdle (nothing: missed, rejected...).
// Classify is ClassOf after the first ClassOnContact or over whether any
// was ClassConnecting; callers that hold connections in another shape
// walk them with it rather than copying them.
func ConnClass(state string) Class {
	switch state {
	case ConnConnected, ConnOnHold, ConnACW:
		return ClassOnContact
	case ConnConnecting:
		return ClassConnecting
	}
	return ClassIdle
}

// ClassOf is Classify for an agent that no connection puts on a contact:
// whether one rings decides between idle and connecting.
func ClassOf(status string, ringing bool) Class {
	if status == StatusOffline || status == "" {
		return ClassOffline
	}
	if status == StatusCustom {
		return ClassNPT
	}
	if ringing {
		return ClassConnecting
	}
	return ClassIdle
}
