package service

import (
	"encoding/json"
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/routing"
	"github.com/connect-local/connect-local/internal/storage"
)

// DefaultRingTimeout is how long an offer rings before it is missed
// (docs/routing.md#offer-accept-miss-reject-and-acw, Appendix A.9); the local API changes it per instance.
const DefaultRingTimeout = 20 * time.Second

// engineState is an instance's live contact center: contacts, agents, the
// routing queues and the timers that move them (docs/routing.md#routing-rules).
type engineState struct {
	contacts map[string]*Contact
	agents   map[string]*AgentState
	queues   map[string]*routing.Queue // standard queues
	agentQs  map[string]*routing.Queue // agent queues, by user ID
	queued   map[string]int            // contacts in queue (incl. ringing), by queue ID
	steps    map[string]*routing.Expression
	timers   map[string]timerEntry
	ring     time.Duration
	noAnswer bool // outbound calls go unanswered (SetOutboundAnswer)

	profileCache map[*RoutingProfile]*routing.Profile
	profCache    map[*User]map[routing.Attr]float64
	// avail holds the agents that can take a contact now; availDirty the
	// agents to re-check at the next pass; configGen the service's
	// configuration generation the caches were built at.
	avail      map[string]*routing.Agent
	availDirty map[string]bool
	// availByProfile is avail by routing profile ID.
	availByProfile map[string]map[string]*routing.Agent
	configGen      uint64
	// timerGen numbers the instance's timers (after).
	timerGen uint64
	// stats counts the engine's work, for tests and diagnostics.
	stats engineStats
	// Incremental passes: an available agent that found nothing last pass
	// is only looked at again when a contact is added to a queue its
	// profile serves (profDirty), to its own agent queue (evalDirty), or its
	// own state changes (availDirty). Removing contacts never makes one
	// eligible, and queue delays re-mark their queue when they pass.
	profDirty     map[string]bool
	evalDirty     map[string]bool
	queueProfiles map[string][]string // queue ID → routing profiles that serve it

	dirtyContacts map[string]bool
	dirtyAgents   map[string]bool
	decisions     []Decision

	metrics *instanceMetrics // metrics.go
}

// engineStats counts an instance engine's work since start-up: routing
// passes, flushes that wrote, and rebuilds of its configuration caches.
type engineStats struct {
	Passes, Flushes, Rebuilds int
}

// Decision is one routing decision, kept for explanation (docs/routing.md#the-matching-loop).
type Decision struct {
	Time      time.Time
	ContactID string
	AgentID   string
	QueueID   string
	PassedBy  []routing.Verdict // other agents of the queue and why they did not get it
}

type timerEntry struct {
	t   clock.Timer
	gen uint64
}

func newEngineState() *engineState {
	return &engineState{
		contacts: map[string]*Contact{}, agents: map[string]*AgentState{},
		queues: map[string]*routing.Queue{}, agentQs: map[string]*routing.Queue{}, queued: map[string]int{},
		steps: map[string]*routing.Expression{}, timers: map[string]timerEntry{}, ring: DefaultRingTimeout,
		profileCache: map[*RoutingProfile]*routing.Profile{}, profCache: map[*User]map[routing.Attr]float64{},
		dirtyContacts: map[string]bool{}, dirtyAgents: map[string]bool{},
		avail: map[string]*routing.Agent{}, availDirty: map[string]bool{}, availByProfile: map[string]map[string]*routing.Agent{},
		profDirty: map[string]bool{}, evalDirty: map[string]bool{}, queueProfiles: map[string][]string{},
		metrics: newInstanceMetrics(),
	}
}

// waiting reports whether any contact waits in a queue.
func (e *engineState) waiting() bool {
	for _, m := range []map[string]*routing.Queue{e.queues, e.agentQs} {
		for _, q := range m {
			if q.Len() > 0 {
				return true
			}
		}
	}
	return false
}

// after runs fn under the service lock once d has passed, unless the timer
// key is re-armed or cancelled first. It flushes the instance afterwards.
func (s *Service) after(st *instanceState, key string, d time.Duration, fn func(st *instanceState)) {
	s.cancel(st, key)
	st.eng.timerGen++
	gen := st.eng.timerGen
	t := s.clock.AfterFunc(d, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.instances[st.ID] != st || st.eng.timers[key].gen != gen {
			return
		}
		delete(st.eng.timers, key)
		fn(st)
		s.flush(st)
	})
	st.eng.timers[key] = timerEntry{t: t, gen: gen}
}

func (s *Service) cancel(st *instanceState, key string) {
	if e, ok := st.eng.timers[key]; ok {
		e.t.Stop()
		delete(st.eng.timers, key)
	}
}

func (s *Service) stopAllTimers(st *instanceState) {
	for k := range st.eng.timers {
		s.cancel(st, k)
	}
}

// touch marks a contact changed (persisted at the next flush).
func (s *Service) touch(st *instanceState, c *Contact) {
	c.LastUpdateTimestamp = s.clock.Now()
	st.eng.dirtyContacts[c.ID] = true
}

func (s *Service) touchAgent(st *instanceState, a *AgentState) {
	st.eng.dirtyAgents[a.UserID] = true
	st.eng.availDirty[a.UserID] = true
}

// flush makes every changed contact and agent of the instance durable, in
// one write. The caller holds s.mu for writing; flush releases it while
// the write syncs (commit.go).
func (s *Service) flush(st *instanceState) error {
	w := &storage.Writes{}
	if err := s.recordEngine(w, st); err != nil {
		return s.writeFailed(st, err)
	}
	return s.durable(st, w)
}

// recordEngine records the instance's changed contacts, agents and metrics
// into w and marks them clean: from here the write is the group's.
func (s *Service) recordEngine(w *storage.Writes, st *instanceState) error {
	e := st.eng
	metricsPending := s.beforeFlush(st)
	if err := s.recordStreams(w, st); err != nil {
		return err
	}
	if len(e.dirtyContacts) == 0 && len(e.dirtyAgents) == 0 && !metricsPending {
		return nil
	}
	e.stats.Flushes++
	for id := range e.dirtyContacts {
		if c := e.contacts[id]; c != nil {
			if err := putJSON(w, bucketContacts, childKey(st.ID, id), c); err != nil {
				return err
			}
		}
	}
	for id := range e.dirtyAgents {
		if a := e.agents[id]; a != nil {
			if err := putJSON(w, bucketAgentStates, childKey(st.ID, id), a); err != nil {
				return err
			}
		} else if err := w.Delete(bucketAgentStates, childKey(st.ID, id)); err != nil {
			return err
		}
	}
	if err := s.writeMetrics(w, st); err != nil {
		return err
	}
	for id := range e.dirtyContacts {
		if c := e.contacts[id]; c != nil {
			s.indexContact(st, c)
		}
	}
	clear(e.dirtyContacts)
	clear(e.dirtyAgents)
	e.metrics.hist.Committed()
	return nil
}

// internStep returns the shared expression for a canonical string.
func (e *engineState) internStep(x routing.Expression) (*routing.Expression, string) {
	key := x.Canonical()
	if p, ok := e.steps[key]; ok {
		return p, key
	}
	p := &x
	e.steps[key] = p
	return p, key
}

// routingContact is c as the matcher sees it, with its step expression
// shared through the engine's intern table. The caller holds s.mu for writing.
func (s *Service) routingContact(st *instanceState, c *Contact) *routing.Contact {
	rc := routingView(c)
	if rc.Step != nil {
		rc.Step, rc.StepKey = st.eng.internStep(*rc.Step)
	}
	return rc
}

// routingView is c as the matcher sees it, built without touching any
// engine state (safe under the read lock).
func routingView(c *Contact) *routing.Contact {
	rc := &routing.Contact{ID: c.ID, Channel: c.Channel, QueueID: c.QueueID, AgentQueue: c.AgentQueue,
		EnqueuedAt: c.EnqueueTimestamp, QueuePriority: c.Priority()}
	if c.QueueAdjust != nil {
		rc.AdjustSeconds = *c.QueueAdjust
	}
	if i := c.Criteria.ActiveStep(); i >= 0 && !c.AgentQueue {
		step := c.Criteria.Steps[i].Expression
		rc.Step, rc.StepKey = &step, step.Canonical()
	}
	return rc
}

func (s *Service) routingQueue(st *instanceState, c *Contact) *routing.Queue {
	m := st.eng.queues
	if c.AgentQueue {
		m = st.eng.agentQs
	}
	q := m[c.QueueID]
	if q == nil {
		q = routing.NewQueue(c.QueueID)
		m[c.QueueID] = q
	}
	return q
}

// reroute puts a queued contact (back) into its routing queue with its
// current routing data.
func (s *Service) reroute(st *instanceState, c *Contact) {
	s.routingQueue(st, c).Add(s.routingContact(st, c))
	s.queueChanged(st, c.QueueID, c.AgentQueue)
}

// queueChanged marks for re-examination the agents a new contact in the
// queue could be offered to.
func (s *Service) queueChanged(st *instanceState, queueID string, agentQueue bool) {
	e := st.eng
	if agentQueue {
		e.evalDirty[queueID] = true
		return
	}
	s.refreshConfig(st)
	for _, p := range e.queueProfiles[queueID] {
		e.profDirty[p] = true
	}
}

func (s *Service) unroute(st *instanceState, c *Contact) {
	s.routingQueue(st, c).Remove(c.ID)
}

// enqueue puts c into a queue (standard, or a user's agent queue) and
// activates its routing criteria there (docs/routing.md#routing-criteria-and-steps).
func (s *Service) enqueue(st *instanceState, c *Contact, queueID string, agentQueue bool) {
	now := s.clock.Now()
	if c.State == StateQueued && c.OfferTo == "" && c.QueueID != "" {
		s.unroute(st, c)
		st.eng.queued[c.QueueID]--
	}
	c.QueueID, c.AgentQueue = queueID, agentQueue
	c.State = StateQueued
	c.EnqueueTimestamp = now
	st.eng.queued[queueID]++
	if c.Criteria != nil {
		s.activateCriteria(st, c)
	}
	s.reroute(st, c)
	s.touch(st, c)
	s.emit(Event{InstanceID: st.ID, Type: EvQueued, ContactID: c.ID, QueueID: queueID, Channel: c.Channel})
	if !agentQueue {
		s.armDelays(st, c)
	}
}

// armDelays schedules a pass at each distinct queue delay that applies to c,
// so a contact becomes eligible exactly when its delay passes (docs/routing.md#queue-delay-condition-6).
func (s *Service) armDelays(st *instanceState, c *Contact) {
	seen := map[int64]bool{}
	for _, p := range st.profiles {
		for _, qc := range p.QueueConfigs {
			if qc.QueueID == c.QueueID && qc.Channel == c.Channel && qc.Delay > 0 && !seen[qc.Delay] {
				seen[qc.Delay] = true
				qid := c.QueueID
				s.after(st, "delay:"+c.ID+":"+strconv.FormatInt(qc.Delay, 10), time.Duration(qc.Delay)*time.Second, func(st *instanceState) {
					s.queueChanged(st, qid, false)
					s.pass(st)
				})
			}
		}
	}
}

// activateCriteria starts the criteria at step 1 (docs/routing.md#routing-criteria-and-steps Activation).
func (s *Service) activateCriteria(st *instanceState, c *Contact) {
	now := s.clock.Now()
	rc := c.Criteria
	rc.ActivationTimestamp = now
	for i := range rc.Steps {
		rc.Steps[i].Status = StepInactive
		rc.Steps[i].ExpiryTimestamp = time.Time{}
	}
	if len(rc.Steps) == 0 || c.AgentQueue {
		return
	}
	s.activateStep(st, c, 0)
}

func (s *Service) activateStep(st *instanceState, c *Contact, i int) {
	now := s.clock.Now()
	step := &c.Criteria.Steps[i]
	step.Status = StepActive
	if step.DurationSeconds != nil {
		d := time.Duration(*step.DurationSeconds) * time.Second
		step.ExpiryTimestamp = now.Add(d)
		index, id := c.Criteria.Index, c.ID
		s.after(st, "step:"+id, d, func(st *instanceState) { s.expireStep(st, id, index, i) })
	}
}

// expireStep moves a contact to its next step, or past the last one
// (no constraint left), and routes again (docs/routing.md#routing-criteria-and-steps Expiry, Exhaustion).
func (s *Service) expireStep(st *instanceState, contactID string, index int64, i int) {
	c := st.eng.contacts[contactID]
	if c == nil || c.Criteria == nil || c.Criteria.Index != index || c.State != StateQueued || c.Criteria.ActiveStep() != i {
		return
	}
	ringing := c.OfferTo != ""
	if !ringing {
		s.unroute(st, c)
	}
	c.Criteria.Steps[i].Status = StepExpired
	if i+1 < len(c.Criteria.Steps) {
		s.activateStep(st, c, i+1)
	}
	if !ringing {
		s.reroute(st, c)
	}
	s.touch(st, c)
	s.emit(Event{InstanceID: st.ID, Type: EvStepExpired, ContactID: c.ID, QueueID: c.QueueID, Channel: c.Channel})
	s.pass(st)
}

// pass runs the matcher over the instance and carries out its offers.
func (s *Service) pass(st *instanceState) {
	st.eng.stats.Passes++
	snap := s.snapshot(st)
	offers := routing.Match(snap)
	for _, o := range offers {
		c := st.eng.contacts[o.ContactID]
		if c == nil {
			continue
		}
		s.recordDecision(st, snap, c, o)
		s.offer(st, c, o.AgentID)
	}
}

// recordDecision keeps the last decisions with why other agents of the
// profile's queue were passed over.
func (s *Service) recordDecision(st *instanceState, snap *routing.Snapshot, c *Contact, o routing.Offer) {
	rc, _ := s.routingQueue(st, c).Get(c.ID)
	d := Decision{Time: snap.Now, ContactID: c.ID, AgentID: o.AgentID, QueueID: o.QueueID}
	if rc != nil {
		d.PassedBy = s.passedOver(st, snap, rc, o.AgentID)
	}
	st.eng.decisions = append(st.eng.decisions, d)
	if len(st.eng.decisions) > 50 {
		st.eng.decisions = st.eng.decisions[len(st.eng.decisions)-50:]
	}
}

// passedOver says why other agents of the contact's queue did not get it,
// at most 20 of them. The matcher's snapshot holds only the agents whose
// state changed since they last found nothing, so the verdicts are taken
// against a view of the queue's agents instead: available agents of the
// profiles serving the queue first, then agents who cannot take a contact
// now (status, missed offer, full slots). Both looks are bounded, so a
// decision stays cheap in a large center; which 20 are shown when more
// qualify is arbitrary.
func (s *Service) passedOver(st *instanceState, snap *routing.Snapshot, rc *routing.Contact, chosen string) []routing.Verdict {
	const most, look = 20, 64
	e := st.eng
	if rc.AgentQueue {
		return nil // an agent's own queue: nobody else could take it
	}
	view := &routing.Snapshot{Now: snap.Now, Profiles: map[string]*routing.Profile{}, Queues: snap.Queues, AgentQueues: snap.AgentQueues}
	profiles := e.queueProfiles[rc.QueueID]
	add := func(ra *routing.Agent) {
		view.Agents = append(view.Agents, ra)
		if view.Profiles[ra.ProfileID] == nil {
			view.Profiles[ra.ProfileID] = e.routingProfile(st.profiles[ra.ProfileID])
		}
	}
	for _, p := range profiles {
		for id, ra := range e.availByProfile[p] {
			if len(view.Agents) >= most {
				break
			}
			if id != chosen {
				add(ra)
			}
		}
	}
	n := 0
	for id, u := range st.users {
		if len(view.Agents) >= most || n >= look {
			break
		}
		n++
		if id == chosen || !slices.Contains(profiles, u.RoutingProfileID) || st.profiles[u.RoutingProfileID] == nil {
			continue
		}
		if e.avail[id] == nil {
			add(s.unavailableAgent(st, u))
		}
	}
	var out []routing.Verdict
	for _, v := range routing.Explain(view, rc) {
		if v.Reason != routing.QueueNotInProfile {
			out = append(out, v)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].AgentID < out[j].AgentID })
	return out
}

// unavailableAgent is the matcher's view of an agent that cannot take a
// contact now (not routable, blocked by a missed offer, or no free slot),
// for explanations. An agent the engine has not seen yet is offline.
func (s *Service) unavailableAgent(st *instanceState, u *User) *routing.Agent {
	ra := &routing.Agent{ID: u.ID, ProfileID: u.RoutingProfileID, Load: map[string]int{}, Proficiencies: st.eng.proficiencies(u)}
	a := st.eng.agents[u.ID]
	if a == nil {
		return ra
	}
	ra.Routable = s.routable(st, a)
	for _, cn := range a.Connections {
		if cn.blocks() {
			ra.Blocked = true
		}
		if cn.holdsSlot() {
			ra.Load[cn.Channel]++
		}
	}
	return ra
}

// snapshot builds the matcher's read-only view of the instance. Only agents
// that can take a contact now are in it; their views are kept between passes
// and recomputed only for agents whose state changed (touchAgent) or after
// any configuration change (users, profiles, statuses, proficiencies), and
// only the agents whose state or queues changed are handed to the matcher,
// so a pass costs O(changed agents), not O(all agents).
func (s *Service) snapshot(st *instanceState) *routing.Snapshot {
	e := st.eng
	s.refreshConfig(st)
	for id := range e.availDirty {
		if old := e.avail[id]; old != nil {
			delete(e.availByProfile[old.ProfileID], id)
		}
		delete(e.avail, id)
		if ra := s.routingAgent(st, id); ra != nil {
			e.avail[id] = ra
			byProfile := e.availByProfile[ra.ProfileID]
			if byProfile == nil {
				byProfile = map[string]*routing.Agent{}
				e.availByProfile[ra.ProfileID] = byProfile
			}
			byProfile[id] = ra
			e.evalDirty[id] = true
		}
	}
	clear(e.availDirty)
	snap := &routing.Snapshot{Now: s.clock.Now(), Profiles: map[string]*routing.Profile{}, Queues: e.queues, AgentQueues: e.agentQs}
	add := func(ra *routing.Agent) {
		snap.Agents = append(snap.Agents, ra)
		if snap.Profiles[ra.ProfileID] == nil {
			snap.Profiles[ra.ProfileID] = e.routingProfile(st.profiles[ra.ProfileID])
		}
	}
	// The agents of dirty profiles, then the other dirty agents: the cost
	// is the dirty part, not every available agent (the matcher sorts).
	for p := range e.profDirty {
		for _, ra := range e.availByProfile[p] {
			add(ra)
		}
	}
	for id := range e.evalDirty {
		if ra := e.avail[id]; ra != nil && !e.profDirty[ra.ProfileID] {
			add(ra)
		}
	}
	clear(e.evalDirty)
	clear(e.profDirty)
	return snap
}

// refreshConfig rebuilds the engine's configuration caches after any
// configuration commit (users, profiles, statuses, proficiencies).
func (s *Service) refreshConfig(st *instanceState) {
	e := st.eng
	if e.configGen == st.configGen {
		return
	}
	e.configGen = st.configGen
	e.stats.Rebuilds++
	clear(e.profCache)
	clear(e.profileCache)
	clear(e.avail)
	clear(e.availByProfile)
	clear(e.queueProfiles)
	for _, p := range st.profiles {
		seen := map[string]bool{}
		for _, qc := range p.QueueConfigs {
			if !seen[qc.QueueID] {
				seen[qc.QueueID] = true
				e.queueProfiles[qc.QueueID] = append(e.queueProfiles[qc.QueueID], p.ID)
			}
		}
	}
	for id := range st.users {
		e.availDirty[id] = true
	}
}

// routingAgent is the agent as the matcher sees it, or nil when it cannot
// take any contact now (not routable, blocked, or no free slot).
func (s *Service) routingAgent(st *instanceState, userID string) *routing.Agent {
	e := st.eng
	u, a := st.users[userID], e.agents[userID]
	if u == nil || a == nil || !s.routable(st, a) {
		return nil
	}
	prof := st.profiles[u.RoutingProfileID]
	if prof == nil {
		return nil
	}
	ra := &routing.Agent{ID: u.ID, ProfileID: prof.ID, Routable: true, Load: map[string]int{}, IdleSince: s.idleSince(a, prof)}
	for _, cn := range a.Connections {
		if cn.blocks() {
			return nil
		}
		if cn.holdsSlot() {
			ra.Load[cn.Channel]++
		}
	}
	if !routing.HasFreeSlot(e.routingProfile(prof), ra.Load) {
		return nil
	}
	ra.Proficiencies = e.proficiencies(u)
	return ra
}

func (e *engineState) proficiencies(u *User) map[routing.Attr]float64 {
	if m, ok := e.profCache[u]; ok {
		return m
	}
	m := make(map[routing.Attr]float64, len(u.Proficiencies))
	for _, p := range u.Proficiencies {
		m[routing.Attr{Name: p.AttributeName, Value: p.AttributeValue}] = p.Level
	}
	e.profCache[u] = m
	return m
}

func (e *engineState) routingProfile(p *RoutingProfile) *routing.Profile {
	if rp, ok := e.profileCache[p]; ok {
		return rp
	}
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
	e.profileCache[p] = rp
	return rp
}

// idleSince is the start of the agent's idle clock (docs/routing.md#agent-selection).
func (s *Service) idleSince(a *AgentState, p *RoutingProfile) time.Time {
	t := a.StatusStart
	if p.AgentAvailabilityTimer == "TIME_SINCE_LAST_INBOUND" {
		if a.LastInbound.After(t) {
			t = a.LastInbound
		}
		return t
	}
	if a.LastActivityEnd.After(t) {
		t = a.LastActivityEnd
	}
	return t
}

// offer rings c for the agent (docs/routing.md#offer-accept-miss-reject-and-acw Offer).
func (s *Service) offer(st *instanceState, c *Contact, agentID string) {
	now := s.clock.Now()
	a := s.agentState(st, agentID)
	s.unroute(st, c)
	c.OfferTo = agentID
	c.OfferTimestamp = now
	a.Connections[c.ID] = &Connection{ContactID: c.ID, Channel: c.Channel, QueueID: c.QueueID, State: ConnConnecting, StateStart: now}
	s.touch(st, c)
	s.touchAgent(st, a)
	s.emit(Event{InstanceID: st.ID, Type: EvOffered, ContactID: c.ID, AgentID: agentID, QueueID: c.QueueID, Channel: c.Channel})
	if u := st.users[agentID]; u != nil && u.PhoneConfig.AutoAccept {
		s.accept(st, c)
		return
	}
	id := c.ID
	s.after(st, "ring:"+id, st.eng.ring, func(st *instanceState) {
		if c := st.eng.contacts[id]; c != nil && c.OfferTo != "" {
			s.missOffer(st, c, ConnMissed)
		}
	})
}

// accept connects the ringing contact to its agent (docs/routing.md#offer-accept-miss-reject-and-acw Accept).
func (s *Service) accept(st *instanceState, c *Contact) {
	now := s.clock.Now()
	agentID := c.OfferTo
	a := s.agentState(st, agentID)
	s.cancel(st, "ring:"+c.ID)
	s.cancel(st, "step:"+c.ID)
	if cn := a.Connections[c.ID]; cn != nil {
		cn.State, cn.StateStart = ConnConnected, now
	}
	c.OfferTo = ""
	c.AgentID = agentID
	c.State = StateConnected
	c.ConnectedToAgentTimestamp = now
	c.AgentHierarchy = st.hierarchyPath(agentID)
	st.eng.queued[c.QueueID]--
	if i := c.Criteria.ActiveStep(); i >= 0 {
		c.Criteria.Steps[i].Status = StepJoined
	}
	a.LastInbound = now
	s.touch(st, c)
	s.touchAgent(st, a)
	s.emit(Event{InstanceID: st.ID, Type: EvConnected, ContactID: c.ID, AgentID: agentID, QueueID: c.QueueID, Channel: c.Channel})
}

// missOffer handles an offer that timed out or was rejected: the agent is
// blocked until made routable again and the contact goes back to routing
// with its original enqueue time and running step timers (docs/routing.md#offer-accept-miss-reject-and-acw).
func (s *Service) missOffer(st *instanceState, c *Contact, how string) {
	now := s.clock.Now()
	a := s.agentState(st, c.OfferTo)
	s.cancel(st, "ring:"+c.ID)
	if cn := a.Connections[c.ID]; cn != nil {
		cn.State, cn.StateStart = how, now
	}
	ev := EvMissed
	if how == ConnRejected {
		ev = EvRejected
	}
	s.emit(Event{InstanceID: st.ID, Type: ev, ContactID: c.ID, AgentID: c.OfferTo, QueueID: c.QueueID, Channel: c.Channel})
	c.OfferTo = ""
	c.Missed++
	s.touchAgent(st, a)
	s.touch(st, c)
	s.reroute(st, c)
	s.pass(st)
}

func marshalJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}
