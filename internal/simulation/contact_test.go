package simulation

import (
	"testing"
	"unsafe"
)

// A contact in flight fits the 160-byte size class: a day of simulation
// makes one per arrival.
func TestContactSize(t *testing.T) {
	if n := unsafe.Sizeof(contact{}); n > 160 {
		t.Fatalf("a simulated contact is %d bytes, want at most 160", n)
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
