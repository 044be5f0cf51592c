package service

import (
	"strings"
	"time"
)

// StartContactInput is what the Start*Contact operations share.
type StartContactInput struct {
	Channel          string // VOICE, CHAT, TASK
	InitiationMethod string // API, INBOUND, OUTBOUND, TRANSFER, ...
	FlowID           string
	QuickConnectID   string
	Name             string
	Description      string
	Attributes       map[string]string
	References       map[string]Ref
	ScheduledTime    time.Time
	PreviousContact  string
	RelatedContact   string
	QueueID          string // working queue set by the caller (outbound QueueId)
	CustomerEndpoint string
	SystemEndpoint   string
	Tags             map[string]string
	// Outbound marks a call placed to the customer
	// (StartOutboundVoiceContact): it fails unanswered when the instance's
	// customers do not answer (SetOutboundAnswer).
	Outbound bool
}

// MaxScheduleAhead bounds a task's ScheduledTime (Connect allows up to six days).
const MaxScheduleAhead = 6 * 24 * time.Hour

// StartContact creates a contact and runs its flow at once, or at its
// ScheduledTime for a scheduled task (docs/routing.md#contacts-segments-and-connection-states).
func (s *Service) StartContact(sc Scope, instanceID string, in StartContactInput) (*Contact, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, err := s.instance(sc, instanceID)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	flowID, queueID := in.FlowID, in.QueueID
	if in.QuickConnectID != "" {
		qc, err := s.quickConnectOf(sc, st, in.QuickConnectID)
		if err != nil {
			return nil, err
		}
		if qc.QueueID == "" {
			return nil, invalidRequest("Quick connect %s is not a queue quick connect.", qc.Name)
		}
		flowID, queueID = qc.FlowID, qc.QueueID
	}
	if flowID == "" {
		return nil, invalidParam("One of ContactFlowId, QuickConnectId or TaskTemplateId must be provided.")
	}
	fid, ok := resolveID(sc, st.ID, "contact-flow", flowID)
	if !ok || st.flows[fid] == nil {
		return nil, notFound("Contact flow not found: %s", flowID)
	}
	if queueID != "" {
		q, err := s.queueOf(sc, st, queueID)
		if err != nil {
			return nil, err
		}
		queueID = q.ID
	}
	c := &Contact{
		ID: s.newID(), Channel: in.Channel, InitiationMethod: in.InitiationMethod, Name: in.Name, Description: in.Description,
		References: in.References, Attributes: copyAttrs(in.Attributes), FlowID: fid, QueueID: queueID,
		InitiationTimestamp: now, CustomerEndpoint: in.CustomerEndpoint, SystemEndpoint: in.SystemEndpoint,
		Tags: st.eng.contactTags(st.ID),
	}
	if len(in.Tags) > 0 {
		c.Tags = map[string]string{"aws:connect:instanceId": st.ID}
		for k, v := range in.Tags {
			c.Tags[k] = v
		}
	}
	c.ARN = sc.ARN("instance/" + st.ID + "/contact/" + c.ID)
	for _, link := range []struct {
		id  string
		dst *string
	}{{in.PreviousContact, &c.PreviousContactID}, {in.RelatedContact, &c.RelatedContactID}} {
		if link.id == "" {
			continue
		}
		prev := st.eng.contacts[link.id]
		if prev == nil {
			return nil, notFound("Contact not found: %s", link.id)
		}
		*link.dst = prev.ID
	}
	if prev := st.eng.contacts[c.PreviousContactID]; prev != nil {
		c.InitialContactID = prev.ID
		if prev.InitialContactID != "" {
			c.InitialContactID = prev.InitialContactID
		}
	}
	if !in.ScheduledTime.IsZero() {
		if in.ScheduledTime.Before(now) || in.ScheduledTime.After(now.Add(MaxScheduleAhead)) {
			return nil, invalidParam("ScheduledTime must be in the future and at most 6 days ahead.")
		}
		c.ScheduledTimestamp = in.ScheduledTime
	}
	st.eng.contacts[c.ID] = c
	s.touch(st, c)
	s.emit(Event{InstanceID: st.ID, Type: EvInitiated, ContactID: c.ID, Channel: c.Channel})
	switch {
	case in.Outbound && st.eng.noAnswer:
		s.endWithoutAgent(st, c, "OUTBOUND_ATTEMPT_FAILED")
	case !c.ScheduledTimestamp.IsZero():
		c.State = StateScheduled
		s.armSchedule(st, c)
	default:
		s.runContactFlow(st, c, fid)
	}
	if err := s.flush(st); err != nil {
		return nil, err
	}
	out := *c
	return &out, nil
}

func copyAttrs(m map[string]string) map[string]string {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func (s *Service) armSchedule(st *instanceState, c *Contact) {
	id := c.ID
	s.after(st, "schedule:"+id, max(0, c.ScheduledTimestamp.Sub(s.clock.Now())), func(st *instanceState) {
		if c := st.eng.contacts[id]; c != nil && c.State == StateScheduled {
			s.emit(Event{InstanceID: st.ID, Type: EvScheduledReady, ContactID: id, Channel: c.Channel})
			s.runContactFlow(st, c, c.FlowID)
		}
	})
}

// runContactFlow runs the flow on the flow runtime (flowexec.go): at once
// up to its first wait, and on as the customer, timers and Lambda answer.
func (s *Service) runContactFlow(st *instanceState, c *Contact, flowID string) {
	c.ConnectedToSystem = s.clock.Now()
	s.startFlow(st, c, flowID)
}

// replaceCriteria installs a new criteria set, keeping the record's latest
// three (docs/routing.md#routing-criteria-and-steps Updates); Index counts sets from 0.
func (s *Service) replaceCriteria(st *instanceState, c *Contact, steps []RoutingStep) {
	st.eng.internSteps(steps)
	idx := int64(0)
	if c.Criteria != nil {
		idx = c.Criteria.Index + 1
		c.CriteriaHistory = append(c.CriteriaHistory, *c.Criteria)
		if len(c.CriteriaHistory) > 2 {
			c.CriteriaHistory = c.CriteriaHistory[len(c.CriteriaHistory)-2:]
		}
	}
	c.Criteria = &RoutingCriteria{Steps: steps, Index: idx}
}

// endWithoutAgent ends a contact that never reached an agent.
func (s *Service) endWithoutAgent(st *instanceState, c *Contact, reason string) {
	c.State = StateEnded
	c.DisconnectTimestamp = s.clock.Now()
	c.DisconnectReason = reason
	s.touch(st, c)
	s.emit(Event{InstanceID: st.ID, Type: EvDisconnected, ContactID: c.ID, QueueID: c.QueueID, Channel: c.Channel})
}

// disconnect ends the customer side (docs/routing.md#offer-accept-miss-reject-and-acw): a queued or ringing contact
// is abandoned, a connected one goes to after-contact work.
func (s *Service) disconnect(st *instanceState, c *Contact, reason string) error {
	now := s.clock.Now()
	switch c.State {
	case StateScheduled:
		s.cancel(st, "schedule:"+c.ID)
		s.endWithoutAgent(st, c, reason)
	case StateQueued:
		s.cancel(st, "step:"+c.ID)
		if c.OfferTo != "" {
			// The customer left while the offer rang: the agent's
			// connection counts as missed (docs/routing.md#offer-accept-miss-reject-and-acw).
			a := s.agentState(st, c.OfferTo)
			s.cancel(st, "ring:"+c.ID)
			if cn := a.Connections[c.ID]; cn != nil {
				cn.State, cn.StateStart = ConnMissed, now
			}
			s.emit(Event{InstanceID: st.ID, Type: EvMissed, ContactID: c.ID, AgentID: c.OfferTo, QueueID: c.QueueID, Channel: c.Channel})
			c.OfferTo = ""
			s.touchAgent(st, a)
		} else {
			s.unroute(st, c)
		}
		st.eng.queued[c.QueueID]--
		s.emit(Event{InstanceID: st.ID, Type: EvAbandoned, ContactID: c.ID, QueueID: c.QueueID, Channel: c.Channel})
		s.endWithoutAgent(st, c, reason)
	case StateConnected:
		a := s.agentState(st, c.AgentID)
		if cn := a.Connections[c.ID]; cn != nil {
			cn.State, cn.StateStart = ConnEnded, now
		}
		if !c.HoldStart.IsZero() {
			c.HoldSecs += int64(now.Sub(c.HoldStart) / time.Second)
			c.HoldStart = time.Time{}
			c.EndedOnHold = true
		}
		c.State = StateACW
		c.DisconnectTimestamp = now
		c.ACWStart = now
		c.DisconnectReason = reason
		s.touch(st, c)
		s.touchAgent(st, a)
		s.emit(Event{InstanceID: st.ID, Type: EvDisconnected, ContactID: c.ID, AgentID: c.AgentID, QueueID: c.QueueID, Channel: c.Channel})
		s.armACW(st, c)
	default:
		return newErr(KindContactNotFound, "Contact %s is not active.", c.ID)
	}
	return nil
}

func (s *Service) armACW(st *instanceState, c *Contact) {
	u := st.users[c.AgentID]
	if u == nil || u.PhoneConfig.AfterContactWorkTimeLimit <= 0 {
		return
	}
	id := c.ID
	end := c.ACWStart.Add(time.Duration(u.PhoneConfig.AfterContactWorkTimeLimit) * time.Second)
	s.after(st, "acw:"+id, max(0, end.Sub(s.clock.Now())), func(st *instanceState) {
		if c := st.eng.contacts[id]; c != nil && c.State == StateACW {
			s.endACW(st, c)
		}
	})
}

// endACW completes the contact and frees the agent (docs/routing.md#offer-accept-miss-reject-and-acw).
func (s *Service) endACW(st *instanceState, c *Contact) {
	now := s.clock.Now()
	s.cancel(st, "acw:"+c.ID)
	a := s.agentState(st, c.AgentID)
	delete(a.Connections, c.ID)
	a.LastActivityEnd = now
	c.State = StateCompleted
	c.ACWEnd = now
	s.touch(st, c)
	if a.NextStatusID != "" && !a.busy() {
		s.applyStatus(st, a, a.NextStatusID)
	}
	s.touchAgent(st, a)
	s.emit(Event{InstanceID: st.ID, Type: EvACWEnded, ContactID: c.ID, AgentID: c.AgentID, QueueID: c.QueueID, Channel: c.Channel})
	s.pass(st)
}

func (s *Service) contactOf(st *instanceState, id string) (*Contact, error) {
	if c := st.eng.contacts[id]; c != nil {
		return c, nil
	}
	return nil, notFound("Contact not found: %s", id)
}

// withContact runs fn on a contact of the caller's instance under the write
// lock, then writes whatever fn changed.
func (s *Service) withContact(sc Scope, instanceID, contactID string, fn func(st *instanceState, c *Contact) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, err := s.instance(sc, instanceID)
	if err != nil {
		return err
	}
	c, err := s.contactOf(st, contactID)
	if err != nil {
		return err
	}
	if err := fn(st, c); err != nil {
		return err
	}
	return s.flush(st)
}

// readContact runs fn on a contact of the caller's instance under the read lock.
func (s *Service) readContact(sc Scope, instanceID, contactID string, fn func(st *instanceState, c *Contact)) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	st, err := s.instance(sc, instanceID)
	if err != nil {
		return err
	}
	c, err := s.contactOf(st, contactID)
	if err != nil {
		return err
	}
	fn(st, c)
	return nil
}

// StopContact ends a contact.
func (s *Service) StopContact(sc Scope, instanceID, contactID, reason string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, err := s.instance(sc, instanceID)
	if err != nil {
		return err
	}
	c := st.eng.contacts[contactID]
	if c == nil {
		return newErr(KindContactNotFound, "Contact not found: %s", contactID)
	}
	if reason == "" {
		reason = "API"
	}
	if err := s.disconnect(st, c, reason); err != nil {
		return err
	}
	return s.flush(st)
}

// DescribeContact returns a copy of the contact.
func (s *Service) DescribeContact(sc Scope, instanceID, contactID string) (*Contact, error) {
	var out *Contact
	err := s.readContact(sc, instanceID, contactID, func(_ *instanceState, c *Contact) { out = cloneContact(c) })
	return out, err
}

func cloneContact(c *Contact) *Contact {
	out := *c
	out.Attributes = copyAttrs(c.Attributes)
	if c.Criteria != nil {
		rc := *c.Criteria
		rc.Steps = append([]RoutingStep(nil), c.Criteria.Steps...)
		out.Criteria = &rc
	}
	return &out
}

// RoutingDataInput is UpdateContactRoutingData's input (docs/contacts.md#updatecontactroutingdata).
type RoutingDataInput struct {
	QueuePriority *int64
	QueueAdjust   *int64
	Criteria      []RoutingStep // nil: unchanged
}

// UpdateContactRoutingData changes a waiting contact's priority, routing
// age or routing criteria; the queue is re-sorted at once (docs/contacts.md#updatecontactroutingdata).
func (s *Service) UpdateContactRoutingData(sc Scope, instanceID, contactID string, in RoutingDataInput) error {
	if in.QueuePriority != nil && in.QueueAdjust != nil {
		return invalidParam("Provide only one of QueuePriority and QueueTimeAdjustmentSeconds.")
	}
	if in.QueuePriority == nil && in.QueueAdjust == nil && in.Criteria == nil {
		return invalidParam("Provide QueuePriority, QueueTimeAdjustmentSeconds or RoutingCriteria.")
	}
	for i := range in.Criteria {
		if err := in.Criteria[i].Expression.Validate(); err != nil {
			return invalidParam("RoutingCriteria step %d: %v", i+1, err)
		}
	}
	return s.withContact(sc, instanceID, contactID, func(st *instanceState, c *Contact) error {
		if c.State != StateQueued && c.State != StateScheduled {
			return newErr(KindConflict, "Contact %s is %s; routing data can change only while it waits in a queue.", c.ID, strings.ToLower(c.State))
		}
		waiting := c.State == StateQueued && c.OfferTo == ""
		if waiting {
			s.unroute(st, c)
		}
		if in.QueuePriority != nil {
			c.QueuePriority = in.QueuePriority
		}
		if in.QueueAdjust != nil {
			c.QueueAdjust = in.QueueAdjust
		}
		if in.Criteria != nil {
			s.cancel(st, "step:"+c.ID)
			s.replaceCriteria(st, c, in.Criteria)
			if c.State == StateQueued {
				s.activateCriteria(st, c)
			}
		}
		if waiting {
			s.reroute(st, c)
		}
		s.touch(st, c)
		s.emit(Event{InstanceID: st.ID, Type: EvDataUpdated, ContactID: c.ID, QueueID: c.QueueID, Channel: c.Channel})
		s.pass(st)
		return nil
	})
}

// TransferContact moves a contact to a queue or an agent's queue as a new
// segment (InitiationMethod TRANSFER) that runs the transfer flow; the old
// segment is disconnected. Criteria carry over only if no agent joined
// (docs/routing.md#routing-criteria-and-steps Transfer).
func (s *Service) TransferContact(sc Scope, instanceID, contactID, flowID, queueID, userID string) (*Contact, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, err := s.instance(sc, instanceID)
	if err != nil {
		return nil, err
	}
	old, err := s.contactOf(st, contactID)
	if err != nil {
		return nil, err
	}
	if (queueID == "") == (userID == "") {
		return nil, invalidRequest("Provide exactly one of QueueId and UserId.")
	}
	fid, ok := resolveID(sc, st.ID, "contact-flow", flowID)
	if !ok || st.flows[fid] == nil {
		return nil, notFound("Contact flow not found: %s", flowID)
	}
	target, agentQueue := "", false
	if queueID != "" {
		q, err := s.queueOf(sc, st, queueID)
		if err != nil {
			return nil, err
		}
		target = q.ID
	} else {
		u, err := s.userOf(sc, st, userID)
		if err != nil {
			return nil, err
		}
		target, agentQueue = u.ID, true
	}
	if old.State != StateQueued && old.State != StateConnected {
		return nil, invalidRequest("Contact %s is not active and cannot be transferred.", old.ID)
	}
	now := s.clock.Now()
	c := &Contact{ID: s.newID(), Channel: old.Channel, InitiationMethod: "TRANSFER", Name: old.Name, Description: old.Description,
		References: old.References, Attributes: copyAttrs(old.Attributes), FlowID: fid, PreviousContactID: old.ID,
		InitialContactID: old.ID, RelatedContactID: old.RelatedContactID, InitiationTimestamp: now, QueueID: target,
		Tags: old.Tags}
	if old.InitialContactID != "" {
		c.InitialContactID = old.InitialContactID
	}
	c.ARN = sc.ARN("instance/" + st.ID + "/contact/" + c.ID)
	if old.State == StateQueued && old.Criteria != nil {
		steps := append([]RoutingStep(nil), old.Criteria.Steps...)
		c.Criteria = &RoutingCriteria{Steps: steps}
	}
	if err := s.disconnect(st, old, "TRANSFERRED"); err != nil {
		return nil, err
	}
	st.eng.contacts[c.ID] = c
	s.touch(st, c)
	s.emit(Event{InstanceID: st.ID, Type: EvTransferred, ContactID: old.ID, QueueID: target, Channel: c.Channel})
	s.emit(Event{InstanceID: st.ID, Type: EvInitiated, ContactID: c.ID, Channel: c.Channel})
	if agentQueue {
		c.ConnectedToSystem = now
		s.enqueue(st, c, target, true)
		s.pass(st)
	} else {
		s.runContactFlow(st, c, fid)
	}
	if err := s.flush(st); err != nil {
		return nil, err
	}
	out := *c
	return &out, nil
}

// restoreEngine rebuilds routing queues and re-arms timers after a restart.
func (s *Service) restoreEngine(st *instanceState) {
	now := s.clock.Now()
	s.restoreStreams(st)
	for _, a := range st.eng.agents {
		if a.Connections == nil {
			a.Connections = map[string]*Connection{}
		}
	}
	for _, c := range st.eng.contacts {
		switch c.State {
		case StateScheduled:
			s.armSchedule(st, c)
		case StateQueued:
			st.eng.queued[c.QueueID]++
			if c.OfferTo != "" {
				id := c.ID
				s.after(st, "ring:"+id, max(0, c.OfferTimestamp.Add(st.eng.ring).Sub(now)), func(st *instanceState) {
					if c := st.eng.contacts[id]; c != nil && c.OfferTo != "" {
						s.missOffer(st, c, ConnMissed)
					}
				})
			} else {
				s.reroute(st, c)
			}
			if i := c.Criteria.ActiveStep(); i >= 0 && !c.Criteria.Steps[i].ExpiryTimestamp.IsZero() {
				id, index := c.ID, c.Criteria.Index
				s.after(st, "step:"+id, max(0, c.Criteria.Steps[i].ExpiryTimestamp.Sub(now)), func(st *instanceState) { s.expireStep(st, id, index, i) })
			}
		case StateACW:
			s.armACW(st, c)
		}
	}
	s.pass(st)
	s.queueEngine(st)
}
