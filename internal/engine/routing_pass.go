package engine

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/connect-local/connect-local/internal/routing"
)

// internStep returns the shared expression for a canonical string, and
// the table's copy of that string.
func (e *Engine) internStep(key string, x *routing.Expression) (*routing.Expression, string) {
	if p, ok := e.steps[key]; ok {
		return p.x, p.key
	}
	p := internedStep{x: new(routing.Expression), key: key}
	*p.x = *x
	e.steps[key] = p
	return p.x, p.key
}

// internedStep is an interned step expression with its canonical form.
type internedStep struct {
	x   *routing.Expression
	key string
}

// internSteps shares the steps' expressions through the intern table and
// records their canonical keys: contacts routed by the same flow then
// hold one copy of its conditions, and the key is computed once per step,
// not at every routing change.
func (e *Engine) internSteps(steps []RoutingStep) {
	for i := range steps {
		key := steps[i].key
		if key == "" {
			// Looked up by the bytes (no string made) when interned already.
			if steps[i].Expression == nil {
				steps[i].Expression = &routing.Expression{}
			}
			e.canonBuf = steps[i].Expression.AppendCanonical(e.canonBuf[:0])
			if p, ok := e.steps[string(e.canonBuf)]; ok {
				steps[i].Expression, steps[i].key = p.x, p.key
				steps[i].DurationSeconds = e.internDuration(steps[i].DurationSeconds)
				continue
			}
			key = string(e.canonBuf)
		}
		x, key := e.internStep(key, steps[i].Expression)
		steps[i].Expression, steps[i].key = x, key
		steps[i].DurationSeconds = e.internDuration(steps[i].DurationSeconds)
	}
}

// internDuration shares a step duration: a center's flows use a handful.
func (e *Engine) internDuration(d *int64) *int64 {
	if d == nil {
		return nil
	}
	if p, ok := e.durations[*d]; ok {
		return p
	}
	if e.durations == nil {
		e.durations = map[int64]*int64{}
	}
	p := new(int64)
	*p = *d
	e.durations[*d] = p
	return p
}

// routingContact is c as the matcher sees it, with its step expression
// shared through the engine's intern table.
func (e *Engine) routingContact(c *Contact) *routing.Contact {
	rc, step := routingBase(c)
	if step != nil {
		rc.Step, rc.StepKey = e.internStep(step.Canonical(), step.Expression)
	}
	return rc
}

// RoutingView is c as the matcher sees it, built without touching any
// engine state (safe under a read lock).
func RoutingView(c *Contact) *routing.Contact {
	rc, step := routingBase(c)
	if step != nil {
		var x routing.Expression
		if step.Expression != nil {
			x = *step.Expression
		}
		rc.Step, rc.StepKey = &x, step.Canonical()
	}
	return rc
}

// routingBase is c as the matcher sees it, without its step, and the
// active step that routes it (nil when none).
func routingBase(c *Contact) (*routing.Contact, *RoutingStep) {
	rc := &routing.Contact{ID: c.ID, Channel: c.Channel, QueueID: c.QueueID, AgentQueue: c.AgentQueue,
		EnqueuedAt: c.EnqueueTimestamp.Time(), QueuePriority: c.Priority()}
	if c.QueueAdjust != nil {
		rc.AdjustSeconds = *c.QueueAdjust
	}
	if i := c.Criteria.ActiveStep(); i >= 0 && !c.AgentQueue {
		return rc, &c.Criteria.Steps[i]
	}
	return rc, nil
}

func (e *Engine) routingQueue(c *Contact) *routing.Queue {
	m := e.queues
	if c.AgentQueue {
		m = e.agentQs
	}
	q := m[c.QueueID]
	if q == nil {
		q = routing.NewQueue(c.QueueID)
		m[c.QueueID] = q
		if !c.AgentQueue {
			e.viewGen++ // profile views may name it
		}
	}
	return q
}

// reroute puts a queued contact (back) into its routing queue with its
// current routing data.
func (e *Engine) reroute(c *Contact) {
	q := e.routingQueue(c)
	n := q.Len()
	rc := e.routingContact(c)
	q.Add(rc)
	e.routed += q.Len() - n
	if c.AgentQueue {
		e.queueChanged(c.QueueID, true)
		return
	}
	// The one contact that can have become eligible for the agents of the
	// profiles serving the queue (routing/newonly.go).
	if len(e.newContacts) < manyNew {
		e.newContacts = append(e.newContacts, rc)
	} else {
		e.newOverflow = true
	}
	e.refreshConfig()
	for _, p := range e.queueProfiles[c.QueueID] {
		e.profNew.add(p)
	}
}

// manyNew is the most new contacts a pass examines stable agents against;
// past it they are examined fully.
const manyNew = 32

// queueChanged marks for a full re-examination the agents a contact in
// the queue could be offered to now (a new one in an agent queue; a queue
// delay passed).
func (e *Engine) queueChanged(queueID string, agentQueue bool) {
	if agentQueue {
		e.evalDirty.addID(queueID, e.agents[queueID]) // agent queues by user ID
		return
	}
	e.refreshConfig()
	for _, p := range e.queueProfiles[queueID] {
		e.profDirty.add(p)
	}
}

func (e *Engine) unroute(c *Contact) {
	if e.routingQueue(c).Remove(c.ID) {
		e.routed--
	}
}

// enqueue puts c into a queue (standard, or a user's agent queue) and
// activates its routing criteria there (docs/routing.md#routing-criteria-and-steps).
func (e *Engine) enqueue(c *Contact, queueID string, agentQueue bool) {
	now := e.clock.Now()
	if c.State == StateQueued && c.OfferTo == "" && c.QueueID != "" {
		e.unroute(c)
		e.queued[c.QueueID]--
	}
	c.QueueID, c.AgentQueue = queueID, agentQueue
	c.State = StateQueued
	c.EnqueueTimestamp = StampOf(now)
	e.queued[queueID]++
	if c.Criteria != nil {
		e.activateCriteria(c)
	}
	e.reroute(c)
	e.touch(c)
	e.emit(Event{Type: EvQueued, ContactID: c.ID, QueueID: queueID, Channel: c.Channel, Contact: c})
	if !agentQueue {
		e.armDelays(c)
	}
}

// armDelays schedules a pass at each distinct queue delay that applies to c,
// so a contact becomes eligible exactly when its delay passes (docs/routing.md#queue-delay-condition-6).
func (e *Engine) armDelays(c *Contact) {
	e.refreshConfig()
	for _, qd := range e.queueDelays[c.QueueID] {
		if qd.Channel != c.Channel {
			continue
		}
		qid := c.QueueID
		key := "delay:" + c.ID + ":" + strconv.FormatInt(int64(qd.Delay/time.Second), 10)
		e.delays.arm(key, qid, e.clock.Now().Add(qd.Delay))
		e.after(key, qd.Delay, func() {
			e.delays.fired(key)
			e.queueChanged(qid, false)
			e.pass()
		})
	}
}

// activateCriteria starts the criteria at step 1 (docs/routing.md#routing-criteria-and-steps Activation).
func (e *Engine) activateCriteria(c *Contact) {
	now := e.clock.Now()
	rc := c.Criteria
	rc.ActivationTimestamp = StampOf(now)
	for i := range rc.Steps {
		rc.Steps[i].Status = StepInactive
		rc.Steps[i].ExpiryTimestamp = 0
	}
	if len(rc.Steps) == 0 || c.AgentQueue {
		return
	}
	e.activateStep(c, 0)
}

func (e *Engine) activateStep(c *Contact, i int) {
	now := e.clock.Now()
	step := &c.Criteria.Steps[i]
	step.Status = StepActive
	if step.DurationSeconds != nil {
		d := time.Duration(*step.DurationSeconds) * time.Second
		step.ExpiryTimestamp = StampOf(now.Add(d))
		index, id := c.Criteria.Index, c.ID
		e.afterFor(timerStep, id, d, func() { e.expireStep(id, index, i) })
	}
}

// expireStep moves a contact to its next step, or past the last one
// (no constraint left), and routes again (docs/routing.md#routing-criteria-and-steps Expiry, Exhaustion).
func (e *Engine) expireStep(contactID string, index int64, i int) {
	c := e.contacts[contactID]
	if c == nil || c.Criteria == nil || c.Criteria.Index != index || c.State != StateQueued || c.Criteria.ActiveStep() != i {
		return
	}
	ringing := c.OfferTo != ""
	if !ringing {
		e.unroute(c)
	}
	c.Criteria.Steps[i].Status = StepExpired
	if i+1 < len(c.Criteria.Steps) {
		e.activateStep(c, i+1)
	}
	if !ringing {
		e.reroute(c)
	}
	e.touch(c)
	e.emit(Event{Type: EvStepExpired, ContactID: c.ID, QueueID: c.QueueID, Channel: c.Channel, Contact: c})
	e.pass()
}

// pass runs the matcher over the instance and carries out its offers.
func (e *Engine) pass() {
	e.stats.Passes++
	snap := e.snapshot()
	var offers []routing.Offer
	if e.routed > 0 { // else nothing to offer
		// The buffer is taken while its offers are carried out: a pass
		// they start (if any) makes its own.
		offers = routing.MatchInto(snap, e.offerBuf)
		e.offerBuf = nil
	}
	for _, o := range offers {
		c := e.contacts[o.ContactID]
		if c == nil {
			continue
		}
		e.recordDecision(snap, c, o)
		e.offer(c, o.AgentID)
	}
	if cap(offers) > 0 {
		clear(offers)
		e.offerBuf = offers[:0]
	}
	e.scratch = snap
}

// takeSnapshot is an empty snapshot, the engine's scratch one when no pass
// holds it: a pass builds one, and a day has millions of passes.
func (e *Engine) takeSnapshot() *routing.Snapshot {
	snap := e.scratch
	e.scratch = nil
	if snap == nil {
		return &routing.Snapshot{Profiles: map[string]*routing.Profile{}}
	}
	clear(snap.Agents)
	clear(snap.Stable)
	clear(snap.New)
	snap.Agents, snap.Stable, snap.New = snap.Agents[:0], snap.Stable[:0], snap.New[:0]
	clear(snap.Profiles)
	return snap
}

// snapshot builds the matcher's read-only view of the instance. Only agents
// that can take a contact now are in it; their views are kept between passes
// and recomputed only for agents whose state changed (touchAgent) or after
// any configuration change (users, profiles, statuses, proficiencies), and
// only the agents whose state or queues changed are handed to the matcher,
// so a pass costs O(changed agents), not O(all agents).
func (e *Engine) snapshot() *routing.Snapshot {
	e.refreshConfig()
	e.updateAvail()
	snap := e.takeSnapshot()
	snap.Now, snap.Queues, snap.AgentQueues = e.clock.Now(), e.queues, e.agentQs
	snap.Views, snap.Gen = e.views, e.viewGen
	e.newFull(snap.Now)
	// The agents of dirty profiles, then the other dirty agents: the cost
	// is the dirty part, not every available agent (the matcher sorts).
	for _, p := range e.profDirty.list {
		if set := e.availByProfile[p]; set != nil && len(set.list) > 0 {
			snap.Agents = append(snap.Agents, set.list...)
			snap.Profiles[p] = e.cfg.Profile(p).Routing
		}
	}
	for _, m := range e.evalDirty.list {
		var ra *availAgent
		if m.a != nil {
			ra = e.availOf(m.a)
		} else {
			ra = e.avail[m.id]
		}
		if ra != nil && !e.profDirty.contains(ra.ProfileID) {
			snap.Agents = append(snap.Agents, &ra.Agent)
			if snap.Profiles[ra.ProfileID] == nil {
				snap.Profiles[ra.ProfileID] = e.cfg.Profile(ra.ProfileID).Routing
			}
		}
	}
	// The other agents of profiles with new contacts are stable: they
	// found nothing when last examined and have not changed since (the
	// matcher takes those in Agents as dirty).
	for _, p := range e.profNew.list {
		set := e.availByProfile[p]
		if e.profDirty.contains(p) || set == nil || len(set.idle) == 0 {
			continue
		}
		snap.Stable = append(snap.Stable, set.idle)
		if snap.Profiles[p] == nil {
			snap.Profiles[p] = e.cfg.Profile(p).Routing
		}
	}
	if len(snap.Stable) > 0 {
		snap.New = append(snap.New, e.newContacts...)
	}
	clear(e.newContacts)
	e.newContacts, e.newOverflow = e.newContacts[:0], false
	e.evalDirty.reset()
	e.profDirty.reset()
	e.profNew.reset()
	return snap
}

// refreshConfig rebuilds the engine's configuration caches after any
// configuration change (users, profiles, statuses, proficiencies).
func (e *Engine) refreshConfig() {
	gen := e.cfg.Generation()
	if e.configSeen && e.configGen == gen {
		return
	}
	e.configGen, e.configSeen = gen, true
	e.stats.Rebuilds++
	e.viewGen++
	e.fullCheck.start(e.clock.Now())
	clear(e.avail)
	clear(e.availByProfile)
	clear(e.queueProfiles)
	clear(e.unavail)
	e.unavailGen++
	clear(e.profileAgents)
	clear(e.queueAgents)
	clear(e.queueDelays)
	e.maxDelay = 0
	e.cfg.EachProfile(func(p *Profile) {
		pa := &profileAgents{prof: e.cfg.Profile(p.ID), loaded: e.loaded}
		e.profileAgents[p.ID] = pa
		for _, q := range p.Queues {
			e.queueProfiles[q] = append(e.queueProfiles[q], p.ID)
			e.queueAgents[q] = append(e.queueAgents[q], pa)
		}
		for _, qd := range p.Delays {
			if !slices.Contains(e.queueDelays[qd.QueueID], qd) {
				e.queueDelays[qd.QueueID] = append(e.queueDelays[qd.QueueID], qd)
			}
			e.maxDelay = max(e.maxDelay, qd.Delay)
		}
	})
	e.cfg.EachAgent(func(u *Agent) bool {
		if a := e.agents[u.ID]; a != nil { // a user the engine has not seen is offline
			e.agentChanged(a)
		}
		if pa := e.profileAgents[u.ProfileID]; pa != nil { // only these are read
			pa.agents = append(pa.agents, profileAgent{id: u.ID})
		}
		return true
	})
	for _, pa := range e.profileAgents {
		slices.SortFunc(pa.agents, func(a, b profileAgent) int { return strings.Compare(a.id, b.id) })
	}
}

// idleSince is the start of the agent's idle clock (docs/routing.md#agent-selection).
func idleSince(a *AgentState, p *Profile) time.Time {
	t := a.StatusStart
	if p.SinceLastInbound {
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
func (e *Engine) offer(c *Contact, agentID string) {
	now := e.clock.Now()
	a := e.agentState(agentID)
	e.unroute(c)
	c.OfferTo = agentID
	c.OfferTimestamp = StampOf(now)
	cn := &Connection{ContactID: c.ID, Channel: c.Channel, QueueID: c.QueueID, State: ConnConnecting, StateStart: now, c: c}
	a.Connections[c.ID], a.last = cn, cn
	e.touch(c)
	e.touchAgent(a)
	e.emit(Event{Type: EvOffered, ContactID: c.ID, AgentID: agentID, QueueID: c.QueueID, Channel: c.Channel, Contact: c, Agent: a})
	// A pass refreshed the configuration (agentConfig).
	if u, _ := e.agentConfig(a); u != nil && u.For(c.Channel).AutoAccept {
		e.accept(c)
		return
	}
	id := c.ID
	e.afterFor(timerRing, id, e.ring, func() {
		if c := e.contacts[id]; c != nil && c.OfferTo != "" {
			e.missOffer(c, ConnMissed)
		}
	})
}

// accept connects the ringing contact to its agent (docs/routing.md#offer-accept-miss-reject-and-acw Accept).
func (e *Engine) accept(c *Contact) {
	now := e.clock.Now()
	agentID := c.OfferTo
	a := e.agentState(agentID)
	e.cancelFor(timerRing, c.ID)
	e.cancelFor(timerStep, c.ID)
	if cn := a.connection(c.ID); cn != nil {
		cn.State, cn.StateStart = ConnConnected, now
	}
	c.OfferTo = ""
	c.AgentID = agentID
	c.State = StateConnected
	c.ConnectedToAgentTimestamp = StampOf(now)
	c.AgentHierarchy = e.cfg.HierarchyPath(agentID)
	e.queued[c.QueueID]--
	if i := c.Criteria.ActiveStep(); i >= 0 {
		c.Criteria.Steps[i].Status = StepJoined
	}
	a.LastInbound = now
	e.touch(c)
	e.touchAgent(a)
	e.emit(Event{Type: EvConnected, ContactID: c.ID, AgentID: agentID, QueueID: c.QueueID, Channel: c.Channel, Contact: c, Agent: a})
}

// missOffer handles an offer that timed out or was rejected: the agent is
// blocked until made routable again and the contact goes back to routing
// with its original enqueue time and running step timers (docs/routing.md#offer-accept-miss-reject-and-acw).
func (e *Engine) missOffer(c *Contact, how string) {
	now := e.clock.Now()
	a := e.agentState(c.OfferTo)
	e.cancelFor(timerRing, c.ID)
	if cn := a.connection(c.ID); cn != nil {
		cn.State, cn.StateStart = how, now
	}
	ev := EvMissed
	if how == ConnRejected {
		ev = EvRejected
	}
	e.emit(Event{Type: ev, ContactID: c.ID, AgentID: c.OfferTo, QueueID: c.QueueID, Channel: c.Channel, Contact: c, Agent: a})
	c.OfferTo = ""
	c.Missed++
	e.touchAgent(a)
	e.touch(c)
	e.reroute(c)
	e.pass()
}
