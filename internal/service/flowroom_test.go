package service

import "testing"

// newFlow gives a contact's first two customer-side flows and its first
// agent-side flow the slot's rooms, each once, and any later flow an
// object of its own: no flow ever shares another's record.
func TestNewFlowRooms(t *testing.T) {
	var f contactFlows
	seen := map[*contactFlow]bool{}
	next := func(role flowRole) *contactFlow {
		old := f.cust
		if agentRole(role) {
			old = f.agent
		}
		cf := f.newFlow(role, old)
		if seen[cf] || cf.role != role {
			t.Fatalf("flow %v: %p reused or wrong role %v", role, cf, cf.role)
		}
		seen[cf] = true
		if agentRole(role) {
			f.agent = cf
		} else {
			f.cust = cf
		}
		return cf
	}
	if cf := next(roleContact); cf != &f.room[0] {
		t.Error("the first customer-side flow is not in room 0")
	}
	if cf := next(roleAgentWhisper); cf != &f.room[2] {
		t.Error("the first agent-side flow is not in room 2")
	}
	if cf := next(roleQueue); cf != &f.room[1] {
		t.Error("the second customer-side flow is not in room 1")
	}
	for _, role := range []flowRole{roleCustomerHold, roleAgentHold, roleDisconnect, roleAgentHold} {
		if cf := next(role); cf == &f.room[0] || cf == &f.room[1] || cf == &f.room[2] {
			t.Errorf("flow %v took a room", role)
		}
	}
}
