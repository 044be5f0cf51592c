package addrcache

import "unsafe"

// bits is the log2 of a cache's number of entries: 4,096, for the
// thousands of agents of a large center.
const bits = 12

// Cache maps names to values by address. The zero Cache is empty; its
// entries are allocated at its first use.
type Cache[V any] struct{ e *[1 << bits]Entry[V] }

// Entry is the place of one name in a cache: V is its value when Is says
// the entry holds the name.
type Entry[V any] struct {
	p *byte
	n int
	V V
}

// At is the entry s would sit in ("" never does: it has no address).
func (c *Cache[V]) At(s string) *Entry[V] {
	if c.e == nil {
		c.e = new([1 << bits]Entry[V])
	}
	p := uint64(uintptr(unsafe.Pointer(unsafe.StringData(s))))
	return &c.e[(p>>3)*0x9E3779B97F4A7C15>>(64-bits)]
}

// Is reports whether the entry holds s.
func (e *Entry[V]) Is(s string) bool {
	return len(s) > 0 && e.p == unsafe.StringData(s) && e.n == len(s)
}

// Set makes the entry s's, with v ("" is never kept).
func (e *Entry[V]) Set(s string, v V) {
	if len(s) > 0 {
		*e = Entry[V]{p: unsafe.StringData(s), n: len(s), V: v}
	}
}
