package storage

import "errors"

// Store is a transactional key-value store of buckets.
//
// Implementations MUST:
//   - run each Update atomically: when fn returns an error, or the commit
//     fails, nothing fn wrote is visible, ever;
//   - make an Update durable before it returns nil (it survives kill -9 and
//     power loss for a durable backend);
//   - serialise Updates, and give View a consistent snapshot;
//   - return keys from Scan in ascending byte order;
//   - be safe for use by many goroutines;
//   - say truthfully whether it is Durable.
//
// Group (group.go) builds group commit on exactly these guarantees: it
// runs many recorded write sets in one Update, so any Store gets shared
// fsyncs; the conformance suite checks it over every backend.
type Store interface {
	Update(fn func(Tx) error) error
	View(fn func(ReadTx) error) error
	// Durable reports whether what Update commits outlives the process
	// (Bolt: a file). A store that is not durable (Memory) loses
	// everything when the process ends, so its user may skip writing
	// records it only keeps for a restart: the service then holds live
	// engine state (contacts, agent states) in memory alone, and such a
	// store is not reloaded with them. The conformance suite checks that a
	// durable store survives a reopen.
	Durable() bool
	// Check verifies the store's integrity (the file's structure for
	// Bolt) and returns every problem it finds; damage is an error that
	// matches ErrDamaged.
	Check() error
	Close() error
}

// ReadTx reads within a transaction.
type ReadTx interface {
	// Get returns a copy of the value at key, or ErrNotFound.
	Get(bucket, key string) ([]byte, error)
	// Scan calls fn for every key in bucket that starts with prefix, in
	// ascending order. fn must not keep value after it returns.
	Scan(bucket, prefix string, fn func(key string, value []byte) error) error
	// Buckets calls fn with the name of every bucket that holds a key,
	// in ascending order (`check` finds buckets no schema knows).
	Buckets(fn func(name string) error) error
}

// Tx reads and writes within a transaction.
type Tx interface {
	ReadTx
	Put(bucket, key string, value []byte) error
	// Delete removes key; deleting a missing key is not an error.
	Delete(bucket, key string) error
	// DeletePrefix removes every key in bucket that starts with prefix.
	DeletePrefix(bucket, prefix string) error
}

// ErrNotFound is returned by Get for a missing key.
var ErrNotFound = errors.New("storage: not found")

// ErrClosed is returned after Close.
var ErrClosed = errors.New("storage: closed")
