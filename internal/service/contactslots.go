package service

import "github.com/connect-local/connect-local/internal/searchfeed"

// Contact slots: what the service keeps of each contact beside the
// engine's record — its flows (both sides) and where the search index
// keeps it — sits in a slab of the instance, at the slot the engine's
// contact notes (engine.Contact.Slot). A simulated day looked a contact's
// flows up by ID three or four times per event; 750k contacts made that
// map the largest string-keyed map of the service.
//
// The slot is the engine's own contact's: it is set the first time the
// service keeps something of the contact (under st.Mu held for writing),
// and an entry names its contact's ID, so a copy of a contact finds the
// same entry, and a new contact built from a copy of another (a transfer's
// next segment) is not mistaken for it.

// slotChunk is the number of entries of one chunk of the slab: the slab
// grows a chunk at a time, never copying what it holds.
const slotChunk = 1024

// contactSlot is the service's own state of one contact.
type contactSlot struct {
	id    string
	flows contactFlows
	// search is where the search index keeps the contact, and whether
	// it waits to be indexed (searchfeed, search.go).
	search searchfeed.Slot
}

// contactSlots is an instance's slab; slot n (from 1) is entry n-1.
type contactSlots struct {
	chunks [][]contactSlot
	n      uint32
	// toIndex are the contacts waiting for the search index.
	toIndex *searchfeed.Queue
}

// find is c's entry, nil when it has none yet.
func (cs *contactSlots) find(c *Contact) *contactSlot {
	n := c.Slot
	if n == 0 || n > cs.n {
		return nil
	}
	e := &cs.chunks[(n-1)/slotChunk][(n-1)%slotChunk]
	if e.id != c.ID {
		return nil
	}
	return e
}

// of is c's entry, made (and noted in c.Slot) when it has none; st.Mu
// held for writing.
func (cs *contactSlots) of(c *Contact) *contactSlot {
	if e := cs.find(c); e != nil {
		return e
	}
	i := cs.n
	if i%slotChunk == 0 {
		cs.chunks = append(cs.chunks, make([]contactSlot, slotChunk))
	}
	cs.n++
	c.Slot = cs.n
	e := &cs.chunks[i/slotChunk][i%slotChunk]
	e.id = c.ID
	return e
}

// searchOf is c's search slot, nil when it has none; a reader's look.
func (cs *contactSlots) searchOf(c *Contact) *searchfeed.Slot {
	if e := cs.find(c); e != nil {
		return &e.search
	}
	return nil
}

// flowsOf is c's flows (noFlows: none); a reader's look, never changed through.
func (st *instanceState) flowsOf(c *Contact) *contactFlows {
	if e := st.slots.find(c); e != nil {
		return &e.flows
	}
	return &noFlows
}

var noFlows contactFlows
