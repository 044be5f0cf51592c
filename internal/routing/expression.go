package routing

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
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
// out, no whitespace, proficiency levels written like 4.0.
func (e *Expression) Canonical() string {
	var b strings.Builder
	e.writeCanonical(&b)
	return b.String()
}

type kv struct {
	k string
	w func(*strings.Builder)
}

func writeObject(b *strings.Builder, fields []kv) {
	sort.Slice(fields, func(i, j int) bool { return fields[i].k < fields[j].k })
	b.WriteByte('{')
	for i, f := range fields {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Quote(f.k))
		b.WriteByte(':')
		f.w(b)
	}
	b.WriteByte('}')
}

func (e *Expression) writeCanonical(b *strings.Builder) {
	var fields []kv
	if e.AttributeCondition != nil {
		c := e.AttributeCondition
		fields = append(fields, kv{"AttributeCondition", c.writeCanonical})
	}
	if e.NotAttributeCondition != nil {
		c := e.NotAttributeCondition
		fields = append(fields, kv{"NotAttributeCondition", c.writeCanonical})
	}
	for _, l := range []struct {
		name string
		list []Expression
	}{{"AndExpression", e.AndExpression}, {"OrExpression", e.OrExpression}} {
		if len(l.list) == 0 {
			continue
		}
		list := l.list
		fields = append(fields, kv{l.name, func(b *strings.Builder) {
			b.WriteByte('[')
			for i := range list {
				if i > 0 {
					b.WriteByte(',')
				}
				list[i].writeCanonical(b)
			}
			b.WriteByte(']')
		}})
	}
	writeObject(b, fields)
}

func (c *AttributeCondition) writeCanonical(b *strings.Builder) {
	var fields []kv
	str := func(s string) func(*strings.Builder) {
		return func(b *strings.Builder) { b.WriteString(jsonString(s)) }
	}
	if c.ComparisonOperator != "" {
		fields = append(fields, kv{"ComparisonOperator", str(c.ComparisonOperator)})
	}
	if c.Name != "" {
		fields = append(fields, kv{"Name", str(c.Name)})
	}
	if c.Value != "" {
		fields = append(fields, kv{"Value", str(c.Value)})
	}
	if c.ProficiencyLevel != nil {
		l := *c.ProficiencyLevel
		fields = append(fields, kv{"ProficiencyLevel", func(b *strings.Builder) { b.WriteString(javaFloat(l)) }})
	}
	if c.Range != nil {
		r := *c.Range
		fields = append(fields, kv{"Range", func(b *strings.Builder) {
			writeObject(b, []kv{
				{"MaxProficiencyLevel", func(b *strings.Builder) { b.WriteString(javaFloat(r.Max)) }},
				{"MinProficiencyLevel", func(b *strings.Builder) { b.WriteString(javaFloat(r.Min)) }},
			})
		}})
	}
	if c.HasMatchCriteria {
		ids := c.AgentIDs
		fields = append(fields, kv{"MatchCriteria", func(b *strings.Builder) {
			writeObject(b, []kv{{"AgentsCriteria", func(b *strings.Builder) {
				writeObject(b, []kv{{"AgentIds", func(b *strings.Builder) {
					b.WriteByte('[')
					for i, id := range ids {
						if i > 0 {
							b.WriteByte(',')
						}
						b.WriteString(jsonString(id))
					}
					b.WriteByte(']')
				}}})
			}}})
		}})
	}
	writeObject(b, fields)
}

// javaFloat renders a float as Java's Double.toString does for the values
// that occur here: always with a fraction (4 → "4.0").
func javaFloat(f float64) string {
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.ContainsAny(s, ".eE") {
		s += ".0"
	}
	return s
}

// jsonString quotes s as JSON (strconv.Quote differs on some characters).
func jsonString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r < 0x20:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
