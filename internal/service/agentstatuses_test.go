package service

import (
	"fmt"
	"testing"

	"github.com/connect-local/connect-local/internal/instance"
	"github.com/connect-local/connect-local/internal/storage"
)

func TestReorderStatuses(t *testing.T) {
	ptr := func(v int64) *int64 { return &v }
	cases := []struct {
		name  string
		start []int64 // display orders of s0..s3; 0 means none
		move  int     // which status moves
		to    *int64  // nil takes it out of the order
		want  []int64
	}{
		{"to front", []int64{1, 2, 3, 4}, 3, ptr(1), []int64{2, 3, 4, 1}},
		{"to back", []int64{1, 2, 3, 4}, 0, ptr(4), []int64{4, 1, 2, 3}},
		{"past the end", []int64{1, 2, 3, 4}, 1, ptr(50), []int64{1, 4, 2, 3}},
		{"same place", []int64{1, 2, 3, 4}, 2, ptr(3), []int64{1, 2, 3, 4}},
		{"out of the order", []int64{1, 2, 3, 4}, 1, nil, []int64{1, 0, 2, 3}},
		{"into the order", []int64{1, 0, 2, 3}, 1, ptr(2), []int64{1, 2, 3, 4}},
		{"gaps close", []int64{1, 5, 9, 0}, 3, ptr(2), []int64{1, 3, 4, 2}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			st := &instanceState{State: &instance.State{Data: instance.Data{Statuses: map[string]*AgentStatus{}}}}
			for i, o := range tc.start {
				a := &AgentStatus{ID: fmt.Sprintf("s%d", i)}
				if o != 0 {
					a.DisplayOrder = ptr(o)
				}
				st.Statuses[a.ID] = a
			}
			self := *st.Statuses[fmt.Sprintf("s%d", tc.move)]
			for _, c := range reorderStatuses(st, &self, tc.to) {
				st.Statuses[c.ID] = c
			}
			for i, w := range tc.want {
				got := st.Statuses[fmt.Sprintf("s%d", i)].DisplayOrder
				if (w == 0) != (got == nil) || (got != nil && *got != w) {
					t.Fatalf("s%d: DisplayOrder = %v, want %d", i, got, w)
				}
			}
		})
	}
}

// Only CUSTOM statuses can be created (the API has no Type member, so this
// guards callers inside connect-local), and reserved tag keys are refused
// even when the wire layer is bypassed.
func TestCreateAgentStatusRejectsSystemTypes(t *testing.T) {
	s, st := newTestService(t, nil)
	name, state := "Ready", StateEnabled
	for _, typ := range []string{AgentStatusRoutable, AgentStatusOffline} {
		_, err := s.CreateAgentStatus(testScope, st.ID, AgentStatusInput{Name: &name, State: &state, Type: typ})
		if KindOf(err) != KindInvalidParameter {
			t.Fatalf("creating a %s status: err = %v, want InvalidParameter", typ, err)
		}
	}
	_, err := s.CreateAgentStatus(testScope, st.ID, AgentStatusInput{Name: &name, State: &state, Tags: map[string]string{"aws:x": "y"}})
	if KindOf(err) != KindInvalidParameter {
		t.Fatalf("reserved tag key: err = %v, want InvalidParameter", err)
	}
	a, err := s.CreateAgentStatus(testScope, st.ID, AgentStatusInput{Name: &name, State: &state, Type: AgentStatusCustom})
	if err != nil || a.Type != AgentStatusCustom {
		t.Fatalf("CUSTOM: %+v, %v", a, err)
	}
}

// A move rewrites every status it renumbers, durably.
func TestAgentStatusOrderSurvivesReload(t *testing.T) {
	store := storage.NewMemory()
	s, st := newTestService(t, store)
	name, state, first := "Break", StateEnabled, int64(1)
	if _, err := s.CreateAgentStatus(testScope, st.ID, AgentStatusInput{Name: &name, State: &state, DisplayOrder: &first}); err != nil {
		t.Fatal(err)
	}
	reloaded, err := New(Options{Store: store, Clock: s.clock})
	if err != nil {
		t.Fatal(err)
	}
	page, err := reloaded.ListAgentStatuses(testScope, st.ID, nil, PageRequest{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int64{"Break": 1, "Available": 2, "Offline": 3}
	if len(page.Items) != len(want) {
		t.Fatalf("statuses after reload = %+v", page.Items)
	}
	for _, got := range page.Items {
		if got.DisplayOrder == nil || *got.DisplayOrder != want[got.Name] {
			t.Fatalf("%s after reload: DisplayOrder = %v, want %d", got.Name, got.DisplayOrder, want[got.Name])
		}
	}
}
