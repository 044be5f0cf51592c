package service

import (
	"github.com/connect-local/connect-local/internal/engine"
	"github.com/connect-local/connect-local/internal/flow"
)

// Flows through a contact's life (docs/flows.md#flows-through-a-contacts-life):
// once its flow has put a contact in a queue, the customer queue flow runs
// while it waits — the flow UpdateContactEventHooks set as CustomerQueue
// (the designer's "Set customer queue flow"), else the instance's
// "Default customer queue" — and stops when an agent takes the contact.

// flowRole is what a contact's flow runs as: its own flow, or an event
// flow (hookflows.go). A contact keeps its flows as long as it lives, so
// the role is a byte; String names it as Said.Role does.
type flowRole uint8

// Roles of a contact's flows.
const (
	roleContact flowRole = iota // the contact's flow
	roleQueue
	roleAgentWhisper
	roleCustomerWhisper
	roleCustomerHold
	roleAgentHold
	roleDisconnect
)

var roleNames = [...]string{roleContact: "", roleQueue: "CUSTOMER_QUEUE", roleAgentWhisper: "AGENT_WHISPER",
	roleCustomerWhisper: "CUSTOMER_WHISPER", roleCustomerHold: "CUSTOMER_HOLD", roleAgentHold: "AGENT_HOLD", roleDisconnect: "DISCONNECT"}

func (r flowRole) String() string { return roleNames[r] }

// roleLive reports whether an event flow still applies to c: a customer
// queue flow only while c waits in a queue, whisper flows while it is
// connected, hold flows while it is on hold, a disconnect flow until it
// ends.
func roleLive(c *Contact, cf *contactFlow) bool {
	if cf.stopped {
		return false
	}
	switch cf.role {
	case roleContact, roleDisconnect:
		return true
	case roleQueue:
		return c.State == StateQueued
	case roleAgentWhisper, roleCustomerWhisper:
		return c.State == StateConnected
	case roleCustomerHold, roleAgentHold:
		return c.State == StateConnected && !c.HoldStart.IsZero()
	}
	return c.State != StateEnded && c.State != StateCompleted
}

// startQueueFlow runs the customer queue flow of c, just put in a queue
// (by its flow, by the API, or back after a missed offer); st.Mu held. A
// contact already offered to an agent or connected runs none.
func (s *Service) startQueueFlow(st *instanceState, c *Contact) {
	if c.State != StateQueued || c.OfferTo != "" {
		return
	}
	s.startHookFlow(st, c, roleQueue, "CustomerQueue", "CUSTOMER_QUEUE")
}

// defaultFlowOfType is the ID of the flow of that type CreateInstance
// made; st.Mu held for writing. The last answer is kept, and kept only
// while that flow is still a default of the type: the whisper flows ask
// for every connected contact.
func defaultFlowOfType(st *instanceState, typ string) string {
	if id := st.defaultFlows[typ]; id != "" {
		if f := st.Flows[id]; f != nil && f.Default && f.Type == typ {
			return id
		}
	}
	for _, f := range st.Flows {
		if f.Default && f.Type == typ {
			if st.defaultFlows == nil {
				st.defaultFlows = map[string]string{}
			}
			st.defaultFlows[typ] = f.ID
			return f.ID
		}
	}
	return ""
}

// finishRoleFlow carries out how an event flow ended; st.Mu held. A
// customer queue flow that transfers moves the waiting contact to that
// queue (and runs the queue flow again there); one that disconnects ends
// the contact; one that ends leaves the contact waiting, in silence.
// Whisper and hold flows that disconnect end the contact too; a
// disconnect flow ends the customer's side however it ends.
func (s *Service) finishRoleFlow(st *instanceState, c *Contact, cf *contactFlow, req flow.Request) {
	if cf.role == roleDisconnect {
		s.finishDisconnectFlow(st, c, cf)
		return
	}
	if !roleLive(c, cf) {
		return
	}
	switch req.Outcome {
	case flow.OutcomeEnqueue, flow.OutcomeRequeue, flow.OutcomeTransferAgent:
		if cf.role == roleQueue && c.OfferTo == "" && (req.QueueID != c.QueueID || req.AgentQueue != c.AgentQueue) {
			// Queued again: the queue flow starts again there (hookflows.go).
			st.Eng.FlowDone(c, engine.FlowOutcome{QueueID: req.QueueID, AgentQueue: req.AgentQueue})
		}
	case flow.OutcomeDisconnect, flow.OutcomeError:
		if req.Outcome == flow.OutcomeError {
			s.log.Warn("event flow stopped", "contact", c.ID, "role", cf.role.String(), "flow", cf.exec().FlowID, "error", req.Error)
		}
		if err := st.Eng.Disconnect(c, "CONTACT_FLOW_DISCONNECT"); err != nil {
			s.log.Warn("event flow could not end the contact", "contact", c.ID, "error", err)
		}
	}
}
