package flow

import "sync"

// arena holds the entries of every compact Log.
var arena logArena

// A logArena hands out the entries of logs from chunks of pointer-free
// entries, in order. A chunk lives as long as a log in it does; a log that
// grows after another log took the room behind it moves to the newest
// chunk (the room it leaves is not used again).
type logArena struct {
	mu   sync.Mutex // guards everything below, every chunk's tab and used, every record's gen and ref
	cur  *chunk     // the chunk logs grow in (nil: none yet)
	gens uint64     // chunks made
}

// chunkRecs is a chunk's room, in entries.
const chunkRecs = 4096

// A chunk is the entries of some logs and the records they refer to.
type chunk struct {
	recs []logRec // made once, never reallocated; recs[:used] are handed out
	used int
	tab  []*record // the records the entries refer to, by ref
	gen  uint64    // its number: records whose gen is this one are in tab
}

// grow makes room for m more entries of l behind its entries so far and
// returns l's chunk and the m new entries, to fill in. a.mu held.
func (a *logArena) grow(l *Log, m int) (*chunk, []logRec) {
	n := int(l.n)
	c := a.cur
	if c != nil && l.c == c && int(l.off)+n == c.used && c.used+m <= len(c.recs) {
		c.used += m
		l.n += int32(m)
		return c, c.recs[c.used-m : c.used]
	}
	if c == nil || c.used+n+m > len(c.recs) {
		a.gens++
		c = &chunk{recs: make([]logRec, max(chunkRecs, n+m)), gen: a.gens}
		a.cur = c
	}
	off := c.used
	dst := c.recs[off : off+n+m]
	if n > 0 {
		old := l.c
		for i, r := range old.recs[l.off : int(l.off)+n] {
			dst[i] = logRec{ns: r.ns, ref: c.ref(old.tab[r.ref])}
		}
	}
	c.used += n + m
	l.c, l.off, l.n = c, int32(off), int32(n+m)
	return c, dst[n:]
}

// ref is r's number in c's table, r added to it if it is not there yet.
// arena.mu held.
func (c *chunk) ref(r *record) uint32 {
	if r.gen != c.gen {
		r.gen, r.ref = c.gen, uint32(len(c.tab))
		c.tab = append(c.tab, r)
	}
	return r.ref
}
