package routing

import (
	"slices"
	"testing"
	"time"
)

// MatchInto makes Match's offers in the caller's buffer, whatever it held.
func TestMatchIntoReusesBuffer(t *testing.T) {
	f := newFixture(t0)
	f.profile("p", map[string]int{"CHAT": 3}, nil, cfg("q", "CHAT", 1, 0))
	f.agent("a", "p", time.Minute, nil, nil)
	f.contact("old", "q", "CHAT", 100*time.Second, 5, nil)
	f.contact("young", "q", "CHAT", 10*time.Second, 5, nil)
	want := Match(f.s)
	buf := make([]Offer, 1, 8)
	buf[0] = Offer{ContactID: "stale", AgentID: "stale"}
	got := MatchInto(f.s, buf)
	if len(want) != 2 || !slices.Equal(got, want) {
		t.Fatalf("MatchInto = %v, want %v (Match's, 2 offers)", got, want)
	}
	if &got[0] != &buf[0] {
		t.Fatal("MatchInto did not make its offers in the buffer it was given")
	}
}
