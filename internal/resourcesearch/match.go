package resourcesearch

import (
	"slices"
	"sort"
	"strings"
)

// Match says whether r meets the query's criteria and filter.
func (q Query) Match(r Resource) bool {
	return q.criteria.match(r) && q.filter.match(r)
}

func (c *Criteria) match(r Resource) bool {
	if c.String != nil && !c.String.match(r.Field) {
		return false
	}
	for _, e := range c.Equals {
		if v, ok := r.Field(e.Field); !ok || v != e.Value {
			return false
		}
	}
	if c.Hierarchy != nil && !c.Hierarchy.match(r) {
		return false
	}
	if c.List != nil && !c.List.match(r) {
		return false
	}
	for i := range c.And {
		if !c.And[i].match(r) {
			return false
		}
	}
	if len(c.Or) == 0 {
		return true
	}
	for i := range c.Or {
		if c.Or[i].match(r) {
			return true
		}
	}
	return false
}

func (sc *StringCondition) match(field func(string) (string, bool)) bool {
	v, ok := field(sc.Field)
	if !ok {
		return false
	}
	v, want := strings.ToLower(v), strings.ToLower(sc.Value)
	switch sc.Comparison {
	case Exact:
		return v == want
	case Contains:
		return strings.Contains(v, want)
	case StartsWith:
		return strings.HasPrefix(v, want)
	}
	return false
}

func (h *HierarchyCondition) match(r Resource) bool {
	hr, ok := r.(Hierarchical)
	if !ok {
		return false
	}
	path := hr.HierarchyPath()
	if len(path) == 0 {
		return false
	}
	if h.Match == HierarchyExact {
		return path[len(path)-1] == h.GroupID
	}
	return slices.Contains(path, h.GroupID)
}

func (lc *ListCondition) match(r Resource) bool {
	lr, ok := r.(Listed)
	if !ok {
		return false
	}
	for _, it := range lr.List(lc.List) {
		if lc.matchItem(it) {
			return true
		}
	}
	return false
}

func (lc *ListCondition) matchItem(it Item) bool {
	for i := range lc.Strings {
		if !lc.Strings[i].match(func(n string) (string, bool) { v, ok := it.Strings[n]; return v, ok }) {
			return false
		}
	}
	for _, nc := range lc.Numbers {
		v, ok := it.Numbers[nc.Field]
		if !ok || !nc.match(v) {
			return false
		}
	}
	return true
}

func (nc NumberCondition) match(v float64) bool {
	switch nc.Comparison {
	case GreaterOrEqual:
		return v >= *nc.Min
	case Greater:
		return v > *nc.Min
	case LesserOrEqual:
		return v <= *nc.Max
	case Lesser:
		return v < *nc.Max
	case Equal:
		return v == *nc.Min
	case NotEqual:
		return v != *nc.Min
	case Range:
		return v >= *nc.Min && v <= *nc.Max
	}
	return false
}

func (f *TagFilter) match(r Resource) bool {
	if f.And != nil && !f.And.match(r) {
		return false
	}
	if len(f.Or) == 0 {
		return true
	}
	for i := range f.Or {
		if f.Or[i].match(r) {
			return true
		}
	}
	return false
}

func (cl *Clause) match(r Resource) bool {
	tags := r.Tags()
	for _, t := range cl.Tags {
		v, ok := tags[t.Key]
		if !ok || t.HasValue && v != t.Value {
			return false
		}
	}
	return cl.Hierarchy == nil || cl.Hierarchy.match(r)
}

// Page is one page of a search.
type Page[T any] struct {
	Items []T
	// Last is the key of the last item when more follow ("" at the end);
	// the next page starts after it.
	Last string
	// Total counts every match (ApproximateTotalCount).
	Total int
}

// Run returns the page of items matching q that follows the item keyed
// after ("" for the first page), at most max items, ordered by key (keys
// must be unique), and the count of every match.
func Run[T Resource](q Query, items []T, key func(T) string, after string, max int) Page[T] {
	var hits []T
	for _, it := range items {
		if q.Match(it) {
			hits = append(hits, it)
		}
	}
	sort.Slice(hits, func(i, j int) bool { return key(hits[i]) < key(hits[j]) })
	start := 0
	if after != "" {
		start = sort.Search(len(hits), func(i int) bool { return key(hits[i]) > after })
	}
	end := min(start+max, len(hits))
	p := Page[T]{Items: hits[start:end], Total: len(hits)}
	if end < len(hits) {
		p.Last = key(hits[end-1])
	}
	return p
}
