package service

import (
	"errors"
	"fmt"

	"github.com/connect-local/connect-local/internal/storage"
)

// Group commit. A write is computed and applied to memory under s.mu, and
// recorded (storage.Writes) in the same critical section, so the order of
// writes in the store is the order in which memory changed. The recorded
// write is handed to the service's storage.Group; the caller releases s.mu
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
//     top of it), and recoverWrites, under s.mu and before any of those
//     writers returns, reloads every instance they touched from the store.

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
	if s.instances[st.ID] == st { // not deleted (or never created)
		if config {
			st.configGen++
			if st.eng.waiting() {
				s.pass(st)
			}
		}
		if err := s.recordEngine(w, st); err != nil {
			return s.writeFailed(st, err)
		}
	}
	return s.durable(st, w)
}

// durable queues w and waits, with s.mu released, until it is durable or
// has failed. The caller holds s.mu for writing, and holds it again when
// durable returns; anything it read before may have changed.
func (s *Service) durable(st *instanceState, w *storage.Writes) error {
	if w.Len() == 0 {
		return nil
	}
	t := s.group.Submit(st.ID, w)
	s.mu.Unlock()
	err := t.Wait()
	s.mu.Lock()
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

// recoverWrites runs on the group's committer after a failed transaction:
// under s.mu, so that no write is computed meanwhile, it fails every write
// of the failed group and queued since, then puts each instance they
// touched back to what the store holds. Their writers wait for s.mu, so
// none answers before its instance is restored.
func (s *Service) recoverWrites(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log.Error("storage transaction failed; restoring the instances it touched", "error", err)
	seen := map[string]bool{}
	for _, id := range s.group.Recover() {
		if !seen[id] {
			seen[id] = true
			s.reloadInstance(id)
		}
	}
}

// reloadInstance replaces an instance's memory with what the store holds:
// its records, its engine (timers re-armed as at start-up) and its search
// index entries. An instance the store does not hold is removed. When the
// store cannot be read, memory stays as it is.
func (s *Service) reloadInstance(id string) {
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
	if old := s.instances[id]; old != nil {
		s.stopAllTimers(old)
		for _, ix := range s.indexers {
			ix.DropInstance(id)
		}
	}
	if st == nil {
		delete(s.instances, id)
		return
	}
	s.instances[id] = st
	for _, c := range st.eng.contacts {
		st.eng.metrics.noteLive(c)
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
