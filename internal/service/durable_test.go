package service

import (
	"github.com/connect-local/connect-local/internal/reporting"
	"testing"

	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/storage"
	"github.com/connect-local/connect-local/internal/storage/storagetest"
)

// storedKeys counts the records of a bucket.
func storedKeys(t *testing.T, store storage.Store, bucket string) int {
	t.Helper()
	n := 0
	if err := store.View(func(tx storage.ReadTx) error {
		return tx.Scan(bucket, "", func(string, []byte) error { n++; return nil })
	}); err != nil {
		t.Fatal(err)
	}
	return n
}

// Over a store that is not durable the engine state lives in memory alone:
// no contact, agent state or metrics record is encoded to the store, and
// every read still sees it. Over a durable one both are written and survive a restart.
func TestEngineStateWrittenOnlyToDurableStores(t *testing.T) {
	for _, durable := range []bool{false, true} {
		var store storage.Store = storage.NewMemory()
		if durable {
			store = storagetest.Durable(store)
		}
		s, err := New(Options{Store: store, Clock: clock.NewVirtual(attrT0)})
		if err != nil {
			t.Fatal(err)
		}
		iid := newAttrInstance(t, s)
		var flowID string
		for _, f := range inst(s, iid).Flows {
			if f.Name == "Basic routing flow" {
				flowID = f.ID
			}
		}
		uid := seedUser(t, s, iid, "ann")
		if err := s.PutUserStatus(testScope, iid, uid, s.systemStatus(inst(s, iid), "ROUTABLE")); err != nil {
			t.Fatal(err)
		}
		c, err := s.StartContact(testScope, iid, StartContactInput{Channel: "TASK", InitiationMethod: "API", FlowID: flowID, Name: "a"})
		if err != nil {
			t.Fatal(err)
		}
		if d, err := s.DescribeContact(testScope, iid, c.ID); err != nil || d.Name != "a" {
			t.Fatalf("durable=%v: DescribeContact = %+v, %v", durable, d, err)
		}
		want := 0
		if durable {
			want = 1
		}
		if n := storedKeys(t, store, bucketContacts); n != want {
			t.Fatalf("durable=%v: %d contacts in the store, want %d", durable, n, want)
		}
		if n := storedKeys(t, store, bucketAgentStates); n != want {
			t.Fatalf("durable=%v: %d agent states in the store, want %d", durable, n, want)
		}
		if n := storedKeys(t, store, reporting.Bucket); (n > 0) != durable {
			t.Fatalf("durable=%v: %d metrics records in the store", durable, n)
		}
		if !durable {
			continue
		}
		s2, err := New(Options{Store: store, Clock: clock.NewVirtual(attrT0)})
		if err != nil {
			t.Fatal(err)
		}
		if d, err := s2.DescribeContact(testScope, iid, c.ID); err != nil || d.Name != "a" || d.State != StateQueued {
			t.Fatalf("after restart: %+v, %v", d, err)
		}
	}
}
