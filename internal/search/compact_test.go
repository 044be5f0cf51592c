package search

import (
	"slices"
	"testing"
	"time"
)

// Routing-step agent lists and names are interned per instance (a doc
// holds their IDs): contacts sharing one still match on their own, a
// replaced record matches on its new values, and a removed one not at all.
func TestStepAgentsAndNamesAreShared(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	x := New()
	put := func(id, name string, steps [][]string) {
		r := Record{ID: id, Channel: "VOICE", InitiationMethod: "API", Name: name, RoutingAgents: steps}
		r.Times[Initiation] = t0
		x.Put("i", r)
	}
	put("c1", "refund please", [][]string{nil, {"a1"}})
	put("c2", "refund please", [][]string{nil, {"a1"}})
	put("c3", "billing", [][]string{nil, nil})
	put("c4", "billing", nil)
	put("c5", "late order", [][]string{{"a2", "a1"}})
	week := TimeRange{Initiation, t0.Add(-time.Hour), t0.Add(time.Hour)}
	search := func(q Query) []string {
		t.Helper()
		q.Range = week
		res, err := x.Search("i", q)
		if err != nil {
			t.Fatal(err)
		}
		return slices.Sorted(slices.Values(res.IDs))
	}
	for _, c := range []struct {
		name string
		q    Query
		want []string
	}{
		{"some step targets a1", Query{RoutingSteps: []AgentFilter{{AgentIDs: []string{"a1"}, Match: MatchAny}}}, []string{"c1", "c2", "c5"}},
		{"some step targets a2", Query{RoutingSteps: []AgentFilter{{AgentIDs: []string{"a2"}, Match: MatchAny}}}, []string{"c5"}},
		{"some step targets neither", Query{RoutingSteps: []AgentFilter{{AgentIDs: []string{"a1", "a2"}, Match: MatchNone}}}, []string{"c1", "c2", "c3"}},
		{"name", Query{Name: &TextFilter{Texts: []string{"refund"}, Match: MatchAny}}, []string{"c1", "c2"}},
		{"exact name", Query{Name: &TextFilter{Texts: []string{"billing"}, Match: MatchExact}}, []string{"c3", "c4"}},
	} {
		if got := search(c.q); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
	put("c2", "billing", [][]string{{"a2"}})
	x.Remove("i", "c5")
	if got := search(Query{RoutingSteps: []AgentFilter{{AgentIDs: []string{"a2"}, Match: MatchAny}}}); !slices.Equal(got, []string{"c2"}) {
		t.Errorf("a2 after the change: %v, want [c2]", got)
	}
	if got := search(Query{Name: &TextFilter{Texts: []string{"refund"}, Match: MatchAny}}); !slices.Equal(got, []string{"c1"}) {
		t.Errorf("refund after the change: %v, want [c1]", got)
	}
	put("c6", "late order", [][]string{{"a2", "a1"}})
	if got := search(Query{Name: &TextFilter{Texts: []string{"late"}, Match: MatchAny}}); !slices.Equal(got, []string{"c6"}) {
		t.Errorf("a freed slot reused: %v, want [c6]", got)
	}
}

// Re-putting a contact whose indexed values did not move, or of which
// only a timestamp moved (the usual flush), allocates nothing: its
// interned values are compared, not interned again, and its pairs kept.
func TestRePutAllocatesNothing(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	x := New()
	r := Record{ID: "c1", Channel: "VOICE", InitiationMethod: "INBOUND", QueueID: "q1", AgentID: "a1", Name: "refund",
		HierarchyPath: []string{"g1", "g2"}, RoutingAgents: [][]string{{"a1"}, nil},
		Attributes: map[string]string{"lang": "en", "tier": "gold"}, Tags: map[string]string{"env": "prod"}}
	r.Times[Initiation] = t0
	slot := x.PutAt("i", &r, 0)
	x.PutAt("i", &Record{ID: "c2", Channel: "CHAT", Attributes: map[string]string{"lang": "fr"}}, 0)
	for _, c := range []struct {
		name string
		hint uint32
	}{{"with its slot", slot}, {"without", 0}} {
		i := 0
		allocs := testing.AllocsPerRun(50, func() {
			i++
			r.Times[Disconnect] = t0.Add(time.Duration(i%2) * time.Minute)
			x.PutAt("i", &r, c.hint)
		})
		if allocs != 0 {
			t.Errorf("re-put %s: %v allocations, want 0", c.name, allocs)
		}
	}
	res, err := x.Search("i", Query{Range: TimeRange{Disconnect, t0, t0.Add(time.Hour)}, AgentIDs: []string{"a1"}})
	if err != nil || !slices.Equal(res.IDs, []string{"c1"}) {
		t.Errorf("after the re-puts: %v %v, want [c1]", res.IDs, err)
	}
}
