package metrics

import (
	"math"
	"sort"
	"time"
)

// Hist counts durations exactly enough for any whole-second threshold:
// key 2·⌊d⌋ for a whole number of seconds and 2·⌊d⌋+1 for one with a
// fraction, so d < X ⇔ key < 2X and d ≤ X ⇔ key ≤ 2X. Keys are kept sorted
// and only non-empty ones are stored, so a cell holds one entry per
// distinct second that occurred, whatever the threshold asked later.
type Hist struct {
	K []uint32 `json:"k"`
	N []uint32 `json:"n"`
}

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

// Add counts one duration.
func (h *Hist) Add(d time.Duration) { h.addKey(histKey(d)) }

// Below counts durations under x seconds (at most x when inclusive).
func (h *Hist) Below(x int64, inclusive bool) int64 {
	if h == nil {
		return 0
	}
	limit := uint64(2 * x)
	var n int64
	for i, k := range h.K {
		if uint64(k) > limit || (uint64(k) == limit && !inclusive) {
			break
		}
		n += int64(h.N[i])
	}
	return n
}

// merge adds o's counts (both sorted: one pass).
func (h *Hist) merge(o *Hist) {
	if o == nil || len(o.K) == 0 {
		return
	}
	k := make([]uint32, 0, len(h.K)+len(o.K))
	n := make([]uint32, 0, len(h.K)+len(o.K))
	i, j := 0, 0
	for i < len(h.K) || j < len(o.K) {
		switch {
		case j == len(o.K) || (i < len(h.K) && h.K[i] < o.K[j]):
			k, n = append(k, h.K[i]), append(n, h.N[i])
			i++
		case i == len(h.K) || o.K[j] < h.K[i]:
			k, n = append(k, o.K[j]), append(n, o.N[j])
			j++
		default:
			k, n = append(k, h.K[i]), append(n, h.N[i]+o.N[j])
			i++
			j++
		}
	}
	h.K, h.N = k, n
}

func (h *Hist) addKey(k uint32) {
	i := sort.Search(len(h.K), func(i int) bool { return h.K[i] >= k })
	if i < len(h.K) && h.K[i] == k {
		h.N[i]++
		return
	}
	h.K = append(h.K, 0)
	h.N = append(h.N, 0)
	copy(h.K[i+1:], h.K[i:])
	copy(h.N[i+1:], h.N[i:])
	h.K[i], h.N[i] = k, 1
}

// ContactCell is what one bucket keeps for one combination of dimensions:
// counts and duration sums of the contact segments whose record completed
// with a disconnect in the bucket (docs/metrics.md#interval-attribution), and the offers agents
// answered or missed in it. Durations are seconds.
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

	// Answer times and abandon times, for SERVICE_LEVEL and the *_IN_X
	// metrics at any threshold; nil in layouts that do not keep them.
	Answers  *Hist `json:"xa,omitempty"`
	Abandons *Hist `json:"xb,omitempty"`
}

func (c *ContactCell) add(o *ContactCell) {
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

// merge adds o, histograms included (for rollups).
func (c *ContactCell) merge(o *ContactCell) {
	c.add(o)
	if c.Answers != nil {
		c.Answers.merge(o.Answers)
		c.Abandons.merge(o.Abandons)
	}
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
		switch c.State {
		case ConnConnected, ConnOnHold, ConnACW:
			return ClassOnContact
		case ConnConnecting:
			ringing = true
		}
	}
	if status == StatusCustom {
		return ClassNPT
	}
	if ringing {
		return ClassConnecting
	}
	return ClassIdle
}
