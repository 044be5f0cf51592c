package service

import (
	"github.com/connect-local/connect-local/internal/reporting"
	"testing"

	"github.com/connect-local/connect-local/internal/storage"
	"github.com/connect-local/connect-local/internal/storage/storagetest"
)

// What the metrics observer records is written with the flush and goes
// with its instance (a durable store: a memory store gets none).
func TestMetricsRecordsPersistAndGoWithTheInstance(t *testing.T) {
	store := storagetest.Durable(storage.NewMemory())
	s, _ := newAttrService(t, store, Quotas{})
	iid := newAttrInstance(t, s)
	uid := seedUser(t, s, iid, "ann")
	if err := s.PutUserStatus(testScope, iid, uid, s.systemStatus(inst(s, iid), "ROUTABLE")); err != nil {
		t.Fatal(err)
	}
	count := func() int {
		n := 0
		if err := store.View(func(tx storage.ReadTx) error {
			return tx.Scan(reporting.Bucket, iid+"/", func(string, []byte) error { n++; return nil })
		}); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if count() != 1 {
		t.Fatalf("%d metrics records, want ann's tracker", count())
	}
	if err := s.DeleteInstance(testScope, iid); err != nil {
		t.Fatal(err)
	}
	if count() != 0 {
		t.Fatal("metrics records outlive their instance")
	}
}
