package storage

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Bolt is the embedded, durable Store: one bbolt file in the data dir. Each
// Update is one bbolt transaction, fsynced before it returns.
type Bolt struct {
	db *bolt.DB
}

var _ Store = (*Bolt)(nil)

// BoltFile is the database file's name inside the data dir.
const BoltFile = "connect-local.db"

// OpenBolt opens (creating if needed) the store in dir.
func OpenBolt(dir string) (*Bolt, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("storage: create data dir: %w", err)
	}
	db, err := bolt.Open(filepath.Join(dir, BoltFile), 0o600, &bolt.Options{Timeout: 2 * time.Second})
	if err != nil {
		return nil, fmt.Errorf("storage: open %s: %w (is another connect-local using this data dir?)", dir, err)
	}
	return &Bolt{db: db}, nil
}

// OpenBoltReadOnly opens an existing store in dir for reading only (the
// integrity check). It waits up to 2 s for a running server to let go of
// the file.
func OpenBoltReadOnly(dir string) (*Bolt, error) {
	path := filepath.Join(dir, BoltFile)
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("storage: %w", err)
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 2 * time.Second, ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("storage: open %s: %w (is a connect-local server using this data dir?)", dir, err)
	}
	return &Bolt{db: db}, nil
}

func (b *Bolt) Update(fn func(Tx) error) error {
	return b.db.Update(func(tx *bolt.Tx) error { return fn(boltTx{tx}) })
}

func (b *Bolt) View(fn func(ReadTx) error) error {
	return b.db.View(func(tx *bolt.Tx) error { return fn(boltTx{tx}) })
}

func (b *Bolt) Check() error {
	return b.db.View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			return err
		}
		return nil
	})
}

func (b *Bolt) Close() error { return b.db.Close() }

// Durable is true: each Update is fsynced to the file before it returns.
func (b *Bolt) Durable() bool { return true }

type boltTx struct{ tx *bolt.Tx }

func (t boltTx) Get(bucket, key string) ([]byte, error) {
	bk := t.tx.Bucket([]byte(bucket))
	if bk == nil {
		return nil, ErrNotFound
	}
	v := bk.Get([]byte(key))
	if v == nil {
		return nil, ErrNotFound
	}
	return append([]byte(nil), v...), nil
}

func (t boltTx) Scan(bucket, prefix string, fn func(string, []byte) error) error {
	bk := t.tx.Bucket([]byte(bucket))
	if bk == nil {
		return nil
	}
	c := bk.Cursor()
	p := []byte(prefix)
	for k, v := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, v = c.Next() {
		if err := fn(string(k), v); err != nil {
			return err
		}
	}
	return nil
}

func (t boltTx) Put(bucket, key string, value []byte) error {
	bk, err := t.tx.CreateBucketIfNotExists([]byte(bucket))
	if err != nil {
		return err
	}
	return bk.Put([]byte(key), value)
}

func (t boltTx) Delete(bucket, key string) error {
	bk := t.tx.Bucket([]byte(bucket))
	if bk == nil {
		return nil
	}
	return bk.Delete([]byte(key))
}

func (t boltTx) DeletePrefix(bucket, prefix string) error {
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
}
