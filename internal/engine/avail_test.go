package engine

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/connect-local/connect-local/internal/routing"
)

// A decision explains with the agents as they were when it was made,
// although available agents' views are rebuilt in place: a2, passed over
// for c1, then goes on break and its view is reused for a1 when a1 is
// available again.
func TestDecisionKeepsPassedOverAgentsAsTheyWere(t *testing.T) {
	h := newHarness(t)
	h.available("a1", "a2")
	c := h.start("to:q1")
	h.wantLog("INITIATED c1", "QUEUED c1", "OFFERED c1 a1")
	h.e.SetStatus("a2", "break")
	h.act("a1", c, ActAccept)
	h.act("a1", c, ActHangUp)
	h.act("a1", c, ActClearACW)
	h.e.Pass()
	if !h.e.Available("a1") || h.e.Available("a2") {
		t.Fatalf("available: a1 %v, a2 %v; want a1 only", h.e.Available("a1"), h.e.Available("a2"))
	}
	ds := h.e.Decisions()
	if len(ds) != 1 {
		t.Fatalf("%d decisions, want 1", len(ds))
	}
	want := []routing.Verdict{{AgentID: "a2", Reason: routing.Eligible}}
	if got := ds[0].PassedBy; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("c1's decision passed over %v, want %v", got, want)
	}
}

// agentSet keeps each member's position as members come and go, and its
// members in idle order (idle times mostly rising, some earlier, some equal).
func TestAgentSetPositions(t *testing.T) {
	s := &agentSet{}
	in := map[string]*availAgent{}
	for i := range 400 {
		id := fmt.Sprintf("a%d", i%17)
		if aa := in[id]; aa != nil {
			s.remove(aa)
			delete(in, id)
			if i%3 == 0 {
				continue
			}
		}
		idle := t0.Add(time.Duration(i/2) * time.Second)
		if i%5 == 0 {
			idle = t0.Add(time.Duration(i%7) * time.Second)
		}
		aa := &availAgent{Agent: routing.Agent{ID: id, IdleSince: idle}}
		s.put(aa)
		want := slices.Clone(s.list)
		slices.SortFunc(want, func(a, b *routing.Agent) int {
			if routing.IdleBefore(a, b) {
				return -1
			}
			return 1
		})
		if !slices.Equal(s.idle, want) {
			t.Fatalf("step %d: idle order %v, want %v", i, ids(s.idle), ids(want))
		}
		in[id] = aa
		if len(s.list) != len(in) || len(s.own) != len(in) {
			t.Fatalf("step %d: %d listed, %d owned, %d members", i, len(s.list), len(s.own), len(in))
		}
		for j, o := range s.own {
			if o.pos != j || s.list[j] != &o.Agent || in[o.ID] != o {
				t.Fatalf("step %d: slot %d holds %s at pos %d", i, j, o.ID, o.pos)
			}
		}
	}
}

// idSet against a map: members after random adds and resets, in order.
func TestIDSetAgainstMap(t *testing.T) {
	var s idSet
	want := map[string]bool{}
	var order []string
	for i := range 3000 {
		switch id := fmt.Sprintf("u%d", (i*7919)%53); {
		case i%97 == 0 || i == 1500:
			s.reset()
			want, order = map[string]bool{}, nil
		default:
			if !want[id] {
				want[id] = true
				order = append(order, id)
			}
			s.add(id)
		}
		for j := range 53 {
			id := fmt.Sprintf("u%d", j)
			if s.contains(id) != want[id] {
				t.Fatalf("step %d: contains(%s) = %v", i, id, s.contains(id))
			}
		}
		if fmt.Sprint(s.list) != fmt.Sprint(order) {
			t.Fatalf("step %d: list %v, want %v", i, s.list, order)
		}
	}
	var empty idSet
	if empty.contains("") || empty.contains("u1") {
		t.Fatal("the empty set has members")
	}
}

// An agent's remembered step results last only as long as the
// configuration: given the proficiency a waiting contact's step asks for,
// the agent is offered it.
func TestStepMemoForgetsOnConfigChange(t *testing.T) {
	h := newHarness(t)
	h.available("a2")
	four := 4.0
	step := RoutingStep{Expression: &routing.Expression{AttributeCondition: &routing.AttributeCondition{
		Name: "connect:Language", Value: "French", ProficiencyLevel: &four, ComparisonOperator: routing.OpGreaterOrEqual}}}
	c := h.start("to:q1", func(c *Contact) { c.Criteria = &RoutingCriteria{Steps: []RoutingStep{step}} })
	h.e.SetStatus("a2", "avail") // re-checked: the memo answers
	if got := h.contact(c).OfferTo; got != "" {
		t.Fatalf("offered to %q: a2 speaks no French", got)
	}
	h.config(func(c *fakeConfig) {
		c.agents["a2"].Proficiencies = map[routing.Attr]float64{{Name: "connect:Language", Value: "French"}: 5}
	})
	if got := h.contact(c).OfferTo; got != "a2" {
		t.Fatalf("offered to %q after a2 learnt French, want a2", got)
	}
}

func ids(agents []*routing.Agent) []string {
	out := make([]string, len(agents))
	for i, a := range agents {
		out[i] = a.ID
	}
	return out
}
