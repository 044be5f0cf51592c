package search

import (
	"slices"
	"strings"
)

// item is one result with its sort key.
type item struct {
	missing bool
	num     int64
	str     string
	id      string
}

type order struct {
	desc bool
	// ranks order the values of an enum sort field: ranks[i] is the rank
	// of interned value ids[i] (values sort by their strings).
	ids   []uint32
	ranks []int64
	names []string // the field's values in order
}

// less orders results: present keys before missing ones in both orders,
// then by key, then by contact ID ascending (docs/search.md#sorting-paging-and-counts).
func (o *order) less(a, b *item) bool {
	if a.missing != b.missing {
		return b.missing
	}
	if !a.missing && a.num != b.num {
		if o.desc {
			return a.num > b.num
		}
		return a.num < b.num
	}
	return a.id < b.id
}

// enumOrder ranks the values an enum field has in the index.
func (ix *instIndex) enumOrder(p *postings, desc bool) *order {
	o := &order{desc: desc}
	for id, i := range p.at {
		if len(p.lists[i].docs) > 0 {
			o.ids = append(o.ids, id)
		}
	}
	slices.SortFunc(o.ids, func(a, b uint32) int { return strings.Compare(ix.names[a], ix.names[b]) })
	for i, id := range o.ids {
		o.names = append(o.names, ix.names[id])
		o.ranks = append(o.ranks, 2*int64(i)+2)
	}
	return o
}

// rank is an enum value's rank; a value the index does not hold ranks
// between its neighbours.
func (o *order) rank(s string) int64 {
	i, found := slices.BinarySearch(o.names, s)
	if found {
		return 2*int64(i) + 2
	}
	return 2*int64(i) + 1
}

func (o *order) rankOf(id uint32) int64 {
	for i, x := range o.ids {
		if x == id {
			return o.ranks[i]
		}
	}
	return 0
}

func (ix *instIndex) itemOf(d *doc, f Field, o *order) item {
	it := item{id: d.id}
	switch f {
	case Channel:
		it.str, it.num = ix.names[d.channel], o.rankOf(d.channel)
	case InitiationMethod:
		it.str, it.num = ix.names[d.method], o.rankOf(d.method)
	default:
		it.num = d.times[f]
		it.missing = it.num == noTime
	}
	return it
}

func cursorItem(c *Cursor) *item {
	return &item{missing: c.Missing, num: c.Num, str: c.Str, id: c.ID}
}

// search runs a compiled query (docs/search.md#sorting-paging-and-counts): the first MaxTotal matches in
// sort order are the results; the page is the Limit of them after the
// cursor; Total counts matches up to MaxTotal.
func (ix *instIndex) search(q *Query) Result {
	root, primary := ix.compile(q)
	limit := q.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	pos := 0
	var after *item
	if q.After != nil {
		pos, after = q.After.Pos, cursorItem(q.After)
	}
	window := max(0, min(limit, MaxTotal-pos))
	o := &order{desc: q.Sort.Desc}
	switch q.Sort.Field {
	case Channel:
		o = ix.enumOrder(&ix.channel, q.Sort.Desc)
	case InitiationMethod:
		o = ix.enumOrder(&ix.meth, q.Sort.Desc)
	}
	if after != nil && !q.Sort.Field.isTime() {
		after.num = o.rank(after.str)
	}
	var page []item
	var total, examined int
	walk := q.Sort.Field == q.Range.Field && ix.orderedCheaper(root, primary)
	if q.Sort.Field == q.Range.Field && forcePlan != 0 {
		walk = forcePlan == planWalk
	}
	if walk {
		page, total, examined = ix.ordered(root, primary, o, after, window)
	} else {
		page, total, examined = ix.collect(root, q.Sort.Field, o, after, window)
	}
	res := Result{IDs: make([]string, 0, min(len(page), window)), Total: total, Examined: examined}
	for i := 0; i < len(page) && i < window; i++ {
		res.IDs = append(res.IDs, page[i].id)
	}
	if len(page) > window && window > 0 && pos+window < MaxTotal {
		last := page[window-1]
		res.Next = &Cursor{Pos: pos + window, Missing: last.missing, Num: last.num, Str: last.str, ID: last.id}
	}
	return res
}

// forcePlan lets tests run both plans; 0 lets the cost model choose.
var forcePlan int

const (
	planWalk = 1 + iota
	planCollect
)

// orderedCheaper decides between walking the TimeRange postings in sort
// order, stopping at MaxTotal matches, and collecting every candidate of
// the most selective clause (or the intersection of the sorted posting
// lists). It assumes the other clauses' selectivities are independent and
// hold along the range.
func (ix *instIndex) orderedCheaper(root *andClause, primary *rangeClause) bool {
	d := root.driver()
	if d == clause(primary) {
		return true
	}
	n := float64(max(1, ix.live))
	sel := selectivity(root.without(primary), n)
	collect := float64(d.est())
	if listable(d) {
		// A sequential merge, then a check of each survivor.
		collect = collect/8 + n*listedSelectivity(root, n)
	}
	if sel == 0 {
		return false
	}
	walk := min(float64(primary.est()), MaxTotal/sel)
	return walk < collect
}

// selectivity estimates the share of docs c matches, taking AND-ed
// conditions as independent; 1 when c cannot say (nil: no condition).
func selectivity(c clause, n float64) float64 {
	if a, ok := c.(*andClause); ok {
		p := 1.0
		for _, k := range a.kids {
			p *= selectivity(k, n)
		}
		return p
	}
	if c == nil || c.est() < 0 {
		return 1
	}
	return min(1, float64(c.est())/n)
}

// listedSelectivity estimates the share of docs listed(c) yields.
func listedSelectivity(c clause, n float64) float64 {
	if a, ok := c.(*andClause); ok {
		p := 1.0
		for _, k := range a.kids {
			if k.est() >= 0 && listable(k) {
				p *= listedSelectivity(k, n)
			}
		}
		return p
	}
	return min(1, float64(c.est())/n)
}

// ordered walks the TimeRange postings in sort order. Entries with the same
// timestamp are taken together and put in ID order.
func (ix *instIndex) ordered(root *andClause, primary *rangeClause, o *order, after *item, window int) ([]item, int, int) {
	var page, group []item
	count, examined := 0, 0
	flush := func() bool {
		if len(group) > 1 {
			slices.SortFunc(group, func(a, b item) int { return strings.Compare(a.id, b.id) })
		}
		for i := range group {
			count++
			if len(page) <= window && (after == nil || o.less(after, &group[i])) {
				page = append(page, group[i])
			}
			if count >= MaxTotal {
				return false
			}
		}
		group = group[:0]
		return true
	}
	stopped := false
	rest := root.without(primary)
	primary.t.walk(primary.lo, primary.hi, o.desc, func(ms int64, n uint32) bool {
		examined++
		d := ix.doc(n)
		if !d.live() || rest != nil && !rest.match(d) {
			return true
		}
		if len(group) > 0 && group[0].num != ms && !flush() {
			stopped = true
			return false
		}
		group = append(group, item{num: ms, id: d.id})
		return true
	})
	if !stopped {
		flush()
	}
	return page, count, examined
}

// collect checks every candidate of the most selective clause and keeps
// the best window+1 after the cursor.
func (ix *instIndex) collect(root *andClause, f Field, o *order, after *item, window int) ([]item, int, int) {
	h := topK{o: o, k: window + 1}
	total, examined := 0, 0
	each, rest := root.candidates()
	each(func(n uint32) {
		examined++
		d := ix.doc(n)
		if !d.live() || rest != nil && !rest.match(d) {
			return
		}
		total++
		it := ix.itemOf(d, f, o)
		if after == nil || o.less(after, &it) {
			h.push(it)
		}
	})
	return h.sorted(), min(total, MaxTotal), examined
}

// topK keeps the k smallest items under o: a max-heap of them.
type topK struct {
	o     *order
	k     int
	items []item
}

func (h *topK) push(it item) {
	if len(h.items) < h.k {
		h.items = append(h.items, it)
		h.up(len(h.items) - 1)
		return
	}
	if h.k == 0 || !h.o.less(&it, &h.items[0]) {
		return
	}
	h.items[0] = it
	h.down(0)
}

func (h *topK) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !h.o.less(&h.items[p], &h.items[i]) {
			return
		}
		h.items[p], h.items[i] = h.items[i], h.items[p]
		i = p
	}
}

func (h *topK) down(i int) {
	n := len(h.items)
	for {
		l, big := 2*i+1, i
		if l < n && h.o.less(&h.items[big], &h.items[l]) {
			big = l
		}
		if r := l + 1; r < n && h.o.less(&h.items[big], &h.items[r]) {
			big = r
		}
		if big == i {
			return
		}
		h.items[i], h.items[big] = h.items[big], h.items[i]
		i = big
	}
}

func (h *topK) sorted() []item {
	slices.SortFunc(h.items, func(a, b item) int {
		if h.o.less(&a, &b) {
			return -1
		}
		if h.o.less(&b, &a) {
			return 1
		}
		return 0
	})
	return h.items
}
