package search

import (
	"slices"
	"testing"
)

// keepPairs hands out copies that hold what they were given, across
// chunks, and that nothing appended to one reaches another.
func TestKeepPairs(t *testing.T) {
	ix := newInstIndex()
	var kept, want [][]uint32
	for i := range 3000 {
		ps := make([]uint32, i%7)
		for j := range ps {
			ps[j] = uint32(i*10 + j)
		}
		if i == 1500 {
			ps = make([]uint32, pairChunk+3)
		}
		k := ix.keepPairs(ps)
		if cap(k) != len(k) {
			t.Fatalf("pairs %d: capacity %d, length %d", i, cap(k), len(k))
		}
		_ = append(k, 999) // must not write into another's
		kept, want = append(kept, k), append(want, slices.Clone(ps))
		for j := range ps {
			ps[j] = 7 // the caller's scratch is reused
		}
	}
	for i := range kept {
		if !slices.Equal(kept[i], want[i]) {
			t.Fatalf("pairs %d = %v, want %v", i, kept[i], want[i])
		}
	}
}
