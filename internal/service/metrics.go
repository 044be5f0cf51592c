package service

import (
	"time"

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
}

// liveContact is a live contact as real-time metrics count it, kept
// compact so that reading a queue's contacts does not chase pointers.
type liveContact struct {
	metrics.Contact
	c *Contact
}

func newInstanceMetrics() *instanceMetrics {
	return &instanceMetrics{hist: metrics.NewHistory(0), live: map[string]map[string]liveContact{}, liveQ: map[string]string{}, pages: newSnapshotCache()}
}

// initMetrics registers the metrics observer and indexes the loaded live
// contacts. New calls it after loading state, before the engine restarts.
func (s *Service) initMetrics() {
	for _, st := range s.allInstances() {
		for _, c := range st.Eng.Contacts() {
			st.metrics.noteLive(c)
		}
	}
}

func (m *instanceMetrics) noteLive(c *Contact) {
	want := ""
	if (c.State == StateQueued || c.State == StateScheduled) && !c.AgentQueue {
		want = c.QueueID
	}
	if old, ok := m.liveQ[c.ID]; ok && old != want {
		delete(m.live[old], c.ID)
		if len(m.live[old]) == 0 {
			delete(m.live, old)
		}
		delete(m.liveQ, c.ID)
	}
	if want != "" {
		if m.live[want] == nil {
			m.live[want] = map[string]liveContact{}
		}
		m.live[want][c.ID] = liveContact{Contact: metrics.Contact{Queue: want, Channel: c.Channel, Scheduled: c.State == StateScheduled,
			EnqueuedAt: c.EnqueueTimestamp}, c: c}
		m.liveQ[c.ID] = want
	}
}

// beforeFlush brings the live index up to date with the contacts a flush
// is about to write, and reports whether metrics have changes to persist.
func (s *Service) beforeFlush(st *instanceState) bool {
	m := st.metrics
	for id := range st.Eng.PeekChanges().Contacts {
		if c := st.Eng.Contact(id); c != nil {
			m.noteLive(c)
		}
	}
	m.hist.Prune(s.clock.Now())
	return m.hist.Pending()
}

// writeMetrics persists the changed buckets inside the flush transaction.
// A store that is not durable gets none: the history in memory is the
// truth, as for contacts (engine.go persisted).
func (s *Service) writeMetrics(tx storage.Tx, st *instanceState) error {
	if !s.keepsEngine {
		return nil
	}
	for _, r := range st.metrics.hist.Changes() {
		key := childKey(st.ID, r.Key)
		if r.Delete {
			if err := tx.Delete(bucketMetrics, key); err != nil {
				return err
			}
			continue
		}
		if err := putRecord(tx, bucketMetrics, key, r.Value); err != nil {
			return err
		}
	}
	return nil
}

// loadMetrics restores one stored metrics record (schema.go).
func loadMetrics(st *instanceState, v []byte) error { return st.metrics.hist.Load(v) }

// observeMetrics turns engine events into historical facts: offer
// outcomes when they happen, completed contact records, and what each
// agent is doing. It runs under the instance's lock, before the
// observers.
func (s *Service) observeMetrics(st *instanceState, ev Event) {
	h := st.metrics.hist
	c := st.Eng.Contact(ev.ContactID)
	switch ev.Type {
	case EvConnected, EvMissed, EvRejected:
		if c != nil && !c.AgentQueue {
			h.AddOffer(metrics.Offer{Time: ev.Time, Queue: c.QueueID, Channel: c.Channel, Step: stepAtDequeue(c),
				Agent: ev.AgentID, Profile: s.profileOfAgent(st, ev.AgentID), Accepted: ev.Type == EvConnected})
		}
	case EvACWEnded:
		if c != nil {
			s.recordSegment(st, c)
		}
	case EvDisconnected:
		if c != nil && c.State == StateEnded {
			s.recordSegment(st, c)
		}
	}
	if ev.AgentID != "" {
		s.trackAgent(st, ev.AgentID, ev.Time)
	}
}

func (s *Service) profileOfAgent(st *instanceState, userID string) string {
	if u := st.Users[userID]; u != nil {
		return u.RoutingProfileID
	}
	return ""
}

// trackAgent records what the agent is doing from t (agent-time metrics).
func (s *Service) trackAgent(st *instanceState, userID string, t time.Time) {
	a := st.Eng.AgentState(userID)
	if a == nil {
		return
	}
	typ := ""
	if as := st.Statuses[a.StatusID]; as != nil {
		typ = as.Type
	}
	conns := make([]metrics.Conn, 0, len(a.Connections))
	for _, cn := range a.Connections {
		conns = append(conns, metrics.Conn{Channel: cn.Channel, State: cn.State})
	}
	st.metrics.hist.SetAgent(t, userID, s.profileOfAgent(st, userID), metrics.Classify(typ, conns))
}

// stepAtDequeue is the canonical expression of the step that was active
// when the contact left the queue: JOINED when an agent took it, ACTIVE
// while it waits or when it was abandoned (docs/routing.md#the-routing-step-expression-dimension).
func stepAtDequeue(c *Contact) string {
	if c.AgentQueue || c.Criteria == nil {
		return ""
	}
	for i := range c.Criteria.Steps {
		if s := c.Criteria.Steps[i].Status; s == StepJoined || s == StepActive {
			return c.Criteria.Steps[i].Canonical()
		}
	}
	return ""
}

// recordSegment adds a completed contact record to the history (docs/metrics.md#interval-attribution):
// after ACW, or at the disconnect of a contact no agent took.
func (s *Service) recordSegment(st *instanceState, c *Contact) {
	if c.AgentQueue || c.QueueID == "" {
		return // agent queues are not reported (docs/metrics.md#filters-and-groupings)
	}
	st.metrics.hist.AddSegment(s.segmentOf(st, c))
}

// completedSegments are the contact records the history holds that
// disconnected in [from, to): the contacts recorded so far (ended, their
// after-contact work done). GetMetricDataV2 computes the parts of its
// window that do not fill 5 minutes from them (docs/metrics.md#windows-at-any-time).
func (s *Service) completedSegments(st *instanceState, from, to time.Time) []metrics.Segment {
	var out []metrics.Segment
	for _, c := range st.Eng.Contacts() {
		if c.State != StateEnded || c.AgentQueue || c.QueueID == "" || c.DisconnectTimestamp.Before(from) || !c.DisconnectTimestamp.Before(to) {
			continue
		}
		out = append(out, s.segmentOf(st, c))
	}
	return out
}

// segmentOf is a contact's record as the history counts it.
func (s *Service) segmentOf(st *instanceState, c *Contact) metrics.Segment {
	seg := metrics.Segment{Queue: c.QueueID, Channel: c.Channel, Step: stepAtDequeue(c), Agent: c.AgentID,
		Profile: s.profileOfAgent(st, c.AgentID), InitiationMethod: c.InitiationMethod, DisconnectReason: c.DisconnectReason,
		EnqueuedAt: c.EnqueueTimestamp, ConnectedAt: c.ConnectedToAgentTimestamp, DisconnectedAt: c.DisconnectTimestamp,
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
