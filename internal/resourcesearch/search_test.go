package resourcesearch

import (
	"errors"
	"fmt"
	"slices"
	"testing"
)

type rec struct {
	id     string
	fields map[string]string
	tags   map[string]string
	path   []string
	profs  []Item
}

func (r rec) Field(n string) (string, bool) { v, ok := r.fields[n]; return v, ok }
func (r rec) Tags() map[string]string       { return r.tags }
func (r rec) HierarchyPath() []string       { return r.path }
func (r rec) List(n string) []Item          { return map[string][]Item{"PROFICIENCIES": r.profs}[n] }
func f(v float64) *float64                  { return &v }
func str(field, cmp, v string) *StringCondition {
	return &StringCondition{Field: field, Comparison: cmp, Value: v}
}

var users = Schema{Resource: "users", Fields: []string{"username", "firstname", "resourceId"}, Hierarchy: true,
	Lists: map[string]ListSchema{"PROFICIENCIES": {Strings: []string{"name", "value"}, Numbers: []string{"level"}}}}

var people = []rec{
	{id: "1", fields: map[string]string{"username": "jane.doe", "firstname": "Jane", "resourceId": "1"}, tags: map[string]string{"team": "red", "tier": "1"},
		path: []string{"emea", "uk"}, profs: []Item{{Strings: map[string]string{"name": "Language", "value": "French"}, Numbers: map[string]float64{"level": 4}}}},
	{id: "2", fields: map[string]string{"username": "john.smith", "firstname": "John", "resourceId": "2"}, tags: map[string]string{"team": "blue"},
		path: []string{"emea"}, profs: []Item{{Strings: map[string]string{"name": "Language", "value": "French"}, Numbers: map[string]float64{"level": 2}}}},
	{id: "3", fields: map[string]string{"username": "ann.lee", "firstname": "Ann", "resourceId": "3"}, tags: map[string]string{"team": "red"},
		path: []string{"amer", "us"}},
	{id: "4", fields: map[string]string{"username": "JOE.doe", "firstname": "Joe", "resourceId": "4"}},
}

func ids(t *testing.T, c Criteria, flt TagFilter) []string {
	t.Helper()
	q, err := Compile(users, c, flt)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range people {
		if q.Match(r) {
			out = append(out, r.id)
		}
	}
	return out
}

func TestMatch(t *testing.T) {
	tests := []struct {
		name string
		c    Criteria
		flt  TagFilter
		want []string
	}{
		{"empty matches all", Criteria{}, TagFilter{}, []string{"1", "2", "3", "4"}},
		{"exact ignores case", Criteria{String: str("USERNAME", Exact, "joe.DOE")}, TagFilter{}, []string{"4"}},
		{"contains", Criteria{String: str("username", Contains, "doe")}, TagFilter{}, []string{"1", "4"}},
		{"starts with", Criteria{String: str("firstname", StartsWith, "jo")}, TagFilter{}, []string{"2", "4"}},
		{"exact is not contains", Criteria{String: str("username", Exact, "doe")}, TagFilter{}, nil},
		{"or", Criteria{Or: []Criteria{{String: str("firstname", Exact, "ann")}, {String: str("firstname", Exact, "jane")}}}, TagFilter{}, []string{"1", "3"}},
		{"and", Criteria{And: []Criteria{{String: str("username", Contains, "doe")}, {String: str("firstname", StartsWith, "ja")}}}, TagFilter{}, []string{"1"}},
		{"nested and of or", Criteria{And: []Criteria{
			{Or: []Criteria{{String: str("firstname", StartsWith, "j")}, {String: str("firstname", Exact, "ann")}}},
			{Or: []Criteria{{String: str("username", Contains, "smith")}, {String: str("username", Contains, "lee")}}},
		}}, TagFilter{}, []string{"2", "3"}},
		{"hierarchy exact", Criteria{Hierarchy: &HierarchyCondition{GroupID: "emea", Match: HierarchyExact}}, TagFilter{}, []string{"2"}},
		{"hierarchy with children", Criteria{Hierarchy: &HierarchyCondition{GroupID: "emea", Match: HierarchyWithChilds}}, TagFilter{}, []string{"1", "2"}},
		{"proficiency at least 3", Criteria{List: &ListCondition{List: "PROFICIENCIES",
			Strings: []StringCondition{{Field: "name", Comparison: Exact, Value: "Language"}, {Field: "value", Comparison: Exact, Value: "French"}},
			Numbers: []NumberCondition{{Field: "level", Comparison: GreaterOrEqual, Min: f(3)}}}}, TagFilter{}, []string{"1"}},
		{"proficiency range", Criteria{List: &ListCondition{List: "PROFICIENCIES", Numbers: []NumberCondition{{Field: "level", Comparison: Range, Min: f(1), Max: f(2)}}}}, TagFilter{}, []string{"2"}},
		{"tag key and value", Criteria{}, TagFilter{And: &Clause{Tags: []Tag{{Key: "team", Value: "red", HasValue: true}}}}, []string{"1", "3"}},
		{"tag key only", Criteria{}, TagFilter{And: &Clause{Tags: []Tag{{Key: "tier"}}}}, []string{"1"}},
		{"tag and list", Criteria{}, TagFilter{And: &Clause{Tags: []Tag{{Key: "team", Value: "red", HasValue: true}, {Key: "tier", Value: "1", HasValue: true}}}}, []string{"1"}},
		{"tag or of ands", Criteria{}, TagFilter{Or: []Clause{{Tags: []Tag{{Key: "team", Value: "blue", HasValue: true}}}, {Tags: []Tag{{Key: "tier"}}}}}, []string{"1", "2"}},
		{"tag value is case sensitive", Criteria{}, TagFilter{And: &Clause{Tags: []Tag{{Key: "team", Value: "RED", HasValue: true}}}}, nil},
		{"user attribute filter: hierarchy and tag", Criteria{}, TagFilter{And: &Clause{Tags: []Tag{{Key: "team", Value: "red", HasValue: true}},
			Hierarchy: &HierarchyCondition{GroupID: "amer", Match: HierarchyWithChilds}}}, []string{"3"}},
		{"criteria and filter", Criteria{String: str("username", Contains, ".")}, TagFilter{And: &Clause{Tags: []Tag{{Key: "team"}}}}, []string{"1", "2", "3"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := ids(t, tc.c, tc.flt); !slices.Equal(got, tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestCompileRefuses(t *testing.T) {
	deep := Criteria{String: str("username", Exact, "x")}
	for range MaxDepth {
		deep = Criteria{And: []Criteria{deep}}
	}
	wide := Criteria{}
	for range MaxConditions {
		wide.Or = append(wide.Or, Criteria{})
	}
	queues := Schema{Resource: "queues", Fields: []string{"name"}}
	tests := []struct {
		name string
		s    Schema
		c    Criteria
		flt  TagFilter
	}{
		{"unknown field", users, Criteria{String: str("password", Exact, "x")}, TagFilter{}},
		{"unknown field nested", users, Criteria{Or: []Criteria{{}, {And: []Criteria{{String: str("nope", Exact, "x")}}}}}, TagFilter{}},
		{"bad comparison", users, Criteria{String: str("username", "LIKE", "x")}, TagFilter{}},
		{"hierarchy on queues", queues, Criteria{Hierarchy: &HierarchyCondition{GroupID: "g", Match: HierarchyExact}}, TagFilter{}},
		{"hierarchy bad match", users, Criteria{Hierarchy: &HierarchyCondition{GroupID: "g", Match: "ALL"}}, TagFilter{}},
		{"list on queues", queues, Criteria{List: &ListCondition{List: "PROFICIENCIES"}}, TagFilter{}},
		{"empty list condition", users, Criteria{List: &ListCondition{List: "PROFICIENCIES"}}, TagFilter{}},
		{"range without max", users, Criteria{List: &ListCondition{List: "PROFICIENCIES", Numbers: []NumberCondition{{Field: "level", Comparison: Range, Min: f(1)}}}}, TagFilter{}},
		{"tag without key", users, Criteria{}, TagFilter{Or: []Clause{{Tags: []Tag{{Value: "x", HasValue: true}}}}}},
		{"too deep", users, deep, TagFilter{}},
		{"too many", users, wide, TagFilter{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Compile(tc.s, tc.c, tc.flt)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("got %v, want a *Error", err)
			}
		})
	}
}

func TestRunPages(t *testing.T) {
	var all []rec
	for i := range 25 {
		all = append(all, rec{id: fmt.Sprintf("%02d", i), fields: map[string]string{"username": fmt.Sprintf("u%d", i%3)}})
	}
	q, err := Compile(users, Criteria{String: str("username", Exact, "u1")}, TagFilter{})
	if err != nil {
		t.Fatal(err)
	}
	key := func(r rec) string { return r.id }
	var got []string
	after, pages := "", 0
	for {
		p := Run(q, all, key, after, 3)
		pages++
		if p.Total != 8 {
			t.Fatalf("total %d, want 8", p.Total)
		}
		for _, r := range p.Items {
			got = append(got, r.id)
		}
		if p.Last == "" {
			break
		}
		after = p.Last
	}
	want := []string{"01", "04", "07", "10", "13", "16", "19", "22"}
	if !slices.Equal(got, want) || pages != 3 {
		t.Fatalf("got %v in %d pages, want %v in 3", got, pages, want)
	}
}
