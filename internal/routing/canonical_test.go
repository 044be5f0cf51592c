package routing

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// The direct canonical writer gives the generic sorted-keys writer's
// string for any expression: every member, nested lists, strings needing
// escapes (quotes, backslashes, control characters, invalid UTF-8) and
// fractional levels.
func TestCanonicalEqualsSortedKeysReference(t *testing.T) {
	str := rapid.SampledFrom([]string{"", "L", "en", "connect:Language", `q"uo\te`, "tab\there", "\x01\x1f", "é✓", "bad\xffutf8"})
	level := rapid.SampledFrom([]float64{1, 2.5, 4, 5, 3.25, 1e21})
	var cond func(t *rapid.T, label string) *AttributeCondition
	cond = func(t *rapid.T, label string) *AttributeCondition {
		if !rapid.Bool().Draw(t, label) {
			return nil
		}
		c := &AttributeCondition{Name: str.Draw(t, label+"name"), Value: str.Draw(t, label+"value"), ComparisonOperator: str.Draw(t, label+"op")}
		if rapid.Bool().Draw(t, label+"haslevel") {
			l := level.Draw(t, label+"level")
			c.ProficiencyLevel = &l
		}
		if rapid.Bool().Draw(t, label+"hasrange") {
			c.Range = &LevelRange{Min: level.Draw(t, label+"min"), Max: level.Draw(t, label+"max")}
		}
		if rapid.Bool().Draw(t, label+"hasmatch") {
			c.HasMatchCriteria = true
			c.AgentIDs = rapid.SliceOfN(str, 0, 3).Draw(t, label+"ids")
		}
		return c
	}
	var expr func(t *rapid.T, depth int) Expression
	expr = func(t *rapid.T, depth int) Expression {
		e := Expression{AttributeCondition: cond(t, "a"), NotAttributeCondition: cond(t, "n")}
		if depth < 2 {
			for i := rapid.IntRange(0, 2).Draw(t, "and"); i > 0; i-- {
				e.AndExpression = append(e.AndExpression, expr(t, depth+1))
			}
			for i := rapid.IntRange(0, 2).Draw(t, "or"); i > 0; i-- {
				e.OrExpression = append(e.OrExpression, expr(t, depth+1))
			}
		}
		return e
	}
	rapid.Check(t, func(t *rapid.T) {
		e := expr(t, 0)
		if got, want := e.Canonical(), canonicalRef(&e); got != want {
			t.Fatalf("Canonical %s\nreference %s", got, want)
		}
	})
}

// canonicalRef is Canonical as first written, generically: members
// gathered, sorted by key, then written. The reference for the direct
// writer. Canonical is the expression's RoutingStepExpression string (docs/routing.md#the-routing-step-expression-dimension):
// JSON with keys sorted at every level, arrays in order, absent members left
// out, no whitespace, proficiency levels written like 4.0.
func canonicalRef(e *Expression) string {
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
