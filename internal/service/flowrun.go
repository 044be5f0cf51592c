package service

import (
	"github.com/connect-local/connect-local/internal/flow"
	"github.com/connect-local/connect-local/internal/routing"
)

// AgentQueueCapacity is the most contacts an agent queue holds (docs/routing.md#queues).
const AgentQueueCapacity = 10

// queueFull reports whether a transfer into the queue leaves by the flow's
// at-capacity branch: MaxContacts reached, the queue disabled (docs/routing.md#queues),
// or an agent queue holding its maximum.
func (s *Service) queueFull(st *instanceState, queueID string, agent bool) bool {
	if agent {
		return st.eng.queued[queueID] >= AgentQueueCapacity
	}
	q := st.queues[queueID]
	if q == nil {
		return true
	}
	if q.Status == "DISABLED" {
		return true
	}
	return q.MaxContacts != nil && int64(st.eng.queued[queueID]) >= *q.MaxContacts
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
