package metrics

import "time"

// upCells is where a 5-minute bucket's contact cells are in its hourly
// rollup: a fact updates both, and the rollup's cell is found from the
// 5-minute one's position rather than by its key again. pos[l][i] is
// one more than the rollup position of layout l's i-th cell (0: not
// known yet). Positions are good while neither bucket's cells move (each
// one's gen unchanged, as noted in gen and hourGen); a settle of the
// 5-minute bucket drops them.
type upCells struct {
	pos          [numContactLayouts][]int32
	hb           *bucket
	gen, hourGen uint32
}

// hourIndex is the position of the cell with key k in hb's layout l (made
// empty if there was none), hb being b's rollup and i the position of the
// 5-minute cell with key k.
func (b *bucket) hourIndex(l, i int, hb *bucket, k dims) int {
	u := &b.up
	if u.hb != hb || u.gen != b.gen || u.hourGen != hb.gen {
		for l := range u.pos {
			u.pos[l] = u.pos[l][:0]
		}
		u.hb, u.gen, u.hourGen = hb, b.gen, hb.gen
	}
	if i < len(u.pos[l]) && u.pos[l][i] != 0 {
		return int(u.pos[l][i] - 1)
	}
	j := hb.contactIndex(l, k)
	if i >= len(u.pos[l]) {
		u.pos[l] = append(u.pos[l], make([]int32, i+1-len(u.pos[l]))...)
	}
	u.pos[l][i] = int32(j + 1)
	return j
}

// eachBucket calls fn with every bucket [from, to) overlaps and the seconds
// of the overlap.
func eachBucket(from, to time.Time, fn func(b int64, secs float64)) {
	for b := Bucket(from); ; b++ {
		start, end := BucketStart(b), BucketStart(b+1)
		lo, hi := later(from, start), earlier(to, end)
		if hi.After(lo) {
			fn(b, hi.Sub(lo).Seconds())
		}
		if !end.Before(to) {
			return
		}
	}
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
