package service

import (
	"sort"
	"sync"

	"github.com/connect-local/connect-local/internal/engine"
	"github.com/connect-local/connect-local/internal/flow"
)

// Event flows (docs/flows.md#flows-through-a-contacts-life): the flows that
// run because something happened to a contact — it was queued (the
// customer queue flow, queueflows.go), an agent was connected (the agent
// and customer whisper flows), put it on hold (the customer and agent
// hold flows) or left the customer behind (the disconnect flow).
//
// They start from the engine's events, but never inside the engine's
// event callback: a flow calls the engine (it enqueues, ends the contact),
// and the engine must not be re-entered while it reports an event. So
// hookEvent only queues the work (later), and runLater runs the queue once
// the engine operation has returned, under the instance's lock: at the
// start of recordEngine, which every operation that changed the engine
// calls (flush, write, a timer's serialize) before it persists.

// agentRole reports whether a role's flow is heard by the agent: it runs
// beside the customer's flow (eventFlows.agent), and what it says is not
// sent to the customer's chat.
func agentRole(role flowRole) bool { return role == roleAgentWhisper || role == roleAgentHold }

// maxLater bounds the work one operation queues (flows that transfer
// each other in a circle stop there).
const maxLater = 1000

// eventFlows is an instance's queued work.
type eventFlows struct {
	// later[next:] is the work still to run; runLater empties later once
	// it has run it all, keeping its array for the next operation's work.
	later []laterWork
	next  int
}

// contactFlows are a contact's flows (its contactSlot): the customer's
// side, and the agent's side (whisper, hold) that runs beside it. The
// first two flows of the customer's side and the agent's first live in
// room (newFlow): the slot holds them, no object of their own.
type contactFlows struct {
	cust, agent *contactFlow
	room        [3]contactFlow // the customer's side's first and second, the agent's first
}

// newFlow is a new flow of role for the contact, old the flow so far on
// its side (nil: none): a room of the slot while one is left, else new.
func (f *contactFlows) newFlow(role flowRole, old *contactFlow) *contactFlow {
	cf := &f.room[0]
	switch {
	case agentRole(role) && old == nil:
		cf = &f.room[2]
	case old == &f.room[0]:
		cf = &f.room[1]
	case old != nil:
		return &contactFlow{role: role}
	}
	cf.role = role
	return cf
}

// laterWork is one piece of work queued for after the engine operation;
// its kind and contact de-duplicate work queued twice before it runs.
type laterWork struct {
	kind      laterKind
	contactID string
	flowID    string // laterDisconnect: the flow to run
}

// laterKind is what a laterWork does (runWork).
type laterKind uint8

const (
	laterQueue      laterKind = iota // the queue flow of a queued contact
	laterWhisper                     // the whisper flows of a connected contact
	laterHold                        // the hold flows of a contact on hold
	laterDisconnect                  // the disconnect flow of a customer who remains
)

// later queues work to run after the current engine operation; st.Mu
// held. Work of the same kind for the same contact already queued is not
// queued again.
func (s *Service) later(st *instanceState, w laterWork) {
	for _, q := range st.hooks.later[st.hooks.next:] {
		if q.kind == w.kind && q.contactID == w.contactID {
			return
		}
	}
	st.hooks.later = append(st.hooks.later, w)
}

// runLater runs the queued work, and the work it queues, in order; st.Mu
// held.
func (s *Service) runLater(st *instanceState) {
	h := &st.hooks
	for n := 0; h.next < len(h.later); n++ {
		w := h.later[h.next]
		h.later[h.next] = laterWork{}
		h.next++
		if n == maxLater {
			s.log.Warn("event flows: too much work after one operation; dropping the rest", "instance", st.ID)
			break
		}
		s.runWork(st, w)
	}
	clear(h.later[h.next:])
	h.later, h.next = h.later[:0], 0
}

// runWork runs one piece of queued work; st.Mu held.
func (s *Service) runWork(st *instanceState, w laterWork) {
	c := st.Eng.Contact(w.contactID)
	if c == nil {
		return
	}
	switch w.kind {
	case laterQueue:
		s.startQueueFlow(st, c)
	case laterWhisper:
		if c.State == StateConnected {
			s.startHookFlow(st, c, roleAgentWhisper, "AgentWhisper", "AGENT_WHISPER")
			s.startHookFlow(st, c, roleCustomerWhisper, "CustomerWhisper", "CUSTOMER_WHISPER")
		}
	case laterHold:
		if c.State == StateConnected && !c.HoldStart.IsZero() {
			s.startHookFlow(st, c, roleCustomerHold, "CustomerHold", "CUSTOMER_HOLD")
			s.startHookFlow(st, c, roleAgentHold, "AgentHold", "AGENT_HOLD")
		}
	case laterDisconnect:
		s.startFlowAs(st, c, w.flowID, roleDisconnect)
	}
}

// hookEvent queues the event flows an engine event starts or stops; it
// runs inside the engine's event callback, so it only queues (st.Mu held).
func (s *Service) hookEvent(st *instanceState, ev Event) {
	id := ev.ContactID
	switch ev.Type {
	case EvQueued, EvMissed, EvRejected:
		// Queued by its flow, an API call (TransferContact, a callback),
		// or back in the queue after a missed offer.
		s.later(st, laterWork{kind: laterQueue, contactID: id})
	case EvConnected:
		s.later(st, laterWork{kind: laterWhisper, contactID: id})
	case EvHold:
		s.later(st, laterWork{kind: laterHold, contactID: id})
	case EvResume:
		if c := ev.Contact; c != nil {
			s.stopRoleFlows(st, c, roleCustomerHold, roleAgentHold)
		}
	case EvDisconnected:
		c := ev.Contact // the engine's contact of id
		if c == nil {
			return
		}
		if cf := st.flowsOf(c).cust; cf != nil && cf.role == roleDisconnect {
			return // the customer leaves while the disconnect flow runs
		}
		flowID := s.hook(st, c, "CustomerRemaining")
		if ev.AgentID == "" || c.DisconnectReason != "AGENT_DISCONNECT" || flowID == "" || (c.Channel != "CHAT" && c.Channel != "TASK") {
			return
		}
		// The customer stays (their chat is not closed: CustomerRemains)
		// while the disconnect flow runs.
		s.remaining.Store(remainingKey(st.ID, id), true)
		s.later(st, laterWork{kind: laterDisconnect, contactID: id, flowID: flowID})
	}
}

// hook is the flow an UpdateContactEventHooks block of the contact's
// flows set for name ("" when none).
func (s *Service) hook(st *instanceState, c *Contact, name string) string {
	if cf := st.flowsOf(c).cust; cf != nil {
		return cf.hooks()[name]
	}
	return ""
}

// startHookFlow runs the flow set for the hook name, else the instance's
// default flow of that type, in role; st.Mu held.
func (s *Service) startHookFlow(st *instanceState, c *Contact, role flowRole, name, typ string) {
	id := s.hook(st, c, name)
	if id == "" {
		id = defaultFlowOfType(st, typ)
	}
	if id != "" {
		s.startFlowAs(st, c, id, role)
	}
}

// stopRoleFlows stops c's event flows of those roles (the hold flows at
// resume): they wait for nothing any more.
func (s *Service) stopRoleFlows(st *instanceState, c *Contact, roles ...flowRole) {
	f := st.flowsOf(c)
	for _, cf := range []*contactFlow{f.cust, f.agent} {
		for _, r := range roles {
			if cf != nil && cf.role == r && !cf.stopped {
				cf.stopped = true
				cf.run.pending = nil
				st.Eng.CancelFor(flowTimer(cf), c.ID)
			}
		}
	}
}

// flowTimer is the kind of the timer of an execution of a contact (with
// its ID, engine.AfterFor): one for the customer's side, one for the
// agent's.
func flowTimer(cf *contactFlow) engine.TimerKind {
	if agentRole(cf.role) {
		return engine.TimerAgentFlow
	}
	return engine.TimerFlow
}

// flowOn is the contact's execution on the side role runs on (nil: none).
func (st *instanceState) flowOn(c *Contact, role flowRole) *contactFlow {
	f := st.flowsOf(c)
	if agentRole(role) {
		return f.agent
	}
	return f.cust
}

// setFlow makes cf its contact's execution on the side its role runs on.
// st.Mu held for writing.
func (st *instanceState) setFlow(c *Contact, cf *contactFlow) {
	f := &st.slots.of(c).flows
	if agentRole(cf.role) {
		f.agent = cf
	} else {
		f.cust = cf
	}
}

// current reports whether cf is still the execution of its contact and
// side (a later one replaces it).
func (st *instanceState) current(c *Contact, cf *contactFlow) bool {
	return st.flowOn(c, cf.role) == cf
}

// finishDisconnectFlow ends the customer's side once the disconnect flow
// is done, however it ended: the chat closes.
func (s *Service) finishDisconnectFlow(st *instanceState, c *Contact, cf *contactFlow) {
	cf.stopped = true
	s.customerGone(st, c)
}

// customerGone closes a remaining customer's chat (the listeners of
// OnFlowMessage hear Ended).
func (s *Service) customerGone(st *instanceState, c *Contact) {
	if _, ok := s.remaining.LoadAndDelete(remainingKey(st.ID, c.ID)); !ok {
		return
	}
	s.tellEnded(st.ID, c)
}

func remainingKey(instanceID, contactID string) string { return instanceID + "/" + contactID }

// CustomerRemains reports whether the customer of a contact whose agent
// left stays in the contact's disconnect flow: the chat must stay open. It
// takes no instance lock, so the observers of Observe may call it.
func (s *Service) CustomerRemains(instanceID, contactID string) bool {
	_, ok := s.remaining.Load(remainingKey(instanceID, contactID))
	return ok
}

// remainingSet is the contacts whose customer stays in a disconnect flow.
type remainingSet = sync.Map

// flowLogOf merges the customer's and the agent's flow logs in time order.
func flowLogOf(cust, agent *contactFlow) FlowLog {
	out := FlowLog{Entries: []flow.LogEntry{}, Said: []Said{}}
	for _, cf := range []*contactFlow{cust, agent} {
		if cf == nil {
			continue
		}
		out.Entries = cf.entries(out.Entries)
		out.Said = append(out.Said, cf.said()...)
	}
	sort.SliceStable(out.Entries, func(i, j int) bool { return out.Entries[i].Time.Before(out.Entries[j].Time) })
	sort.SliceStable(out.Said, func(i, j int) bool { return out.Said[i].Time.Before(out.Said[j].Time) })
	if cust != nil && !cust.stopped {
		if e := cust.exec(); e != nil {
			if _, done := e.Done(); !done {
				out.Waiting = string(cust.waiting())
			}
		}
	}
	return out
}

// QuickConnectTransfer is an agent transferring its contact with a quick
// connect (the CCP's Transfer button): a QUEUE quick connect transfers into
// its queue running its flow, a USER one into the user's agent queue
// (TransferContact with the quick connect's flow). PHONE_NUMBER quick
// connects dial out, which connect-local does not: InvalidRequestException.
func (s *Service) QuickConnectTransfer(sc Scope, instanceID, userID, contactID, quickConnectID string) (*Contact, error) {
	st, unlock, err := s.readInstance(sc, instanceID)
	if err != nil {
		return nil, err
	}
	qc, err := s.quickConnectOf(sc, st, quickConnectID)
	var agentOf string
	if c := st.Eng.Contact(contactID); err == nil && c != nil {
		agentOf = c.AgentID
	}
	var q QuickConnect
	if qc != nil {
		q = *qc
	}
	unlock()
	switch {
	case err != nil:
		return nil, err
	case agentOf != userID:
		return nil, newErr(KindConflict, "Agent %s is not connected to contact %s.", userID, contactID)
	case q.Type == "QUEUE":
		return s.TransferContact(sc, instanceID, contactID, q.FlowID, q.QueueID, "")
	case q.Type == "USER":
		return s.TransferContact(sc, instanceID, contactID, q.FlowID, "", q.UserID)
	}
	return nil, invalidRequest("Quick connect %s is of type %s; connect-local transfers only to QUEUE and USER quick connects.", q.ID, q.Type)
}
