package service

import (
	"testing"
	"time"

	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/storage"
)

var attrT0 = time.Date(2023, 12, 21, 9, 0, 0, 0, time.UTC)

// newAttrService opens a service over store (a fresh memory store when nil).
func newAttrService(t testing.TB, store storage.Store, q Quotas) (*Service, *clock.Virtual) {
	t.Helper()
	if store == nil {
		store = storage.NewMemory()
	}
	vc := clock.NewVirtual(attrT0)
	s, err := New(Options{Store: store, Clock: vc, Quotas: q})
	if err != nil {
		t.Fatal(err)
	}
	return s, vc
}

func newAttrInstance(t testing.TB, s *Service) string {
	t.Helper()
	in, err := s.CreateInstance(testScope, CreateInstanceInput{IdentityManagementType: "CONNECT_MANAGED"})
	if err != nil {
		t.Fatal(err)
	}
	return in.ID
}

// seedUser stores a bare user directly, as CreateUser would, so these tests
// do not depend on the user operations.
func seedUser(t *testing.T, s *Service, instanceID, username string) string {
	t.Helper()
	st := inst(s, instanceID)
	st.Mu.Lock()
	defer st.Mu.Unlock()
	u := &User{ID: s.newID(), Username: username, Modified: s.modified(testScope)}
	u.ARN = testScope.ARN("instance/" + instanceID + "/agent/" + u.ID)
	err := s.commit(st, func(tx storage.Tx) error { return putJSON(tx, bucketUsers, childKey(st.ID, u.ID), u) },
		func() { st.Users[u.ID] = u })
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}

// inst is the instance by ID, unlocked (tests lock st.Mu around reads).
func inst(s *Service, id string) *instanceState {
	return wrap(s.core.Get(id))
}

func wantKind(t *testing.T, err error, k Kind) {
	t.Helper()
	if err == nil {
		t.Fatalf("want error kind %d, got success", k)
	}
	if KindOf(err) != k {
		t.Fatalf("want error kind %d, got %d: %v", k, KindOf(err), err)
	}
}
