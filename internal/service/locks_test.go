package service

import (
	"testing"
)

// State per instance: a request on instance A takes A's lock only. With
// B's lock held by someone else (here, the test), every kind of request on
// A still completes: a configuration write, a contact started and routed,
// an agent status change, reads and a list of instances. Taking B's lock
// anywhere on those paths would block the test forever.
func TestWritesToOneInstanceNeverTakeAnothersLock(t *testing.T) {
	s, _ := newAttrService(t, nil, Quotas{})
	a, b := newAttrInstance(t, s), newAttrInstance(t, s)
	uid := seedUser(t, s, a, "ann")
	hours := hoursOf(s, a)

	stB := inst(s, b)
	stB.Mu.Lock()
	defer stB.Mu.Unlock()

	if _, err := s.CreateQueue(testScope, a, QueueInput{Name: "Sales", HoursOfOperationID: hours}); err != nil {
		t.Fatal(err)
	}
	stA := inst(s, a)
	stA.Mu.RLock()
	routable := s.systemStatus(stA, "ROUTABLE")
	stA.Mu.RUnlock()
	if err := s.PutUserStatus(testScope, a, uid, routable); err != nil {
		t.Fatal(err)
	}
	c := queuedContact(t, s, a)
	if _, err := s.DescribeContact(testScope, a, c.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Engine(testScope, a); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ListQueues(testScope, a, nil, PageRequest{}); err != nil {
		t.Fatal(err)
	}
	// A new instance is independent of B too (listing instances is not:
	// it reads each one under its lock).
	if _, err := s.CreateInstance(testScope, CreateInstanceInput{IdentityManagementType: "CONNECT_MANAGED", Alias: "third"}); err != nil {
		t.Fatal(err)
	}
}

// A deleted instance is gone for whoever held a pointer to it: a request
// that found it before the delete and locks it after answers not found.
func TestDeletedInstanceIsNotFoundAfterItsLock(t *testing.T) {
	s, _ := newAttrService(t, nil, Quotas{})
	a := newAttrInstance(t, s)
	st, err := s.lookup(testScope, a)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteInstance(testScope, a); err != nil {
		t.Fatal(err)
	}
	st.Mu.RLock()
	deleted := st.Deleted
	st.Mu.RUnlock()
	if !deleted {
		t.Fatal("the deleted instance's state is not marked deleted")
	}
	_, err = s.DescribeQueue(testScope, a, "x")
	wantKind(t, err, KindNotFound)
}
