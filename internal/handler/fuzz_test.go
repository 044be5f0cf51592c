package handler

import (
	"encoding/json"
	"testing"

	"github.com/connect-local/connect-local/internal/api"
	"github.com/connect-local/connect-local/internal/routing"
)

// agent is a fixed set of proficiencies for Matches.
type agent map[routing.Attr]float64

func (a agent) Level(x routing.Attr) (float64, bool) { l, ok := a[x]; return l, ok }
func (a agent) AgentID() string                      { return "agent-1" }

// FuzzExpression decodes a routing-step expression as the wire layer would
// hand it over (docs/routing.md#step-expressions), converts it and validates it. Nothing may panic;
// a valid expression has canonical JSON (docs/routing.md#the-routing-step-expression-dimension) that survives the trip
// out to the API and back, and can be matched against agents. Seeds live
// in testdata/fuzz/FuzzExpression; run with scripts/fuzz.
func FuzzExpression(f *testing.F) {
	f.Add(`{"AttributeCondition":{"Name":"Language","Value":"English","ProficiencyLevel":4,"ComparisonOperator":"NumberGreaterOrEqualTo"}}`)
	agents := []agent{{}, {{Name: "Language", Value: "English"}: 4}, {{Name: "Skill", Value: "Billing"}: 1, {Name: "Language", Value: "English"}: 5}}
	f.Fuzz(func(t *testing.T, doc string) {
		var in api.Expression
		if json.Unmarshal([]byte(doc), &in) != nil {
			return
		}
		e := expressionIn(&in)
		if err := e.Validate(); err != nil {
			return
		}
		c := e.Canonical()
		if !json.Valid([]byte(c)) {
			t.Fatalf("canonical form is not JSON: %s", c)
		}
		back := expressionIn(expressionOut(&e))
		if back.Canonical() != c {
			t.Fatalf("round trip changed the expression:\n%s\n%s", c, back.Canonical())
		}
		for _, a := range agents {
			if e.Matches(a) != back.Matches(a) {
				t.Fatalf("round trip changed matching for %v", a)
			}
		}
	})
}
