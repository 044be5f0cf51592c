package flow

import (
	"math"
	"reflect"
	"sync"
	"time"
)

// A Log is a flow log kept compactly, for a contact whose flow is over:
// each entry is its time (in nanoseconds; the record holds its location)
// and a record of the rest. A block logs the same
// record again and again (the same flow, result, branch and error, with
// the block's shared parameters), so such records are shared by every
// entry alike, read-only; an entry whose parameters are its own (they
// refer to the contact) keeps a record of its own. Entries gives the log
// back as it was appended.
//
// The entries of many logs live in one chunk of the package's arena
// (arena.go): a pointer-free array of (time, record number), the records
// numbered in the chunk's table, so that a log costs the garbage
// collector no object and no pointer of its own.
type Log struct {
	c      *chunk // nil: no entry yet
	off, n int32  // the log's entries are c.recs[off:off+n]
}

type logRec struct {
	ns  int64  // Time.UnixNano, or exact when the record's Time is the time itself
	ref uint32 // the record: the chunk's tab[ref]
}

// exact marks an entry whose time nanoseconds cannot hold: its record is
// its own and holds the time.
const exact = math.MinInt64

// Times of the years nanoseconds since 1970 hold.
var (
	minNano = time.Date(1680, 1, 1, 0, 0, 0, 0, time.UTC)
	maxNano = time.Date(2260, 1, 1, 0, 0, 0, 0, time.UTC)
)

// maxShapes bounds the shared records of one block: past it (results that
// name the customer's input, …), entries keep records of their own.
const maxShapes = 64

// shapes are the shared records of one block's log entries, searched in
// order: a block has few (most have one), and comparing keys is cheaper
// than hashing their strings.
type shapes struct {
	mu   sync.Mutex
	list []shape
}

type shape struct {
	k shapeKey
	r *record
}

type shapeKey struct {
	flowID, result, branch, err string
	loc                         *time.Location // the entry's time's
	params                      bool           // Parameters is the block's shared map (else nil)
}

// A record is the rest of an entry, its Time in the entry's location
// (or the time itself, for an exact entry); gen and ref are where the
// arena's newest chunk that refers to it holds it.
type record struct {
	e   LogEntry
	gen uint64
	ref uint32
}

// Append adds entries (of an execution's Log) to the log.
func (l *Log) Append(entries []LogEntry) {
	if len(entries) == 0 {
		return
	}
	arena.mu.Lock()
	defer arena.mu.Unlock()
	c, recs := arena.grow(l, len(entries))
	for i := range entries {
		x := &entries[i]
		if t := x.Time; t.Before(minNano) || !t.Before(maxNano) {
			r := &record{e: *x}
			r.e.act = nil
			recs[i] = logRec{ns: exact, ref: c.ref(r)}
			continue
		}
		recs[i] = logRec{ns: x.Time.UnixNano(), ref: c.ref(share(x))}
	}
}

// Len is the number of entries.
func (l Log) Len() int { return int(l.n) }

// AppendTo appends the log's entries to dst.
func (l Log) AppendTo(dst []LogEntry) []LogEntry {
	if l.n == 0 {
		return dst
	}
	arena.mu.Lock()
	defer arena.mu.Unlock()
	for _, r := range l.c.recs[l.off : l.off+l.n] {
		e := &l.c.tab[r.ref].e
		x := *e
		if r.ns != exact {
			x.Time = time.Unix(0, r.ns).In(e.Time.Location())
		}
		dst = append(dst, x)
	}
	return dst
}

// rec is the record of entry i (for tests).
func (l Log) rec(i int) *record {
	arena.mu.Lock()
	defer arena.mu.Unlock()
	return l.c.tab[l.c.recs[int(l.off)+i].ref]
}

// share is the record of x: its block's shared one when there is one.
func share(x *LogEntry) *record {
	a := x.act
	loc := x.Time.Location()
	own := func() *record {
		r := &record{e: *x}
		r.e.Time, r.e.act = time.Time{}.In(loc), nil
		return r
	}
	if a == nil || a.shapes == nil || x.Identifier != a.Identifier || x.Type != a.Type {
		return own()
	}
	k := shapeKey{flowID: x.FlowID, result: x.Result, branch: x.Branch, err: x.Error, loc: loc}
	if x.Parameters != nil {
		if !a.logStatic || a.logParams == nil || reflect.ValueOf(x.Parameters).UnsafePointer() != reflect.ValueOf(a.logParams).UnsafePointer() {
			return own()
		}
		k.params = true
	}
	s := a.shapes
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.list {
		if s.list[i].k == k {
			return s.list[i].r
		}
	}
	if len(s.list) == maxShapes {
		return own()
	}
	r := own()
	s.list = append(s.list, shape{k, r})
	return r
}
