package search

import (
	"cmp"
	"slices"
	"strings"
	"time"
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

func (falseClause) est() int             { return 0 }
func (falseClause) each(func(n uint32))  {}
func (falseClause) match(d *doc) bool    { return false }
func (p predClause) est() int            { return -1 }
func (p predClause) each(func(n uint32)) {}
func (p predClause) match(d *doc) bool   { return p(d) }

// predClause is a pure filter.
type predClause func(d *doc) bool

// valueClause: a single-valued field is one of ids.
type valueClause struct {
	lists [][]uint32
	ids   []uint32
	field func(d *doc) uint32
	n     int
}

func (ix *instIndex) valueClause(p postings, vals []string, field func(d *doc) uint32) clause {
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
		c.lists = append(c.lists, p[id])
		c.n += len(p[id])
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
		c.lists = append(c.lists, ix.pairs[id])
		c.n += len(ix.pairs[id])
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

// combine joins conditions under a MatchType (SPEC §5.4): ALL (the
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

// compile turns q into one AND of clauses; primary is its TimeRange.
func (ix *instIndex) compile(q *Query) (*andClause, *rangeClause) {
	root := &andClause{}
	lo, hi := msOf(q.Range.Start), msOf(q.Range.End)
	if !q.Now.IsZero() {
		// Records are kept 24 months from initiation (SPEC §5.3).
		cut := msOf(retentionCutoff(q.Now))
		if q.Range.Field == Initiation {
			lo = max(lo, cut)
		}
		root.add(predClause(func(d *doc) bool { return d.times[Initiation] >= cut }))
	}
	primary := ix.rangeClause(q.Range.Field, lo, hi)
	root.add(primary)
	if len(q.ActiveRegions) > 0 && !slices.Contains(q.ActiveRegions, q.Region) {
		root.add(falseClause{})
	}
	root.add(ix.valueClause(ix.queue, q.QueueIDs, func(d *doc) uint32 { return d.queue }))
	root.add(ix.valueClause(ix.agent, q.AgentIDs, func(d *doc) uint32 { return d.agent }))
	root.add(ix.valueClause(ix.channel, q.Channels, func(d *doc) uint32 { return d.channel }))
	root.add(ix.valueClause(ix.meth, q.InitiationMethods, func(d *doc) uint32 { return d.method }))
	for l, ids := range q.HierarchyGroups {
		root.add(ix.valueClause(ix.level[l], ids, func(d *doc) uint32 { return ix.paths[d.path][l] }))
	}
	root.add(ix.attrClause(q.Attributes, 'a', q.SearchableKeys, true))
	root.add(ix.attrClause(q.SegmentAttributes, 's', nil, false))
	root.add(ix.transcriptClause(q.Transcript))
	root.add(nameClause(q.Name))
	root.add(ix.tagClause(q.Tags))
	root.add(ix.timeFilterClause(q.AdditionalTimes))
	for _, f := range q.RoutingSteps {
		root.add(stepClause(f))
	}
	return root, primary
}

func (ix *instIndex) attrClause(f *AttributeFilter, kind byte, keys map[string]time.Time, checkKeys bool) clause {
	if f == nil {
		return nil
	}
	var kids []clause
	for _, c := range f.Criteria {
		if len(c.Values) == 0 {
			continue
		}
		pc := ix.pairClause(kind, c.Key, c.Values)
		if checkKeys {
			since, ok := keys[c.Key]
			if !ok {
				pc = falseClause{} // not configured as searchable (SPEC §5.4)
			} else if ms := msOf(since); ms != noTime {
				pc = &andClause{[]clause{pc, predClause(func(d *doc) bool { return d.times[Initiation] >= ms })}}
			}
		}
		kids = append(kids, pc)
	}
	return combine(kids, f.Match)
}

func (ix *instIndex) transcriptClause(f *TranscriptFilter) clause {
	if f == nil {
		return nil
	}
	var kids []clause
	for _, c := range f.Criteria {
		role := roleIndex(c.Role)
		var texts []clause
		for _, t := range c.Texts {
			texts = append(texts, ix.phraseClause(role, t, c.Match == MatchExact))
		}
		m := c.Match
		if m == MatchExact {
			m = MatchAny // some utterance is exactly one of the texts
		}
		kids = append(kids, combine(texts, m))
	}
	return combine(kids, f.Match)
}

func nameClause(f *TextFilter) clause {
	if f == nil || len(f.Texts) == 0 {
		return nil
	}
	var phrases [][]string
	for _, t := range f.Texts {
		phrases = append(phrases, Tokens(t))
	}
	m := f.Match
	return predClause(func(d *doc) bool {
		name := Tokens(d.name)
		hits := 0
		for _, p := range phrases {
			ok := containsRun(name, p)
			if m == MatchExact {
				ok = len(p) > 0 && slices.Equal(name, p)
			}
			if ok {
				hits++
			}
		}
		switch m {
		case MatchAny, MatchExact:
			return hits > 0
		case MatchNone:
			return hits == 0
		default:
			return hits == len(phrases)
		}
	})
}

func (ix *instIndex) oneTag(t Tag) clause {
	if t.HasValue {
		return ix.pairClause('t', t.Key, []string{t.Value})
	}
	prefix := pairKey('t', t.Key, "")
	return predClause(func(d *doc) bool {
		for _, p := range d.pairs {
			if strings.HasPrefix(ix.names[p], prefix) {
				return true
			}
		}
		return false
	})
}

func (ix *instIndex) tagClause(f *TagFilter) clause {
	if f == nil {
		return nil
	}
	var parts []clause
	if f.Cond != nil {
		parts = append(parts, ix.oneTag(*f.Cond))
	}
	var and []clause
	for _, t := range f.And {
		and = append(and, ix.oneTag(t))
	}
	parts = append(parts, combine(and, MatchAll))
	var or []clause
	for _, l := range f.Or {
		var kids []clause
		for _, t := range l {
			kids = append(kids, ix.oneTag(t))
		}
		or = append(or, combine(kids, MatchAll))
	}
	parts = append(parts, combine(or, MatchAny))
	return combine(parts, MatchAll)
}

func (ix *instIndex) timeFilterClause(f *TimeFilter) clause {
	if f == nil {
		return nil
	}
	var kids []clause
	for _, c := range f.Criteria {
		switch {
		case c.Range != nil:
			kids = append(kids, ix.rangeClause(c.Range.Field, msOf(c.Range.Start), msOf(c.Range.End)))
		case c.NotExists != nil:
			fld := *c.NotExists
			kids = append(kids, predClause(func(d *doc) bool { return d.times[fld] == noTime }))
		}
	}
	return combine(kids, f.Match)
}

// stepClause: some routing step's agents meet the filter.
func stepClause(f AgentFilter) clause {
	if len(f.AgentIDs) == 0 {
		return nil
	}
	return predClause(func(d *doc) bool {
		for _, s := range d.steps {
			n := 0
			for _, id := range f.AgentIDs {
				if slices.Contains(s, id) {
					n++
				}
			}
			var ok bool
			switch f.Match {
			case MatchAny:
				ok = n > 0
			case MatchNone:
				ok = n == 0
			case MatchExact:
				ok = n == len(f.AgentIDs) && len(uniq(s)) == len(uniq(f.AgentIDs))
			default:
				ok = n == len(f.AgentIDs)
			}
			if ok {
				return true
			}
		}
		return false
	})
}

func uniq(s []string) []string {
	u := slices.Clone(s)
	slices.Sort(u)
	return slices.Compact(u)
}

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
// then by key, then by contact ID ascending (SPEC §5.5).
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
func (ix *instIndex) enumOrder(p postings, desc bool) *order {
	o := &order{desc: desc}
	for id := range p {
		o.ids = append(o.ids, id)
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

// search runs a compiled query (SPEC §5.5): the first MaxTotal matches in
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
		o = ix.enumOrder(ix.channel, q.Sort.Desc)
	case InitiationMethod:
		o = ix.enumOrder(ix.meth, q.Sort.Desc)
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
	n := float64(max(1, len(ix.byID)))
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
		d := &ix.docs[n]
		if !d.live || rest != nil && !rest.match(d) {
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
		d := &ix.docs[n]
		if !d.live || rest != nil && !rest.match(d) {
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
