package service

import (
	"testing"
	"time"

	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/storage"
)

var testScope = Scope{Account: "111111111111", Region: "us-east-1"}

// newTestService is a service over an in-memory store with one instance.
func newTestService(t *testing.T, store storage.Store) (*Service, *instanceState) {
	t.Helper()
	if store == nil {
		store = storage.NewMemory()
	}
	s, err := New(Options{Store: store, Clock: clock.NewVirtual(time.Date(2023, 12, 21, 9, 0, 0, 0, time.UTC))})
	if err != nil {
		t.Fatal(err)
	}
	in, err := s.CreateInstance(testScope, CreateInstanceInput{IdentityManagementType: "CONNECT_MANAGED"})
	if err != nil {
		t.Fatal(err)
	}
	return s, inst(s, in.ID)
}
