package clock

// timerHeap is the Virtual clock's pending timers: a 4-ary min-heap of
// small entries ordered by key, i.e. by instant, then by the order
// AfterFunc was called. Typed and hand-written, so sifting compares inline
// and moves 24-byte entries, and neither sifting nor firing touches the
// timers (vtimer) themselves.
//
// Whether a timer fired is known from its key: timers fire in key order,
// and a new timer's key is after every key fired so far (last) unless it
// was set in the past (a negative duration), which early records. Stop
// marks the timer (vtimer.stopped) but does not take its entry out: it
// pushes its key on stopped, a heap of its own, and the entry is dropped
// when it reaches the top (due skips it: it is then stopped's top too) or
// when stopped entries outnumber live ones (the heap is then rebuilt
// without them), so the heap holds at most about twice the pending timers.
type timerHeap struct {
	es      []entry
	last    key                 // the greatest key fired so far (at first the zero key)
	early   map[uint64]struct{} // call numbers of pending timers keyed before last
	stopped keyHeap             // the keys of stopped timers whose entries are in es
}

// key orders timers; seq is unique, so the order is total.
type key struct {
	at  int64  // Virtual.offset of its instant
	seq uint64 // AfterFunc's call number: ties at one instant keep it
}

func (a key) before(b key) bool {
	return a.at < b.at || (a.at == b.at && a.seq < b.seq)
}

// entry is one timer in the heap.
type entry struct {
	key
	f func()
}

const arity = 4

// minShed is the fewest stopped entries the heap sheds at once (a
// variable for the tests).
var minShed = 64

func (h *timerHeap) push(e entry) {
	if e.before(h.last) {
		if h.early == nil {
			h.early = map[uint64]struct{}{}
		}
		h.early[e.seq] = struct{}{}
	}
	h.es = append(h.es, e)
	h.up(len(h.es) - 1)
}

// due pops and returns the first live entry if it falls at or before
// until, dropping the stopped entries it meets on top.
func (h *timerHeap) due(until int64) (entry, bool) {
	for len(h.es) > 0 {
		top := h.es[0]
		if len(h.stopped) > 0 && h.stopped[0] == top.key {
			h.stopped.pop()
			h.pop()
			continue
		}
		if top.at > until {
			break
		}
		h.pop()
		if top.before(h.last) {
			delete(h.early, top.seq)
		} else {
			h.last = top.key
		}
		return top, true
	}
	return entry{}, false
}

// stop stops the timer of key k, not stopped before, if it is pending,
// and reports whether it was.
func (h *timerHeap) stop(k key) bool {
	if !h.last.before(k) {
		if _, ok := h.early[k.seq]; !ok {
			return false // fired
		}
		delete(h.early, k.seq)
	}
	h.stopped.push(k)
	if n := len(h.stopped); n >= minShed && 2*n > len(h.es) {
		h.shed()
	}
	return true
}

// shed rebuilds the heap without the stopped timers' entries.
func (h *timerHeap) shed() {
	stopped := make(map[uint64]struct{}, len(h.stopped))
	for _, k := range h.stopped {
		stopped[k.seq] = struct{}{}
	}
	live := h.es[:0]
	for _, e := range h.es {
		if _, ok := stopped[e.seq]; !ok {
			live = append(live, e)
		}
	}
	clear(h.es[len(live):])
	h.es, h.stopped = live, h.stopped[:0]
	if len(h.es) > 1 {
		for i := (len(h.es) - 2) / arity; i >= 0; i-- {
			h.down(i)
		}
	}
}

func (h *timerHeap) pop() {
	n := len(h.es) - 1
	h.es[0] = h.es[n]
	h.es[n] = entry{}
	h.es = h.es[:n]
	if n > 1 {
		h.down(0)
	}
}

func (h *timerHeap) up(i int) {
	es := h.es
	e := es[i]
	for i > 0 {
		p := (i - 1) / arity
		if !e.before(es[p].key) {
			break
		}
		es[i] = es[p]
		i = p
	}
	es[i] = e
}

func (h *timerHeap) down(i int) {
	es := h.es
	n := len(es)
	e := es[i]
	for {
		c := i*arity + 1
		if c >= n {
			break
		}
		m := c
		for j := c + 1; j < c+arity && j < n; j++ {
			if es[j].before(es[m].key) {
				m = j
			}
		}
		if !es[m].before(e.key) {
			break
		}
		es[i] = es[m]
		i = m
	}
	es[i] = e
}

// keyHeap is a binary min-heap of keys.
type keyHeap []key

func (h *keyHeap) push(k key) {
	*h = append(*h, k)
	ks := *h
	i := len(ks) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !k.before(ks[p]) {
			break
		}
		ks[i] = ks[p]
		i = p
	}
	ks[i] = k
}

func (h *keyHeap) pop() {
	ks := (*h)[:len(*h)-1]
	k := (*h)[len(ks)]
	*h = ks
	n, i := len(ks), 0
	for {
		c := 2*i + 1
		if c >= n {
			break
		}
		if c+1 < n && ks[c+1].before(ks[c]) {
			c++
		}
		if !ks[c].before(k) {
			break
		}
		ks[i] = ks[c]
		i = c
	}
	if n > 0 {
		ks[i] = k
	}
}
