package metrics

import (
	"math/rand/v2"
	"testing"
)

// A set's index finds every cell made, and no other, whether its key packs
// into a word or not (names past 16 bits, a profile and a step, keys that
// differ only in the profile or step) and across a settle and reopen.
func TestCellIndexKeys(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	small := func() uint32 { return uint32(r.IntN(4)) }
	name := func() uint32 {
		switch r.IntN(4) {
		case 0:
			return 0
		case 1:
			return small()
		case 2:
			return 1<<15 - 1 + small() // around the 15-bit limit
		}
		return 1<<16 - 2 + small() // around the 16-bit limit
	}
	var s cellSet[TimeCell]
	want := map[dims]int{}
	var sc sortScratch
	var spare []spareSet[TimeCell]
	for round := range 4 {
		for range 3000 {
			d := dims{queue: name(), channel: small(), profile: name(), agent: name(), step: name()}
			switch r.IntN(3) { // the layouts' shapes
			case 0:
				d.step = 0
			case 1:
				d.profile, d.agent = 0, 0
			}
			i := s.get(d)
			if j, ok := want[d]; ok && i != j {
				t.Fatalf("%v at %d, made at %d", d, i, j)
			}
			want[d] = i
			s.cells[i].Online++
		}
		for d, i := range want {
			if j, ok := s.index(d); !ok || j != i || s.keys[i] != d {
				t.Fatalf("round %d: %v at %d (%v), want %d", round, d, j, ok, i)
			}
		}
		if _, ok := s.index(dims{queue: 1 << 20}); ok {
			t.Fatal("found a key never made")
		}
		order := s.settle(&spare, &sc)
		moved := map[dims]int{}
		for i, d := range s.keys {
			moved[d] = i
		}
		if len(moved) != len(want) || order == nil {
			t.Fatalf("%d keys settled, want %d", len(moved), len(want))
		}
		want = moved
	}
}
