package instance

import (
	"runtime"

	"github.com/connect-local/connect-local/internal/storage"
)

// Group commit. A write is computed and applied to memory under its
// instance's lock (st.Mu), and recorded (storage.Writes) in the same
// critical section, so the order of writes in the store is the order in
// which memory changed. The recorded write is handed to the Core's
// storage.Group; the caller releases st.Mu and waits for it to be
// durable, so no lock is held across an fsync and every write queued
// meanwhile shares the next transaction.
//
//   - An acknowledged write is durable: Commit and Flush return nil only
//     after the group holding the write has committed, and a group commits
//     only after every earlier one did.
//   - Read your writes: memory changes before the write is durable, so a
//     later request sees it at once. A read can therefore see a write that
//     is still syncing; a write built on it is queued behind it and
//     acknowledged only if both are durable.
//   - A failed write changes nothing visible: when a transaction fails, the
//     group fails it and every write queued behind it (each was computed on
//     top of it), and RecoverWrites, holding the lock of every instance
//     they touched and before any of those writers returns, reloads each
//     from the store (the Reload hook). Instances no failed write touched
//     are not locked.

// Commit writes a configuration change of instance st: it applies the
// change to memory, routes st again when contacts wait in it (a routing
// profile, queue, status or proficiency change can make them routable,
// docs/routing.md#the-matching-loop), and returns once the change and the
// engine changes it caused are durable. The caller holds st.Mu for
// writing; Commit releases it while the write syncs. When the write
// fails, the instance is back to what the store holds and Commit returns
// an internal error. Only st is touched: its configuration generation
// moves; no other instance is routed, flushed or invalidated.
func (c *Core) Commit(st *State, write func(tx storage.Tx) error, apply func()) error {
	return c.write(st, write, apply, true)
}

// CommitData is Commit for records routing never reads (tags,
// transcripts, searchable keys): the instance's caches stay valid and it
// is not routed again.
func (c *Core) CommitData(st *State, write func(tx storage.Tx) error, apply func()) error {
	return c.write(st, write, apply, false)
}

// write records a change of st, applies it, routes st again when config
// says the change may make waiting contacts routable, and makes it and the
// engine changes it caused durable.
func (c *Core) write(st *State, write func(tx storage.Tx) error, apply func(), config bool) error {
	w := &storage.Writes{}
	if err := write(w); err != nil {
		return c.WriteFailed(st, err)
	}
	if apply != nil {
		apply()
	}
	if !st.Deleted {
		if config {
			st.ConfigGen++
			if st.Eng.Waiting() {
				st.Eng.Pass()
			}
		}
		if err := c.record(w, st); err != nil {
			return c.WriteFailed(st, err)
		}
	}
	return c.Durable(st, w)
}

func (c *Core) record(w *storage.Writes, st *State) error {
	if c.Record == nil {
		return nil
	}
	return c.Record(w, st)
}

// Flush makes every change the engine (and what hangs off it) made
// durable, in one write. The caller holds st.Mu for writing; Flush
// releases it while the write syncs.
func (c *Core) Flush(st *State) error {
	w := &storage.Writes{}
	if err := c.record(w, st); err != nil {
		return c.WriteFailed(st, err)
	}
	return c.Durable(st, w)
}

// Durable queues w and waits, with st.Mu released, until it is durable or
// has failed. The caller holds st.Mu for writing, and holds it again when
// Durable returns; anything it read before may have changed.
func (c *Core) Durable(st *State, w *storage.Writes) error {
	if w.Len() == 0 {
		return nil
	}
	t := c.Group.Submit(st.FixedID, w)
	st.Mu.Unlock()
	err := t.Wait()
	st.Mu.Lock()
	if err != nil {
		return c.WriteFailed(st, err)
	}
	return nil
}

// QueueEngine queues the instance's engine changes without waiting for
// them (restoring an instance, where nobody waits for an answer).
func (c *Core) QueueEngine(st *State) {
	w := &storage.Writes{}
	if err := c.record(w, st); err != nil {
		c.Log.Error("storage write failed", "instance", st.ID, "error", err)
		return
	}
	if w.Len() > 0 {
		c.Group.Submit(st.ID, w)
	}
}

// WriteFailed logs a failed write of st and is the error its caller answers.
func (c *Core) WriteFailed(st *State, err error) error {
	c.Log.Error("storage write failed", "instance", st.ID, "error", err)
	return StorageErr(err)
}

// RecoverWrites runs on the group's committer after a failed transaction
// (the Group's recover function). It locks every instance a failed write
// touched (more may fail while it gathers their locks, so it asks again
// until the set is closed), fails those writes with the group's Recover,
// then puts each instance back to what the store holds (Reload). The
// writers wait for their instance's lock, so none answers before its
// instance is restored; other instances are not locked. It takes the
// locks all or none, with TryLock, and starts again when one is busy: it
// never waits for a lock while holding another, so it cannot deadlock
// with a phone number's move (which holds two).
func (c *Core) RecoverWrites(err error) {
	c.Log.Error("storage transaction failed; restoring the instances it touched", "error", err)
	want := map[string]bool{}
	for {
		for _, id := range c.Group.Doomed() {
			want[id] = true
		}
		held, ok := c.tryLockInstances(want)
		if !ok {
			runtime.Gosched()
			continue
		}
		ids, ok := c.Group.RecoverOnly(func(id string) bool { return want[id] })
		if ok {
			seen := map[string]bool{}
			for _, id := range ids {
				if !seen[id] {
					seen[id] = true
					c.Reload(id, held[id])
				}
			}
		}
		for _, st := range held {
			if st != nil {
				st.Mu.Unlock()
			}
		}
		if ok {
			return
		}
	}
}

// tryLockInstances write-locks every instance of ids that is in the map,
// or none (ok false) when one is busy. An ID not in the map maps to nil.
func (c *Core) tryLockInstances(ids map[string]bool) (held map[string]*State, ok bool) {
	held = map[string]*State{}
	for id := range ids {
		if id == "" {
			continue
		}
		st := c.Get(id)
		if st != nil && !st.Mu.TryLock() {
			for _, h := range held {
				if h != nil {
					h.Mu.Unlock()
				}
			}
			return nil, false
		}
		held[id] = st
	}
	return held, true
}

// CommitPair is CommitData for a change of two instances (a phone number
// moving from st to dst): the caller holds both locks, and unlock releases
// them once the change is applied and queued. A failure reloads both.
func (c *Core) CommitPair(st, dst *State, write func(tx storage.Tx) error, apply func(), unlock func()) error {
	w := &storage.Writes{}
	if err := write(w); err != nil {
		unlock()
		return c.WriteFailed(st, err)
	}
	apply()
	t := c.Group.Submit(st.FixedID, w)
	// An empty write tagged dst: a failed group reloads dst as well.
	t2 := c.Group.Submit(dst.FixedID, &storage.Writes{})
	unlock()
	err, err2 := t.Wait(), t2.Wait()
	if err == nil {
		err = err2
	}
	if err != nil {
		// Recovery holds both locks until both are restored: wait for it
		// before answering.
		first, second := st, dst
		if second.FixedID < first.FixedID {
			first, second = second, first
		}
		first.Mu.Lock()
		second.Mu.Lock()
		second.Mu.Unlock()
		first.Mu.Unlock()
		c.Log.Error("storage write failed", "instance", st.FixedID, "error", err)
		return StorageErr(err)
	}
	return nil
}
