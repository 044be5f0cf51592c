package metrics

import "math"

// contactSet is a layout's contact cells in one bucket. Settled, its cells
// are packed: most fields of a cell are zero (a cell with only an offer
// has one or two counts; the agent layout, most of the cells, rarely has
// a transfer, a callback or an abandon), so only the non-zero ones are
// kept, about half the bytes of the 128 of a cell. A cell made or changed
// in a settled set unpacks the set (cells again) until the next settle.
type contactSet struct {
	cellSet[cell]
	packed packedCells
}

// packedCells are a settled set's cells: for each, a mask of its non-zero
// fields (bit i for the i-th of cell.counts, numCounts+j for the j-th of
// cell.sums) and where its values start in words; each count is one word,
// each sum two (its bits, low word first), in field order.
type packedCells struct {
	mask, start, words []uint32
}

const numCounts, numSums = 16, 8

// counts and sums list a cell's fields in the order packing keeps them.
func (c *cell) counts() [numCounts]*uint32 {
	return [numCounts]*uint32{&c.Queued, &c.Handled, &c.Abandoned, &c.HungUpFirst, &c.Incoming, &c.Outbound, &c.HoldAbandons,
		&c.TransferredIn, &c.TransferredOut, &c.InFromQueue, &c.OutFromQueue, &c.Callback, &c.API, &c.Held, &c.Missed, &c.Accepted}
}

func (c *cell) sums() [numSums]*float64 {
	return [numSums]*float64{&c.HandleSum, &c.ACWSum, &c.AnswerSum, &c.AbandonSum, &c.HoldSum, &c.InteractionSum, &c.TalkSum, &c.QueuedMax}
}

func (p *packedCells) add(c *cell) {
	var mask uint32
	p.start = append(p.start, uint32(len(p.words)))
	for i, f := range c.counts() {
		if *f != 0 {
			mask |= 1 << i
			p.words = append(p.words, *f)
		}
	}
	for j, f := range c.sums() {
		if b := math.Float64bits(*f); b != 0 {
			mask |= 1 << (numCounts + j)
			p.words = append(p.words, uint32(b), uint32(b>>32))
		}
	}
	p.mask = append(p.mask, mask)
}

// at unpacks the i-th cell.
func (p *packedCells) at(i int) cell {
	var c cell
	mask, w := p.mask[i], p.words[p.start[i]:]
	for i, f := range c.counts() {
		if mask&(1<<i) != 0 {
			*f, w = w[0], w[1:]
		}
	}
	for j, f := range c.sums() {
		if mask&(1<<(numCounts+j)) != 0 {
			*f, w = math.Float64frombits(uint64(w[0])|uint64(w[1])<<32), w[2:]
		}
	}
	return c
}

// cellAt returns the i-th cell, packed or not.
func (s *contactSet) cellAt(i int) cell {
	if s.cells != nil {
		return s.cells[i]
	}
	return s.packed.at(i)
}

// sizedFrom is sized, with a spare set's room when there is one.
func (s *cellSet[C]) sizedFrom(n int, spare *[]spareSet[C]) {
	if n == 0 || s.at != nil || len(s.keys) > 0 {
		return
	}
	if k := len(*spare); k > 0 {
		sp := (*spare)[k-1]
		(*spare)[k-1] = spareSet[C]{}
		*spare = (*spare)[:k-1]
		s.at, s.keys, s.cells = sp.at, sp.keys, sp.cells
		return
	}
	s.sized(n)
}

// get returns the index of d's cell, made empty if there was none; a
// settled set is unpacked first, as its cell is about to change.
func (s *contactSet) get(d dims) int {
	if s.cells == nil && len(s.packed.mask) > 0 {
		s.cells = make([]cell, len(s.packed.mask))
		for i := range s.cells {
			s.cells[i] = s.packed.at(i)
		}
		s.packed = packedCells{}
		s.reopen()
	}
	return s.cellSet.get(d)
}

// spareSet is what a set no longer needs once settled: its index, its
// unsorted keys and its cells (packed, or sorted into a new slice), for a
// new bucket's set to fill again. Those cells were most of the bytes a
// day's history allocated.
type spareSet[C any] struct {
	at    *cellIndex
	keys  []dims
	cells []C
}

// putSpare keeps a settled set's index, keys and cells (emptied) in
// spare, if there is room.
func putSpare[C any](spare *[]spareSet[C], at *cellIndex, keys []dims, cells []C) {
	if len(*spare) < maxSpare {
		at.clear()
		*spare = append(*spare, spareSet[C]{at: at, keys: keys[:0], cells: cells[:0]})
	}
}

// maxSpare bounds the spare sets kept per layout: a bucket settles about
// when the next one opens, so one or two are enough, and more would only
// hold memory (about 10 B per contact of a simulated day).
const maxSpare = 2

// settle settles the set (cellSet.settle) and packs its cells; what it no
// longer needs goes to spare.
func (s *contactSet) settle(spare *[]spareSet[cell], sc *sortScratch) []int32 {
	at, keys := s.at, s.keys
	order := s.cellSet.settleKeys(sc)
	if order == nil {
		return nil
	}
	cells, n := s.cells, 0
	for i := range cells {
		for _, f := range cells[i].counts() {
			if *f != 0 {
				n++
			}
		}
		for _, f := range cells[i].sums() {
			if math.Float64bits(*f) != 0 {
				n += 2
			}
		}
	}
	s.packed = packedCells{mask: make([]uint32, 0, len(cells)), start: make([]uint32, 0, len(cells)), words: make([]uint32, 0, n)}
	for _, i := range order { // packed in key order: no sorted copy of the cells
		s.packed.add(&cells[i])
	}
	s.cells = nil
	putSpare(spare, at, keys, cells)
	return order
}
