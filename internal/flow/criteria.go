package flow

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// RoutingStep is one step of a contact's routing criteria (docs/routing.md#routing-criteria-and-steps). The
// JSON form is that of the API's RoutingCriteriaInputStep.
type RoutingStep struct {
	Expiry     *StepExpiry `json:"Expiry,omitempty"`
	Expression Expression  `json:"Expression"`
}

// StepExpiry is how long a step stays active before the next one.
type StepExpiry struct {
	DurationInSeconds int64 `json:"DurationInSeconds"`
}

// Expression is a step's agent requirement (docs/routing.md#step-expressions). When more than one
// member is set, all must match.
type Expression struct {
	AttributeCondition    *AttributeCondition `json:"AttributeCondition,omitempty"`
	AndExpression         []Expression        `json:"AndExpression,omitempty"`
	OrExpression          []Expression        `json:"OrExpression,omitempty"`
	NotAttributeCondition *AttributeCondition `json:"NotAttributeCondition,omitempty"`
}

// AttributeCondition is a proficiency requirement, or (with MatchCriteria)
// a list of preferred agents.
type AttributeCondition struct {
	Name               string            `json:"Name,omitempty"`
	Value              string            `json:"Value,omitempty"`
	ProficiencyLevel   *float64          `json:"ProficiencyLevel,omitempty"`
	Range              *ProficiencyRange `json:"Range,omitempty"`
	MatchCriteria      *MatchCriteria    `json:"MatchCriteria,omitempty"`
	ComparisonOperator string            `json:"ComparisonOperator,omitempty"`
}

// ProficiencyRange bounds a proficiency level, both ends included.
type ProficiencyRange struct {
	MinProficiencyLevel float64 `json:"MinProficiencyLevel"`
	MaxProficiencyLevel float64 `json:"MaxProficiencyLevel"`
}

// MatchCriteria names preferred agents.
type MatchCriteria struct {
	AgentsCriteria AgentsCriteria `json:"AgentsCriteria"`
}

// AgentsCriteria lists agents by user ID.
type AgentsCriteria struct {
	AgentIds []string `json:"AgentIds"`
}

// Comparison operators of attribute conditions (docs/routing.md#step-expressions).
const (
	OpNumberGreaterOrEqualTo = "NumberGreaterOrEqualTo"
	OpRange                  = "Range"
	OpMatch                  = "Match"
)

// Flow-language limits on attribute conditions (docs/routing.md#step-expressions).
const (
	maxAttributeNameLength  = 64
	maxAttributeValueLength = 64
	minProficiencyLevel     = 1
	maxProficiencyLevel     = 5
)

// criteria checks the RoutingCriteria parameter value v (an object with
// Steps) and returns its steps.
func (c *checker) criteria(where string, v any) []RoutingStep {
	m, ok := v.(map[string]any)
	if !ok {
		c.add("%s: RoutingCriteria must be an object with Steps.", where)
		return nil
	}
	raw, ok := m["Steps"].([]any)
	if !ok || len(raw) == 0 {
		c.add("%s: RoutingCriteria.Steps must be a list of at least one step.", where)
		return nil
	}
	steps := make([]RoutingStep, 0, len(raw))
	for i, rs := range raw {
		at := fmt.Sprintf("%s: step %d", where, i+1)
		sm, ok := rs.(map[string]any)
		if !ok {
			c.add("%s must be an object.", at)
			continue
		}
		var st RoutingStep
		if e, present := sm["Expiry"]; present && e != nil {
			em, ok := e.(map[string]any)
			d, good := staticInt(em["DurationInSeconds"])
			if !ok || !good || d < 1 {
				c.add("%s: Expiry.DurationInSeconds must be a static whole number of seconds, at least 1.", at)
			} else {
				st.Expiry = &StepExpiry{DurationInSeconds: d}
			}
		}
		ex, present := sm["Expression"]
		if !present {
			c.add("%s has no Expression.", at)
			continue
		}
		st.Expression = c.expression(at, ex, 0)
		seen := map[[2]string]bool{}
		st.Expression.walk(func(a *AttributeCondition) {
			if a.Name == "" {
				return
			}
			k := [2]string{a.Name, a.Value}
			if seen[k] {
				c.add("%s names attribute %s:%s more than once.", at, a.Name, a.Value)
			}
			seen[k] = true
		})
		steps = append(steps, st)
	}
	return steps
}

// maxExpressionDepth bounds nesting, as hostile content could nest deeply.
const maxExpressionDepth = 5

func (c *checker) expression(at string, v any, depth int) Expression {
	var e Expression
	m, ok := v.(map[string]any)
	if !ok {
		c.add("%s: an Expression must be an object.", at)
		return e
	}
	if depth > maxExpressionDepth {
		c.add("%s: expressions are nested more than %d deep.", at, maxExpressionDepth)
		return e
	}
	n := 0
	for _, k := range sortedKeys(m) {
		x := m[k]
		switch k {
		case "AttributeCondition":
			e.AttributeCondition = c.attributeCondition(at, x)
		case "NotAttributeCondition":
			e.NotAttributeCondition = c.attributeCondition(at+" (NotAttributeCondition)", x)
		case "AndExpression", "OrExpression":
			list, ok := x.([]any)
			if !ok || len(list) == 0 {
				c.add("%s: %s must be a non-empty list of expressions.", at, k)
				continue
			}
			subs := make([]Expression, 0, len(list))
			for _, s := range list {
				subs = append(subs, c.expression(at, s, depth+1))
			}
			if k == "AndExpression" {
				e.AndExpression = subs
			} else {
				e.OrExpression = subs
			}
		default:
			c.add("%s: %s is not an Expression member.", at, k)
			continue
		}
		n++
	}
	if n == 0 {
		c.add("%s: an Expression must have AttributeCondition, AndExpression, OrExpression or NotAttributeCondition.", at)
	}
	return e
}

func (c *checker) attributeCondition(at string, v any) *AttributeCondition {
	m, ok := v.(map[string]any)
	if !ok {
		c.add("%s: an AttributeCondition must be an object.", at)
		return nil
	}
	a := &AttributeCondition{}
	a.ComparisonOperator, _ = m["ComparisonOperator"].(string)
	if mc, present := m["MatchCriteria"]; present {
		ids := agentIDs(mc)
		if len(ids) == 0 {
			c.add("%s: MatchCriteria.AgentsCriteria.AgentIds must list at least one agent.", at)
		}
		if a.ComparisonOperator != OpMatch {
			c.add("%s: a MatchCriteria condition needs ComparisonOperator %q.", at, OpMatch)
		}
		a.MatchCriteria = &MatchCriteria{AgentsCriteria: AgentsCriteria{AgentIds: ids}}
		return a
	}
	a.Name, _ = m["Name"].(string)
	a.Value, _ = m["Value"].(string)
	if n := len([]rune(a.Name)); n < 1 || n > maxAttributeNameLength {
		c.add("%s: Name must be 1 to %d characters.", at, maxAttributeNameLength)
	}
	if n := len([]rune(a.Value)); n < 1 || n > maxAttributeValueLength {
		c.add("%s: Value must be 1 to %d characters.", at, maxAttributeValueLength)
	}
	if r, present := m["Range"]; present {
		rm, _ := r.(map[string]any)
		lo, okLo := level(rm["MinProficiencyLevel"])
		hi, okHi := level(rm["MaxProficiencyLevel"])
		if !okLo || !okHi || lo > hi {
			c.add("%s: Range needs MinProficiencyLevel ≤ MaxProficiencyLevel, each a level from %d to %d.", at, minProficiencyLevel, maxProficiencyLevel)
		}
		if a.ComparisonOperator != "" && a.ComparisonOperator != OpRange {
			c.add("%s: a Range condition takes no ComparisonOperator other than %q.", at, OpRange)
		}
		a.Range = &ProficiencyRange{MinProficiencyLevel: lo, MaxProficiencyLevel: hi}
		return a
	}
	if a.ComparisonOperator != OpNumberGreaterOrEqualTo {
		c.add("%s: ComparisonOperator %q is not supported; use %q, a Range or MatchCriteria.", at, a.ComparisonOperator, OpNumberGreaterOrEqualTo)
	}
	l, ok := level(m["ProficiencyLevel"])
	if !ok {
		c.add("%s: ProficiencyLevel must be one of 1.0, 2.0, 3.0, 4.0 and 5.0.", at)
	}
	a.ProficiencyLevel = &l
	return a
}

func agentIDs(v any) []string {
	m, _ := v.(map[string]any)
	ac, _ := m["AgentsCriteria"].(map[string]any)
	list, _ := ac["AgentIds"].([]any)
	var ids []string
	for _, x := range list {
		if s, ok := x.(string); ok && s != "" {
			ids = append(ids, s)
		}
	}
	return ids
}

// walk calls fn for every attribute condition of e.
func (e *Expression) walk(fn func(*AttributeCondition)) {
	if e.AttributeCondition != nil {
		fn(e.AttributeCondition)
	}
	if e.NotAttributeCondition != nil {
		fn(e.NotAttributeCondition)
	}
	for i := range e.AndExpression {
		e.AndExpression[i].walk(fn)
	}
	for i := range e.OrExpression {
		e.OrExpression[i].walk(fn)
	}
}

// level reads a proficiency level: a whole number from 1 to 5, written as a
// JSON number or a numeric string.
func level(v any) (float64, bool) {
	f, ok := number(v)
	if !ok || f != math.Trunc(f) || f < minProficiencyLevel || f > maxProficiencyLevel {
		return 0, false
	}
	return f, true
}

// number reads a JSON number or a numeric string.
func number(v any) (float64, bool) {
	var s string
	switch x := v.(type) {
	case json.Number:
		s = x.String()
	case string:
		s = strings.TrimSpace(x)
	case float64:
		return x, !math.IsNaN(x) && !math.IsInf(x, 0)
	default:
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// staticInt reads a whole number written statically (a JSON number or a
// numeric string, not a JSONPath).
func staticInt(v any) (int64, bool) {
	var s string
	switch x := v.(type) {
	case json.Number:
		s = x.String()
	case string:
		s = strings.TrimSpace(x)
	case float64:
		s = strconv.FormatFloat(x, 'f', -1, 64)
	default:
		return 0, false
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		return 0, false
	}
	return int64(f), true
}

// decodeCriteria reads routing criteria from JSON text (the value of a
// dynamic RoutingCriteria reference): an object with Steps, or a bare list
// of steps.
func decodeCriteria(text string) ([]RoutingStep, error) {
	d := json.NewDecoder(bytes.NewReader([]byte(text)))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, fmt.Errorf("not JSON: %w", err)
	}
	if list, ok := v.([]any); ok {
		v = map[string]any{"Steps": list}
	}
	c := &checker{}
	steps := c.criteria("RoutingCriteria", v)
	if err := c.err(); err != nil {
		return nil, err
	}
	return steps, nil
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
