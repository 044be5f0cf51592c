package search

import (
	"slices"
	"sort"
)

const dayMs = 86_400_000

// timeIndex orders the contacts that have one timestamp, in day buckets so
// that a contact arriving out of order moves at most one day's entries.
// Buckets sort lazily: an out-of-order append marks its bucket, and prepare
// sorts every marked bucket before a search reads them.
type timeIndex struct {
	days           map[int64]*bucket
	minDay, maxDay int64     // the days that have buckets lie within
	unsort         []*bucket // buckets with unsorted appends
}

type bucket struct {
	e      []entry
	sorted bool
}

// entry is one contact in a bucket: milliseconds into the day, then doc.
type entry struct {
	ms  uint32
	doc uint32
}

func (a entry) less(b entry) bool { return a.ms < b.ms || a.ms == b.ms && a.doc < b.doc }

func splitMs(ms int64) (day int64, off uint32) {
	day = ms / dayMs
	if ms%dayMs < 0 {
		day--
	}
	return day, uint32(ms - day*dayMs)
}

func (t *timeIndex) add(ms int64, doc uint32) {
	if t.days == nil {
		t.days = map[int64]*bucket{}
	}
	day, off := splitMs(ms)
	b := t.days[day]
	if b == nil {
		b = &bucket{sorted: true}
		if len(t.days) == 0 || day < t.minDay {
			t.minDay = day
		}
		if len(t.days) == 0 || day > t.maxDay {
			t.maxDay = day
		}
		t.days[day] = b
	}
	e := entry{off, doc}
	if n := len(b.e); b.sorted && n > 0 && e.less(b.e[n-1]) {
		b.sorted = false
		t.unsort = append(t.unsort, b)
	}
	b.e = append(b.e, e)
}

func (t *timeIndex) remove(ms int64, doc uint32) {
	day, off := splitMs(ms)
	b := t.days[day]
	if b == nil {
		return
	}
	b.sort()
	e := entry{off, doc}
	i := sort.Search(len(b.e), func(i int) bool { return !b.e[i].less(e) })
	if i < len(b.e) && b.e[i] == e {
		b.e = slices.Delete(b.e, i, i+1)
	}
}

func (b *bucket) sort() {
	if !b.sorted {
		slices.SortFunc(b.e, func(x, y entry) int {
			if x.less(y) {
				return -1
			}
			if y.less(x) {
				return 1
			}
			return 0
		})
		b.sorted = true
	}
}

// needsPrepare reports whether some bucket awaits sorting.
func (t *timeIndex) needsPrepare() bool { return len(t.unsort) > 0 }

func (t *timeIndex) prepare() {
	for _, b := range t.unsort {
		b.sort()
	}
	t.unsort = t.unsort[:0]
}

// bounds is the part of bucket b within [lo, hi] (ms since the epoch).
func (b *bucket) bounds(day, lo, hi int64) (int, int) {
	i, j := 0, len(b.e)
	if start := day * dayMs; lo > start {
		off := uint32(lo - start)
		i = sort.Search(len(b.e), func(k int) bool { return b.e[k].ms >= off })
	}
	if start := day * dayMs; hi < start+dayMs-1 {
		off := uint32(hi - start)
		j = sort.Search(len(b.e), func(k int) bool { return b.e[k].ms > off })
	}
	return i, max(i, j)
}

// span is the days to visit for [lo, hi]; empty when d0 > d1.
func (t *timeIndex) span(lo, hi int64) (d0, d1 int64) {
	if lo > hi || len(t.days) == 0 {
		return 1, 0
	}
	d0, _ = splitMs(lo)
	d1, _ = splitMs(hi)
	return max(d0, t.minDay), min(d1, t.maxDay)
}

// count is the number of entries in [lo, hi].
func (t *timeIndex) count(lo, hi int64) int {
	n := 0
	d0, d1 := t.span(lo, hi)
	for d := d0; d <= d1; d++ {
		if b := t.days[d]; b != nil {
			i, j := b.bounds(d, lo, hi)
			n += j - i
		}
	}
	return n
}

// walk calls fn for the entries in [lo, hi] in time order (reverse when
// desc), until fn returns false.
func (t *timeIndex) walk(lo, hi int64, desc bool, fn func(ms int64, doc uint32) bool) {
	d0, d1 := t.span(lo, hi)
	if d0 > d1 {
		return
	}
	step, d, end := int64(1), d0, d1
	if desc {
		step, d, end = -1, d1, d0
	}
	for ; ; d += step {
		if b := t.days[d]; b != nil {
			i, j := b.bounds(d, lo, hi)
			base := d * dayMs
			if desc {
				for k := j - 1; k >= i; k-- {
					if !fn(base+int64(b.e[k].ms), b.e[k].doc) {
						return
					}
				}
			} else {
				for k := i; k < j; k++ {
					if !fn(base+int64(b.e[k].ms), b.e[k].doc) {
						return
					}
				}
			}
		}
		if d == end {
			return
		}
	}
}
