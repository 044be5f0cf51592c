package metrics

// cellIndex is an open set's index: a cell's position by its key. Every
// layout's key has at most four of the five names (the step layout no
// profile or agent, the others no step), so one whose names are small
// numbers, nearly all of them, packs into one word (key64), and a map by
// a word costs a fraction of a map by the whole key (no hashing of 20
// bytes, half the memory to read). Keys that do not pack go to a second
// map (made at its first key): where a key goes depends only on the
// key.
type cellIndex struct {
	packed map[uint64]int32
	other  map[dims]int32
}

func newCellIndex(n int) *cellIndex {
	return &cellIndex{packed: make(map[uint64]int32, n)}
}

// key64 packs d: queue, channel and agent in 16 bits each, the profile or
// the step in 15 and a bit saying which. ok is false when d does not fit.
func key64(d dims) (uint64, bool) {
	mid, flag := d.profile, uint64(0)
	if d.step != 0 {
		if d.profile != 0 {
			return 0, false
		}
		mid, flag = d.step, 1
	}
	if d.queue|d.channel|d.agent >= 1<<16 || mid >= 1<<15 {
		return 0, false
	}
	return uint64(d.queue)<<48 | uint64(d.channel)<<32 | flag<<31 | uint64(mid)<<16 | uint64(d.agent), true
}

func (x *cellIndex) get(d dims) (int32, bool) {
	if k, ok := key64(d); ok {
		i, ok := x.packed[k]
		return i, ok
	}
	i, ok := x.other[d]
	return i, ok
}

func (x *cellIndex) set(d dims, i int32) {
	if k, ok := key64(d); ok {
		x.packed[k] = i
		return
	}
	if x.other == nil {
		x.other = map[dims]int32{}
	}
	x.other[d] = i
}

func (x *cellIndex) clear() {
	clear(x.packed)
	clear(x.other)
}
