package flow

import (
	"math"
	"strings"
)

// ref is a parameter value: static text, or a JSONPath into the contact's
// data. Only whole-value paths are references: "Hi $.Attributes.name" is
// static text.
type ref struct {
	static string
	path   string // "" for a static value
}

func parseRef(s string) ref {
	if strings.HasPrefix(s, "$.") {
		return ref{path: s}
	}
	return ref{static: s}
}

// The checked parameters of each interpreted action type.
type (
	targetQueueSpec struct {
		queue ref
		agent bool // queue names an agent (AgentId) rather than a queue
	}
	criteriaSpec struct {
		steps   []RoutingStep
		dynamic *ref // criteria read at run time from this reference
	}
	routingBehaviorSpec struct {
		priority, adjust *int64 // at most one is set
	}
	attributesSpec struct {
		keys   []string // sorted, for a stable order
		values map[string]ref
	}
	compareSpec struct {
		value ref
	}
)

// spec checks the parameters of an interpreted action and returns their
// checked form.
func (c *checker) spec(a *Action) any {
	p := a.Parameters
	where := "Action " + quote(a.Identifier)
	switch a.Type {
	case TypeUpdateContactTargetQueue:
		q, hasQ := p["QueueId"]
		ag, hasA := p["AgentId"]
		if hasQ == hasA {
			c.add("%s: give exactly one of QueueId and AgentId.", where)
			return nil
		}
		v, agent := q, false
		if hasA {
			v, agent = ag, true
		}
		s, ok := v.(string)
		if !ok || s == "" {
			c.add("%s: the queue must be a non-empty ID, ARN or JSONPath.", where)
			return nil
		}
		return targetQueueSpec{queue: parseRef(s), agent: agent}

	case TypeUpdateRoutingCriteria:
		v, present := p["RoutingCriteria"]
		if !present {
			c.add("%s: RoutingCriteria is required.", where)
			return nil
		}
		if s, ok := v.(string); ok && strings.HasPrefix(s, "$.") {
			r := parseRef(s)
			return criteriaSpec{dynamic: &r}
		}
		if m, ok := v.(map[string]any); ok {
			if s, ok := m["Steps"].(string); ok && strings.HasPrefix(s, "$.") {
				r := parseRef(s)
				return criteriaSpec{dynamic: &r}
			}
		}
		return criteriaSpec{steps: c.criteria(where, v)}

	case TypeUpdateContactRoutingBehavior:
		return c.routingBehavior(where, p)

	case TypeUpdateContactAttributes:
		m, ok := p["Attributes"].(map[string]any)
		if !ok || len(m) == 0 {
			c.add("%s: Attributes must be an object with at least one attribute.", where)
			return nil
		}
		s := attributesSpec{values: map[string]ref{}}
		for _, k := range sortedKeys(m) {
			str, ok := m[k].(string)
			if k == "" || !ok {
				c.add("%s: attribute %s must have a non-empty name and a string value.", where, quote(k))
				continue
			}
			s.keys = append(s.keys, k)
			s.values[k] = parseRef(str)
		}
		return s

	case TypeCompare:
		s, ok := p["ComparisonValue"].(string)
		if !ok || !strings.HasPrefix(s, "$.") {
			c.add("%s: ComparisonValue must be a JSONPath such as $.Attributes.name.", where)
			return nil
		}
		return compareSpec{value: parseRef(s)}
	}
	return nil
}

func (c *checker) routingBehavior(where string, p map[string]any) any {
	n := 0
	for _, k := range []string{"QueuePriority", "QueueTimeAdjustmentSeconds", "RoutingProficiencies"} {
		if _, ok := p[k]; ok {
			n++
		}
	}
	if n != 1 {
		c.add("%s: give exactly one of QueuePriority and QueueTimeAdjustmentSeconds.", where)
		return nil
	}
	var s routingBehaviorSpec
	if v, ok := p["QueuePriority"]; ok {
		n, good := staticInt(v)
		if !good || n < 1 {
			c.add("%s: QueuePriority must be a static whole number, at least 1.", where)
			return nil
		}
		s.priority = &n
	}
	if v, ok := p["QueueTimeAdjustmentSeconds"]; ok {
		n, good := staticInt(v)
		if !good || n < math.MinInt32 || n > math.MaxInt32 {
			c.add("%s: QueueTimeAdjustmentSeconds must be a static whole number of seconds (32-bit).", where)
			return nil
		}
		s.adjust = &n
	}
	// RoutingProficiencies (an older form) is accepted and has no effect.
	return s
}

func quote(s string) string { return `"` + s + `"` }
