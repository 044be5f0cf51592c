package clock

// timerHeap is the Virtual clock's pending timers: a 4-ary min-heap of
// small entries ordered by (at, seq), i.e. by instant, then by the order
// AfterFunc was called. Typed and hand-written, so sifting compares inline
// and moves 24-byte entries, never touching the timers themselves.
//
// Stop does not take a timer out: its entry stays, marked by the timer's
// state, and is dropped when it reaches the top (due skips it) or when
// stopped entries outnumber live ones (the heap is then rebuilt without
// them), so the heap holds at most about twice the pending timers.
type timerHeap struct {
	es   []entry
	dead int // entries of stopped timers still in es
}

// entry is one timer in the heap; seq is unique, so the order is total.
type entry struct {
	at  int64  // Virtual.offset of its instant
	seq uint64 // AfterFunc's call number: ties at one instant keep it
	t   *vtimer
}

func (a *entry) before(b *entry) bool {
	return a.at < b.at || (a.at == b.at && a.seq < b.seq)
}

const arity = 4

func (h *timerHeap) push(e entry) {
	h.es = append(h.es, e)
	h.up(len(h.es) - 1)
}

// due pops and returns the first live entry if it falls at or before
// until, dropping the stopped entries it meets on top.
func (h *timerHeap) due(until int64) (entry, bool) {
	for len(h.es) > 0 {
		top := h.es[0]
		if top.t.state == stopped {
			h.pop()
			h.dead--
			continue
		}
		if top.at > until {
			break
		}
		h.pop()
		return top, true
	}
	return entry{}, false
}

// stopped counts one more stopped entry, shedding them all once they are
// more than the live ones.
func (h *timerHeap) stopped() {
	h.dead++
	if h.dead < 64 || 2*h.dead <= len(h.es) {
		return
	}
	live := h.es[:0]
	for _, e := range h.es {
		if e.t.state != stopped {
			live = append(live, e)
		}
	}
	clear(h.es[len(live):])
	h.es, h.dead = live, 0
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
		if !e.before(&es[p]) {
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
			if es[j].before(&es[m]) {
				m = j
			}
		}
		if !es[m].before(&e) {
			break
		}
		es[i] = es[m]
		i = m
	}
	es[i] = e
}
