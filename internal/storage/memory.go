package storage

import (
	"errors"
	"sort"
	"strings"
	"sync"
)

// Memory is a Store that keeps everything in memory and writes nothing.
type Memory struct {
	mu      sync.RWMutex
	buckets map[string]map[string][]byte
	closed  bool
}

var _ Store = (*Memory)(nil)

// NewMemory returns an empty in-memory store.
func NewMemory() *Memory { return &Memory{buckets: map[string]map[string][]byte{}} }

func (m *Memory) Update(fn func(Tx) error) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return ErrClosed
	}
	tx := &memTx{m: m, writes: map[string]map[string][]byte{}}
	if err := fn(tx); err != nil {
		return err
	}
	for b, kv := range tx.writes {
		dst := m.buckets[b]
		if dst == nil {
			dst = map[string][]byte{}
			m.buckets[b] = dst
		}
		for k, v := range kv {
			if v == nil {
				delete(dst, k)
			} else {
				dst[k] = v
			}
		}
	}
	return nil
}

func (m *Memory) View(fn func(ReadTx) error) error {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if m.closed {
		return ErrClosed
	}
	return fn(&memTx{m: m})
}

func (m *Memory) Check() error { return nil }

// Durable is false: nothing outlives the process.
func (m *Memory) Durable() bool { return false }

func (m *Memory) Close() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.closed = true
	return nil
}

// memTx buffers writes (nil value = delete) until Update commits them.
type memTx struct {
	m      *Memory
	writes map[string]map[string][]byte
}

func (t *memTx) Get(bucket, key string) ([]byte, error) {
	if w, ok := t.writes[bucket][key]; ok {
		if w == nil {
			return nil, ErrNotFound
		}
		return append([]byte(nil), w...), nil
	}
	v, ok := t.m.buckets[bucket][key]
	if !ok {
		return nil, ErrNotFound
	}
	return append([]byte(nil), v...), nil
}

func (t *memTx) Scan(bucket, prefix string, fn func(string, []byte) error) error {
	merged := map[string][]byte{}
	for k, v := range t.m.buckets[bucket] {
		if strings.HasPrefix(k, prefix) {
			merged[k] = v
		}
	}
	for k, v := range t.writes[bucket] {
		if strings.HasPrefix(k, prefix) {
			merged[k] = v
		}
	}
	keys := make([]string, 0, len(merged))
	for k, v := range merged {
		if v != nil {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		if err := fn(k, merged[k]); err != nil {
			return err
		}
	}
	return nil
}

func (t *memTx) Buckets(fn func(string) error) error {
	names := map[string]bool{}
	for b := range t.m.buckets {
		names[b] = true
	}
	for b := range t.writes {
		names[b] = true
	}
	var list []string
	for b := range names {
		held := false
		_ = t.Scan(b, "", func(string, []byte) error { held = true; return errStop })
		if held {
			list = append(list, b)
		}
	}
	sort.Strings(list)
	for _, b := range list {
		if err := fn(b); err != nil {
			return err
		}
	}
	return nil
}

var errStop = errors.New("stop")

func (t *memTx) bucket(b string) map[string][]byte {
	w := t.writes[b]
	if w == nil {
		w = map[string][]byte{}
		t.writes[b] = w
	}
	return w
}

func (t *memTx) Put(bucket, key string, value []byte) error {
	t.bucket(bucket)[key] = append([]byte{}, value...)
	return nil
}

func (t *memTx) Delete(bucket, key string) error {
	t.bucket(bucket)[key] = nil
	return nil
}

func (t *memTx) DeletePrefix(bucket, prefix string) error {
	var keys []string
	_ = t.Scan(bucket, prefix, func(k string, _ []byte) error { keys = append(keys, k); return nil })
	for _, k := range keys {
		t.bucket(bucket)[k] = nil
	}
	return nil
}
