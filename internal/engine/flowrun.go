package engine

import (
	"github.com/connect-local/connect-local/internal/flow"
	"github.com/connect-local/connect-local/internal/routing"
)

// flowOutcome is what running a contact's flow decided.
type flowOutcome struct {
	QueueID    string // where TransferContactToQueue put it ("" = not enqueued)
	AgentQueue bool   // QueueID is a user's agent queue
	Disconnect bool
	Priority   *int64
	Adjust     *int64
	Criteria   []RoutingStep
	Attributes map[string]string
}

// runFlow runs the contact's flow from its start (package flow, through
// Config.RunFlow). The working queue is the contact's QueueID when the
// caller set one (e.g. StartOutboundVoiceContact's QueueId), else
// BasicQueue.
func (e *Engine) runFlow(c *Contact, flowID string) flowOutcome {
	res, err := e.cfg.RunFlow(flowID, flow.RunInput{Attributes: c.Attributes, Channel: c.Channel, QueueID: c.QueueID, AgentQueue: c.AgentQueue},
		e.queueFull)
	if err != nil {
		e.log.Warn("contact flow could not run", "contact", c.ID, "flow", flowID, "error", err)
		return flowOutcome{Disconnect: true}
	}
	out := flowOutcome{Priority: res.QueuePriority, Adjust: res.QueueTimeAdjustmentSeconds, Attributes: res.Attributes}
	for _, st := range res.RoutingCriteria {
		step := RoutingStep{Expression: routingExpression(st.Expression), Status: StepInactive}
		if st.Expiry != nil {
			d := st.Expiry.DurationInSeconds
			step.DurationSeconds = &d
		}
		out.Criteria = append(out.Criteria, step)
	}
	switch res.Outcome {
	case flow.OutcomeEnqueue:
		out.QueueID, out.AgentQueue = res.QueueID, res.AgentQueue
	default:
		out.Disconnect = true
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
	for _, x := range e.AndExpression {
		out.AndExpression = append(out.AndExpression, routingExpression(x))
	}
	for _, x := range e.OrExpression {
		out.OrExpression = append(out.OrExpression, routingExpression(x))
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
