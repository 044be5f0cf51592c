package metrics

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestTimeSetLateCells: a settled set taking new cells (late lists, their
// merges at maxLate, settles between) reads exactly as a map of the same
// cells in key order, through places remembered across the changes.
func TestTimeSetLateCells(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	pool := make([]dims, 6000)
	for i := range pool {
		pool[i] = dims{profile: uint32(rng.IntN(4)), agent: uint32(rng.IntN(20000)), queue: uint32(rng.IntN(2))}
	}
	want := map[dims]TimeCell{}
	bk := &bucket{}
	var sp spares
	add := func(d dims, at *timeAt) {
		secs := float64(rng.IntN(3000)) / 7
		c := ClassIdle + Class(rng.IntN(3)) - 1
		bk.timeCellAt(timeAgent, d, at).accrue(c, secs)
		w := want[d]
		w.accrue(c, secs)
		want[d] = w
	}
	check := func(step string) {
		t.Helper()
		var keys []dims
		bk.time[timeAgent].each(func(d dims, c *TimeCell) {
			keys = append(keys, d)
			if *c != want[d] {
				t.Fatalf("%s: cell %v = %+v, want %+v", step, d, *c, want[d])
			}
		})
		if !slices.IsSortedFunc(keys, dims.compare) || len(keys) != len(want) || bk.time[timeAgent].size() != len(want) {
			t.Fatalf("%s: %d keys (sorted %v), want %d", step, len(keys), slices.IsSortedFunc(keys, dims.compare), len(want))
		}
		for range 300 {
			d := pool[rng.IntN(len(pool))]
			got, w := bk.time[timeAgent].find(d), want[d]
			if _, ok := want[d]; ok != (got != nil) || (ok && *got != w) {
				t.Fatalf("%s: find %v = %v, want %v (%v)", step, d, got, w, ok)
			}
		}
	}
	for _, d := range pool[:500] { // the current bucket's cells, then settled
		add(d, &timeAt{})
	}
	bk.settle(&sp)
	check("settled")
	ats := make([]timeAt, 40) // trackers' remembered places
	merged := false
	for range 3 {
		n := len(bk.time[timeAgent].keys)
		for range 4000 {
			k := rng.IntN(len(ats))
			d := pool[(k*71+rng.IntN(3)*900)%len(pool)]
			if rng.IntN(2) == 0 {
				d = pool[rng.IntN(len(pool))]
			}
			ats[k] = timeAt{} // a place is for one cell
			add(d, &ats[k])
			add(d, &ats[k])                                     // again, through the place just remembered
			merged = merged || len(bk.time[timeAgent].keys) > n // a merge at maxLate
		}
		check("late")
		bk.settle(&sp)
		check("settled again")
	}
	if !merged {
		t.Fatal("no late list reached maxLate")
	}
}
