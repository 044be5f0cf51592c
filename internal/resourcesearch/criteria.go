package resourcesearch

import (
	"fmt"
	"slices"
	"strings"
)

// Resource is one searchable record.
type Resource interface {
	// Field returns the searchable string field called name (a canonical
	// name of the Schema the query was compiled with); ok is false when
	// the record has no value for it.
	Field(name string) (value string, ok bool)
	// Tags are the record's tags (nil for none).
	Tags() map[string]string
}

// Hierarchical is a Resource placed in the user hierarchy (a user).
type Hierarchical interface {
	// HierarchyPath is the IDs of the record's hierarchy group and its
	// ancestors, level 1 first; nil outside the hierarchy.
	HierarchyPath() []string
}

// Listed is a Resource with lists a ListCondition reads (a user's
// proficiencies).
type Listed interface {
	// List returns the items of the named list (e.g. "PROFICIENCIES").
	List(name string) []Item
}

// Item is one element of a list: string and number fields by name.
type Item struct {
	Strings map[string]string
	Numbers map[string]float64
}

// Comparison types of a StringCondition.
const (
	Exact      = "EXACT"
	Contains   = "CONTAINS"
	StartsWith = "STARTS_WITH"
)

// Hierarchy match types.
const (
	HierarchyExact      = "EXACT"
	HierarchyWithChilds = "WITH_CHILD_GROUPS"
)

// Criteria is one node of a search's criteria tree. Every member present
// must hold (AND); And lists nodes that all must hold and Or nodes of
// which at least one must. An empty node matches everything.
type Criteria struct {
	And, Or   []Criteria
	String    *StringCondition
	Equals    []Equals
	Hierarchy *HierarchyCondition
	List      *ListCondition
}

// StringCondition compares a named string field. Matching ignores case
// (docs/resource-search.md#matching).
type StringCondition struct {
	Field, Value, Comparison string
}

// Equals is a condition on an enum field (QueueTypeCondition,
// StateCondition, …): the field's value is exactly Value.
type Equals struct {
	Field, Value string
}

// HierarchyCondition selects records in a hierarchy group: EXACT is the
// record's own group, WITH_CHILD_GROUPS also the groups below it.
type HierarchyCondition struct {
	GroupID, Match string
}

// ListCondition holds when one item of the named list meets every
// condition.
type ListCondition struct {
	List    string
	Strings []StringCondition
	Numbers []NumberCondition
}

// Number comparison types.
const (
	GreaterOrEqual = "GREATER_OR_EQUAL"
	Greater        = "GREATER"
	LesserOrEqual  = "LESSER_OR_EQUAL"
	Lesser         = "LESSER"
	Equal          = "EQUAL"
	NotEqual       = "NOT_EQUAL"
	Range          = "RANGE"
)

// NumberCondition compares a number field of a list item; Min and Max
// are the bounds (GREATER_OR_EQUAL and GREATER read Min, LESSER… Max,
// EQUAL and NOT_EQUAL either, RANGE both, inclusive).
type NumberCondition struct {
	Field      string
	Comparison string
	Min, Max   *float64
}

// Tag is a tag condition: the key, and the value when HasValue.
type Tag struct {
	Key, Value string
	HasValue   bool
}

// Clause is a set of conditions that all must hold: tags, and for users
// a hierarchy group (ControlPlaneUserAttributeFilter).
type Clause struct {
	Tags      []Tag
	Hierarchy *HierarchyCondition
}

// TagFilter is a search filter (ControlPlaneTagFilter,
// ControlPlaneAttributeFilter, ControlPlaneUserAttributeFilter): every
// part present must hold; Or holds when one of its clauses does.
type TagFilter struct {
	Or  []Clause
	And *Clause
}

// Schema is what one resource type lets a query name.
type Schema struct {
	// Resource names the type in messages ("users").
	Resource string
	// Fields are the canonical names of its searchable string fields;
	// a query names them in any case.
	Fields []string
	// Lists are the lists a ListCondition may name, with their string
	// and number fields.
	Lists map[string]ListSchema
	// Hierarchy says whether a HierarchyGroupCondition applies.
	Hierarchy bool
}

// ListSchema is the fields of a list's items.
type ListSchema struct {
	Strings, Numbers []string
}

// Query is a compiled search: criteria and filter checked against a
// Schema, field names made canonical.
type Query struct {
	criteria Criteria
	filter   TagFilter
}

// Limits on one request (docs/resource-search.md#limits).
const (
	MaxDepth      = 10
	MaxConditions = 200
)

// Error is a criteria the schema refuses; callers answer
// InvalidParameterException with its message.
type Error struct{ Msg string }

func (e *Error) Error() string { return e.Msg }

func errorf(format string, a ...any) error { return &Error{Msg: fmt.Sprintf(format, a...)} }

// Compile checks c and f against s and returns the query.
func Compile(s Schema, c Criteria, f TagFilter) (Query, error) {
	n := 0
	cc, err := s.compile(c, 1, &n)
	if err != nil {
		return Query{}, err
	}
	for _, cl := range append(slices.Clone(f.Or), deref(f.And)...) {
		if err := s.clause(cl); err != nil {
			return Query{}, err
		}
	}
	return Query{criteria: cc, filter: f}, nil
}

func deref(c *Clause) []Clause {
	if c == nil {
		return nil
	}
	return []Clause{*c}
}

func (s Schema) clause(cl Clause) error {
	for _, t := range cl.Tags {
		if t.Key == "" {
			return errorf("A TagCondition needs a TagKey.")
		}
	}
	if cl.Hierarchy != nil {
		return s.hierarchy(cl.Hierarchy)
	}
	return nil
}

func (s Schema) hierarchy(h *HierarchyCondition) error {
	if !s.Hierarchy {
		return errorf("HierarchyGroupCondition does not apply to %s.", s.Resource)
	}
	if h.GroupID == "" {
		return errorf("HierarchyGroupCondition needs a Value (a hierarchy group ID).")
	}
	if h.Match != HierarchyExact && h.Match != HierarchyWithChilds {
		return errorf("HierarchyGroupMatchType must be EXACT or WITH_CHILD_GROUPS.")
	}
	return nil
}

func canonical(names []string, name string) (string, bool) {
	for _, f := range names {
		if strings.EqualFold(f, name) {
			return f, true
		}
	}
	return "", false
}

func (s Schema) stringCond(sc StringCondition, fields []string, where string) (StringCondition, error) {
	f, ok := canonical(fields, sc.Field)
	if !ok {
		return sc, errorf("FieldName %q is not searchable%s for %s; searchable: %s.", sc.Field, where, s.Resource, strings.Join(fields, ", "))
	}
	sc.Field = f
	switch sc.Comparison {
	case Exact, Contains, StartsWith:
	default:
		return sc, errorf("ComparisonType must be EXACT, CONTAINS or STARTS_WITH, not %q.", sc.Comparison)
	}
	return sc, nil
}

func (s Schema) compile(c Criteria, depth int, n *int) (Criteria, error) {
	if depth > MaxDepth {
		return c, errorf("SearchCriteria nests deeper than %d levels.", MaxDepth)
	}
	*n++
	if *n > MaxConditions {
		return c, errorf("SearchCriteria holds more than %d conditions.", MaxConditions)
	}
	out := Criteria{Equals: c.Equals, Hierarchy: c.Hierarchy}
	if c.String != nil {
		sc, err := s.stringCond(*c.String, s.Fields, "")
		if err != nil {
			return out, err
		}
		out.String = &sc
	}
	if c.Hierarchy != nil {
		if err := s.hierarchy(c.Hierarchy); err != nil {
			return out, err
		}
	}
	if c.List != nil {
		lc, err := s.list(*c.List)
		if err != nil {
			return out, err
		}
		out.List = &lc
	}
	for _, sub := range c.And {
		cc, err := s.compile(sub, depth+1, n)
		if err != nil {
			return out, err
		}
		out.And = append(out.And, cc)
	}
	for _, sub := range c.Or {
		cc, err := s.compile(sub, depth+1, n)
		if err != nil {
			return out, err
		}
		out.Or = append(out.Or, cc)
	}
	return out, nil
}

func (s Schema) list(lc ListCondition) (ListCondition, error) {
	ls, ok := s.Lists[lc.List]
	if !ok {
		return lc, errorf("TargetListType %q does not apply to %s.", lc.List, s.Resource)
	}
	out := ListCondition{List: lc.List}
	for _, sc := range lc.Strings {
		c, err := s.stringCond(sc, ls.Strings, " in "+lc.List)
		if err != nil {
			return out, err
		}
		out.Strings = append(out.Strings, c)
	}
	for _, nc := range lc.Numbers {
		f, ok := canonical(ls.Numbers, nc.Field)
		if !ok {
			return out, errorf("FieldName %q is not a number in %s; numbers: %s.", nc.Field, lc.List, strings.Join(ls.Numbers, ", "))
		}
		nc.Field = f
		need := map[string][2]bool{GreaterOrEqual: {true, false}, Greater: {true, false}, LesserOrEqual: {false, true},
			Lesser: {false, true}, Equal: {true, false}, NotEqual: {true, false}, Range: {true, true}}
		req, ok := need[nc.Comparison]
		if !ok {
			return out, errorf("NumberCondition ComparisonType %q is not one of GREATER_OR_EQUAL, GREATER, LESSER_OR_EQUAL, LESSER, EQUAL, NOT_EQUAL, RANGE.", nc.Comparison)
		}
		if (nc.Comparison == Equal || nc.Comparison == NotEqual) && nc.Min == nil {
			nc.Min = nc.Max
		}
		if req[0] && nc.Min == nil || req[1] && nc.Max == nil {
			return out, errorf("NumberCondition %s needs %s.", nc.Comparison, map[bool]string{true: "MinValue and MaxValue", false: "its bound"}[req[0] && req[1]])
		}
		out.Numbers = append(out.Numbers, nc)
	}
	if len(out.Strings)+len(out.Numbers) == 0 {
		return out, errorf("A ListCondition needs at least one condition.")
	}
	return out, nil
}
