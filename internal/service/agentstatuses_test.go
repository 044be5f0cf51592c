package service

import (
	"testing"

	"github.com/connect-local/connect-local/internal/storage"
)

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
