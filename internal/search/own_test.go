package search

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// PutOwn and RemoveOwn, with the slots the caller keeps, build the index
// Put and Remove build by ID: the same answers to random queries, the
// same Len, before and after a call by ID makes the ID map mid-way.
func TestOwnSlotsMatchPutByID(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	own, byID := New(), New()
	slots := map[string]uint32{}
	recs := map[string]Record{}
	var ids []string
	check := func(round int) {
		t.Helper()
		if own.Len("i") != byID.Len("i") || own.Len("i") != len(recs) {
			t.Fatalf("round %d: Len %d (own) %d (by ID), want %d", round, own.Len("i"), byID.Len("i"), len(recs))
		}
		for range 100 {
			q := randQuery(rng)
			got, _ := all(t, own, q)
			want, _ := all(t, byID, q)
			if !slices.Equal(got, want) {
				t.Fatalf("round %d %+v: own %v, by ID %v", round, q, head(got), head(want))
			}
		}
	}
	for round := range 3 {
		for i := range 1500 {
			var r Record
			if len(ids) > 0 && rng.IntN(3) > 0 {
				r = randRecord(rng, i)
				r.ID = ids[rng.IntN(len(ids))]
			} else {
				r = randRecord(rng, round*10000+i)
				ids = append(ids, r.ID)
			}
			if rng.IntN(5) == 0 { // the contact stops showing
				own.RemoveOwn("i", r.ID, slots[r.ID])
				byID.Remove("i", r.ID)
				delete(recs, r.ID)
				continue
			}
			slots[r.ID] = own.PutOwn("i", &r, slots[r.ID])
			byID.Put("i", r)
			recs[r.ID] = r
		}
		check(round)
		if round == 1 { // a call by ID: from here the index keeps the map
			own.Remove("i", ids[0])
			byID.Remove("i", ids[0])
			delete(recs, ids[0])
		}
	}
	if own.inst("i", false).byID == nil {
		t.Fatal("Remove by ID kept no ID map")
	}
}

// An index fed only through PutOwn and RemoveOwn keeps no map of IDs.
func TestOwnSlotsKeepNoIDMap(t *testing.T) {
	x := New()
	r := Record{ID: "c1", Channel: "TASK"}
	slot := x.PutOwn("i", &r, 0)
	x.RemoveOwn("i", "c1", slot)
	x.RemoveOwn("i", "c2", 0)
	slot = x.PutOwn("i", &r, slot) // stale: c1 was removed
	if x.Len("i") != 1 || x.inst("i", false).byID != nil {
		t.Fatalf("Len %d, ID map %v", x.Len("i"), x.inst("i", false).byID)
	}
}
