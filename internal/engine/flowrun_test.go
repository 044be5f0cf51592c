package engine

import (
	"reflect"
	"testing"

	"github.com/connect-local/connect-local/internal/flow"
)

// CriteriaFromFlow converts as routingExpression does, whatever the
// nesting, and shares what the intern table holds: a flow's criteria seen
// before cost the steps' slice and nothing else.
func TestCriteriaFromFlowInterns(t *testing.T) {
	four, two := 4.0, 2.0
	cond := func(name, value string, level *float64) *flow.AttributeCondition {
		return &flow.AttributeCondition{Name: name, Value: value, ProficiencyLevel: level, ComparisonOperator: "NumberGreaterOrEqualTo"}
	}
	steps := []flow.RoutingStep{
		{Expiry: &flow.StepExpiry{DurationInSeconds: 30}, Expression: flow.Expression{AttributeCondition: cond("Language", "English", &four)}},
		{Expiry: &flow.StepExpiry{DurationInSeconds: 30}, Expression: flow.Expression{OrExpression: []flow.Expression{
			{AndExpression: []flow.Expression{
				{AttributeCondition: cond("Language", "English", &two)},
				{AttributeCondition: &flow.AttributeCondition{Name: "Skill", Value: "Billing",
					Range: &flow.ProficiencyRange{MinProficiencyLevel: 2, MaxProficiencyLevel: 4}}},
			}},
			{AttributeCondition: &flow.AttributeCondition{Name: "Preferred", Value: "Agents",
				MatchCriteria: &flow.MatchCriteria{AgentsCriteria: flow.AgentsCriteria{AgentIds: []string{"a1", "a2"}}}},
				NotAttributeCondition: cond("Team", "Night", &two)},
		}}},
		{Expression: flow.Expression{}},
	}
	e := newHarness(t).e
	first := e.CriteriaFromFlow(steps)
	second := e.CriteriaFromFlow(steps)
	if len(first) != len(steps) || len(second) != len(steps) {
		t.Fatalf("converted %d and %d steps, want %d", len(first), len(second), len(steps))
	}
	for i := range steps {
		want := routingExpression(steps[i].Expression)
		if !reflect.DeepEqual(*first[i].Expression, want) {
			t.Errorf("step %d: %+v, want %+v", i, *first[i].Expression, want)
		}
		if first[i].key != want.Canonical() {
			t.Errorf("step %d: key %s, want %s", i, first[i].key, want.Canonical())
		}
		if second[i].Expression != first[i].Expression || second[i].key != first[i].key {
			t.Errorf("step %d: not shared the second time", i)
		}
		if first[i].Status != StepInactive || (steps[i].Expiry == nil) != (first[i].DurationSeconds == nil) ||
			(first[i].DurationSeconds != nil && (*first[i].DurationSeconds != 30 || first[i].DurationSeconds != second[i].DurationSeconds)) {
			t.Errorf("step %d: status %s, duration %v", i, first[i].Status, first[i].DurationSeconds)
		}
	}
	if first[0].DurationSeconds != first[1].DurationSeconds {
		t.Error("equal durations are not shared")
	}
	if n := testing.AllocsPerRun(100, func() { e.CriteriaFromFlow(steps) }); n != 1 {
		t.Errorf("criteria seen before: %v allocations, want 1 (the steps)", n)
	}
}
