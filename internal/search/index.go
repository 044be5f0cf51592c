package search

import (
	"math"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/connect-local/connect-local/internal/addrcache"
)

// Index holds the contact records of every instance. All methods are safe
// for concurrent use; searches of one instance run in parallel with each
// other and wait for its writes.
type Index struct {
	mu    sync.Mutex
	insts map[string]*instIndex
}

// New returns an empty index.
func New() *Index { return &Index{insts: map[string]*instIndex{}} }

func (x *Index) inst(id string, create bool) *instIndex {
	x.mu.Lock()
	defer x.mu.Unlock()
	ix := x.insts[id]
	if ix == nil && create {
		ix = newInstIndex()
		x.insts[id] = ix
	}
	return ix
}

// Put adds or replaces the record of contact r.ID.
func (x *Index) Put(instanceID string, r Record) { x.PutAt(instanceID, &r, 0) }

// PutAt is Put with a hint: slot is what the last PutAt of the contact
// returned (0 for none), and PutAt returns the slot to pass the next time.
// With a good hint the contact's doc is found without hashing its ID; a
// stale one (the contact was removed since, the instance dropped) is only
// slower. PutAt does not keep r, only its Transcript (Record).
func (x *Index) PutAt(instanceID string, r *Record, slot uint32) uint32 {
	return x.put(instanceID, r, slot, false)
}

// PutOwn is PutAt for a caller that keeps every contact's slot itself:
// slot 0 says the contact is not in the index (it never was, or it was
// removed, or the instance dropped since), and a stale slot says the same.
// So a new contact costs no lookup of its ID, and while every contact of
// the instance comes through PutOwn and RemoveOwn the index keeps no map
// of IDs at all: the first call that needs one (Put, PutAt, Remove) makes
// it, and from then on the index checks slot 0 against it.
func (x *Index) PutOwn(instanceID string, r *Record, slot uint32) uint32 {
	return x.put(instanceID, r, slot, true)
}

func (x *Index) put(instanceID string, r *Record, slot uint32, own bool) uint32 {
	ix := x.inst(instanceID, true)
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return ix.put(r, slot, own) + 1
}

// Remove drops a contact from the index.
func (x *Index) Remove(instanceID, contactID string) { x.remove(instanceID, contactID, 0, false) }

// RemoveOwn is Remove for a PutOwn caller: slot is the contact's, and a
// contact that is not at it is not in the index.
func (x *Index) RemoveOwn(instanceID, contactID string, slot uint32) {
	x.remove(instanceID, contactID, slot, true)
}

func (x *Index) remove(instanceID, contactID string, slot uint32, own bool) {
	ix := x.inst(instanceID, false)
	if ix == nil {
		return
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	n, ok := ix.find(contactID, slot, own)
	if !ok {
		return
	}
	ix.unindex(n)
	*ix.doc(n) = doc{}
	ix.free = append(ix.free, n)
	ix.live--
	if ix.byID != nil {
		delete(ix.byID, contactID)
	}
}

// DropInstance forgets an instance and all its contacts.
func (x *Index) DropInstance(instanceID string) {
	x.mu.Lock()
	defer x.mu.Unlock()
	delete(x.insts, instanceID)
}

// Len is the number of contacts indexed for an instance.
func (x *Index) Len(instanceID string) int {
	ix := x.inst(instanceID, false)
	if ix == nil {
		return 0
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.live
}

// Search runs q over an instance's contacts. It returns a *QueryError when
// q is invalid.
func (x *Index) Search(instanceID string, q Query) (Result, error) {
	if err := q.Validate(); err != nil {
		return Result{}, err
	}
	ix := x.inst(instanceID, false)
	if ix == nil {
		return Result{IDs: []string{}}, nil
	}
	ix.mu.RLock()
	if ix.needsPrepare() {
		ix.mu.RUnlock()
		ix.mu.Lock()
		defer ix.mu.Unlock()
		ix.prepare()
	} else {
		defer ix.mu.RUnlock()
	}
	return ix.search(&q), nil
}

const noTime = math.MinInt64

// doc is the compact record of one contact (128 bytes: the index keeps
// one per contact for the contact's whole life). Strings are interned as
// uint32 (0 is "none"); times are Unix milliseconds, noTime when absent.
// A doc with no id is a free slot.
type doc struct {
	id                 string
	times              [numTimes]int64
	queue, agent, path uint32
	channel, method    uint32
	name               uint32   // interned
	steps              uint32   // interned step agent lists (stepSet)
	pairs              []uint32 // sorted interned "a|s|t \x00 key \x00 value" pairs
	text               *docText
}

// live reports whether the doc holds a contact.
func (d *doc) live() bool { return d.id != "" }

// docText is a contact's transcript as token IDs per role, utterances
// separated by 0, and the segments it was built from.
type docText struct {
	tokens [][]uint32 // by role index
	src    []Segment
}

type instIndex struct {
	mu   sync.RWMutex
	docs docPages
	free []uint32
	live int // docs that hold a contact
	// byID finds a contact's doc by ID. It is nil until a caller other
	// than PutOwn's needs it (ids).
	byID  map[string]uint32
	strs  map[string]uint32
	names []string // interned strings by ID; names[0] = ""
	paths [][5]uint32
	pathN map[string]uint32

	times         [numRanged]timeIndex
	queue, agent  postings
	channel, meth postings
	level         [5]postings
	pairs         postings
	terms         map[string]uint32 // transcript vocabulary; IDs from 1
	text          map[uint64][]uint32
	// stepSets are the distinct per-step agent lists of the contacts
	// (Record.RoutingAgents), by ID; stepSets[0] is none. Contacts routed
	// by the same flow share one.
	stepSets [][][]string
	stepN    map[string]uint32

	// idAt answers id before strs for the strings same interns.
	idAt addrcache.Cache[uint32]

	// Scratch space of put, reused so that a put that changes little
	// allocates nothing: a key being looked up, a record's pair IDs.
	key     []byte
	scratch []uint32
	// pairRoom is the room the docs' pairs are cut from (a chunk
	// of many docs' pairs: one object, and no pointer, for many docs).
	pairRoom []uint32
}

func newInstIndex() *instIndex {
	return &instIndex{strs: map[string]uint32{}, names: []string{""},
		paths: [][5]uint32{{}}, pathN: map[string]uint32{},
		terms: map[string]uint32{}, text: map[uint64][]uint32{},
		stepSets: [][][]string{nil}, stepN: map[string]uint32{}}
}

// id interns s; "" is 0.
func (ix *instIndex) id(s string) uint32 {
	if s == "" {
		return 0
	}
	if n, ok := ix.strs[s]; ok {
		return n
	}
	n := uint32(len(ix.names))
	ix.strs[s] = n
	ix.names = append(ix.names, s)
	return n
}

// lookup is s's ID without interning it; ok is false for unknown strings.
func (ix *instIndex) lookup(s string) (uint32, bool) {
	n, ok := ix.strs[s]
	return n, ok
}

func pairKey(kind byte, k, v string) string { return string(kind) + "\x00" + k + "\x00" + v }

func (ix *instIndex) pathID(p []string) uint32 {
	if len(p) == 0 {
		return 0
	}
	ix.key = ix.key[:0]
	for i, g := range p {
		if i > 0 {
			ix.key = append(ix.key, 0)
		}
		ix.key = append(ix.key, g...)
	}
	if n, ok := ix.pathN[string(ix.key)]; ok {
		return n
	}
	var lv [5]uint32
	for i := 0; i < len(p) && i < 5; i++ {
		lv[i] = ix.id(p[i])
	}
	n := uint32(len(ix.paths))
	ix.paths = append(ix.paths, lv)
	ix.pathN[string(ix.key)] = n
	return n
}

// stepSet interns the per-step agent lists of a record; 0 for none.
func (ix *instIndex) stepSet(steps [][]string) uint32 {
	if len(steps) == 0 {
		return 0
	}
	ix.key = ix.key[:0]
	for _, s := range steps {
		for _, a := range s {
			ix.key = append(ix.key, a...)
			ix.key = append(ix.key, 1)
		}
		ix.key = append(ix.key, 0)
	}
	if n, ok := ix.stepN[string(ix.key)]; ok {
		return n
	}
	n := uint32(len(ix.stepSets))
	ix.stepSets = append(ix.stepSets, steps)
	ix.stepN[string(ix.key)] = n
	return n
}

// same is old when it is the ID of s (a record's field that did not
// move: no hashing), else s interned.
func (ix *instIndex) same(old uint32, s string) uint32 {
	if ix.names[old] == s {
		return old
	}
	e := ix.idAt.At(s) // a new contact's queue and agent are the same strings
	if e.Is(s) {
		return e.V
	}
	n := ix.id(s)
	e.Set(s, n)
	return n
}

// samePath is old when its levels are p's, else p interned.
func (ix *instIndex) samePath(old uint32, p []string) uint32 {
	if len(p) <= 5 {
		lv := &ix.paths[old]
		i := 0
		for ; i < 5; i++ {
			s := ""
			if i < len(p) {
				s = p[i]
			}
			if ix.names[lv[i]] != s {
				break
			}
		}
		if i == 5 {
			return old
		}
	}
	return ix.pathID(p)
}

// sameSteps is old when it is the ID of steps, else steps interned.
func (ix *instIndex) sameSteps(old uint32, steps [][]string) uint32 {
	if slices.EqualFunc(ix.stepSets[old], steps, slices.Equal) {
		return old
	}
	return ix.stepSet(steps)
}

func msOf(t time.Time) int64 {
	if t.IsZero() {
		return noTime
	}
	return t.UnixMilli()
}

func (ix *instIndex) needsPrepare() bool {
	for i := range ix.times {
		if ix.times[i].needsPrepare() {
			return true
		}
	}
	return false
}

func (ix *instIndex) prepare() {
	for i := range ix.times {
		ix.times[i].prepare()
	}
}

// build turns a record into a doc, interning its strings. od is the
// contact's doc so far (a free slot's zero doc for a new one): the values
// that did not move are taken from it without hashing, and its pairs are
// kept when they are the record's.
func (ix *instIndex) build(r *Record, od *doc) doc {
	d := doc{id: r.ID, name: ix.same(od.name, r.Name), queue: ix.same(od.queue, r.QueueID), agent: ix.same(od.agent, r.AgentID),
		path: ix.samePath(od.path, r.HierarchyPath), channel: ix.same(od.channel, r.Channel), method: ix.same(od.method, r.InitiationMethod),
		steps: ix.sameSteps(od.steps, r.RoutingAgents)}
	for i := range d.times {
		d.times[i] = msOf(r.Times[i])
	}
	ps := ix.scratch[:0]
	for _, m := range [...]struct {
		kind byte
		kv   map[string]string
	}{{'a', r.Attributes}, {'s', r.SegmentAttributes}, {'t', r.Tags}} {
		for k, v := range m.kv {
			ix.key = append(append(append(append(append(ix.key[:0], m.kind), 0), k...), 0), v...)
			id, ok := ix.strs[string(ix.key)]
			if !ok {
				id = ix.id(string(ix.key)) // pairKey(m.kind, k, v)
			}
			ps = append(ps, id)
		}
	}
	slices.Sort(ps)
	ix.scratch = ps
	switch {
	case slices.Equal(ps, od.pairs):
		d.pairs = od.pairs
	case len(ps) > 0:
		d.pairs = ix.keepPairs(ps)
	}
	return d
}

// pairChunk is the room, in pair IDs, of a chunk of the docs' pairs.
const pairChunk = 4096

// keepPairs is a copy of ps cut from the pairs' room: its capacity is its
// length, so that nothing appended to it reaches the next doc's.
func (ix *instIndex) keepPairs(ps []uint32) []uint32 {
	if cap(ix.pairRoom)-len(ix.pairRoom) < len(ps) {
		ix.pairRoom = make([]uint32, 0, max(pairChunk, len(ps)))
	}
	n := len(ix.pairRoom)
	ix.pairRoom = append(ix.pairRoom, ps...)
	return ix.pairRoom[n : n+len(ps) : n+len(ps)]
}

// ids is byID, made from the docs the first time.
func (ix *instIndex) ids() map[string]uint32 {
	if ix.byID == nil {
		ix.byID = make(map[string]uint32, ix.live)
		for n := range ix.docs.n {
			if d := ix.doc(n); d.live() {
				ix.byID[d.id] = n
			}
		}
	}
	return ix.byID
}

// find is the doc of contact id, which hint+1 may name. own trusts the
// hint (PutOwn): a contact not at it is not in the index.
func (ix *instIndex) find(id string, hint uint32, own bool) (uint32, bool) {
	if n := hint - 1; hint > 0 && n < ix.docs.n {
		if d := ix.doc(n); d.live() && d.id == id {
			return n, true
		}
	}
	if own && ix.byID == nil {
		return 0, false
	}
	n, ok := ix.ids()[id]
	return n, ok
}

// put indexes r in its doc, which hint+1 may name (find), and returns
// the doc's number.
func (ix *instIndex) put(r *Record, hint uint32, own bool) uint32 {
	n, ok := ix.find(r.ID, hint, own)
	if !ok {
		if k := len(ix.free); k > 0 {
			n = ix.free[k-1]
			ix.free = ix.free[:k-1]
		} else {
			n = ix.docs.grow()
		}
		ix.live++
		if ix.byID != nil {
			ix.byID[r.ID] = n
		}
	}
	od := ix.doc(n)
	nd := ix.build(r, od)
	for i := range ix.times {
		if od.live() && od.times[i] == nd.times[i] {
			continue
		}
		if od.live() && od.times[i] != noTime {
			ix.times[i].remove(od.times[i], n)
		}
		if nd.times[i] != noTime {
			ix.times[i].add(nd.times[i], n)
		}
	}
	move := func(p *postings, o, v uint32) {
		if od.live() && o == v {
			return
		}
		if od.live() && o != 0 {
			p.remove(o, n)
		}
		if v != 0 {
			p.add(v, n)
		}
	}
	move(&ix.queue, od.queue, nd.queue)
	move(&ix.agent, od.agent, nd.agent)
	move(&ix.channel, od.channel, nd.channel)
	move(&ix.meth, od.method, nd.method)
	var op, np [5]uint32
	if od.live() {
		op = ix.paths[od.path]
	}
	np = ix.paths[nd.path]
	for l := range 5 {
		if !od.live() || op[l] != np[l] {
			if od.live() && op[l] != 0 {
				ix.level[l].remove(op[l], n)
			}
			if np[l] != 0 {
				ix.level[l].add(np[l], n)
			}
		}
	}
	if !od.live() || !slices.Equal(od.pairs, nd.pairs) {
		if od.live() {
			for _, p := range od.pairs {
				ix.pairs.remove(p, n)
			}
		}
		for _, p := range nd.pairs {
			ix.pairs.add(p, n)
		}
	}
	nd.text = od.text
	if !od.live() || !sameSegments(od.text, r.Transcript) {
		if od.live() {
			ix.unindexText(n, od.text)
		}
		nd.text = ix.indexText(n, r.Transcript)
	}
	*od = nd
	return n
}

func sameSegments(t *docText, s []Segment) bool {
	if t == nil {
		return len(s) == 0
	}
	return len(t.src) == len(s) && (len(s) == 0 || &t.src[0] == &s[0])
}

// unindex removes doc n from every posting.
func (ix *instIndex) unindex(n uint32) {
	d := ix.doc(n)
	if !d.live() {
		return
	}
	for i := range ix.times {
		if d.times[i] != noTime {
			ix.times[i].remove(d.times[i], n)
		}
	}
	for _, x := range []struct {
		p *postings
		v uint32
	}{{&ix.queue, d.queue}, {&ix.agent, d.agent}, {&ix.channel, d.channel}, {&ix.meth, d.method}} {
		if x.v != 0 {
			x.p.remove(x.v, n)
		}
	}
	for l, g := range ix.paths[d.path] {
		if g != 0 {
			ix.level[l].remove(g, n)
		}
	}
	for _, p := range d.pairs {
		ix.pairs.remove(p, n)
	}
	ix.unindexText(n, d.text)
}

func textKey(role int, term uint32) uint64 { return uint64(role)<<32 | uint64(term) }

func (ix *instIndex) indexText(n uint32, segs []Segment) *docText {
	if len(segs) == 0 {
		return nil
	}
	t := &docText{tokens: make([][]uint32, len(Roles)), src: segs}
	for _, s := range segs {
		r := roleIndex(s.Role)
		if r < 0 {
			continue
		}
		if len(t.tokens[r]) > 0 {
			t.tokens[r] = append(t.tokens[r], 0)
		}
		forTokens(s.Content, func(tok string) {
			id, ok := ix.terms[tok]
			if !ok {
				id = uint32(len(ix.terms) + 1)
				ix.terms[tok] = id
			}
			t.tokens[r] = append(t.tokens[r], id)
		})
	}
	for r, toks := range t.tokens {
		for _, term := range uniqueTerms(toks) {
			k := textKey(r, term)
			ix.text[k] = addSorted(ix.text[k], n)
		}
	}
	return t
}

func (ix *instIndex) unindexText(n uint32, t *docText) {
	if t == nil {
		return
	}
	for r, toks := range t.tokens {
		for _, term := range uniqueTerms(toks) {
			k := textKey(r, term)
			if l := removeSorted(ix.text[k], n); len(l) > 0 {
				ix.text[k] = l
			} else {
				delete(ix.text, k)
			}
		}
	}
}

func uniqueTerms(toks []uint32) []uint32 {
	u := slices.Clone(toks)
	slices.Sort(u)
	u = slices.Compact(u)
	if len(u) > 0 && u[0] == 0 {
		u = u[1:]
	}
	return u
}

// postings maps an interned value to the sorted docs that have it. A
// value's list is found with one hash (at), and a doc added in place. A
// value keeps its place once seen; its list may be empty.
type postings struct {
	at    map[uint32]uint32 // value -> its list in lists
	lists []postList
}

// postList is one value's docs. last is the list's last doc (0 when
// empty): a new doc, numbered above every other, is appended without
// reading the list's far end, which is seldom in the cache.
type postList struct {
	docs []uint32
	last uint32
}

// of is the docs that have value v.
func (p *postings) of(v uint32) []uint32 {
	if i, ok := p.at[v]; ok {
		return p.lists[i].docs
	}
	return nil
}

func (p *postings) add(v, n uint32) {
	i, ok := p.at[v]
	if !ok {
		if p.at == nil {
			p.at = map[uint32]uint32{}
		}
		i = uint32(len(p.lists))
		p.at[v] = i
		p.lists = append(p.lists, postList{})
	}
	l := &p.lists[i]
	if len(l.docs) == 0 || l.last < n {
		l.docs, l.last = append(l.docs, n), n
		return
	}
	l.docs = addSorted(l.docs, n)
}

func (p *postings) remove(v, n uint32) {
	if i, ok := p.at[v]; ok {
		l := &p.lists[i]
		if l.docs = removeSorted(l.docs, n); len(l.docs) > 0 {
			l.last = l.docs[len(l.docs)-1]
		} else {
			l.last = 0
		}
	}
}

func addSorted(l []uint32, n uint32) []uint32 {
	if k := len(l); k == 0 || l[k-1] < n {
		return append(l, n)
	}
	i := sort.Search(len(l), func(i int) bool { return l[i] >= n })
	if i < len(l) && l[i] == n {
		return l
	}
	return slices.Insert(l, i, n)
}

func removeSorted(l []uint32, n uint32) []uint32 {
	i := sort.Search(len(l), func(i int) bool { return l[i] >= n })
	if i < len(l) && l[i] == n {
		return slices.Delete(l, i, i+1)
	}
	return l
}
