package search

import (
	"cmp"
	"slices"
)

// clause is one condition of a compiled query. A clause that can list its
// candidates (est >= 0) may drive the search; the others only filter.
type clause interface {
	// est is an upper bound on the docs that match, or -1 when the
	// clause cannot enumerate candidates.
	est() int
	// each calls fn once for every candidate doc (a superset of the
	// matches); called only when est() >= 0.
	each(fn func(n uint32))
	match(d *doc) bool
}

// falseClause matches nothing (an unknown value, an unconfigured key).
type falseClause struct{}

func (falseClause) est() int            { return 0 }
func (falseClause) each(func(n uint32)) {}
func (falseClause) match(d *doc) bool   { return false }

// predClause is a pure filter.
type predClause func(d *doc) bool

func (p predClause) est() int            { return -1 }
func (p predClause) each(func(n uint32)) {}
func (p predClause) match(d *doc) bool   { return p(d) }

// valueClause: a single-valued field is one of ids.
type valueClause struct {
	lists [][]uint32
	ids   []uint32
	field func(d *doc) uint32
	n     int
}

func (ix *instIndex) valueClause(p *postings, vals []string, field func(d *doc) uint32) clause {
	if len(vals) == 0 {
		return nil
	}
	c := &valueClause{field: field}
	for _, v := range vals {
		id, ok := ix.lookup(v)
		if !ok || id == 0 || slices.Contains(c.ids, id) {
			continue
		}
		c.ids = append(c.ids, id)
		c.lists = append(c.lists, p.of(id))
		c.n += len(p.of(id))
	}
	if len(c.ids) == 0 {
		return falseClause{}
	}
	return c
}

func (c *valueClause) est() int { return c.n }
func (c *valueClause) each(fn func(n uint32)) {
	for _, l := range c.lists { // a doc has one value: the lists are disjoint
		for _, n := range l {
			fn(n)
		}
	}
}
func (c *valueClause) match(d *doc) bool { return slices.Contains(c.ids, c.field(d)) }

// pairClause: the doc has one of the interned key=value pairs.
type pairClause struct {
	ids      []uint32
	lists    [][]uint32
	disjoint bool // the pairs share a key, so no doc has two
	n        int
}

func (ix *instIndex) pairClause(kind byte, key string, vals []string) clause {
	c := &pairClause{disjoint: true}
	for _, v := range vals {
		id, ok := ix.lookup(pairKey(kind, key, v))
		if !ok || slices.Contains(c.ids, id) {
			continue
		}
		c.ids = append(c.ids, id)
		c.lists = append(c.lists, ix.pairs.of(id))
		c.n += len(ix.pairs.of(id))
	}
	if len(c.ids) == 0 {
		return falseClause{}
	}
	return c
}

func (c *pairClause) est() int { return c.n }
func (c *pairClause) each(fn func(n uint32)) {
	if c.disjoint || len(c.lists) == 1 {
		for _, l := range c.lists {
			for _, n := range l {
				fn(n)
			}
		}
		return
	}
	eachUnion(c.lists, fn)
}
func (c *pairClause) match(d *doc) bool {
	for _, id := range c.ids {
		if _, ok := slices.BinarySearch(d.pairs, id); ok {
			return true
		}
	}
	return false
}

func eachUnion(lists [][]uint32, fn func(n uint32)) {
	total := 0
	for _, l := range lists {
		total += len(l)
	}
	all := make([]uint32, 0, total)
	for _, l := range lists {
		all = append(all, l...)
	}
	slices.Sort(all)
	for _, n := range slices.Compact(all) {
		fn(n)
	}
}

// rangeClause: a timestamp lies in [lo, hi].
type rangeClause struct {
	t      *timeIndex
	f      Field
	lo, hi int64
	n      int
}

func (ix *instIndex) rangeClause(f Field, lo, hi int64) *rangeClause {
	return &rangeClause{t: &ix.times[f], f: f, lo: lo, hi: hi, n: ix.times[f].count(lo, hi)}
}

func (c *rangeClause) est() int { return c.n }
func (c *rangeClause) each(fn func(n uint32)) {
	c.t.walk(c.lo, c.hi, false, func(_ int64, n uint32) bool { fn(n); return true })
}
func (c *rangeClause) match(d *doc) bool {
	t := d.times[c.f]
	return t != noTime && t >= c.lo && t <= c.hi
}

// phraseClause: one role's utterances contain the words in a row, or
// (exact) one utterance is exactly those words.
type phraseClause struct {
	role  int
	terms []uint32
	exact bool
	lists [][]uint32 // each word's postings, rarest first
	list  []uint32   // postings of the rarest word
}

func (ix *instIndex) phraseClause(role int, text string, exact bool) clause {
	c := &phraseClause{role: role, exact: exact}
	for _, tok := range Tokens(text) {
		id, ok := ix.terms[tok]
		if !ok {
			return falseClause{}
		}
		c.terms = append(c.terms, id)
		c.lists = append(c.lists, ix.text[textKey(role, id)])
	}
	if len(c.terms) == 0 {
		return falseClause{} // like a match_phrase that analyses to nothing
	}
	slices.SortFunc(c.lists, func(a, b []uint32) int { return cmp.Compare(len(a), len(b)) })
	c.list = c.lists[0]
	return c
}

func (c *phraseClause) est() int { return len(c.list) }
func (c *phraseClause) each(fn func(n uint32)) {
	for _, n := range c.list {
		fn(n)
	}
}
func (c *phraseClause) match(d *doc) bool {
	if d.text == nil {
		return false
	}
	toks := d.text.tokens[c.role]
	if c.exact {
		start := 0
		for i := 0; i <= len(toks); i++ {
			if i == len(toks) || toks[i] == 0 {
				if slices.Equal(toks[start:i], c.terms) {
					return true
				}
				start = i + 1
			}
		}
		return false
	}
	return containsRun(toks, c.terms)
}

func containsRun[T comparable](hay, run []T) bool {
	if len(run) == 0 {
		return false
	}
outer:
	for i := 0; i+len(run) <= len(hay); i++ {
		for j := range run {
			if hay[i+j] != run[j] {
				continue outer
			}
		}
		return true
	}
	return false
}

// listed returns a superset of c's matches as ascending doc numbers, when
// c can list them that way without walking time postings, and the
// condition those docs must still meet (nil for none). The slice may be
// shared with the index: callers must not modify it.
func listed(c clause) (l []uint32, rest clause, ok bool) {
	switch c := c.(type) {
	case falseClause:
		return nil, nil, true
	case *valueClause:
		if len(c.lists) == 1 {
			return c.lists[0], nil, true
		}
		return unionSorted(c.lists), nil, true
	case *pairClause:
		if len(c.lists) == 1 {
			return c.lists[0], nil, true
		}
		return unionSorted(c.lists), nil, true
	case *phraseClause:
		// The docs that have every word; the phrase check stays.
		l := c.lists[0]
		for _, o := range c.lists[1:] {
			if len(l) == 0 {
				break
			}
			l = intersectSorted(l, o)
		}
		return l, c, true
	case *orClause:
		var lists [][]uint32
		exact := true
		for _, k := range c.kids {
			l, r, ok := listed(k)
			if !ok {
				return nil, nil, false
			}
			lists = append(lists, l)
			exact = exact && r == nil
		}
		if exact {
			return unionSorted(lists), nil, true
		}
		return unionSorted(lists), c, true
	case *andClause:
		type kid struct {
			c   clause
			est int
		}
		var ks []kid
		var rest []clause
		for _, k := range c.kids {
			if e := k.est(); e >= 0 && listable(k) {
				ks = append(ks, kid{k, e})
			} else {
				rest = append(rest, k)
			}
		}
		if len(ks) == 0 {
			return nil, nil, false
		}
		slices.SortFunc(ks, func(a, b kid) int { return cmp.Compare(a.est, b.est) })
		for i, k := range ks {
			if i > 0 && (len(l) == 0 || !direct(k.c) && k.est > 16*len(l)) {
				rest = append(rest, k.c) // building its union costs more than checking l
				continue
			}
			kl, kr, _ := listed(k.c)
			if i == 0 {
				l = kl
			} else {
				l = intersectSorted(l, kl)
			}
			if kr != nil {
				rest = append(rest, kr)
			}
		}
		switch len(rest) {
		case 0:
			return l, nil, true
		case 1:
			return l, rest[0], true
		}
		return l, &andClause{rest}, true
	}
	return nil, nil, false
}

// listable reports whether listed(c) succeeds, without building lists.
func listable(c clause) bool {
	switch c := c.(type) {
	case falseClause, *valueClause, *pairClause, *phraseClause:
		return true
	case *orClause:
		for _, k := range c.kids {
			if !listable(k) {
				return false
			}
		}
		return true
	case *andClause:
		for _, k := range c.kids {
			if k.est() >= 0 && listable(k) {
				return true
			}
		}
	}
	return false
}

// direct reports whether c's sorted list is a posting list as it stands,
// with no union to build.
func direct(c clause) bool {
	switch c := c.(type) {
	case falseClause, *phraseClause:
		return true
	case *valueClause:
		return len(c.lists) == 1
	case *pairClause:
		return len(c.lists) == 1
	case *andClause:
		for _, k := range c.kids {
			if k.est() >= 0 && listable(k) && !direct(k) {
				return false
			}
		}
		return true
	}
	return false
}

func unionSorted(lists [][]uint32) []uint32 {
	var all []uint32
	for _, l := range lists {
		all = append(all, l...)
	}
	slices.Sort(all)
	return slices.Compact(all)
}

// intersectSorted returns the docs in both a and b (a new slice). It walks
// the shorter list and gallops through the longer one.
func intersectSorted(a, b []uint32) []uint32 {
	if len(a) > len(b) {
		a, b = b, a
	}
	out := make([]uint32, 0, len(a))
	j := 0
	for _, x := range a {
		// Gallop: find the first b[j] >= x.
		step := 1
		for j+step < len(b) && b[j+step] < x {
			j += step
			step *= 2
		}
		hi := min(j+step+1, len(b))
		k, _ := slices.BinarySearch(b[j:hi], x)
		j += k
		if j == len(b) {
			break
		}
		if b[j] == x {
			out = append(out, x)
		}
	}
	return out
}

// andClause needs every kid; its candidates are its most selective kid's.
type andClause struct {
	kids []clause
}

func (a *andClause) add(c clause) {
	if c != nil {
		a.kids = append(a.kids, c)
	}
}

// driver is the kid with the smallest estimate, nil when none can list.
func (a *andClause) driver() clause {
	var best clause
	for _, k := range a.kids {
		if e := k.est(); e >= 0 && (best == nil || e < best.est()) {
			best = k
		}
	}
	return best
}

func (a *andClause) est() int {
	if d := a.driver(); d != nil {
		return d.est()
	}
	return -1
}

// each lists the candidates: when the most selective kid has a sorted
// posting list, the intersection of every kid's list that has one (a
// sequential merge, far cheaper than checking each doc); otherwise the
// driver's candidates.
func (a *andClause) each(fn func(n uint32)) {
	d := a.driver()
	if !listable(d) {
		d.each(fn)
		return
	}
	l, _, _ := listed(a)
	for _, n := range l {
		fn(n)
	}
}

// candidates are the docs a search checks, and the condition they must
// still meet: the intersection of sorted posting lists when the most
// selective clause has one, otherwise the driver's candidates (a TimeRange
// walk yields exactly the docs in range).
func (a *andClause) candidates() (each func(fn func(n uint32)), rest clause) {
	d := a.driver()
	if listable(d) {
		l, rest, _ := listed(a)
		return func(fn func(n uint32)) {
			for _, n := range l {
				fn(n)
			}
		}, rest
	}
	if _, exact := d.(*rangeClause); exact {
		return d.each, a.without(d)
	}
	return d.each, a
}

// without is a minus one kid (nil when nothing is left).
func (a *andClause) without(k clause) clause {
	kids := slices.DeleteFunc(slices.Clone(a.kids), func(c clause) bool { return c == k })
	switch len(kids) {
	case 0:
		return nil
	case 1:
		return kids[0]
	}
	return &andClause{kids}
}
func (a *andClause) match(d *doc) bool {
	for _, k := range a.kids {
		if !k.match(d) {
			return false
		}
	}
	return true
}

// orClause needs one kid; its candidates are the union of its kids'.
type orClause struct{ kids []clause }

func (o *orClause) est() int {
	n := 0
	for _, k := range o.kids {
		e := k.est()
		if e < 0 {
			return -1
		}
		n += e
	}
	return n
}
func (o *orClause) each(fn func(n uint32)) {
	var all []uint32
	for _, k := range o.kids {
		k.each(func(n uint32) { all = append(all, n) })
	}
	slices.Sort(all)
	for _, n := range slices.Compact(all) {
		fn(n)
	}
}
func (o *orClause) match(d *doc) bool {
	for _, k := range o.kids {
		if k.match(d) {
			return true
		}
	}
	return false
}

// notClause matches when its kid does not.
type notClause struct{ kid clause }

func (notClause) est() int            { return -1 }
func (notClause) each(func(n uint32)) {}
func (c notClause) match(d *doc) bool { return !c.kid.match(d) }

// combine joins conditions under a MatchType (docs/search.md#criteria): ALL (the
// default; EXACT too) needs all, ANY one, NONE none. nil kids impose no
// condition; nil means no condition at all.
func combine(kids []clause, m MatchType) clause {
	kids = slices.DeleteFunc(kids, func(c clause) bool { return c == nil })
	if len(kids) == 0 {
		return nil
	}
	switch m {
	case MatchAny:
		if len(kids) == 1 {
			return kids[0]
		}
		return &orClause{kids}
	case MatchNone:
		if len(kids) == 1 {
			return notClause{kids[0]}
		}
		return notClause{&orClause{kids}}
	default:
		if len(kids) == 1 {
			return kids[0]
		}
		return &andClause{kids}
	}
}
