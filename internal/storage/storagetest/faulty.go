package storagetest

import (
	"errors"
	"fmt"
	"sync"

	"github.com/connect-local/connect-local/internal/storage"
)

// Faulty wraps a Store and fails its writes on demand, as a full disk or
// an unwritable data dir would: a failing Update runs fn inside the inner
// store's transaction and then rolls it back, so nothing is written, and
// returns the injected error. Reads pass through. It counts committed
// Updates, so tests can prove that a request stored nothing.
type Faulty struct {
	storage.Store
	mu      sync.Mutex
	fail    error
	commits int64
	failed  int64
}

var _ storage.Store = (*Faulty)(nil)

// NewFaulty wraps s; writes succeed until FailWrites.
func NewFaulty(s storage.Store) *Faulty { return &Faulty{Store: s} }

// FailWrites makes every later Update fail with err; nil heals the store.
func (f *Faulty) FailWrites(err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fail = err
}

// Commits is how many Updates have committed.
func (f *Faulty) Commits() int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.commits
}

// Failed is how many Updates the wrapper has failed.
func (f *Faulty) Failed() int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.failed
}

var errRollback = errors.New("storagetest: injected failure, rolled back")

func (f *Faulty) Update(fn func(storage.Tx) error) error {
	f.mu.Lock()
	fail := f.fail
	f.mu.Unlock()
	if fail != nil {
		err := f.Store.Update(func(tx storage.Tx) error {
			if err := fn(tx); err != nil {
				return err
			}
			return errRollback
		})
		f.mu.Lock()
		f.failed++
		f.mu.Unlock()
		if err != nil && !errors.Is(err, errRollback) {
			return err
		}
		return fmt.Errorf("storage: commit: %w", fail)
	}
	err := f.Store.Update(fn)
	if err == nil {
		f.mu.Lock()
		f.commits++
		f.mu.Unlock()
	}
	return err
}

// Durable wraps a store to say it is durable. Over a Memory store, a second
// service opened on the same store in the same process then stands in for a
// restart over a durable backend: the service writes its engine state.
func Durable(s storage.Store) storage.Store { return durableStore{s} }

type durableStore struct{ storage.Store }

func (durableStore) Durable() bool { return true }
