package storage

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// Bolt is the embedded, durable Store: one bbolt file in the data dir. Each
// Update is one bbolt transaction, fsynced before it returns.
//
// A damaged file is an error, never a crash: OpenBolt verifies the file's
// structure (VerifyFile) before bbolt maps it, and every call into bbolt
// runs with memory faults turned into panics and any panic from bbolt
// turned into a *DamagedError (guard). Panics of the caller's own
// functions pass through unchanged.
type Bolt struct {
	db   *bolt.DB
	path string
}

var _ Store = (*Bolt)(nil)

// BoltFile is the database file's name inside the data dir.
const BoltFile = "connect-local.db"

// lockWait is how long an open waits for another process to let go of the
// file.
const lockWait = 2 * time.Second

// ErrLocked is the error of opening a data file another process holds.
var ErrLocked = errors.New("the data file is locked by another process (is another connect-local using this data dir?)")

// OpenBolt opens (creating if needed) the store in dir.
func OpenBolt(dir string) (*Bolt, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("storage: create data dir: %w", err)
	}
	path := filepath.Join(dir, BoltFile)
	if err := verifyLocked(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	return openBolt(path, &bolt.Options{Timeout: lockWait})
}

// OpenBoltReadOnly opens an existing store in dir for reading only (the
// integrity check). It waits up to 2 s for a running server to let go of
// the file.
func OpenBoltReadOnly(dir string) (*Bolt, error) {
	path := filepath.Join(dir, BoltFile)
	if err := verifyLocked(path); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("storage: %w", err)
		}
		return nil, err
	}
	return openBolt(path, &bolt.Options{Timeout: lockWait, ReadOnly: true})
}

// verifyLocked runs VerifyFile holding a shared lock on the file, so that
// a server writing it is reported as such, not as damage.
func verifyLocked(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := lockShared(f, lockWait); err != nil {
		return fmt.Errorf("storage: %s: %w", path, err)
	}
	return VerifyFile(path)
}

func openBolt(path string, opts *bolt.Options) (*Bolt, error) {
	// Keep the file bbolt opens, to close it (and drop its lock) if
	// bbolt panics half-way through Open.
	var file *os.File
	opts.OpenFile = func(name string, flag int, perm os.FileMode) (*os.File, error) {
		f, err := os.OpenFile(name, flag, perm)
		file = f
		return f, err
	}
	b := &Bolt{path: path}
	err := b.guard(&guardState{}, func() error {
		var err error
		b.db, err = bolt.Open(path, 0o600, opts)
		return err
	})
	switch {
	case err == nil:
		return b, nil
	case errors.Is(err, ErrDamaged):
		if file != nil {
			file.Close()
		}
		return nil, err
	case errors.Is(err, berrors.ErrTimeout):
		return nil, fmt.Errorf("storage: %s: %w", path, ErrLocked)
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrChecksum), errors.Is(err, berrors.ErrVersionMismatch):
		return nil, &DamagedError{Path: path, Reason: err.Error()}
	}
	return nil, fmt.Errorf("storage: open %s: %w", path, err)
}

// guard runs f, a call into bbolt, with memory faults of the mapped file
// turned into panics (runtime/debug.SetPanicOnFault applies to this
// goroutine only, which is where bbolt reads the map), and a panic turned
// into a *DamagedError, unless it is a panic of the caller's own function
// (st.inCaller), which guard leaves alone, stack and all.
func (b *Bolt) guard(st *guardState, f func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if st.inCaller {
			return
		}
		if r := recover(); r != nil {
			err = &DamagedError{Path: b.path, Reason: fmt.Sprintf("reading it failed: %v", r)}
		}
	}()
	return f()
}

// guardState says whether a transaction is running the caller's code or
// bbolt's.
type guardState struct{ inCaller bool }

// caller runs the caller's f.
func (st *guardState) caller(f func() error) error {
	st.inCaller = true
	err := f()
	st.inCaller = false
	return err
}

func (b *Bolt) Update(fn func(Tx) error) error {
	st := &guardState{}
	return b.guard(st, func() error {
		return b.db.Update(func(tx *bolt.Tx) error { return st.caller(func() error { return fn(boltTx{b, st, tx}) }) })
	})
}

func (b *Bolt) View(fn func(ReadTx) error) error {
	st := &guardState{}
	return b.guard(st, func() error {
		return b.db.View(func(tx *bolt.Tx) error { return st.caller(func() error { return fn(boltTx{b, st, tx}) }) })
	})
}

// Check runs bbolt's own consistency check and returns every problem it
// finds. OpenBolt verified the structure already, so that the check (which
// runs in a goroutine of bbolt's, where no fault can be caught) never
// follows a page outside the file.
func (b *Bolt) Check() error {
	var errs []error
	err := b.guard(&guardState{}, func() error {
		return b.db.View(func(tx *bolt.Tx) error {
			for err := range tx.Check() {
				errs = append(errs, err)
			}
			return nil
		})
	})
	if err != nil {
		return err
	}
	if len(errs) > 0 {
		return &DamagedError{Path: b.path, Reason: errors.Join(errs...).Error()}
	}
	return nil
}

func (b *Bolt) Close() error { return b.db.Close() }

// Durable is true: each Update is fsynced to the file before it returns.
func (b *Bolt) Durable() bool { return true }

type boltTx struct {
	b  *Bolt
	st *guardState
	tx *bolt.Tx
}

// bolt runs f, which calls into bbolt, from the caller's code: damage
// becomes f's error.
func (t boltTx) bolt(f func() error) error {
	t.st.inCaller = false
	err := t.b.guard(t.st, f)
	t.st.inCaller = true
	return err
}

func (t boltTx) Get(bucket, key string) (v []byte, err error) {
	err = t.bolt(func() error {
		bk := t.tx.Bucket([]byte(bucket))
		if bk == nil {
			return ErrNotFound
		}
		if v = bk.Get([]byte(key)); v == nil {
			return ErrNotFound
		}
		v = append([]byte(nil), v...)
		return nil
	})
	return v, err
}

// Scan copies each value before calling fn, so that fn never reads the
// mapped file (where damage could fault outside guard).
func (t boltTx) Scan(bucket, prefix string, fn func(string, []byte) error) error {
	return t.bolt(func() error {
		bk := t.tx.Bucket([]byte(bucket))
		if bk == nil {
			return nil
		}
		c := bk.Cursor()
		p := []byte(prefix)
		for k, v := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, v = c.Next() {
			key, buf := string(k), append([]byte(nil), v...)
			if err := t.st.caller(func() error { return fn(key, buf) }); err != nil {
				return err
			}
		}
		return nil
	})
}

func (t boltTx) Buckets(fn func(string) error) error {
	return t.bolt(func() error {
		return t.tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			if k, _ := b.Cursor().First(); k == nil {
				return nil
			}
			n := string(name)
			return t.st.caller(func() error { return fn(n) })
		})
	})
}

func (t boltTx) Put(bucket, key string, value []byte) error {
	return t.bolt(func() error {
		bk, err := t.tx.CreateBucketIfNotExists([]byte(bucket))
		if err != nil {
			return err
		}
		return bk.Put([]byte(key), value)
	})
}

func (t boltTx) Delete(bucket, key string) error {
	return t.bolt(func() error {
		bk := t.tx.Bucket([]byte(bucket))
		if bk == nil {
			return nil
		}
		return bk.Delete([]byte(key))
	})
}

func (t boltTx) DeletePrefix(bucket, prefix string) error {
	return t.bolt(func() error {
		bk := t.tx.Bucket([]byte(bucket))
		if bk == nil {
			return nil
		}
		c := bk.Cursor()
		p := []byte(prefix)
		for k, _ := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, _ = c.Seek(p) {
			if err := bk.Delete(k); err != nil {
				return err
			}
		}
		return nil
	})
}
