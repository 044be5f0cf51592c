package metrics

import "slices"

// timeSet is a layout's agent-time cells in one bucket. An agent's time
// reaches back to when its state began, hours for an agent whose chats
// overlap, so settled buckets get new cells all the time. Inserting each
// one in key order moved half the set (thousands of cells) and moved the
// places agents' trackers remember; a settled set instead takes a new cell
// at the end of a late list, kept in key order by an index of positions,
// and merges the list into the sorted cells only once it holds maxLate
// cells (a bucket's set gets at most one cell per agent: a few merges in
// its life, each a pass over the set). A late cell never moves until the
// merge, so remembered places stay good.
//
// Every reader goes through each (key order: the sorted cells and the late
// ones interleaved, exactly as if each had been inserted) or lookup, so it
// sees what the one sorted set would hold, with the same sums in the same
// order; neither changes the set, so concurrent readers are safe.
type timeSet struct {
	cellSet[TimeCell]
	late      []dims
	lateCells []TimeCell
	lateOrder []int32 // positions in late, in key order
}

// maxLate bounds a late list: at that length it is merged.
const maxLate = 1024

// size is the number of cells.
func (s *timeSet) size() int { return len(s.keys) + len(s.late) }

// cell is the cell at a position lookup or timeIndex returned: the sorted
// cells first, then the late ones.
func (s *timeSet) cell(i int) *TimeCell {
	if i < len(s.cells) {
		return &s.cells[i]
	}
	return &s.lateCells[i-len(s.cells)]
}

// lateAt is where d is, or would go, in lateOrder.
func (s *timeSet) lateAt(d dims) (int, bool) {
	return slices.BinarySearchFunc(s.lateOrder, d, func(p int32, d dims) int { return s.late[p].compare(d) })
}

// lookup returns the position of d's cell.
func (s *timeSet) lookup(d dims) (int, bool) {
	if i, ok := s.index(d); ok || len(s.late) == 0 {
		return i, ok
	}
	if j, ok := s.lateAt(d); ok {
		return len(s.keys) + int(s.lateOrder[j]), true
	}
	return 0, false
}

// find returns d's cell, or nil.
func (s *timeSet) find(d dims) *TimeCell {
	if i, ok := s.lookup(d); ok {
		return s.cell(i)
	}
	return nil
}

// each calls fn with every cell in the set's order: a settled set's in
// key order, late cells in their places.
func (s *timeSet) each(fn func(d dims, c *TimeCell)) {
	i, j := 0, 0
	for i < len(s.keys) || j < len(s.lateOrder) {
		if j == len(s.lateOrder) || (i < len(s.keys) && s.keys[i].compare(s.late[s.lateOrder[j]]) < 0) {
			fn(s.keys[i], &s.cells[i])
			i++
			continue
		}
		p := s.lateOrder[j]
		fn(s.late[p], &s.lateCells[p])
		j++
	}
}

// addLate adds an empty cell for d, which the settled set lacks, j being
// where lateAt put it, and returns its position.
func (s *timeSet) addLate(d dims, j int) int {
	p := len(s.late)
	s.late = append(s.late, d)
	s.lateCells = append(s.lateCells, TimeCell{})
	s.lateOrder = slices.Insert(s.lateOrder, j, int32(p))
	return len(s.keys) + p
}

// mergeLate merges the late cells into the sorted ones (positions move:
// the caller changes its bucket's gen). It reports whether there were any.
func (s *timeSet) mergeLate() bool {
	k := len(s.late)
	if k == 0 {
		return false
	}
	n := len(s.keys)
	keys, cells := slices.Grow(s.keys, k)[:n+k], slices.Grow(s.cells, k)[:n+k]
	i, j := n-1, k-1 // from the ends: the merged cells go where none is left to read
	for o := n + k - 1; o >= 0; o-- {
		if j < 0 {
			break // the rest of the sorted cells are in place
		}
		if p := s.lateOrder[j]; i < 0 || keys[i].compare(s.late[p]) < 0 {
			keys[o], cells[o] = s.late[p], s.lateCells[p]
			j--
		} else {
			keys[o], cells[o] = keys[i], cells[i]
			i--
		}
	}
	s.keys, s.cells = keys, cells
	s.late, s.lateCells, s.lateOrder = s.late[:0], s.lateCells[:0], s.lateOrder[:0]
	return true
}

// settle is cellSet.settle (a settled set keeps its late cells).
func (s *timeSet) settle(spare *[]spareSet[TimeCell], sc *sortScratch) {
	s.cellSet.settle(spare, sc)
}
