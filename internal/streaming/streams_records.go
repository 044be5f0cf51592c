package streaming

import (
	"github.com/connect-local/connect-local/internal/engine"
	"github.com/connect-local/connect-local/internal/instance"
	"reflect"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/events"
	"github.com/connect-local/connect-local/internal/outbox"
	"github.com/connect-local/connect-local/internal/storage"
)

// Streaming out (docs/events.md): every record is written to the outbox
// in the same recorded write as the engine change that caused it
// (recordStreams, called by recordEngine), so it is durable exactly when
// the change is; the outbox's Deliverer sends what is committed.

// StreamOptions configures streaming; nil Options.Streams streams nothing.
type StreamOptions struct {
	// Endpoints: a kind without one produces no records.
	Endpoints outbox.Endpoints
	Sender    outbox.Sender
	// Wall times retries; it must run in wall time even when the
	// service's clock is virtual (nil: clock.Real).
	Wall                   clock.Clock
	MinBackoff, MaxBackoff time.Duration
}

// HeartbeatInterval is how often agent events carry a HEART_BEAT for
// each logged-in agent, on the service's clock.
const HeartbeatInterval = 120 * time.Second

const destEventBridge = "eventbridge"

type serviceStreams struct {
	endpoints outbox.Endpoints
	deliverer *outbox.Deliverer
}

// instanceStreams is an instance's streaming state.
type instanceStreams struct {
	configs map[string]*StorageConfig // by association ID
	seq     uint64                    // the last outbox sequence written
	// contactEvents are built as the engine emits them, written at the
	// next record.
	contactEvents []*outbox.Record
	// agents is the last snapshot streamed per agent (the next event's
	// PreviousAgentSnapshot), kept while agent events are configured.
	agents    map[string]*events.AgentSnapshot
	heartbeat bool // a heartbeat is due at the next record
	armed     bool // the heartbeat timer is set
}

func streamState(st *instance.State) *instanceStreams {
	if of(st).streams == nil {
		of(st).streams = &instanceStreams{configs: map[string]*StorageConfig{}}
	}
	return of(st).streams
}

// Start starts delivering; the caller holds no lock. The core's Group
// must be running.
func Start(s *Streaming, opts *StreamOptions) error {
	if opts == nil {
		return nil
	}
	sync := func() error {
		// Every record a wake announced was recorded under its
		// instance's lock and is submitted before that lock is released:
		// taking each instance's lock in turn orders the barrier after
		// every such write.
		for _, st := range s.core.All() {
			st.Mu.Lock()
			st.Mu.Unlock() //nolint:staticcheck // an empty critical section is the point
		}
		t := s.core.Group.Submit("", &storage.Writes{})
		return t.Wait()
	}
	d := outbox.New(outbox.Options{Store: s.core.Store, Sync: sync, Sender: opts.Sender, Clock: opts.Wall, Logger: s.core.Log,
		MinBackoff: opts.MinBackoff, MaxBackoff: opts.MaxBackoff})
	s.streams = &serviceStreams{endpoints: opts.Endpoints, deliverer: d}
	return d.Start()
}

// Stop stops delivering (the service's Close).
func Stop(s *Streaming) {
	if s.streams != nil {
		s.streams.deliverer.Close()
	}
}

func (s *Streaming) streamEnabled(kind string) bool {
	return s.streams != nil && s.streams.endpoints.For(kind) != ""
}

// streamConfigs are the instance's configs of a resource type whose kind
// has an endpoint, by association ID order.
func (s *Streaming) streamConfigs(st *instance.State, resourceType string) []*StorageConfig {
	var out []*StorageConfig
	for _, c := range streamState(st).configs {
		if c.ResourceType == resourceType && s.streamEnabled(c.kind()) {
			out = append(out, c)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].AssociationID < out[j].AssociationID })
	return out
}

// NoteEvent builds the contact event of an engine event, to be written
// with the change (the service's emit calls it under st.Mu).
func NoteEvent(s *Streaming, st *instance.State, ev engine.Event) {
	if !s.streamEnabled(outbox.EventBridge) || !events.ContactEventTypes[ev.Type] {
		return
	}
	c := ev.Contact // the engine's contact of ev.ContactID
	if c == nil {
		return
	}
	detail, err := events.ContactEvent(ev.Type, ev.Time, s.contactView(st, c))
	if err != nil {
		s.core.Log.Error("contact event not built", "contact", c.ID, "error", err)
		return
	}
	ss := streamState(st)
	ss.contactEvents = append(ss.contactEvents, &outbox.Record{Kind: outbox.EventBridge, Target: "default", Region: st.Scope.Region,
		PartitionKey: c.ID, Data: detail, Source: events.ContactEventSource, DetailType: events.ContactEventDetailType,
		Resources: []string{c.ARN(), st.ARN}, Time: ev.Time})
}

// Record writes into w the records the instance's changes since
// the last record produce: contact events, a contact record for each
// ended contact that changed, an agent event for each agent whose
// snapshot changed, and heartbeats when due. The caller holds st.Mu and is
// recording the changes themselves into w.
func Record(s *Streaming, w storage.Tx, st *instance.State) error {
	if s.streams == nil || of(st).streams == nil {
		return nil
	}
	ss := streamState(st)
	woken := map[string]bool{}
	put := func(dest string, r *outbox.Record) error {
		ss.seq++
		r.Instance, r.Dest, r.Seq = st.ID, dest, ss.seq
		woken[dest] = true
		return outbox.Put(w, r)
	}
	defer func() {
		for dest := range woken {
			s.streams.deliverer.Wake(st.ID, dest)
		}
	}()
	for _, r := range ss.contactEvents {
		if err := put(destEventBridge, r); err != nil {
			return err
		}
	}
	ss.contactEvents = nil
	if cfgs := s.streamConfigs(st, ResourceCTR); len(cfgs) > 0 {
		for _, c := range sortedByID(st.Eng.PeekChanges().Contacts, func(c *engine.Contact) string { return c.ID }) {
			if !events.Ended(c.State) {
				continue
			}
			data, err := events.CTR(s.contactView(st, c))
			if err != nil {
				return err
			}
			for _, cfg := range cfgs {
				if err := put(cfg.AssociationID, &outbox.Record{Kind: cfg.kind(), Target: cfg.target(),
					Region: outbox.ARNRegion(cfg.target()), PartitionKey: c.ID, Data: data}); err != nil {
					return err
				}
			}
		}
	}
	cfgs := s.streamConfigs(st, ResourceAgentEvents)
	if len(cfgs) == 0 {
		ss.agents, ss.heartbeat = nil, false
		return nil
	}
	if ss.agents == nil {
		s.seedAgentSnapshots(st)
	}
	now := s.core.Clock.Now()
	emit := func(userID, typ string, cur, prev *events.AgentSnapshot) error {
		u := st.Users[userID]
		if u == nil {
			return nil
		}
		ev := &events.AgentEvent{AccountID: st.Scope.Account, InstanceARN: st.ARN, AgentARN: u.ARN, ID: uuid.NewString(),
			Type: typ, Time: now, Current: cur, Previous: prev}
		data, err := ev.JSON()
		if err != nil {
			return err
		}
		for _, cfg := range cfgs {
			if err := put(cfg.AssociationID, &outbox.Record{Kind: cfg.kind(), Target: cfg.target(),
				Region: outbox.ARNRegion(cfg.target()), PartitionKey: u.ARN, Data: data}); err != nil {
				return err
			}
		}
		return nil
	}
	for _, a := range sortedByID(st.Eng.PeekChanges().Agents, func(a *engine.AgentState) string { return a.UserID }) {
		id := a.UserID
		cur, prev := s.agentSnapshot(st, a), ss.agents[id]
		if cur == nil || reflect.DeepEqual(cur, prev) {
			continue
		}
		typ := events.StateChange
		switch {
		case cur.LoggedIn() && !prev.LoggedIn():
			typ = events.Login
		case !cur.LoggedIn() && prev.LoggedIn():
			typ = events.Logout
		}
		if err := emit(id, typ, cur, prev); err != nil {
			return err
		}
		ss.agents[id] = cur
	}
	if ss.heartbeat {
		ss.heartbeat = false
		for _, id := range sortedKeys(ss.agents) {
			if snap := ss.agents[id]; snap.LoggedIn() {
				if err := emit(id, events.HeartBeat, snap, snap); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// sortedByID is a copy of a change set's list in ID order.
func sortedByID[T any](l []*T, id func(*T) string) []*T {
	out := slices.Clone(l)
	slices.SortFunc(out, func(a, b *T) int { return strings.Compare(id(a), id(b)) })
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// seedAgentSnapshots takes every agent's snapshot as the one last
// streamed (at start-up, and when agent events get configured).
func (s *Streaming) seedAgentSnapshots(st *instance.State) {
	ss := streamState(st)
	ss.agents = map[string]*events.AgentSnapshot{}
	for id, a := range st.Eng.AgentStates() {
		if snap := s.agentSnapshot(st, a); snap != nil {
			ss.agents[id] = snap
		}
	}
}

// Restore seeds the agent snapshots and arms the heartbeat of an instance
// loaded from the store.
func Restore(s *Streaming, st *instance.State) {
	if len(s.streamConfigs(st, ResourceAgentEvents)) > 0 {
		s.seedAgentSnapshots(st)
	}
	s.armHeartbeat(st)
}

// armHeartbeat sets the heartbeat timer when the instance streams agent
// events and it is not set.
func (s *Streaming) armHeartbeat(st *instance.State) {
	ss := streamState(st)
	if ss.armed || len(s.streamConfigs(st, ResourceAgentEvents)) == 0 {
		return
	}
	ss.armed = true
	st.Eng.After("streams:heartbeat", HeartbeatInterval, func() {
		ss := streamState(st)
		ss.armed = false
		if len(s.streamConfigs(st, ResourceAgentEvents)) == 0 {
			return
		}
		ss.heartbeat = true
		s.armHeartbeat(st)
	})
}
