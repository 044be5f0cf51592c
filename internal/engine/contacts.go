package engine

import (
	"time"
)

// MaxScheduleAhead bounds a task's ScheduledTime (Connect allows up to six days).
const MaxScheduleAhead = 6 * 24 * time.Hour

// AgentQueueCapacity is the most contacts an agent queue holds (docs/routing.md#queues).
const AgentQueueCapacity = 10

// Contact returns a live contact (nil when there is none). The engine owns
// it: the caller reads it, or changes only what routing never reads
// (name, description, references, attributes, the transcript) and then
// calls Touch.
func (e *Engine) Contact(id string) *Contact { return e.contacts[id] }

// Contacts is every contact, by ID; the caller must not change the map.
func (e *Engine) Contacts() map[string]*Contact { return e.contacts }

// Touch marks a contact changed by its caller (see Contact), optionally
// with a CONTACT_DATA_UPDATED event.
func (e *Engine) Touch(c *Contact, dataUpdated bool) {
	e.touch(c)
	if dataUpdated {
		e.emit(Event{Type: EvDataUpdated, ContactID: c.ID, QueueID: c.QueueID, Channel: c.Channel, Contact: c})
	}
}

// Start adds a new contact, built and checked by the caller, and runs its
// flow now, or at its ScheduledTimestamp for a scheduled task
// (docs/routing.md#contacts-segments-and-connection-states). An outbound call
// placed while customers do not answer (SetOutboundAnswer) ends at once.
func (e *Engine) Start(c *Contact, outbound bool) {
	e.contacts[c.ID] = c
	e.touch(c)
	e.emit(Event{Type: EvInitiated, ContactID: c.ID, Channel: c.Channel, Contact: c})
	switch {
	case outbound && e.noAnswer:
		e.endWithoutAgent(c, "OUTBOUND_ATTEMPT_FAILED")
	case !c.ScheduledTimestamp.IsZero():
		c.State = StateScheduled
		e.armSchedule(c)
	default:
		e.runContactFlow(c, c.FlowID)
	}
}

// Reschedule moves a scheduled task to another time; the caller checked it.
func (e *Engine) Reschedule(c *Contact, at time.Time) {
	c.ScheduledTimestamp = StampOf(at)
	e.armSchedule(c)
	e.touch(c)
}

func (e *Engine) armSchedule(c *Contact) {
	id := c.ID
	e.afterFor(timerSchedule, id, max(0, c.ScheduledTimestamp.Time().Sub(e.clock.Now())), func() {
		if c := e.contacts[id]; c != nil && c.State == StateScheduled {
			e.emit(Event{Type: EvScheduledReady, ContactID: id, Channel: c.Channel, Contact: c})
			e.runContactFlow(c, c.FlowID)
		}
	})
}

// runContactFlow hands the contact to the flow runner (FlowRunner), which
// answers with FlowDone.
func (e *Engine) runContactFlow(c *Contact, flowID string) {
	c.ConnectedToSystem = StampOf(e.clock.Now())
	e.flows(c, flowID)
}

// replaceCriteria installs a new criteria set, keeping the record's latest
// three (docs/routing.md#routing-criteria-and-steps Updates); Index counts sets from 0.
func (e *Engine) replaceCriteria(c *Contact, steps []RoutingStep) {
	e.internSteps(steps)
	idx := int64(0)
	if c.Criteria != nil {
		idx = c.Criteria.Index + 1
		x := c.EditExtra()
		x.CriteriaHistory = append(x.CriteriaHistory, *c.Criteria)
		if len(x.CriteriaHistory) > 2 {
			x.CriteriaHistory = x.CriteriaHistory[len(x.CriteriaHistory)-2:]
		}
	}
	c.Criteria = &RoutingCriteria{Steps: steps, Index: idx}
}

// endWithoutAgent ends a contact that never reached an agent.
func (e *Engine) endWithoutAgent(c *Contact, reason string) {
	c.State = StateEnded
	c.DisconnectTimestamp = StampOf(e.clock.Now())
	c.DisconnectReason = reason
	e.touch(c)
	e.emit(Event{Type: EvDisconnected, ContactID: c.ID, QueueID: c.QueueID, Channel: c.Channel, Contact: c})
}

// ErrNotActive is Disconnect's answer for a contact that has ended.
type ErrNotActive struct{ ContactID string }

func (e ErrNotActive) Error() string { return "Contact " + e.ContactID + " is not active." }

// Disconnect ends the customer side (docs/routing.md#offer-accept-miss-reject-and-acw): a scheduled, queued or
// ringing contact ends (abandoned when queued), a connected one goes to
// after-contact work. An ended contact is ErrNotActive.
func (e *Engine) Disconnect(c *Contact, reason string) error {
	now := e.clock.Now()
	switch c.State {
	case StateScheduled:
		e.cancelFor(timerSchedule, c.ID)
		e.endWithoutAgent(c, reason)
	case StateQueued:
		e.cancelFor(timerStep, c.ID)
		if c.OfferTo != "" {
			// The customer left while the offer rang: the agent's
			// connection counts as missed (docs/routing.md#offer-accept-miss-reject-and-acw).
			a := e.agentState(c.OfferTo)
			e.cancelFor(timerRing, c.ID)
			if cn := a.connection(c.ID); cn != nil {
				cn.State, cn.StateStart = ConnMissed, now
			}
			e.emit(Event{Type: EvMissed, ContactID: c.ID, AgentID: c.OfferTo, QueueID: c.QueueID, Channel: c.Channel, Contact: c, Agent: a})
			c.OfferTo = ""
			e.touchAgent(a)
		} else {
			e.unroute(c)
		}
		e.queued[c.QueueID]--
		e.emit(Event{Type: EvAbandoned, ContactID: c.ID, QueueID: c.QueueID, Channel: c.Channel, Contact: c})
		e.endWithoutAgent(c, reason)
	case StateConnected:
		a := e.agentState(c.AgentID)
		if cn := a.connection(c.ID); cn != nil {
			cn.State, cn.StateStart = ConnEnded, now
		}
		if !c.HoldStart.IsZero() {
			c.HoldSecs += int64(now.Sub(c.HoldStart.Time()) / time.Second)
			c.HoldStart = 0
			c.EndedOnHold = true
		}
		c.State = StateACW
		c.DisconnectTimestamp = StampOf(now)
		c.ACWStart = StampOf(now)
		c.DisconnectReason = reason
		e.touch(c)
		e.touchAgent(a)
		e.emit(Event{Type: EvDisconnected, ContactID: c.ID, AgentID: c.AgentID, QueueID: c.QueueID, Channel: c.Channel, Contact: c, Agent: a})
		e.armACW(c)
	default:
		return ErrNotActive{ContactID: c.ID}
	}
	return nil
}

func (e *Engine) armACW(c *Contact) {
	u := e.cfg.Agent(c.AgentID)
	if u == nil {
		return
	}
	limit := u.For(c.Channel).ACWLimit
	if limit <= 0 {
		return
	}
	id := c.ID
	end := c.ACWStart.Time().Add(limit)
	e.afterFor(timerACW, id, max(0, end.Sub(e.clock.Now())), func() {
		if c := e.contacts[id]; c != nil && c.State == StateACW {
			e.endACW(c)
		}
	})
}

// endACW completes the contact and frees the agent (docs/routing.md#offer-accept-miss-reject-and-acw).
func (e *Engine) endACW(c *Contact) {
	now := e.clock.Now()
	e.cancelFor(timerACW, c.ID)
	a := e.agentState(c.AgentID)
	a.dropConnection(c.ID)
	a.LastActivityEnd = now
	c.State = StateCompleted
	c.ACWEnd = StampOf(now)
	e.touch(c)
	if a.NextStatusID != "" && !a.Busy() {
		e.applyStatus(a, a.NextStatusID)
	}
	e.touchAgent(a)
	e.emit(Event{Type: EvACWEnded, ContactID: c.ID, AgentID: c.AgentID, QueueID: c.QueueID, Channel: c.Channel, Contact: c, Agent: a})
	e.pass()
}

// RoutingData is UpdateRoutingData's change; nil fields stay as they are.
type RoutingData struct {
	QueuePriority *int64
	QueueAdjust   *int64
	Criteria      []RoutingStep
}

// UpdateRoutingData changes a waiting (or scheduled) contact's priority,
// routing age or criteria and routes again (docs/contacts.md#updatecontactroutingdata);
// the caller checked the contact's state.
func (e *Engine) UpdateRoutingData(c *Contact, in RoutingData) {
	waiting := c.State == StateQueued && c.OfferTo == ""
	if waiting {
		e.unroute(c)
	}
	if in.QueuePriority != nil {
		c.QueuePriority = in.QueuePriority
	}
	if in.QueueAdjust != nil {
		c.QueueAdjust = in.QueueAdjust
	}
	if in.Criteria != nil {
		e.cancelFor(timerStep, c.ID)
		e.replaceCriteria(c, in.Criteria)
		if c.State == StateQueued {
			e.activateCriteria(c)
		}
	}
	if waiting {
		e.reroute(c)
	}
	e.touch(c)
	e.emit(Event{Type: EvDataUpdated, ContactID: c.ID, QueueID: c.QueueID, Channel: c.Channel, Contact: c})
	e.pass()
}

// Transfer moves old to a queue, or a user's agent queue, as the new
// segment c (built by the caller, InitiationMethod TRANSFER): old is
// disconnected, and c runs its transfer flow, or waits in the agent queue
// at once. Criteria carry over only if no agent joined
// (docs/routing.md#routing-criteria-and-steps Transfer).
func (e *Engine) Transfer(old, c *Contact, target string, agentQueue bool) error {
	if old.State == StateQueued && old.Criteria != nil {
		steps := append([]RoutingStep(nil), old.Criteria.Steps...)
		c.Criteria = &RoutingCriteria{Steps: steps}
	}
	if err := e.Disconnect(old, "TRANSFERRED"); err != nil {
		return err
	}
	e.contacts[c.ID] = c
	e.touch(c)
	e.emit(Event{Type: EvTransferred, ContactID: old.ID, QueueID: target, Channel: c.Channel, Contact: old})
	e.emit(Event{Type: EvInitiated, ContactID: c.ID, Channel: c.Channel, Contact: c})
	if agentQueue {
		c.ConnectedToSystem = StampOf(e.clock.Now())
		e.enqueue(c, target, true)
		e.pass()
	} else {
		e.runContactFlow(c, c.FlowID)
	}
	return nil
}

// Load adds a contact read from storage (before Restore).
func (e *Engine) Load(c *Contact) { c.changed = false; e.contacts[c.ID] = c }

// LoadAgent adds an agent state read from storage (before Restore).
func (e *Engine) LoadAgent(a *AgentState) {
	a.changed, a.last, a.cfgSet = false, nil, false // another engine's (a copy's)
	a.unavailKept, a.unavail, a.evalMark = true, nil, 0
	e.loaded++ // profileAgents may hold the state it replaces
	e.agents[a.UserID] = a
}

// Restore rebuilds the routing queues and re-arms the timers of the loaded
// state (after a restart, or a reload after a failed write), then routes.
func (e *Engine) Restore() {
	now := e.clock.Now()
	e.fullCheck.start(now) // delay timers are not re-armed
	clear(e.unavail)
	e.unavailGen++
	for _, a := range e.agents {
		if a.Connections == nil {
			a.Connections = map[string]*Connection{}
		}
		for id, cn := range a.Connections {
			cn.c = e.contacts[id]
		}
	}
	for _, c := range e.contacts {
		switch c.State {
		case StateScheduled:
			e.armSchedule(c)
		case StateQueued:
			e.queued[c.QueueID]++
			if c.OfferTo != "" {
				id := c.ID
				e.afterFor(timerRing, id, max(0, c.OfferTimestamp.Time().Add(e.ring).Sub(now)), func() {
					if c := e.contacts[id]; c != nil && c.OfferTo != "" {
						e.missOffer(c, ConnMissed)
					}
				})
			} else {
				e.reroute(c)
			}
			if i := c.Criteria.ActiveStep(); i >= 0 && !c.Criteria.Steps[i].ExpiryTimestamp.IsZero() {
				id, index := c.ID, c.Criteria.Index
				e.afterFor(timerStep, id, max(0, c.Criteria.Steps[i].ExpiryTimestamp.Time().Sub(now)), func() { e.expireStep(id, index, i) })
			}
		case StateACW:
			e.armACW(c)
		}
	}
	e.pass()
}

// StepKey is the canonical expression of a waiting contact's ACTIVE step
// as its routing queue holds it; ok is false when it is not in a standard
// routing queue (ringing, or not waiting).
func (e *Engine) StepKey(c *Contact) (key string, ok bool) {
	if q := e.queues[c.QueueID]; q != nil {
		if rc, found := q.Get(c.ID); found {
			return rc.StepKey, true
		}
	}
	return "", false
}
