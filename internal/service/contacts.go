package service

import (
	"errors"
	"github.com/connect-local/connect-local/internal/streaming"
	"strings"
	"time"

	"github.com/connect-local/connect-local/internal/engine"
	"github.com/connect-local/connect-local/internal/flowres"
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
	// TaskTemplateID starts a task from a template (internal/provisioning; tasks.go).
	TaskTemplateID string
}

// StartContact creates a contact and runs its flow at once, or at its
// ScheduledTime for a scheduled task (docs/routing.md#contacts-segments-and-connection-states).
func (s *Service) StartContact(sc Scope, instanceID string, in StartContactInput) (*Contact, error) {
	var out *Contact
	if err := s.startContact(sc, instanceID, in, func(c *Contact) { cp := *c; out = &cp }); err != nil {
		return nil, err
	}
	return out, nil
}

// StartContactID is StartContact for a caller that needs only the new
// contact's ID: it copies no contact.
func (s *Service) StartContactID(sc Scope, instanceID string, in StartContactInput) (string, error) {
	var id string
	err := s.startContact(sc, instanceID, in, func(c *Contact) { id = c.ID })
	return id, err
}

// startContact starts the contact and, once it is written, shows it to
// started under the instance's lock.
func (s *Service) startContact(sc Scope, instanceID string, in StartContactInput, started func(*Contact)) error {
	st, err := s.lockInstance(sc, instanceID)
	if err != nil {
		return err
	}
	defer st.Mu.Unlock()
	now := s.clock.Now()
	var template *TaskTemplate
	if in.TaskTemplateID != "" {
		if template, err = s.applyTaskTemplate(sc, st, in.TaskTemplateID, &in); err != nil {
			return err
		}
	}
	flowID, queueID := in.FlowID, in.QueueID
	if in.QuickConnectID != "" {
		qc, err := s.quickConnectOf(sc, st, in.QuickConnectID)
		if err != nil {
			return err
		}
		if qc.QueueID == "" {
			return invalidRequest("Quick connect %s is not a queue quick connect.", qc.Name)
		}
		flowID, queueID = qc.FlowID, qc.QueueID
	}
	if flowID == "" {
		return invalidParam("One of ContactFlowId, QuickConnectId or TaskTemplateId must be provided.")
	}
	fid, err := flowres.FlowRef(sc, st.State, flowID)
	if err != nil {
		return err
	}
	if queueID != "" {
		q, err := s.queueOf(sc, st, queueID)
		if err != nil {
			return err
		}
		queueID = q.ID
	}
	c := &Contact{
		ID: s.newID(), Channel: in.Channel, InitiationMethod: in.InitiationMethod, Name: in.Name,
		Attributes: copyAttrs(in.Attributes), FlowID: fid, QueueID: queueID,
		InitiationTimestamp: engine.StampOf(now), CustomerEndpoint: in.CustomerEndpoint, SystemEndpoint: in.SystemEndpoint,
		Tags: st.contactTags(),
	}
	x := engine.ContactExtra{Description: in.Description, References: in.References}
	if template != nil {
		x.TaskTemplateID = template.ID
	}
	if len(in.Tags) > 0 {
		c.Tags = map[string]string{"aws:connect:instanceId": st.ID}
		for k, v := range in.Tags {
			c.Tags[k] = v
		}
	}
	c.SetARNBase(st.contactARNBase())
	if in.PreviousContact != "" {
		prev := st.Eng.Contact(in.PreviousContact)
		if prev == nil {
			return notFound("Contact not found: %s", in.PreviousContact)
		}
		c.PreviousContactID = prev.ID
	}
	if in.RelatedContact != "" {
		prev := st.Eng.Contact(in.RelatedContact)
		if prev == nil {
			return notFound("Contact not found: %s", in.RelatedContact)
		}
		x.RelatedContactID = prev.ID
	}
	if prev := st.Eng.Contact(c.PreviousContactID); prev != nil {
		c.InitialContactID = prev.ID
		if prev.InitialContactID != "" {
			c.InitialContactID = prev.InitialContactID
		}
	}
	if !in.ScheduledTime.IsZero() {
		if in.ScheduledTime.Before(now) || in.ScheduledTime.After(now.Add(MaxScheduleAhead)) {
			return invalidParam("ScheduledTime must be in the future and at most 6 days ahead.")
		}
		c.ScheduledTimestamp = engine.StampOf(in.ScheduledTime)
	}
	c.SetExtra(x)
	st.Eng.Start(c, in.Outbound)
	if err := s.flush(st); err != nil {
		return err
	}
	started(c)
	return nil
}

func (s *Service) contactOf(st *instanceState, id string) (*Contact, error) {
	if c := st.Eng.Contact(id); c != nil {
		return c, nil
	}
	return nil, notFound("Contact not found: %s", id)
}

// withContact runs fn on a contact of the caller's instance under the write
// lock, then writes whatever fn changed.
func (s *Service) withContact(sc Scope, instanceID, contactID string, fn func(st *instanceState, c *Contact) error) error {
	st, err := s.lockInstance(sc, instanceID)
	if err != nil {
		return err
	}
	defer st.Mu.Unlock()
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
	st, err := s.rlockInstance(sc, instanceID)
	if err != nil {
		return err
	}
	defer st.Mu.RUnlock()
	c, err := s.contactOf(st, contactID)
	if err != nil {
		return err
	}
	fn(st, c)
	return nil
}

// StopContact ends a contact.
func (s *Service) StopContact(sc Scope, instanceID, contactID, reason string) error {
	st, err := s.lockInstance(sc, instanceID)
	if err != nil {
		return err
	}
	defer st.Mu.Unlock()
	c := st.Eng.Contact(contactID)
	if c == nil {
		return newErr(KindContactNotFound, "Contact not found: %s", contactID)
	}
	if reason == "" {
		reason = "API"
	}
	if err := disconnectErr(st.Eng.Disconnect(c, reason)); err != nil {
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
		st.Eng.UpdateRoutingData(c, engine.RoutingData{QueuePriority: in.QueuePriority, QueueAdjust: in.QueueAdjust, Criteria: in.Criteria})
		return nil
	})
}

// TransferContact moves a contact to a queue or an agent's queue as a new
// segment (InitiationMethod TRANSFER) that runs the transfer flow; the old
// segment is disconnected. Criteria carry over only if no agent joined
// (docs/routing.md#routing-criteria-and-steps Transfer).
func (s *Service) TransferContact(sc Scope, instanceID, contactID, flowID, queueID, userID string) (*Contact, error) {
	st, err := s.lockInstance(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer st.Mu.Unlock()
	old, err := s.contactOf(st, contactID)
	if err != nil {
		return nil, err
	}
	if (queueID == "") == (userID == "") {
		return nil, invalidRequest("Provide exactly one of QueueId and UserId.")
	}
	fid, err := flowres.FlowRef(sc, st.State, flowID)
	if err != nil {
		return nil, err
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
	c := &Contact{ID: s.newID(), Channel: old.Channel, InitiationMethod: "TRANSFER", Name: old.Name,
		Attributes: copyAttrs(old.Attributes), FlowID: fid, PreviousContactID: old.ID,
		InitialContactID: old.ID, InitiationTimestamp: engine.StampOf(now), QueueID: target,
		Tags: old.Tags}
	if old.InitialContactID != "" {
		c.InitialContactID = old.InitialContactID
	}
	c.SetARNBase(st.contactARNBase())
	ox := old.Extra()
	c.SetExtra(engine.ContactExtra{Description: ox.Description, References: ox.References, RelatedContactID: ox.RelatedContactID})
	if err := disconnectErr(st.Eng.Transfer(old, c, target, agentQueue)); err != nil {
		return nil, err
	}
	if err := s.flush(st); err != nil {
		return nil, err
	}
	out := *c
	return &out, nil
}

// disconnectErr maps the engine's answer for an ended contact.
func disconnectErr(err error) error {
	var na engine.ErrNotActive
	if errors.As(err, &na) {
		return newErr(KindContactNotFound, "Contact %s is not active.", na.ContactID)
	}
	return err
}

// restoreEngine rebuilds the engine's routing queues and timers after a
// restart or a reload, and queues what that changed.
func (s *Service) restoreEngine(st *instanceState) {
	streaming.Restore(s.Streaming, st.State)
	st.Eng.Restore()
	s.queueEngine(st)
}
