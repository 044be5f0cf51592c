package service

import (
	"errors"
	"github.com/connect-local/connect-local/internal/engine"
	"strings"
	"sync"
	"testing"

	"github.com/connect-local/connect-local/internal/storage"
	"github.com/connect-local/connect-local/internal/storage/storagetest"
)

// keyFaultStore fails every Update that writes a key starting with one of
// its prefixes, as a store whose part for one instance is broken would.
type keyFaultStore struct {
	storage.Store
	mu       sync.Mutex
	prefixes []string
}

var errKeyFault = errors.New("injected failure for this instance's keys")

func (f *keyFaultStore) failKeys(prefix string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.prefixes = append(f.prefixes, prefix)
}

func (f *keyFaultStore) bad(key string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, p := range f.prefixes {
		if strings.HasPrefix(key, p) {
			return true
		}
	}
	return false
}

func (f *keyFaultStore) Update(fn func(storage.Tx) error) error {
	return f.Store.Update(func(tx storage.Tx) error { return fn(faultTx{tx, f}) })
}

type faultTx struct {
	storage.Tx
	f *keyFaultStore
}

func (t faultTx) Put(bucket, key string, v []byte) error {
	if t.f.bad(key) {
		return errKeyFault
	}
	return t.Tx.Put(bucket, key, v)
}

func (t faultTx) Delete(bucket, key string) error {
	if t.f.bad(key) {
		return errKeyFault
	}
	return t.Tx.Delete(bucket, key)
}

// queuedContact starts a task through the Basic routing flow; with no agent
// it waits in BasicQueue.
func queuedContact(t *testing.T, s *Service, iid string) *Contact {
	t.Helper()
	c, err := s.StartContact(testScope, iid, StartContactInput{Channel: "TASK", InitiationMethod: "API", FlowID: basicFlow(s, iid), Name: "wait"})
	if err != nil {
		t.Fatal(err)
	}
	if c.State != StateQueued {
		t.Fatalf("contact state %s, want queued", c.State)
	}
	return c
}

func basicFlow(s *Service, iid string) string {
	st := inst(s, iid)
	st.Mu.RLock()
	defer st.Mu.RUnlock()
	for _, f := range st.Flows {
		if f.Name == "Basic routing flow" {
			return f.ID
		}
	}
	return ""
}

func engineStatsOf(s *Service, iid string) engine.Stats {
	st := inst(s, iid)
	st.Mu.RLock()
	defer st.Mu.RUnlock()
	return st.Eng.Stats()
}

func hoursOf(s *Service, iid string) string {
	st := inst(s, iid)
	st.Mu.RLock()
	defer st.Mu.RUnlock()
	for id := range st.Hours {
		return id
	}
	return ""
}

// TestWriteInOneInstanceLeavesOthersAlone: configuration, tag and
// transcript writes in instance A neither route, flush nor invalidate the
// caches of instance B, where a contact waits; tag and transcript writes do
// not even invalidate A's own routing caches.
func TestWriteInOneInstanceLeavesOthersAlone(t *testing.T) {
	s, _ := newAttrService(t, nil, Quotas{})
	a, b := newAttrInstance(t, s), newAttrInstance(t, s)
	ca := queuedContact(t, s, a)
	queuedContact(t, s, b)

	beforeB := engineStatsOf(s, b)
	q, err := s.CreateQueue(testScope, a, QueueInput{Name: "new", HoursOfOperationID: hoursOf(s, a)})
	if err != nil {
		t.Fatal(err)
	}
	name := "renamed"
	if err := s.UpdateQueueName(testScope, a, q.ID, &name, nil); err != nil {
		t.Fatal(err)
	}
	seedUser(t, s, a, "agent-a")
	if got := engineStatsOf(s, b); got != beforeB {
		t.Fatalf("configuration writes in A worked on B: %+v, was %+v", got, beforeB)
	}

	// Records routing never reads: nobody is routed again, no cache is
	// rebuilt, in A or in B.
	beforeA := engineStatsOf(s, a)
	if err := s.TagResource(testScope, q.ARN, map[string]string{"k": "v"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddTranscript(testScope, a, ca.ID, []TranscriptSegment{{ParticipantRole: "AGENT", Content: "hello"}}, false); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetSearchableKeys(testScope, a, []string{"k"}); err != nil {
		t.Fatal(err)
	}
	queuedContact(t, s, a) // a pass in A: its caches must still be good
	if got := engineStatsOf(s, a); got.Rebuilds != beforeA.Rebuilds {
		t.Fatalf("tag, transcript and key writes rebuilt A's routing caches: %+v, was %+v", got, beforeA)
	}
	if got := engineStatsOf(s, b); got != beforeB {
		t.Fatalf("writes in A worked on B: %+v, was %+v", got, beforeB)
	}
	queuedContact(t, s, b) // B's next pass finds its caches still valid
	if got := engineStatsOf(s, b); got.Rebuilds != beforeB.Rebuilds {
		t.Fatalf("writes in A invalidated B's routing caches: %+v, was %+v", got, beforeB)
	}
}

// TestBrokenInstanceDoesNotFailAnother: when every write of instance B's
// records fails, B's writes answer an internal error and A's writes still
// succeed, even with contacts waiting in B.
func TestBrokenInstanceDoesNotFailAnother(t *testing.T) {
	store := &keyFaultStore{Store: storagetest.Durable(storage.NewMemory())} // a store that keeps contacts
	s, _ := newAttrService(t, store, Quotas{})
	a, b := newAttrInstance(t, s), newAttrInstance(t, s)
	queuedContact(t, s, a)
	queuedContact(t, s, b)

	store.failKeys(b)
	if _, err := s.CreateQueue(testScope, b, QueueInput{Name: "lost", HoursOfOperationID: hoursOf(s, b)}); err == nil || KindOf(err) != KindInternal {
		t.Fatalf("write in broken B: %v, want an internal error", err)
	}
	_, err := s.StartContact(testScope, b, StartContactInput{Channel: "TASK", InitiationMethod: "API", FlowID: basicFlow(s, b), Name: "lost"})
	if err == nil || KindOf(err) != KindInternal {
		t.Fatalf("contact in broken B: %v, want an internal error", err)
	}
	if _, err := s.CreateQueue(testScope, a, QueueInput{Name: "kept", HoursOfOperationID: hoursOf(s, a)}); err != nil {
		t.Fatalf("write in A failed because B is broken: %v", err)
	}
	seedUser(t, s, a, "agent-a")
}
