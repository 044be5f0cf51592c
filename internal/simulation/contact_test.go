package simulation

import (
	"encoding/json"
	"testing"
	"unsafe"
)

// A contact in flight fits the 176-byte size class (a day of simulation
// reuses them, but holds as many as are in flight).
func TestContactSize(t *testing.T) {
	if n := unsafe.Sizeof(contact{}); n > 176 {
		t.Fatalf("a simulated contact is %d bytes, want at most 176", n)
	}
}

// A contact names its agent through the connected agent's track, which the
// collector makes for that agent's ID.
func TestContactAgentIsItsTrack(t *testing.T) {
	col := newCollector(fromUnixNano(0), 0, 0)
	c := &contact{}
	if got := c.agent(); got != "" {
		t.Fatalf("agent of a contact never connected = %q, want \"\"", got)
	}
	c.track = col.track("user-1")
	if got := c.agent(); got != "user-1" || col.track("user-1") != c.track {
		t.Fatalf("agent = %q, want user-1 (the track's)", got)
	}
}

// A closed contact is reused only once no timer function holds it, and
// comes back zeroed.
func TestContactReuseWaitsForItsTimers(t *testing.T) {
	d := &driver{}
	c := d.newContact()
	c.typ, c.timers = 3, 2
	d.release(c) // closed with two timers pending
	if len(d.free) != 0 {
		t.Fatal("a contact was freed while timers held it")
	}
	d.fired(c)
	if len(d.free) != 0 {
		t.Fatal("a contact was freed while a timer held it")
	}
	d.fired(c)
	if len(d.free) != 1 || d.newContact() != c || *c != (contact{fns: c.fns}) || c.fns == nil || len(d.free) != 0 {
		t.Fatal("a closed contact whose last timer fired was not reused zeroed")
	}
	live := d.newContact()
	live.timers = 1
	d.fired(live) // a timer of a contact not closed: kept
	if len(d.free) != 0 {
		t.Fatal("a contact still in flight was freed")
	}
}

// Reusing contacts changes nothing a run reports, contact by contact.
func TestContactReuseKeepsReports(t *testing.T) {
	defer func() { reuseContacts = true }()
	for _, f := range []string{"../../examples/single-queue.yaml", "../../examples/multi-skill.yaml"} {
		reuseContacts = false
		a, _ := json.Marshal(runFile(t, f, Options{KeepContacts: true}))
		reuseContacts = true
		b, _ := json.Marshal(runFile(t, f, Options{KeepContacts: true}))
		if string(a) != string(b) {
			t.Errorf("%s: reusing contacts changed the report", f)
		}
	}
}
