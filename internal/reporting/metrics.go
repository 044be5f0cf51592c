package reporting

import (
	"time"

	"github.com/connect-local/connect-local/internal/engine"
	"github.com/connect-local/connect-local/internal/instance"

	"github.com/connect-local/connect-local/internal/metrics"
	"github.com/connect-local/connect-local/internal/storage"
)

// instanceMetrics is what an instance keeps for its metrics (docs/metrics.md#getcurrentmetricdata, docs/metrics.md#getmetricdata):
// the historical buckets, the contacts real-time metrics count, and the
// cached real-time snapshots that later pages reuse.
type instanceMetrics struct {
	hist *metrics.History
	// live holds the contacts waiting in or scheduled for a standard queue,
	// by queue, kept up to date at every flush, so real-time metrics read
	// only the filtered queues' contacts and never scan finished ones.
	live  map[string]map[string]liveContact
	liveQ map[string]string // contact → its queue in live
	pages *snapshotCache
	// agents are the agents' notes, numbered from 1 by AgentState.Note
	// (noteOf); emptied when the instance is loaded or its history
	// replaced.
	agents []agentNote
}

// agentNote is what metrics keep of one agent's state, found from the
// engine's AgentState without a lookup by ID: its tracker in the history
// and its routing profile as of configuration generation gen (a user's
// profile changes only in a configuration commit, which moves
// st.ConfigGen; a load empties the notes).
type agentNote struct {
	a       *engine.AgentState
	hd      metrics.AgentHandle
	gen     uint64
	profile string
}

// noteOf is a's note, made at a's first event (or after a load).
func (m *instanceMetrics) noteOf(st *instance.State, a *engine.AgentState) *agentNote {
	if i := int(a.Note); i != 0 && i <= len(m.agents) && m.agents[i-1].a == a {
		n := &m.agents[i-1]
		if n.gen != st.ConfigGen {
			n.profile, n.gen = profileOfAgent(st, a.UserID), st.ConfigGen
		}
		return n
	}
	m.agents = append(m.agents, agentNote{a: a, gen: st.ConfigGen, profile: profileOfAgent(st, a.UserID)})
	a.Note = uint32(len(m.agents))
	return &m.agents[len(m.agents)-1]
}

// liveContact is a live contact as real-time metrics count it, kept
// compact so that reading a queue's contacts does not chase pointers.
type liveContact struct {
	metrics.Contact
	c *engine.Contact
}

func newInstanceMetrics() *instanceMetrics {
	return &instanceMetrics{hist: metrics.NewHistory(0), live: map[string]map[string]liveContact{}, liveQ: map[string]string{}, pages: newSnapshotCache()}
}

// NoteLoaded indexes an instance's live contacts after its engine is
// loaded (start-up, a reload). The caller holds st.Mu for writing.
func NoteLoaded(st *instance.State) {
	m := of(st)
	m.agents = nil
	for _, c := range st.Eng.Contacts() {
		m.noteLive(c)
	}
}

func (m *instanceMetrics) noteLive(c *engine.Contact) {
	want := ""
	if (c.State == engine.StateQueued || c.State == engine.StateScheduled) && !c.AgentQueue {
		want = c.QueueID
	}
	if old, ok := m.liveQ[c.ID]; ok && old != want {
		delete(m.live[old], c.ID) // an emptied queue keeps its map: it fills again
		delete(m.liveQ, c.ID)
	}
	if want != "" {
		if m.live[want] == nil {
			m.live[want] = map[string]liveContact{}
		}
		m.live[want][c.ID] = liveContact{Contact: metrics.Contact{Queue: want, Channel: c.Channel, Scheduled: c.State == engine.StateScheduled,
			EnqueuedAt: c.EnqueueTimestamp.Time()}, c: c}
		m.liveQ[c.ID] = want
	}
}

// BeforeFlush brings the live index up to date with the contacts a flush
// is about to write, prunes the history to now, and reports whether
// metrics have changes to persist.
func BeforeFlush(st *instance.State, now time.Time) bool {
	m := of(st)
	for _, c := range st.Eng.PeekChanges().Contacts {
		m.noteLive(c)
	}
	m.hist.Prune(now)
	return m.hist.Pending()
}

// WriteMetrics persists the changed buckets inside the flush transaction.
// A store that is not durable gets none: the history in memory is the
// truth, as for contacts (the service's engine.go persisted), and it
// stops recording changes (History.Untracked).
func WriteMetrics(tx storage.Tx, st *instance.State, durable bool) error {
	if !durable {
		of(st).hist.Untracked()
		return nil
	}
	for _, r := range of(st).hist.Changes() {
		key := instance.ChildKey(st.ID, r.Key)
		if r.Delete {
			if err := tx.Delete(bucketMetrics, key); err != nil {
				return err
			}
			continue
		}
		if err := instance.PutRecord(tx, bucketMetrics, key, r.Value); err != nil {
			return err
		}
	}
	return nil
}

// loadMetrics restores one stored metrics record (schema.go).
func loadMetrics(st *instance.State, v []byte) error { return of(st).hist.Load(v) }

// Committed tells the history its changes are in the flush's write.
func Committed(st *instance.State) { of(st).hist.Committed() }

// SetHistory replaces an instance's history (benchmarks that feed one
// directly). The caller holds st.Mu for writing.
func SetHistory(st *instance.State, h *metrics.History) { of(st).hist, of(st).agents = h, nil }

// NoteLive indexes one contact as real-time metrics count it (benchmarks
// that load contacts into the engine directly).
func NoteLive(st *instance.State, c *engine.Contact) { of(st).noteLive(c) }

// Observe turns engine events into historical facts: offer
// outcomes when they happen, completed contact records, and what each
// agent is doing. It runs under the instance's lock, before the
// observers.
//
// The event's Contact and Agent are the engine's contact and agent state
// of its IDs (what st.Eng.Contact and AgentState return while it is
// observed); the agent's profile and tracker come from its note.
func Observe(st *instance.State, ev engine.Event) {
	m := of(st)
	var n *agentNote
	if ev.Agent != nil {
		n = m.noteOf(st, ev.Agent)
	}
	switch ev.Type {
	case engine.EvConnected, engine.EvMissed, engine.EvRejected:
		if c := ev.Contact; c != nil && !c.AgentQueue {
			o := metrics.Offer{Time: ev.Time, Queue: c.QueueID, Channel: c.Channel, Step: stepAtDequeue(c),
				Agent: ev.AgentID, Profile: profileOf(st, n, ev.AgentID), Accepted: ev.Type == engine.EvConnected}
			if n != nil {
				m.hist.AddOfferBy(&n.hd, o) // n is ev.AgentID's
			} else {
				m.hist.AddOffer(o)
			}
		}
	case engine.EvACWEnded:
		if c := ev.Contact; c != nil {
			recordSegment(st, c, n)
		}
	case engine.EvDisconnected:
		if c := ev.Contact; c != nil && c.State == engine.StateEnded {
			recordSegment(st, c, n)
		}
	}
	if n != nil {
		trackAgent(st, m, n, ev.Time)
	}
}

// profileOf is the profile of user userID: n's when n is the note of
// that user's agent state.
func profileOf(st *instance.State, n *agentNote, userID string) string {
	if n != nil && n.a.UserID == userID {
		return n.profile
	}
	return profileOfAgent(st, userID)
}

func profileOfAgent(st *instance.State, userID string) string {
	if u := st.Users[userID]; u != nil {
		return u.RoutingProfileID
	}
	return ""
}

// trackAgent records what the agent of note n is doing from t (agent-time metrics).
func trackAgent(st *instance.State, m *instanceMetrics, n *agentNote, t time.Time) {
	a := n.a
	typ := ""
	if as := st.Statuses[a.StatusID]; as != nil {
		typ = as.Type
	}
	m.hist.SetAgentBy(&n.hd, t, a.UserID, n.profile, classify(typ, a.Connections))
}

// classify is metrics.Classify over the engine's connections, without
// copying them (and without reading them for an agent offline).
func classify(typ string, conns map[string]*engine.Connection) metrics.Class {
	if typ == metrics.StatusOffline || typ == "" {
		return metrics.ClassOffline
	}
	ringing := false
	for _, cn := range conns {
		switch metrics.ConnClass(cn.State) {
		case metrics.ClassOnContact:
			return metrics.ClassOnContact
		case metrics.ClassConnecting:
			ringing = true
		}
	}
	return metrics.ClassOf(typ, ringing)
}

// stepAtDequeue is the canonical expression of the step that was active
// when the contact left the queue: JOINED when an agent took it, ACTIVE
// while it waits or when it was abandoned (docs/routing.md#the-routing-step-expression-dimension).
func stepAtDequeue(c *engine.Contact) string {
	if c.AgentQueue || c.Criteria == nil {
		return ""
	}
	for i := range c.Criteria.Steps {
		if s := c.Criteria.Steps[i].Status; s == engine.StepJoined || s == engine.StepActive {
			return c.Criteria.Steps[i].Canonical()
		}
	}
	return ""
}

// recordSegment adds a completed contact record to the history (docs/metrics.md#interval-attribution):
// after ACW, or at the disconnect of a contact no agent took.
// n is the note of the event's agent (nil when none).
func recordSegment(st *instance.State, c *engine.Contact, n *agentNote) {
	if c.AgentQueue || c.QueueID == "" {
		return // agent queues are not reported (docs/metrics.md#filters-and-groupings)
	}
	seg := segmentWith(st, c, profileOf(st, n, c.AgentID))
	if n != nil && n.a.UserID == c.AgentID {
		of(st).hist.AddSegmentBy(&n.hd, seg)
	} else {
		of(st).hist.AddSegment(seg)
	}
}

// completedSegments are the contact records the history holds that
// disconnected in [from, to): the contacts recorded so far (ended, their
// after-contact work done). GetMetricDataV2 computes the parts of its
// window that do not fill 5 minutes from them (docs/metrics.md#windows-at-any-time).
func completedSegments(st *instance.State, from, to time.Time) []metrics.Segment {
	var out []metrics.Segment
	for _, c := range st.Eng.Contacts() {
		if c.State != engine.StateEnded || c.AgentQueue || c.QueueID == "" || c.DisconnectTimestamp.Time().Before(from) || !c.DisconnectTimestamp.Time().Before(to) {
			continue
		}
		out = append(out, segmentOf(st, c))
	}
	return out
}

// segmentOf is a contact's record as the history counts it.
func segmentOf(st *instance.State, c *engine.Contact) metrics.Segment {
	return segmentWith(st, c, profileOfAgent(st, c.AgentID))
}

// segmentWith is segmentOf with the profile of c's agent.
func segmentWith(st *instance.State, c *engine.Contact, profile string) metrics.Segment {
	seg := metrics.Segment{Queue: c.QueueID, Channel: c.Channel, Step: stepAtDequeue(c), Agent: c.AgentID,
		Profile: profile, InitiationMethod: c.InitiationMethod, DisconnectReason: c.DisconnectReason,
		EnqueuedAt: c.EnqueueTimestamp.Time(), ConnectedAt: c.ConnectedToAgentTimestamp.Time(), DisconnectedAt: c.DisconnectTimestamp.Time(),
		Hold: time.Duration(c.HoldSecs) * time.Second, Held: c.Holds > 0, DisconnectedOnHold: c.EndedOnHold}
	if !c.ACWStart.IsZero() && c.ACWEnd.After(c.ACWStart) {
		seg.ACW = c.ACWEnd.Sub(c.ACWStart)
	}
	if c.InitiationMethod == "TRANSFER" {
		if prev := st.Eng.Contact(c.PreviousContactID); prev != nil && prev.ConnectedToAgentTimestamp.IsZero() {
			seg.FromQueue = true
		}
	}
	return seg
}
