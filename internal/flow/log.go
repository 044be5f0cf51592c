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
type Log struct {
	recs []logRec
}

type logRec struct {
	ns int64     // Time.UnixNano, or exact when e.Time is the time itself
	e  *LogEntry // its Time is in the entry's location
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

// shapes are the shared records of one block's log entries.
type shapes struct {
	mu sync.Mutex
	m  map[shapeKey]*LogEntry
}

type shapeKey struct {
	flowID, result, branch, err string
	loc                         *time.Location // the entry's time's
	params                      bool           // Parameters is the block's shared map (else nil)
}

// Append adds entries (of an execution's Log) to the log.
func (l *Log) Append(entries []LogEntry) {
	if len(entries) == 0 {
		return
	}
	if cap(l.recs)-len(l.recs) < len(entries) {
		grown := make([]logRec, len(l.recs), len(l.recs)+len(entries))
		copy(grown, l.recs)
		l.recs = grown
	}
	for i := range entries {
		x := &entries[i]
		if t := x.Time; t.Before(minNano) || !t.Before(maxNano) {
			c := *x
			c.act = nil
			l.recs = append(l.recs, logRec{ns: exact, e: &c})
			continue
		}
		l.recs = append(l.recs, logRec{ns: x.Time.UnixNano(), e: share(x)})
	}
}

// Len is the number of entries.
func (l Log) Len() int { return len(l.recs) }

// AppendTo appends the log's entries to dst.
func (l Log) AppendTo(dst []LogEntry) []LogEntry {
	for _, r := range l.recs {
		x := *r.e
		if r.ns != exact {
			x.Time = time.Unix(0, r.ns).In(r.e.Time.Location())
		}
		dst = append(dst, x)
	}
	return dst
}

// share is the record of x: its block's shared one when there is one.
func share(x *LogEntry) *LogEntry {
	a := x.act
	loc := x.Time.Location()
	own := func() *LogEntry {
		c := *x
		c.Time, c.act = time.Time{}.In(loc), nil
		return &c
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
	if r := s.m[k]; r != nil {
		return r
	}
	if len(s.m) == maxShapes {
		return own()
	}
	if s.m == nil {
		s.m = map[shapeKey]*LogEntry{}
	}
	r := own()
	s.m[k] = r
	return r
}
