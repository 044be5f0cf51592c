package engine

import (
	"fmt"
	"slices"
	"testing"
)

// evalSet against idSet: the same members in the same order after random
// adds by state and by ID (users gaining a state on the way) and resets.
func TestEvalSetAgainstIDSet(t *testing.T) {
	var s evalSet
	var ref idSet
	var states map[string]*AgentState
	fresh := func() { // a third of the users have no state at first
		states = map[string]*AgentState{}
		for i := range 13 {
			if i%3 != 0 {
				id := fmt.Sprintf("u%d", i)
				states[id] = &AgentState{UserID: id}
			}
		}
	}
	fresh()
	for i := range 5000 {
		id := fmt.Sprintf("u%d", (i*7919)%13)
		switch {
		case i%97 == 0 || i == 2500:
			s.reset()
			ref.reset()
			if i%2 == 0 {
				fresh()
			}
			continue
		case i%7 == 3 && states[id] == nil:
			states[id] = &AgentState{UserID: id} // a user first seen
			continue
		case i%2 == 0 && states[id] != nil:
			s.add(states[id])
		default:
			s.addID(id, states[id])
		}
		ref.add(id)
		got := make([]string, len(s.list))
		for j, m := range s.list {
			if m.a != nil {
				got[j] = m.a.UserID
			} else {
				got[j] = m.id
			}
		}
		if !slices.Equal(got, ref.list) {
			t.Fatalf("step %d: list %v, want %v", i, got, ref.list)
		}
	}
}
