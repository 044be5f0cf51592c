package engine

import (
	"github.com/connect-local/connect-local/internal/flow"
	"github.com/connect-local/connect-local/internal/routing"
)

// FlowRunner runs contacts' flows for the engine (the service: the flow
// runtime, docs/flows.md). The engine asks it to run a flow when a contact
// starts, a scheduled task is due or a contact is transferred to a queue;
// the runner answers with FlowDone, at once or later (a flow can wait for
// the customer, a timer or a Lambda function), under the same
// serialisation as every engine call. Until then the contact is in
// neither a queue nor ended.
type FlowRunner func(c *Contact, flowID string)

// FlowOutcome is how a contact's flow left it.
type FlowOutcome struct {
	// QueueID is where the flow put the contact; "" ends it
	// (CONTACT_FLOW_DISCONNECT).
	QueueID    string
	AgentQueue bool // QueueID is a user's agent queue
	Priority   *int64
	Adjust     *int64
	Criteria   []RoutingStep // nil: none set
}

// FlowDone carries out how a contact's flow left it: its routing data,
// then the queue (and a routing pass), or the end of the contact.
func (e *Engine) FlowDone(c *Contact, out FlowOutcome) {
	if out.Priority != nil {
		c.QueuePriority = out.Priority
	}
	if out.Adjust != nil {
		c.QueueAdjust = out.Adjust
	}
	if out.Criteria != nil {
		e.replaceCriteria(c, out.Criteria)
	}
	if out.QueueID == "" {
		e.endWithoutAgent(c, "CONTACT_FLOW_DISCONNECT")
	} else {
		e.enqueue(c, out.QueueID, out.AgentQueue)
		e.pass()
	}
	e.touch(c)
}

// StartQueued adds a new contact, built by the caller, straight into a
// standard queue (a callback a flow created) and routes.
func (e *Engine) StartQueued(c *Contact, queueID string) {
	e.contacts[c.ID] = c
	e.touch(c)
	e.emit(Event{Type: EvInitiated, ContactID: c.ID, Channel: c.Channel})
	c.ConnectedToSystem = StampOf(e.clock.Now())
	e.enqueue(c, queueID, false)
	e.pass()
}

// Cancel stops the timer key (one set with After).
func (e *Engine) Cancel(key string) { e.cancel(key) }

// QueueFull reports whether a transfer into the queue leaves by the flow's
// at-capacity branch (for the flow runner).
func (e *Engine) QueueFull(queueID string, agent bool) bool { return e.queueFull(queueID, agent) }

// CriteriaFromFlow converts the routing criteria a flow set.
func CriteriaFromFlow(in []flow.RoutingStep) []RoutingStep {
	if len(in) == 0 {
		return nil
	}
	out := make([]RoutingStep, 0, len(in))
	for _, st := range in {
		x := routingExpression(st.Expression)
		step := RoutingStep{Expression: &x, Status: StepInactive}
		if st.Expiry != nil {
			d := st.Expiry.DurationInSeconds
			step.DurationSeconds = &d
		}
		out = append(out, step)
	}
	return out
}

// queueFull reports whether a transfer into the queue leaves by the flow's
// at-capacity branch: MaxContacts reached, the queue disabled (docs/routing.md#queues),
// or an agent queue holding its maximum.
func (e *Engine) queueFull(queueID string, agent bool) bool {
	if agent {
		return e.queued[queueID] >= AgentQueueCapacity
	}
	q := e.cfg.Queue(queueID)
	if q == nil || q.Disabled {
		return true
	}
	return q.MaxContacts != nil && int64(e.queued[queueID]) >= *q.MaxContacts
}

// routingExpression converts the flow language's expression.
func routingExpression(e flow.Expression) routing.Expression {
	out := routing.Expression{AttributeCondition: routingCondition(e.AttributeCondition), NotAttributeCondition: routingCondition(e.NotAttributeCondition)}
	if len(e.AndExpression) > 0 {
		out.AndExpression = make([]routing.Expression, 0, len(e.AndExpression))
		for _, x := range e.AndExpression {
			out.AndExpression = append(out.AndExpression, routingExpression(x))
		}
	}
	if len(e.OrExpression) > 0 {
		out.OrExpression = make([]routing.Expression, 0, len(e.OrExpression))
		for _, x := range e.OrExpression {
			out.OrExpression = append(out.OrExpression, routingExpression(x))
		}
	}
	return out
}

func routingCondition(c *flow.AttributeCondition) *routing.AttributeCondition {
	if c == nil {
		return nil
	}
	out := &routing.AttributeCondition{Name: c.Name, Value: c.Value, ProficiencyLevel: c.ProficiencyLevel, ComparisonOperator: c.ComparisonOperator}
	if c.Range != nil {
		out.Range = &routing.LevelRange{Min: c.Range.MinProficiencyLevel, Max: c.Range.MaxProficiencyLevel}
	}
	if c.MatchCriteria != nil {
		out.HasMatchCriteria = true
		out.AgentIDs = c.MatchCriteria.AgentsCriteria.AgentIds
	}
	return out
}
