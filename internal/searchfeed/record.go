package searchfeed

import (
	"github.com/connect-local/connect-local/internal/engine"
	"github.com/connect-local/connect-local/internal/routing"
	"github.com/connect-local/connect-local/internal/search"
)

// Visible says whether an in-progress contact shows in search yet
// (docs/search.md#time-ranges): voice once connected to an agent or disconnected (a queued
// callback once queued), chat once connected to the system, tasks (and
// anything else) once initiated.
func Visible(c *engine.Contact) bool {
	done := !c.DisconnectTimestamp.IsZero() || !c.ConnectedToAgentTimestamp.IsZero()
	switch c.Channel {
	case "VOICE":
		return done || c.InitiationMethod == "CALLBACK" && !c.EnqueueTimestamp.IsZero()
	case "CHAT":
		return done || !c.ConnectedToSystem.IsZero()
	}
	return true
}

// Record is what the index keeps of c. The transcript is searchable
// only once the contact is complete: after-contact work done, or ended
// without an agent (docs/search.md#criteria).
func Record(c *engine.Contact, agentPath []string) search.Record {
	r := search.Record{ID: c.ID, Channel: c.Channel, InitiationMethod: c.InitiationMethod, AgentID: c.AgentID,
		HierarchyPath: agentPath, Name: c.Name, Attributes: c.Attributes, Tags: c.Tags}
	if !c.EnqueueTimestamp.IsZero() {
		r.QueueID = c.QueueID
	}
	r.Times[search.Initiation] = c.InitiationTimestamp.Time()
	r.Times[search.Scheduled] = c.ScheduledTimestamp.Time()
	r.Times[search.ConnectedToAgent] = c.ConnectedToAgentTimestamp.Time()
	r.Times[search.Disconnect] = c.DisconnectTimestamp.Time()
	r.Times[search.Enqueue] = c.EnqueueTimestamp.Time()
	if c.Criteria != nil && len(c.Criteria.Steps) > 0 {
		r.RoutingAgents = make([][]string, 0, len(c.Criteria.Steps))
		for _, st := range c.Criteria.Steps {
			if r.Times[search.Expiry].Before(st.ExpiryTimestamp.Time()) {
				r.Times[search.Expiry] = st.ExpiryTimestamp.Time()
			}
			r.RoutingAgents = append(r.RoutingAgents, stepAgents(st.Expr()))
		}
	}
	if c.State == engine.StateCompleted || c.State == engine.StateEnded {
		r.Transcript = c.Extra().SearchTranscript
	}
	return r
}

// stepAgents lists the agents a step's expression targets (its Match
// conditions' AgentIds).
func stepAgents(e *routing.Expression) []string {
	var out []string
	var walk func(e *routing.Expression)
	walk = func(e *routing.Expression) {
		for _, c := range []*routing.AttributeCondition{e.AttributeCondition, e.NotAttributeCondition} {
			if c != nil {
				out = append(out, c.AgentIDs...)
			}
		}
		for i := range e.AndExpression {
			walk(&e.AndExpression[i])
		}
		for i := range e.OrExpression {
			walk(&e.OrExpression[i])
		}
	}
	walk(e)
	return out
}

// Put indexes c in instance instanceID of ix, or drops it while it does
// not show, at the slot index.PutOwn was last given for it (0: not in the
// index), and notes the slot.
func Put(ix *search.Index, instanceID string, c *engine.Contact, agentPath []string, slot *uint32) {
	if !Visible(c) {
		ix.RemoveOwn(instanceID, c.ID, *slot)
		return
	}
	r := Record(c, agentPath)
	*slot = ix.PutOwn(instanceID, &r, *slot)
}
