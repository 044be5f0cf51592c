package service

import (
	"encoding/json"
	"github.com/connect-local/connect-local/internal/reporting"
	"github.com/connect-local/connect-local/internal/streaming"
	"time"

	"github.com/connect-local/connect-local/internal/addrcache"
	"github.com/connect-local/connect-local/internal/engine"
	"github.com/connect-local/connect-local/internal/flow"
	"github.com/connect-local/connect-local/internal/routing"
	"github.com/connect-local/connect-local/internal/storage"
)

// The glue between an instance and its contact engine (internal/engine):
// the engine reads the instance's configuration through engineConfig,
// reports events to emit, and runs its due timers through serialize; what
// it changed is written by flush.

// bind attaches st's engine to st: its configuration view, its events and
// its timers. It runs whenever st's engine or data is (re)built.
func (s *Service) bind(st *instanceState) {
	st.cfg = &engineConfig{s: s, st: st}
	st.Eng.Bind(engine.Options{Clock: s.clock, Config: st.cfg, Logger: s.log,
		Observe:   func(ev engine.Event) { s.emit(st, ev) },
		Flows:     func(c *engine.Contact, flowID string) { s.startFlow(st, c, flowID) },
		Serialize: func(work func() bool) { s.serialize(st, st.Eng, work) }})
}

// serialize runs a due timer of eng under st's lock, unless the instance
// was deleted or reloaded (a new engine) meanwhile, and makes what it
// changed durable.
func (s *Service) serialize(st *instanceState, eng *engine.Engine, work func() bool) {
	st.Mu.Lock()
	defer st.Mu.Unlock()
	if st.Deleted || st.Eng != eng {
		return
	}
	if work() {
		s.flush(st)
	}
}

// flush makes every contact and agent state the engine changed durable, in
// one write. The caller holds st.Mu for writing; flush releases it while
// the write syncs (commit.go).
func (s *Service) flush(st *instanceState) error {
	w := st.spare
	if w == nil {
		w = &storage.Writes{}
	}
	st.spare = nil
	if err := s.recordEngine(w, st); err != nil {
		return s.writeFailed(st, err)
	}
	if w.Len() == 0 {
		st.spare = w // nothing to make durable: kept for the next flush
		return nil
	}
	return s.durable(st, w)
}

// recordEngine records the engine's changed contacts and agents, and the
// metrics they changed, into w: from here the write is the group's.
func (s *Service) recordEngine(w *storage.Writes, st *instanceState) error {
	s.runLater(st)
	metricsPending := reporting.BeforeFlush(st.State, s.clock.Now())
	if err := streaming.Record(s.Streaming, w, st.State); err != nil {
		return err
	}
	if st.Eng.PeekChanges().Empty() && !metricsPending {
		return nil
	}
	ch := st.Eng.TakeChanges()
	for _, c := range persisted(s, ch.Contacts) {
		if err := putJSON(w, bucketContacts, childKey(st.ID, c.ID), c); err != nil {
			return err
		}
	}
	for _, a := range persisted(s, ch.Agents) {
		if err := putJSON(w, bucketAgentStates, childKey(st.ID, a.UserID), a); err != nil {
			return err
		}
	}
	if err := reporting.WriteMetrics(w, st.State, s.keepsEngine); err != nil {
		return err
	}
	for _, c := range ch.Contacts {
		s.indexContact(st, c)
	}
	reporting.Committed(st.State)
	return nil
}

// persisted is the part of a change set flush writes to the store: all of
// it for a durable store, none for one that is not (storage.Memory), where
// the in-memory engine state is the truth and would be lost with the
// process anyway. Encoding every changed contact as JSON was a quarter of
// a simulated day's CPU, and the kept bytes half its memory.
func persisted[T any](s *Service, changed []T) []T {
	if !s.keepsEngine {
		return nil
	}
	return changed
}

// engineConfig is the engine's read-only view of an instance's
// configuration (engine.Config). Its views are built on first use and
// dropped when the instance's configuration generation moves.
type engineConfig struct {
	s        *Service
	st       *instanceState
	gen      uint64
	agents   map[string]*engine.Agent
	profiles map[string]*engine.Profile
	// agentAt and profileAt answer Agent and Profile before the maps
	// (addrcache), for the generation gen they were kept in.
	agentAt   addrcache.Cache[genAt[*engine.Agent]]
	profileAt addrcache.Cache[genAt[*engine.Profile]]
	flowAt    addrcache.Cache[runnable] // instanceEnv.Flow's
}

// runnable is a flow instanceEnv.Flow answered for generation gen.
type runnable struct {
	gen uint64
	f   *flow.Flow
	id  string
}

// genAt is a value kept for a generation of the configuration.
type genAt[V any] struct {
	gen uint64
	v   V
}

var _ engine.Config = (*engineConfig)(nil)

func (c *engineConfig) fresh() {
	if c.agents != nil && c.gen == c.st.ConfigGen {
		return
	}
	c.gen = c.st.ConfigGen
	c.agents = map[string]*engine.Agent{}
	c.profiles = map[string]*engine.Profile{}
}

func (c *engineConfig) Generation() uint64 { return c.st.ConfigGen }

func (c *engineConfig) Agent(id string) *engine.Agent {
	c.fresh()
	return cachedFor(&c.agentAt, c.gen, id, c.agent)
}

// cachedFor answers id from the address cache when it holds id's value
// for generation gen, else builds it and keeps it (nil is not kept).
func cachedFor[V any](cache *addrcache.Cache[genAt[*V]], gen uint64, id string, build func(string) *V) *V {
	e := cache.At(id)
	if e.Is(id) && e.V.gen == gen {
		return e.V.v
	}
	v := build(id)
	if v != nil {
		e.Set(id, genAt[*V]{gen, v})
	}
	return v
}

func (c *engineConfig) agent(id string) *engine.Agent {
	if a, ok := c.agents[id]; ok {
		return a
	}
	u := c.st.Users[id]
	if u == nil {
		return nil
	}
	a := &engine.Agent{ID: u.ID, ProfileID: u.RoutingProfileID, AutoAccept: u.PhoneConfig.AutoAccept,
		ACWLimit:      time.Duration(u.PhoneConfig.AfterContactWorkTimeLimit) * time.Second,
		Proficiencies: make(map[routing.Attr]float64, len(u.Proficiencies))}
	a.Channels = channelSettings(u, a.AutoAccept, a.ACWLimit)
	for _, p := range u.Proficiencies {
		a.Proficiencies[routing.Attr{Name: p.AttributeName, Value: p.AttributeValue}] = p.Level
	}
	a.Levels = routing.LevelsOf(a.Proficiencies)
	c.agents[id] = a
	return a
}

// channelSettings is the user's channels whose own AutoAccept or ACW limit
// (UpdateUserConfig) differ from PhoneConfig's; nil when none does, as a
// channel without its own values takes PhoneConfig's
// (docs/provisioning.md#users).
func channelSettings(u *User, autoAccept bool, acw time.Duration) map[string]engine.ChannelSettings {
	var out map[string]engine.ChannelSettings
	def := engine.ChannelSettings{AutoAccept: autoAccept, ACWLimit: acw}
	for ch, cc := range u.Channels {
		if ch == "VOICE" { // VOICE's values are PhoneConfig's
			continue
		}
		s := def
		if cc.AutoAccept != nil {
			s.AutoAccept = *cc.AutoAccept
		}
		if cc.AfterContactWorkTimeLimit != nil {
			s.ACWLimit = time.Duration(*cc.AfterContactWorkTimeLimit) * time.Second
		}
		if s == def {
			continue
		}
		if out == nil {
			out = map[string]engine.ChannelSettings{}
		}
		out[ch] = s
	}
	return out
}

func (c *engineConfig) EachAgent(fn func(*engine.Agent) bool) {
	for id := range c.st.Users {
		if !fn(c.Agent(id)) {
			return
		}
	}
}

func (c *engineConfig) Profile(id string) *engine.Profile {
	c.fresh()
	return cachedFor(&c.profileAt, c.gen, id, c.profile)
}

func (c *engineConfig) profile(id string) *engine.Profile {
	if p, ok := c.profiles[id]; ok {
		return p
	}
	rp := c.st.Profiles[id]
	if rp == nil {
		return nil
	}
	p := &engine.Profile{ID: rp.ID, SinceLastInbound: rp.AgentAvailabilityTimer == "TIME_SINCE_LAST_INBOUND", Routing: routingProfile(rp)}
	seen := map[string]bool{}
	for _, qc := range rp.QueueConfigs {
		if !seen[qc.QueueID] {
			seen[qc.QueueID] = true
			p.Queues = append(p.Queues, qc.QueueID)
		}
		if qc.Delay > 0 {
			p.Delays = append(p.Delays, engine.QueueDelay{QueueID: qc.QueueID, Channel: qc.Channel, Delay: time.Duration(qc.Delay) * time.Second})
		}
	}
	c.profiles[id] = p
	return p
}

func (c *engineConfig) EachProfile(fn func(*engine.Profile)) {
	for id := range c.st.Profiles {
		fn(c.Profile(id))
	}
}

func (c *engineConfig) StatusType(id string) string {
	if as := c.st.Statuses[id]; as != nil {
		return as.Type
	}
	return ""
}

func (c *engineConfig) SystemStatus(typ string) string { return c.s.systemStatus(c.st, typ) }

func (c *engineConfig) HierarchyPath(userID string) []string { return c.st.hierarchyPath(userID) }

func (c *engineConfig) Queue(id string) (engine.Queue, bool) {
	q := c.st.Queues[id]
	if q == nil {
		return engine.Queue{}, false
	}
	return engine.Queue{ID: q.ID, Disabled: q.Status == "DISABLED", MaxContacts: q.MaxContacts}, true
}

func (c *engineConfig) RunFlow(flowID string, in flow.RunInput, full func(string, bool) bool) (flow.RunResult, error) {
	return c.s.interpretFlow(c.st.Scope, c.st, flowID, in, full)
}

// routingProfile is a routing profile as the matcher sees it.
func routingProfile(p *RoutingProfile) *routing.Profile {
	rp := &routing.Profile{ID: p.ID, Concurrency: map[string]int{}, AnyChannel: map[string]bool{}}
	for _, mc := range p.MediaConcurrencies {
		rp.Concurrency[mc.Channel] = int(mc.Concurrency)
		rp.AnyChannel[mc.Channel] = mc.CrossChannelBehavior == "ROUTE_ANY_CHANNEL"
	}
	cfgs := make([]routing.QueueConfig, len(p.QueueConfigs))
	for i, qc := range p.QueueConfigs {
		cfgs[i] = routing.QueueConfig{QueueID: qc.QueueID, Channel: qc.Channel, Delay: time.Duration(qc.Delay) * time.Second}
	}
	rp.Tiers = routing.BuildTiers(cfgs, func(i int) int64 { return p.QueueConfigs[i].Priority })
	return rp
}

func marshalJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}
