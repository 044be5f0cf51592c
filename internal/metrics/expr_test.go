package metrics

import (
	"encoding/json"
	"testing"

	"github.com/connect-local/connect-local/internal/routing"
)

// parseTestExpression reads the wire form of an expression (the canonical
// JSON of docs/routing.md#the-routing-step-expression-dimension) for scripts.
func parseTestExpression(t *testing.T, js string) *routing.Expression {
	t.Helper()
	var w wireExpr
	if err := json.Unmarshal([]byte(js), &w); err != nil {
		t.Fatalf("expression %s: %v", js, err)
	}
	e := w.expr()
	return &e
}

type wireCond struct {
	Name, Value, ComparisonOperator string
	ProficiencyLevel                *float64
}

type wireExpr struct {
	AttributeCondition, NotAttributeCondition *wireCond
	AndExpression, OrExpression               []wireExpr
}

func (c *wireCond) cond() *routing.AttributeCondition {
	if c == nil {
		return nil
	}
	return &routing.AttributeCondition{Name: c.Name, Value: c.Value, ComparisonOperator: c.ComparisonOperator, ProficiencyLevel: c.ProficiencyLevel}
}

func (w wireExpr) expr() routing.Expression {
	e := routing.Expression{AttributeCondition: w.AttributeCondition.cond(), NotAttributeCondition: w.NotAttributeCondition.cond()}
	for _, x := range w.AndExpression {
		e.AndExpression = append(e.AndExpression, x.expr())
	}
	for _, x := range w.OrExpression {
		e.OrExpression = append(e.OrExpression, x.expr())
	}
	return e
}
