package storage

import (
	"errors"
	"sync"
)

// Writes is a recorded set of writes: a Tx that only remembers what was
// put and deleted, to be committed later, in order, by Apply. Recording
// copies values, so the caller may reuse them. It has no store behind it:
// Get, Scan and Buckets fail with ErrWriteOnly.
type Writes struct {
	ops []writeOp
}

type writeOp struct {
	kind   byte // 'p' put, 'd' delete, 'x' delete prefix
	bucket string
	key    string
	value  []byte
}

// ErrWriteOnly is returned by reads on a Writes.
var ErrWriteOnly = errors.New("storage: recorded writes cannot be read")

var _ Tx = (*Writes)(nil)

func (w *Writes) Put(bucket, key string, value []byte) error {
	w.ops = append(w.ops, writeOp{kind: 'p', bucket: bucket, key: key, value: append([]byte{}, value...)})
	return nil
}

func (w *Writes) Delete(bucket, key string) error {
	w.ops = append(w.ops, writeOp{kind: 'd', bucket: bucket, key: key})
	return nil
}

func (w *Writes) DeletePrefix(bucket, prefix string) error {
	w.ops = append(w.ops, writeOp{kind: 'x', bucket: bucket, key: prefix})
	return nil
}

func (w *Writes) Get(string, string) ([]byte, error) { return nil, ErrWriteOnly }

func (w *Writes) Scan(string, string, func(string, []byte) error) error { return ErrWriteOnly }

// Buckets fails with ErrWriteOnly.
func (w *Writes) Buckets(func(string) error) error { return ErrWriteOnly }

// Len is how many writes are recorded.
func (w *Writes) Len() int { return len(w.ops) }

// Apply replays the recorded writes, in order, into tx.
func (w *Writes) Apply(tx Tx) error {
	for _, op := range w.ops {
		var err error
		switch op.kind {
		case 'p':
			err = tx.Put(op.bucket, op.key, op.value)
		case 'd':
			err = tx.Delete(op.bucket, op.key)
		case 'x':
			err = tx.DeletePrefix(op.bucket, op.key)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// Group commits recorded writes in groups (group commit): one committer
// takes every write queued while the previous transaction ran and commits
// them all in ONE Update of the store, so concurrent writers share one
// fsync instead of queueing for one each. Nobody holds a lock of the
// caller's while the store syncs.
//
// Guarantees, resting on the Store contract (atomic, durable, serialised
// Updates):
//   - writes commit in the order Submit was called;
//   - a Ticket reports nil only once its write is durable;
//   - a group is atomic: when its transaction fails, no write of it is
//     visible and every write in it fails with the error;
//   - after a failure the Group is failed: every write queued behind the
//     failed group, and every write submitted until Recover, fails with the
//     same error without reaching the store, since each was computed on top
//     of writes that now never happened. The failure handler given to
//     NewGroup runs (on the committer) before any of those tickets
//     completes; it must call Recover, after putting the caller's state
//     back to what the store holds.
type Group struct {
	store  Store
	onFail func(err error)

	mu      sync.Mutex
	queue   []*Ticket
	failure error // non-nil while failed
	doomed  []*Ticket
	closed  bool
	wake    chan struct{}
	done    chan struct{}
}

// Ticket is one submitted write.
type Ticket struct {
	tag  string
	w    *Writes
	done chan struct{}
	err  error
}

// Wait blocks until the write is durable (nil) or has failed.
func (t *Ticket) Wait() error {
	<-t.done
	return t.err
}

// Done is closed once the write is durable or has failed.
func (t *Ticket) Done() <-chan struct{} { return t.done }

// NewGroup starts a committer over s. onFail, when not nil, is called
// after a failed transaction; nil means Recover is called at once.
func NewGroup(s Store, onFail func(err error)) *Group {
	g := &Group{store: s, onFail: onFail, wake: make(chan struct{}, 1), done: make(chan struct{})}
	go g.run()
	return g
}

// Submit queues w, labelled tag (returned by Recover when it fails).
func (g *Group) Submit(tag string, w *Writes) *Ticket {
	t := &Ticket{tag: tag, w: w, done: make(chan struct{})}
	g.mu.Lock()
	defer g.mu.Unlock()
	switch {
	case g.closed:
		t.err = ErrClosed
		close(t.done)
	case g.failure != nil:
		g.doomed = append(g.doomed, t)
	default:
		g.queue = append(g.queue, t)
		select {
		case g.wake <- struct{}{}:
		default:
		}
	}
	return t
}

// Recover ends a failure: it fails every write of the failed group and
// every write queued or submitted since, and returns their tags in order.
// Writes submitted after it returns are committed again.
func (g *Group) Recover() []string {
	tags, _ := g.RecoverOnly(func(string) bool { return true })
	return tags
}

// Close commits what is queued, stops the committer and fails every later
// Submit with ErrClosed. It does not close the store.
func (g *Group) Close() {
	g.mu.Lock()
	if g.closed {
		g.mu.Unlock()
		<-g.done
		return
	}
	g.closed = true
	g.mu.Unlock()
	select {
	case g.wake <- struct{}{}:
	default:
	}
	<-g.done
}

func (g *Group) run() {
	defer close(g.done)
	for range g.wake {
		for {
			g.mu.Lock()
			batch := g.queue
			g.queue = nil
			closed := g.closed
			g.mu.Unlock()
			if len(batch) == 0 {
				if closed {
					return
				}
				break
			}
			g.commit(batch)
		}
	}
}

func (g *Group) commit(batch []*Ticket) {
	err := g.store.Update(func(tx Tx) error {
		for _, t := range batch {
			if err := t.w.Apply(tx); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		for _, t := range batch {
			close(t.done)
		}
		return
	}
	g.mu.Lock()
	g.failure = err
	g.doomed = append(append(batch, g.queue...), g.doomed...)
	g.queue = nil
	g.mu.Unlock()
	if g.onFail != nil {
		g.onFail(err)
	} else {
		g.Recover()
	}
}

// Doomed returns the tags of the writes failed since the last Recover and
// not yet recovered, in order (none while the Group is not failed). A
// caller that must hold a lock per tag before recovering takes those
// locks, then calls RecoverOnly.
func (g *Group) Doomed() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	tags := make([]string, 0, len(g.doomed))
	for _, t := range g.doomed {
		tags = append(tags, t.tag)
	}
	return tags
}

// RecoverOnly is Recover if every doomed write's tag satisfies held, and
// reports true; otherwise (a write of another tag was doomed meanwhile) it
// changes nothing and reports false, and the caller takes more locks and
// tries again.
func (g *Group) RecoverOnly(held func(tag string) bool) ([]string, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, t := range g.doomed {
		if !held(t.tag) {
			return nil, false
		}
	}
	tags := make([]string, 0, len(g.doomed))
	for _, t := range g.doomed {
		tags = append(tags, t.tag)
		t.err = g.failure
		close(t.done)
	}
	g.doomed, g.failure = nil, nil
	return tags, true
}
