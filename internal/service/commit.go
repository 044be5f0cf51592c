package service

import (
	"errors"
	"fmt"
	"runtime"

	"github.com/connect-local/connect-local/internal/storage"
)

// Group commit. A write is computed and applied to memory under its
// instance's lock (st.mu), and
// recorded (storage.Writes) in the same critical section, so the order of
// writes in the store is the order in which memory changed. The recorded
// write is handed to the service's storage.Group; the caller releases st.mu
// and waits for it to be durable, so no lock is held across an fsync and
// every write queued meanwhile shares the next transaction.
//
//   - An acknowledged write is durable: commit and flush return nil only
//     after the group holding the write has committed, and a group commits
//     only after every earlier one did.
//   - Read your writes: memory changes before the write is durable, so a
//     later request sees it at once. A read can therefore see a write that
//     is still syncing; a write built on it is queued behind it and
//     acknowledged only if both are durable.
//   - A failed write changes nothing visible: when a transaction fails, the
//     group fails it and every write queued behind it (each was computed on
//     top of it), and recoverWrites, holding the lock of every instance
//     they touched and before any of those writers returns, reloads each
//     from the store. Instances no failed write touched are not locked.

// write records a change of st, applies it, routes st again when config
// says the change may make waiting contacts routable, and makes it and the
// engine changes it caused durable.
func (s *Service) write(st *instanceState, write func(tx storage.Tx) error, apply func(), config bool) error {
	w := &storage.Writes{}
	if err := write(w); err != nil {
		return s.writeFailed(st, err)
	}
	if apply != nil {
		apply()
	}
	if !st.deleted {
		if config {
			st.configGen++
			if st.eng.Waiting() {
				st.eng.Pass()
			}
		}
		if err := s.recordEngine(w, st); err != nil {
			return s.writeFailed(st, err)
		}
	}
	return s.durable(st, w)
}

// durable queues w and waits, with st.mu released, until it is durable or
// has failed. The caller holds st.mu for writing, and holds it again when
// durable returns; anything it read before may have changed.
func (s *Service) durable(st *instanceState, w *storage.Writes) error {
	if w.Len() == 0 {
		return nil
	}
	t := s.group.Submit(st.id, w)
	st.mu.Unlock()
	err := t.Wait()
	st.mu.Lock()
	if err != nil {
		return s.writeFailed(st, err)
	}
	return nil
}

// queueEngine queues the instance's engine changes without waiting for
// them (restoring an instance, where nobody waits for an answer).
func (s *Service) queueEngine(st *instanceState) {
	w := &storage.Writes{}
	if err := s.recordEngine(w, st); err != nil {
		s.log.Error("storage write failed", "instance", st.ID, "error", err)
		return
	}
	if w.Len() > 0 {
		s.group.Submit(st.ID, w)
	}
}

func (s *Service) writeFailed(st *instanceState, err error) error {
	s.log.Error("storage write failed", "instance", st.ID, "error", err)
	return storageErr(err)
}

// recoverWrites runs on the group's committer after a failed transaction.
// It locks every instance a failed write touched (more may fail while it
// gathers their locks, so it asks again until the set is closed), fails
// those writes with the group's Recover, then puts each instance back to
// what the store holds. The writers wait for their instance's lock, so none
// answers before its instance is restored; other instances are not locked.
// It takes the locks all or none, with TryLock, and starts again when one
// is busy: it never waits for a lock while holding another, so it cannot
// deadlock with a phone number's move (which holds two).
func (s *Service) recoverWrites(err error) {
	s.log.Error("storage transaction failed; restoring the instances it touched", "error", err)
	want := map[string]bool{}
	for {
		for _, id := range s.group.Doomed() {
			want[id] = true
		}
		held, ok := s.tryLockInstances(want)
		if !ok {
			runtime.Gosched()
			continue
		}
		ids, ok := s.group.RecoverOnly(func(id string) bool { return want[id] })
		if ok {
			seen := map[string]bool{}
			for _, id := range ids {
				if !seen[id] {
					seen[id] = true
					s.reloadInstance(id, held[id])
				}
			}
		}
		for _, st := range held {
			if st != nil {
				st.mu.Unlock()
			}
		}
		if ok {
			return
		}
	}
}

// tryLockInstances write-locks every instance of ids that is in the map,
// or none (ok false) when one is busy. An ID not in the map maps to nil.
func (s *Service) tryLockInstances(ids map[string]bool) (held map[string]*instanceState, ok bool) {
	held = map[string]*instanceState{}
	for id := range ids {
		if id == "" {
			continue
		}
		s.mu.RLock()
		st := s.instances[id]
		s.mu.RUnlock()
		if st != nil && !st.mu.TryLock() {
			for _, h := range held {
				if h != nil {
					h.mu.Unlock()
				}
			}
			return nil, false
		}
		held[id] = st
	}
	return held, true
}

// commitPair is commitData for a change of two instances (a phone number
// moving from st to dst): the caller holds both locks, and unlock releases
// them once the change is applied and queued. A failure reloads both.
func (s *Service) commitPair(st, dst *instanceState, write func(tx storage.Tx) error, apply func(), unlock func()) error {
	w := &storage.Writes{}
	if err := write(w); err != nil {
		unlock()
		return s.writeFailed(st, err)
	}
	apply()
	t := s.group.Submit(st.id, w)
	// An empty write tagged dst: a failed group reloads dst as well.
	t2 := s.group.Submit(dst.id, &storage.Writes{})
	unlock()
	err, err2 := t.Wait(), t2.Wait()
	if err == nil {
		err = err2
	}
	if err != nil {
		// Recovery holds both locks until both are restored: wait for it
		// before answering.
		first, second := st, dst
		if second.id < first.id {
			first, second = second, first
		}
		first.mu.Lock()
		second.mu.Lock()
		second.mu.Unlock()
		first.mu.Unlock()
		s.log.Error("storage write failed", "instance", st.id, "error", err)
		return storageErr(err)
	}
	return nil
}

// reloadInstance replaces an instance's memory with what the store holds:
// its records, its engine (timers re-armed as at start-up) and its search
// index entries. old is the instance in memory (nil when it is not in the
// map, e.g. a failed delete); the caller holds its lock, and it is
// reloaded in place. An instance the store does not hold is removed. When
// the store cannot be read, memory stays as it is.
func (s *Service) reloadInstance(id string, old *instanceState) {
	var st *instanceState
	err := s.store.View(func(tx storage.ReadTx) error {
		var err error
		st, err = readInstance(tx, id)
		return err
	})
	if err != nil {
		s.log.Error("restore instance: store unreadable; memory kept", "instance", id, "error", err)
		return
	}
	if old != nil {
		old.eng.Stop()
	}
	for _, ix := range s.indexers {
		ix.DropInstance(id)
	}
	if st == nil {
		if old != nil {
			old.deleted = true
		}
		s.mu.Lock()
		delete(s.instances, id)
		s.mu.Unlock()
		return
	}
	if old != nil {
		old.instanceData = st.instanceData
		old.deleted = false
		st = old
	} else {
		st.mu.Lock()
		defer st.mu.Unlock()
	}
	s.bind(st)
	s.mu.Lock()
	s.instances[id] = st
	s.mu.Unlock()
	for _, c := range st.eng.Contacts() {
		st.metrics.noteLive(c)
	}
	s.reindex(st)
	s.restoreEngine(st)
}

// readInstance reads one instance and its records through the schema, as
// start-up does (nil when the store has no such instance). A record that
// does not load is an error: memory is then kept as it is.
func readInstance(tx storage.ReadTx, id string) (*instanceState, error) {
	v, err := tx.Get(bucketInstances, id)
	if errors.Is(err, storage.ErrNotFound) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	ls := &loadState{instances: map[string]*instanceState{}, records: map[string]int{}, orphans: map[string]int{}}
	for i := range schema {
		rt := &schema[i]
		switch {
		case rt.bucket == bucketInstances:
			if err := ls.record(rt, id, v); err != nil {
				return nil, fmt.Errorf("%s %s: %w", rt.bucket, id, err)
			}
		case rt.child != nil:
			if err := tx.Scan(rt.bucket, id+"/", func(k string, v []byte) error {
				if err := ls.record(rt, k, v); err != nil {
					return fmt.Errorf("%s %s: %w", rt.bucket, k, err)
				}
				return nil
			}); err != nil {
				return nil, err
			}
			// A record keyed by the instance ID alone (the hierarchy
			// structure) has no "/".
			if v, err := tx.Get(rt.bucket, id); err == nil {
				if err := ls.record(rt, id, v); err != nil {
					return nil, fmt.Errorf("%s %s: %w", rt.bucket, id, err)
				}
			} else if !errors.Is(err, storage.ErrNotFound) {
				return nil, err
			}
		}
	}
	st := ls.instances[id]
	if st == nil {
		return nil, fmt.Errorf("instance %s did not load", id)
	}
	st.reindexProficiencies()
	return st, nil
}

// Close stops streaming out, commits the writes still queued and stops
// the committer; later writes fail. It does not close the store.
func (s *Service) Close() {
	s.stopStreams()
	s.group.Close()
}
