package service

import (
	"strconv"
	"testing"
	"unsafe"

	"github.com/connect-local/connect-local/internal/engine"
)

func TestContactSlotsBelongToTheirContact(t *testing.T) {
	if n := unsafe.Sizeof(engine.Contact{}); n != 416 {
		t.Fatalf("engine.Contact is %d bytes: Slot no longer fits in padding", n)
	}
	var cs contactSlots
	var all []*Contact
	for i := range 3*slotChunk + 5 { // more than a chunk: the slab grows
		c := &Contact{ID: "c-" + strconv.Itoa(i)}
		if cs.find(c) != nil {
			t.Fatalf("%s has an entry before any", c.ID)
		}
		cs.of(c).search.Index = uint32(i + 1)
		all = append(all, c)
	}
	for i, c := range all {
		if e := cs.find(c); e == nil || e.search.Index != uint32(i+1) || cs.of(c) != e {
			t.Fatalf("%s (slot %d) finds %+v", c.ID, c.Slot, e)
		}
		// A copy finds the same entry.
		if cp := c.Clone(); cs.find(cp) != cs.find(c) {
			t.Fatalf("a copy of %s finds another entry", c.ID)
		}
	}
	// A new contact built from a copy of another (a transfer's next
	// segment) carries its slot, but not its entry.
	next := all[7].Clone()
	next.ID = "next"
	if e := cs.find(next); e != nil {
		t.Fatalf("the next segment finds the old one's entry %+v", e)
	}
	e := cs.of(next)
	if e.search.Index != 0 || next.Slot == all[7].Slot || cs.find(all[7]).search.Index != 8 {
		t.Fatalf("the next segment's entry %+v (slot %d) is not its own", e, next.Slot)
	}
}
