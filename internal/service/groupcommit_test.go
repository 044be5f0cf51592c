package service

import (
	"errors"
	"runtime"
	"sync"
	"testing"

	"github.com/connect-local/connect-local/internal/storage"
)

// syncGate is a store whose next Update, once armed, stops before it
// commits (as if its fsync were slow) until released; it can fail that
// Update. It counts committed Updates.
type syncGate struct {
	storage.Store
	mu      sync.Mutex
	armed   bool
	fail    error
	entered chan struct{}
	release chan struct{}
	commits int
}

func newSyncGate() *syncGate {
	return &syncGate{Store: storage.NewMemory(), entered: make(chan struct{}, 1), release: make(chan struct{})}
}

func (g *syncGate) arm(fail error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.armed, g.fail = true, fail
}

func (g *syncGate) Update(fn func(storage.Tx) error) error {
	g.mu.Lock()
	armed, fail := g.armed, g.fail
	g.armed = false
	g.mu.Unlock()
	if armed {
		g.entered <- struct{}{}
		<-g.release
		if fail != nil {
			return fail
		}
	}
	err := g.Store.Update(fn)
	if err == nil {
		g.mu.Lock()
		g.commits++
		g.mu.Unlock()
	}
	return err
}

func (g *syncGate) count() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.commits
}

// TestWriteSyncsWithoutTheLock: while a write's transaction syncs, reads
// and other writes go on, and the writes queued meanwhile share one
// transaction; each answers only once durable.
func TestWriteSyncsWithoutTheLock(t *testing.T) {
	store := newSyncGate()
	s, _ := newAttrService(t, store, Quotas{})
	iid := newAttrInstance(t, s)
	hours := hoursOf(s, iid)
	before := store.count()

	store.arm(nil)
	first := make(chan error, 1)
	go func() {
		_, err := s.CreateQueue(testScope, iid, QueueInput{Name: "first", HoursOfOperationID: hours})
		first <- err
	}()
	<-store.entered // the first write is syncing
	if _, err := s.DescribeInstance(testScope, iid); err != nil {
		t.Fatalf("read while a write syncs: %v", err)
	}
	const n = 8
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		go func(i int) {
			_, err := s.CreateQueue(testScope, iid, QueueInput{Name: "q" + string(rune('a'+i)), HoursOfOperationID: hours})
			errs <- err
		}(i)
	}
	// Every later write is computed and queued while the first syncs:
	// the lock is free. Wait until all are queued, then let the sync end.
	waitQueued(t, s, iid, 1+n)
	select {
	case err := <-first:
		t.Fatalf("a write answered (%v) before its transaction committed", err)
	default:
	}
	close(store.release)
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	for i := 0; i < n; i++ {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if got := store.count() - before; got != 2 {
		t.Fatalf("%d transactions for %d writes queued behind one, want 2", got, 1+n)
	}
}

// waitQueued waits until the instance holds want queues besides
// BasicQueue, in memory (the writes are applied, not yet durable).
func waitQueued(t *testing.T, s *Service, iid string, want int) {
	t.Helper()
	for {
		st := inst(s, iid)
		st.Mu.RLock()
		got := len(st.Queues) - 1
		st.Mu.RUnlock()
		if got >= want {
			return
		}
		runtimeYield()
	}
}

// TestFailedGroupRestoresMemory: when a transaction fails, its writes and
// the writes queued behind it all fail, and the instance is back to what
// the store holds: no queue, no rename, nothing of them is visible.
// Writes then succeed again.
func TestFailedGroupRestoresMemory(t *testing.T) {
	store := newSyncGate()
	s, _ := newAttrService(t, store, Quotas{})
	iid := newAttrInstance(t, s)
	hours := hoursOf(s, iid)
	keep, err := s.CreateQueue(testScope, iid, QueueInput{Name: "keep", HoursOfOperationID: hours})
	if err != nil {
		t.Fatal(err)
	}

	boom := errors.New("disk full")
	store.arm(boom)
	first := make(chan error, 1)
	go func() {
		_, err := s.CreateQueue(testScope, iid, QueueInput{Name: "lost", HoursOfOperationID: hours})
		first <- err
	}()
	<-store.entered
	// Built on the pending write: a rename of the new queue would be
	// valid only if the create lands.
	var lost *Queue
	st := inst(s, iid)
	st.Mu.RLock()
	for _, q := range st.Queues {
		if q.Name == "lost" {
			lost = q
		}
	}
	st.Mu.RUnlock()
	if lost == nil {
		t.Fatal("the pending create is not visible to later requests")
	}
	second := make(chan error, 1)
	go func() {
		name := "lost-renamed"
		second <- s.UpdateQueueName(testScope, iid, lost.ID, &name, nil)
	}()
	waitRenamed(s, iid, lost.ID)
	close(store.release)
	for _, ch := range []chan error{first, second} {
		if err := <-ch; err == nil || KindOf(err) != KindInternal {
			t.Fatalf("write in or behind a failed transaction: %v, want an internal error", err)
		}
	}
	st.Mu.RLock()
	names := map[string]bool{}
	for _, q := range st.Queues {
		names[q.Name] = true
	}
	st.Mu.RUnlock()
	if len(names) != 2 || !names["keep"] || !names["BasicQueue"] {
		t.Fatalf("queues after the failure: %v, want BasicQueue and keep", names)
	}
	if _, err := s.DescribeQueue(testScope, iid, keep.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateQueue(testScope, iid, QueueInput{Name: "lost", HoursOfOperationID: hours}); err != nil {
		t.Fatalf("write after the failure: %v", err)
	}
}

func waitRenamed(s *Service, iid, qid string) {
	for {
		st := inst(s, iid)
		st.Mu.RLock()
		q := st.Queues[qid]
		done := q != nil && q.Name == "lost-renamed"
		st.Mu.RUnlock()
		if done {
			return
		}
		runtimeYield()
	}
}

func runtimeYield() { runtime.Gosched() }
