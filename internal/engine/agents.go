package engine

import (
	"errors"
	"fmt"
	"time"
)

// AgentState returns a user's live state (nil when the engine has not
// seen the user yet: offline). The caller must not change it.
func (e *Engine) AgentState(userID string) *AgentState { return e.agents[userID] }

// AgentContact is Contact(contactID), found through the agent's
// connection to it when userID has one (an agent's action on its
// contact): the agents are few, the contacts many.
func (e *Engine) AgentContact(userID, contactID string) *Contact {
	if a := e.agents[userID]; a != nil {
		if cn := a.connection(contactID); cn != nil && cn.c != nil {
			return cn.c
		}
	}
	return e.contacts[contactID]
}

// AgentStates is every agent's live state, by user ID; read-only.
func (e *Engine) AgentStates() map[string]*AgentState { return e.agents }

// agentState returns the user's live state, creating it Offline (as a new
// Connect user starts) on first use.
func (e *Engine) agentState(userID string) *AgentState {
	if a := e.agents[userID]; a != nil {
		return a
	}
	a := &AgentState{UserID: userID, StatusID: e.cfg.SystemStatus("OFFLINE"), StatusStart: e.clock.Now(), Connections: map[string]*Connection{},
		unavailKept: true} // an offline view may be kept from before
	e.agents[userID] = a
	e.agentChanged(a)
	return a
}

// routable reports condition 1 of docs/routing.md#when-an-agent-may-be-offered-a-contact: status ROUTABLE and no next
// status pending.
func (e *Engine) routable(a *AgentState) bool {
	return e.cfg.StatusType(a.StatusID) == "ROUTABLE" && a.NextStatusID == ""
}

// Routable is routable for a caller's view of an agent.
func (e *Engine) Routable(a *AgentState) bool { return e.routable(a) }

// SetStatus sets an agent's status (docs/routing.md#agent-statuses); the caller checked the
// status exists and is enabled. While the agent still holds contacts the
// change waits as NextStatus and the agent gets no new contacts; it takes
// effect when the last contact completes. Setting a status clears missed,
// rejected and errored connections (docs/routing.md#no-missed-or-rejected-offer-condition-2).
func (e *Engine) SetStatus(userID, statusID string) {
	a := e.agentState(userID)
	for id, c := range a.Connections {
		if c.Blocks() {
			a.dropConnection(id)
		}
	}
	if a.Busy() && statusID != a.StatusID {
		a.NextStatusID = statusID
	} else {
		e.applyStatus(a, statusID)
	}
	e.touchAgent(a)
	e.pass()
}

func (e *Engine) applyStatus(a *AgentState, statusID string) {
	a.StatusID, a.StatusStart, a.NextStatusID = statusID, e.clock.Now(), ""
	e.emit(Event{Type: EvAgentStatus, AgentID: a.UserID, StatusID: statusID, StatusType: e.cfg.StatusType(statusID), Agent: a})
}

// Agent actions on a contact.
const (
	ActAccept   = "accept"
	ActReject   = "reject"
	ActMiss     = "miss"
	ActHold     = "hold"
	ActResume   = "resume"
	ActClearACW = "clear-acw"
	ActHangUp   = "hang-up" // the agent ends the conversation
)

// ErrWrongState is an agent action the agent's connection to the contact
// does not allow.
type ErrWrongState struct{ Msg string }

func (e ErrWrongState) Error() string { return e.Msg }

// ErrUnknownAction is an action not among the Act* constants.
var ErrUnknownAction = errors.New("unknown action")

// AgentAction carries out an agent's action on one of its contacts.
func (e *Engine) AgentAction(userID string, c *Contact, action string) error {
	now := e.clock.Now()
	a := e.agentState(userID)
	cn := a.connection(c.ID)
	state := func(want ...string) error {
		if cn != nil {
			for _, w := range want {
				if cn.State == w {
					return nil
				}
			}
		}
		have := "none"
		if cn != nil {
			have = cn.State
		}
		return ErrWrongState{fmt.Sprintf("Agent %s cannot %s contact %s: its connection is %s.", userID, action, c.ID, have)}
	}
	switch action {
	case ActAccept:
		if err := state(ConnConnecting); err != nil {
			return err
		}
		e.accept(c)
	case ActReject, ActMiss:
		if err := state(ConnConnecting); err != nil {
			return err
		}
		how := ConnMissed
		if action == ActReject {
			how = ConnRejected
		}
		e.missOffer(c, how)
	case ActHold:
		if err := state(ConnConnected); err != nil {
			return err
		}
		cn.State, cn.StateStart = ConnOnHold, now
		c.HoldStart = StampOf(now)
		c.Holds++
		e.emit(Event{Type: EvHold, ContactID: c.ID, AgentID: userID, QueueID: c.QueueID, Channel: c.Channel, Contact: c})
	case ActResume:
		if err := state(ConnOnHold); err != nil {
			return err
		}
		cn.State, cn.StateStart = ConnConnected, now
		c.HoldSecs += int64(now.Sub(c.HoldStart.Time()) / time.Second)
		c.HoldStart = 0
		e.emit(Event{Type: EvResume, ContactID: c.ID, AgentID: userID, QueueID: c.QueueID, Channel: c.Channel, Contact: c})
	case ActHangUp:
		if err := state(ConnConnected, ConnOnHold); err != nil {
			return err
		}
		if err := e.Disconnect(c, "AGENT_DISCONNECT"); err != nil {
			return err
		}
	case ActClearACW:
		if err := state(ConnEnded); err != nil {
			return err
		}
		e.endACW(c)
	default:
		return ErrUnknownAction
	}
	e.touch(c)
	e.touchAgent(a)
	return nil
}

// SetRingTimeout sets how long offers ring before they are missed.
func (e *Engine) SetRingTimeout(d time.Duration) { e.ring = d }

// RingTimeout is how long offers ring.
func (e *Engine) RingTimeout() time.Duration { return e.ring }

// SetOutboundAnswer sets whether customers answer outbound calls.
func (e *Engine) SetOutboundAnswer(answer bool) { e.noAnswer = !answer }

// OutboundAnswer is whether customers answer outbound calls.
func (e *Engine) OutboundAnswer() bool { return !e.noAnswer }

// Stats is the engine's work so far.
func (e *Engine) Stats() Stats { return e.stats }

// Queued is how many contacts wait in (or ring from) a queue.
func (e *Engine) Queued(queueID string) int { return e.queued[queueID] }
