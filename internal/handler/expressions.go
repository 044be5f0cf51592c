package handler

import (
	"github.com/connect-local/connect-local/internal/api"
	"github.com/connect-local/connect-local/internal/routing"
	"github.com/connect-local/connect-local/internal/service"
)

// expressionIn converts a wire routing-step expression (docs/routing.md#step-expressions).
func expressionIn(e *api.Expression) routing.Expression {
	var out routing.Expression
	if e == nil {
		return out
	}
	out.AttributeCondition = conditionIn(e.AttributeCondition)
	out.NotAttributeCondition = conditionIn(e.NotAttributeCondition)
	for _, x := range e.AndExpression {
		out.AndExpression = append(out.AndExpression, expressionIn(x))
	}
	for _, x := range e.OrExpression {
		out.OrExpression = append(out.OrExpression, expressionIn(x))
	}
	return out
}

func conditionIn(c *api.AttributeCondition) *routing.AttributeCondition {
	if c == nil {
		return nil
	}
	out := &routing.AttributeCondition{Name: api.Val(c.Name), Value: api.Val(c.Value), ProficiencyLevel: c.ProficiencyLevel,
		ComparisonOperator: api.Val(c.ComparisonOperator)}
	if r := c.Range; r != nil {
		out.Range = &routing.LevelRange{Min: api.Val(r.MinProficiencyLevel), Max: api.Val(r.MaxProficiencyLevel)}
	}
	if m := c.MatchCriteria; m != nil {
		out.HasMatchCriteria = true
		if m.AgentsCriteria != nil {
			out.AgentIDs = m.AgentsCriteria.AgentIds
		}
	}
	return out
}

func expressionOut(e *routing.Expression) *api.Expression {
	out := &api.Expression{AttributeCondition: conditionOut(e.AttributeCondition), NotAttributeCondition: conditionOut(e.NotAttributeCondition)}
	for i := range e.AndExpression {
		out.AndExpression = append(out.AndExpression, expressionOut(&e.AndExpression[i]))
	}
	for i := range e.OrExpression {
		out.OrExpression = append(out.OrExpression, expressionOut(&e.OrExpression[i]))
	}
	return out
}

func conditionOut(c *routing.AttributeCondition) *api.AttributeCondition {
	if c == nil {
		return nil
	}
	out := &api.AttributeCondition{Name: strp(c.Name), Value: strp(c.Value), ProficiencyLevel: c.ProficiencyLevel, ComparisonOperator: strp(c.ComparisonOperator)}
	if c.Range != nil {
		out.Range = &api.Range{MinProficiencyLevel: api.Ptr(c.Range.Min), MaxProficiencyLevel: api.Ptr(c.Range.Max)}
	}
	if c.HasMatchCriteria {
		out.MatchCriteria = &api.MatchCriteria{AgentsCriteria: &api.AgentsCriteria{AgentIds: c.AgentIDs}}
	}
	return out
}

// stepsIn converts RoutingCriteriaInput steps; nil input gives nil.
func stepsIn(rc *api.RoutingCriteriaInput) []service.RoutingStep {
	if rc == nil {
		return nil
	}
	out := make([]service.RoutingStep, 0, len(rc.Steps))
	for _, s := range rc.Steps {
		x := expressionIn(s.Expression)
		st := service.RoutingStep{Expression: &x, Status: service.StepInactive}
		if s.Expiry != nil {
			st.DurationSeconds = s.Expiry.DurationInSeconds
		}
		out = append(out, st)
	}
	return out
}

func criteriaOut(rc *service.RoutingCriteria) *api.RoutingCriteria {
	if rc == nil {
		return nil
	}
	out := &api.RoutingCriteria{ActivationTimestamp: api.NewTime(rc.ActivationTimestamp.Time()), Index: api.Ptr(rc.Index), Steps: []*api.Step{}}
	for i := range rc.Steps {
		s := &rc.Steps[i]
		step := &api.Step{Expression: expressionOut(s.Expr()), Status: api.Ptr(s.Status)}
		if s.DurationSeconds != nil {
			step.Expiry = &api.Expiry{DurationInSeconds: s.DurationSeconds, ExpiryTimestamp: api.NewTime(s.ExpiryTimestamp.Time())}
		}
		out.Steps = append(out.Steps, step)
	}
	return out
}
