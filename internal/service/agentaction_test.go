package service

import (
	"strings"
	"testing"
)

// AgentAction finds its user through the engine's address cache: a user
// it found is not found once deleted, by the very same ID string.
func TestAgentActionForgetsADeletedUser(t *testing.T) {
	s, st := newTestService(t, nil)
	var profile, sec string
	for id := range st.Profiles {
		profile = id
	}
	for id := range st.Security {
		sec = id
	}
	u, err := s.CreateUser(testScope, st.ID, UserInput{Username: "ann", RoutingProfileID: profile, SecurityProfileIDs: []string{sec}})
	if err != nil {
		t.Fatal(err)
	}
	id := u.ID
	for range 2 { // the second is answered from the cache
		err = s.AgentAction(testScope, st.ID, id, "no-such-contact", ActAccept)
		if wantKind(t, err, KindNotFound); !strings.Contains(err.Error(), "Contact not found") {
			t.Fatalf("a user that exists: %v", err)
		}
	}
	if err := s.DeleteUser(testScope, st.ID, id); err != nil {
		t.Fatal(err)
	}
	err = s.AgentAction(testScope, st.ID, id, "no-such-contact", ActAccept)
	if wantKind(t, err, KindNotFound); !strings.Contains(err.Error(), "User not found") {
		t.Fatalf("a deleted user: %v", err)
	}
}
