package searchfeed

import (
	"fmt"
	"testing"

	"github.com/connect-local/connect-local/internal/engine"
	"github.com/connect-local/connect-local/internal/search"
)

// A contact waits in the queue once however often it changes; the
// change that fills the queue indexes its oldest Chunk, a Flush all of
// it; a contact with an agent path of its agent's is indexed at once.
func TestQueueCoalescesAndBounds(t *testing.T) {
	bound, chunk := Bound, Chunk
	Bound, Chunk = 10, 4
	defer func() { Bound, Chunk = bound, chunk }()
	ix := search.New()
	slots := map[*engine.Contact]*Slot{}
	find := func(c *engine.Contact) *Slot { return slots[c] }
	var q Queue
	var cs []*engine.Contact
	change := func(c *engine.Contact) {
		if slots[c] == nil {
			slots[c] = &Slot{}
		}
		q.Changed(ix, "i", c, c.AgentHierarchy, slots[c], find)
	}
	for i := range 9 {
		c := &engine.Contact{ID: fmt.Sprint("c", i), Channel: "TASK"}
		cs = append(cs, c)
		for range 3 {
			change(c)
		}
	}
	if len(q.list) != 9 || ix.Len("i") != 0 {
		t.Fatalf("9 contacts changed 3 times: %d queued, %d indexed", len(q.list), ix.Len("i"))
	}
	change(&engine.Contact{ID: "c9", Channel: "TASK"}) // the tenth fills it
	if len(q.list) != 6 || ix.Len("i") != 4 || slots[cs[0]].Queued || !slots[cs[4]].Queued || slots[cs[0]].Index == 0 {
		t.Fatalf("full: %d queued, %d indexed, slots %+v %+v", len(q.list), ix.Len("i"), slots[cs[0]], slots[cs[4]])
	}
	// A path not the contact's own is read now: the contact is indexed
	// now, and its queued change skipped.
	cs[5].AgentID = "a1"
	q.Changed(ix, "i", cs[5], []string{"g1"}, slots[cs[5]], find)
	if slots[cs[5]].Queued || ix.Len("i") != 5 {
		t.Fatalf("agent path: %+v, %d indexed", slots[cs[5]], ix.Len("i"))
	}
	q.Flush(ix, "i", find)
	if len(q.list) != 0 || ix.Len("i") != 10 {
		t.Fatalf("flushed: %d queued, %d indexed", len(q.list), ix.Len("i"))
	}
	var none *Queue
	none.Flush(ix, "i", find) // a nil queue holds nothing
}
