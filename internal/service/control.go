package service

import (
	"errors"
	"sort"
	"time"

	"github.com/connect-local/connect-local/internal/engine"

	"github.com/connect-local/connect-local/internal/routing"
)

// The controls behind /_local/ (docs/local-api.md): what agents and customers
// do that the AWS API cannot express. Like the AWS API's methods they take
// the caller's Scope: an instance of another account or region is not
// found, whoever asks.

// AgentAction carries out an agent's action on one of its contacts.
func (s *Service) AgentAction(sc Scope, instanceID, userID, contactID, action string) error {
	st, err := s.lockInstance(sc, instanceID)
	if err != nil {
		return err
	}
	defer st.Mu.Unlock()
	if st.cfg.Agent(userID) == nil { // nil exactly when st.Users has no userID (addrcache)
		return notFound("User not found: %s", userID)
	}
	c := st.Eng.AgentContact(userID, contactID)
	if c == nil {
		return notFound("Contact not found: %s", contactID)
	}
	if err := st.Eng.AgentAction(userID, c, action); err != nil {
		return agentActionErr(err, action)
	}
	return s.flush(st)
}

// agentActionErr is the error of an agent's action the engine refused.
func agentActionErr(err error, action string) error {
	var ws engine.ErrWrongState
	switch {
	case errors.As(err, &ws):
		return newErr(KindConflict, "%s", ws.Msg)
	case errors.Is(err, engine.ErrUnknownAction):
		return invalidParam("Unknown action %q.", action)
	}
	return disconnectErr(err)
}

// EndCustomer is the customer hanging up (or leaving the chat).
func (s *Service) EndCustomer(sc Scope, instanceID, contactID string) error {
	st, err := s.lockInstance(sc, instanceID)
	if err != nil {
		return err
	}
	defer st.Mu.Unlock()
	c, err := s.contactOf(st, contactID)
	if err != nil {
		return err
	}
	if s.CustomerRemains(st.ID, c.ID) {
		// The customer leaves during the disconnect flow (hookflows.go).
		s.stopRoleFlows(st, c, roleDisconnect)
		s.customerGone(st, c)
		return s.flush(st)
	}
	if err := disconnectErr(st.Eng.Disconnect(c, "CUSTOMER_DISCONNECT")); err != nil {
		return err
	}
	return s.flush(st)
}

// SetRingTimeout sets how long offers ring before they are missed.
func (s *Service) SetRingTimeout(sc Scope, instanceID string, d time.Duration) error {
	st, err := s.lockInstance(sc, instanceID)
	if err != nil {
		return err
	}
	defer st.Mu.Unlock()
	if d <= 0 || d > 24*time.Hour {
		return invalidParam("Ring timeout must be between 1 second and 24 hours.")
	}
	st.Eng.SetRingTimeout(d)
	return nil
}

// SetOutboundAnswer sets whether customers answer outbound calls
// (StartOutboundVoiceContact); by default they answer at once. Unanswered
// calls end without running their flow (DisconnectReason
// OUTBOUND_ATTEMPT_FAILED).
func (s *Service) SetOutboundAnswer(sc Scope, instanceID string, answer bool) error {
	st, err := s.lockInstance(sc, instanceID)
	if err != nil {
		return err
	}
	defer st.Mu.Unlock()
	st.Eng.SetOutboundAnswer(answer)
	return nil
}

// EngineView is an instance's routing state, for /_local/ and the wallboard.
type EngineView struct {
	Now         time.Time
	RingTimeout time.Duration
	Queues      []QueueView
	Agents      []AgentView
	Decisions   []Decision

	// OutboundAnswer is whether customers answer outbound calls
	// (SetOutboundAnswer).
	OutboundAnswer bool
}

// QueueView is one queue's waiting contacts in routing order.
type QueueView struct {
	QueueID    string
	Name       string
	AgentQueue bool
	Contacts   []QueuedContactView
}

// QueuedContactView is one waiting contact as routing sees it.
type QueuedContactView struct {
	ContactID      string
	Channel        string
	EnqueuedAt     time.Time
	QueuePriority  int64
	AdjustSeconds  int64
	RoutingAgeSecs float64
	OfferedTo      string
	ActiveStep     int // 0-based; -1 none
	StepExpression string
	StepExpiresAt  time.Time
}

// Engine returns the routing state of an instance.
func (s *Service) Engine(sc Scope, instanceID string) (*EngineView, error) {
	st, err := s.rlockInstance(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer st.Mu.RUnlock()
	now := s.clock.Now()
	v := &EngineView{Now: now, RingTimeout: st.Eng.RingTimeout(), OutboundAnswer: st.Eng.OutboundAnswer(), Decisions: st.Eng.Decisions()}
	byQueue := map[string][]*Contact{}
	for _, c := range st.Eng.Contacts() {
		if c.State == StateQueued {
			byQueue[c.QueueID] = append(byQueue[c.QueueID], c)
		}
	}
	for qid, cs := range byQueue {
		qv := QueueView{QueueID: qid}
		if q := st.Queues[qid]; q != nil {
			qv.Name = q.Name
		} else if u := st.Users[qid]; u != nil {
			qv.Name, qv.AgentQueue = u.Username, true
		}
		rcs := make([]*routing.Contact, 0, len(cs))
		for _, c := range cs {
			rcs = append(rcs, engine.RoutingView(c))
		}
		sort.Slice(rcs, func(i, j int) bool { return routing.Before(rcs[i], rcs[j]) })
		for _, rc := range rcs {
			c := st.Eng.Contact(rc.ID)
			cv := QueuedContactView{ContactID: c.ID, Channel: c.Channel, EnqueuedAt: c.EnqueueTimestamp.Time(), QueuePriority: rc.QueuePriority,
				AdjustSeconds: rc.AdjustSeconds, RoutingAgeSecs: now.Sub(c.EnqueueTimestamp.Time()).Seconds() + float64(rc.AdjustSeconds),
				OfferedTo: c.OfferTo, ActiveStep: c.Criteria.ActiveStep(), StepExpression: rc.StepKey}
			if cv.ActiveStep >= 0 {
				cv.StepExpiresAt = c.Criteria.Steps[cv.ActiveStep].ExpiryTimestamp.Time()
			}
			qv.Contacts = append(qv.Contacts, cv)
		}
		v.Queues = append(v.Queues, qv)
	}
	sort.Slice(v.Queues, func(i, j int) bool { return v.Queues[i].Name < v.Queues[j].Name })
	for _, u := range st.Users {
		v.Agents = append(v.Agents, s.agentView(st, u))
	}
	sort.Slice(v.Agents, func(i, j int) bool { return v.Agents[i].User.Username < v.Agents[j].User.Username })
	return v, nil
}
