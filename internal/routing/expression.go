package routing

import (
	"bytes"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// Expression is a routing step's expression (docs/routing.md#step-expressions). Several members
// set on one Expression are AND-ed, as the spec recommends.
type Expression struct {
	AttributeCondition    *AttributeCondition
	AndExpression         []Expression
	OrExpression          []Expression
	NotAttributeCondition *AttributeCondition
}

// AttributeCondition is one condition on an agent's proficiencies, or the
// preferred-agents Match condition.
type AttributeCondition struct {
	Name               string
	Value              string
	ProficiencyLevel   *float64
	Range              *LevelRange
	ComparisonOperator string
	AgentIDs           []string // MatchCriteria.AgentsCriteria.AgentIds
	HasMatchCriteria   bool
}

// LevelRange bounds a proficiency level, both ends included.
type LevelRange struct{ Min, Max float64 }

// Operators the engine understands (docs/routing.md#step-expressions).
const (
	OpGreaterOrEqual = "NumberGreaterOrEqualTo"
	OpMatch          = "Match"
	OpRange          = "Range"
)

// Attr names one proficiency: (attribute name, value).
type Attr struct{ Name, Value string }

// Proficient answers an agent's proficiency questions.
type Proficient interface {
	Level(a Attr) (float64, bool)
	AgentID() string
}

// Matches reports whether an agent satisfies e.
func (e *Expression) Matches(p Proficient) bool {
	if e.AttributeCondition != nil && !e.AttributeCondition.matches(p) {
		return false
	}
	if e.NotAttributeCondition != nil && e.NotAttributeCondition.matchesAttr(p) {
		return false
	}
	for i := range e.AndExpression {
		if !e.AndExpression[i].Matches(p) {
			return false
		}
	}
	if len(e.OrExpression) > 0 {
		any := false
		for i := range e.OrExpression {
			if e.OrExpression[i].Matches(p) {
				any = true
				break
			}
		}
		if !any {
			return false
		}
	}
	return true
}

func (c *AttributeCondition) matches(p Proficient) bool {
	if c.HasMatchCriteria {
		id := p.AgentID()
		for _, a := range c.AgentIDs {
			if a == id {
				return true
			}
		}
		return false
	}
	return c.matchesAttr(p)
}

// matchesAttr evaluates the proficiency part (used directly by NOT: an agent
// without the proficiency passes a NOT).
func (c *AttributeCondition) matchesAttr(p Proficient) bool {
	lvl, ok := p.Level(Attr{c.Name, c.Value})
	if !ok {
		return false
	}
	if c.Range != nil {
		return lvl >= c.Range.Min && lvl <= c.Range.Max
	}
	if c.ProficiencyLevel != nil {
		return lvl >= *c.ProficiencyLevel
	}
	return true
}

// Validate checks the rules of docs/routing.md#step-expressions: a non-empty expression, a known
// operator, levels within 1–5, and no attribute twice in one expression.
func (e *Expression) Validate() error {
	seen := map[Attr]bool{}
	return e.validate(seen, 0)
}

func (e *Expression) validate(seen map[Attr]bool, depth int) error {
	if depth > 16 {
		return fmt.Errorf("expression is nested more than 16 levels deep")
	}
	if e.AttributeCondition == nil && e.NotAttributeCondition == nil && len(e.AndExpression) == 0 && len(e.OrExpression) == 0 {
		return fmt.Errorf("expression is empty")
	}
	for _, c := range []*AttributeCondition{e.AttributeCondition, e.NotAttributeCondition} {
		if c == nil {
			continue
		}
		if err := c.validate(seen); err != nil {
			return err
		}
	}
	for _, list := range [][]Expression{e.AndExpression, e.OrExpression} {
		for i := range list {
			if err := list[i].validate(seen, depth+1); err != nil {
				return err
			}
		}
	}
	return nil
}

func (c *AttributeCondition) validate(seen map[Attr]bool) error {
	if c.HasMatchCriteria {
		if c.ComparisonOperator != "" && c.ComparisonOperator != OpMatch {
			return fmt.Errorf("ComparisonOperator %q is not supported with MatchCriteria", c.ComparisonOperator)
		}
		if len(c.AgentIDs) == 0 {
			return fmt.Errorf("MatchCriteria.AgentsCriteria.AgentIds must name at least one agent")
		}
		return nil
	}
	if c.Name == "" || c.Value == "" {
		return fmt.Errorf("AttributeCondition needs Name and Value")
	}
	switch {
	case c.Range != nil:
		if c.Range.Min < 1 || c.Range.Max > 5 || c.Range.Min > c.Range.Max {
			return fmt.Errorf("Range for %s must satisfy 1 <= MinProficiencyLevel <= MaxProficiencyLevel <= 5", c.Name)
		}
	case c.ProficiencyLevel != nil:
		if c.ComparisonOperator != OpGreaterOrEqual {
			return fmt.Errorf("ComparisonOperator %q is not supported; use %s", c.ComparisonOperator, OpGreaterOrEqual)
		}
		if *c.ProficiencyLevel < 1 || *c.ProficiencyLevel > 5 {
			return fmt.Errorf("ProficiencyLevel for %s must be between 1.0 and 5.0", c.Name)
		}
	default:
		return fmt.Errorf("AttributeCondition for %s needs ProficiencyLevel or Range", c.Name)
	}
	k := Attr{c.Name, c.Value}
	if seen[k] {
		return fmt.Errorf("attribute %s:%s appears twice in one expression", c.Name, c.Value)
	}
	seen[k] = true
	return nil
}

// Canonical is the expression's RoutingStepExpression string (docs/routing.md#the-routing-step-expression-dimension):
// JSON with keys sorted at every level, arrays in order, absent members left
// out, no whitespace, proficiency levels written like 4.0. The members are
// written in their sorted order directly: a contact's criteria are
// interned by this string every time a flow sets them.
func (e *Expression) Canonical() string {
	return string(e.appendCanonical(make([]byte, 0, 256)))
}

// AppendCanonical appends Canonical's string to b: a caller that only
// looks the string up (an intern table) needs no string of its own.
func (e *Expression) AppendCanonical(b []byte) []byte { return e.appendCanonical(b) }

// appendCanonical appends the object's members in key order: AndExpression,
// AttributeCondition, NotAttributeCondition, OrExpression.
func (e *Expression) appendCanonical(b []byte) []byte {
	b = append(b, '{')
	n := 0
	member := func(k string) { b = appendMember(b, &n, k) }
	list := func(xs []Expression) {
		b = append(b, '[')
		for i := range xs {
			if i > 0 {
				b = append(b, ',')
			}
			b = xs[i].appendCanonical(b)
		}
		b = append(b, ']')
	}
	if len(e.AndExpression) > 0 {
		member("AndExpression")
		list(e.AndExpression)
	}
	if e.AttributeCondition != nil {
		member("AttributeCondition")
		b = e.AttributeCondition.appendCanonical(b)
	}
	if e.NotAttributeCondition != nil {
		member("NotAttributeCondition")
		b = e.NotAttributeCondition.appendCanonical(b)
	}
	if len(e.OrExpression) > 0 {
		member("OrExpression")
		list(e.OrExpression)
	}
	return append(b, '}')
}

// appendCanonical appends the condition's members in key order:
// ComparisonOperator, MatchCriteria, Name, ProficiencyLevel, Range, Value.
func (c *AttributeCondition) appendCanonical(b []byte) []byte {
	b = append(b, '{')
	n := 0
	member := func(k string) { b = appendMember(b, &n, k) }
	if c.ComparisonOperator != "" {
		member("ComparisonOperator")
		b = appendJSONString(b, c.ComparisonOperator)
	}
	if c.HasMatchCriteria {
		member("MatchCriteria")
		b = append(b, `{"AgentsCriteria":{"AgentIds":[`...)
		for i, id := range c.AgentIDs {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, id)
		}
		b = append(b, "]}}"...)
	}
	if c.Name != "" {
		member("Name")
		b = appendJSONString(b, c.Name)
	}
	if c.ProficiencyLevel != nil {
		member("ProficiencyLevel")
		b = appendJavaFloat(b, *c.ProficiencyLevel)
	}
	if c.Range != nil {
		member("Range")
		b = append(b, `{"MaxProficiencyLevel":`...)
		b = appendJavaFloat(b, c.Range.Max)
		b = append(b, `,"MinProficiencyLevel":`...)
		b = appendJavaFloat(b, c.Range.Min)
		b = append(b, '}')
	}
	if c.Value != "" {
		member("Value")
		b = appendJSONString(b, c.Value)
	}
	return append(b, '}')
}

// appendJavaFloat appends f as Java's Double.toString writes the values
// that occur here: always with a fraction (4 → "4.0").
func appendJavaFloat(b []byte, f float64) []byte {
	start := len(b)
	b = strconv.AppendFloat(b, f, 'f', -1, 64)
	if !bytes.ContainsAny(b[start:], ".eE") {
		b = append(b, '.', '0')
	}
	return b
}

// appendJSONString appends s quoted as JSON (strconv.Quote differs on
// some characters); invalid UTF-8 is written as U+FFFD.
// appendMember appends an object member's key (and the comma before it
// unless it is the first, as counted by n).
func appendMember(b []byte, n *int, k string) []byte {
	if *n > 0 {
		b = append(b, ',')
	}
	*n++
	b = append(b, '"')
	b = append(b, k...)
	return append(b, '"', ':')
}

func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for _, r := range s {
		switch {
		case r == '"':
			b = append(b, '\\', '"')
		case r == '\\':
			b = append(b, '\\', '\\')
		case r < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[r>>4], hex[r&0xf])
		default:
			b = utf8.AppendRune(b, r)
		}
	}
	return append(b, '"')
}
