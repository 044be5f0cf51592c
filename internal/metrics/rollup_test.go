package metrics

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

// The hourly rollups filled through the 5-minute cells' remembered
// rollup positions hold what rollups rebuilt from the stored 5-minute
// cells do (Load finds each by its key): facts from many queues, agents
// and steps, some in buckets settled since, across hours. Durations are
// whole seconds, so sums do not depend on the order of additions.
func TestRollupPositions(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 9))
	h := NewHistory(0)
	hds := make([]AgentHandle, 12)
	now := at("08:00:00")
	for range 6000 {
		now = now.Add(time.Duration(r.IntN(12)) * time.Second)
		a := r.IntN(len(hds))
		agent, profile := fmt.Sprintf("a%d", a), fmt.Sprintf("p%d", a%3)
		queue, channel, step := fmt.Sprintf("q%d", r.IntN(6)), []string{"VOICE", "CHAT"}[r.IntN(2)], []string{"", "s1", "s2"}[r.IntN(3)]
		end := now
		if r.IntN(8) == 0 {
			end = now.Add(-time.Duration(r.IntN(150)) * time.Minute)
		}
		seg := Segment{Queue: queue, Channel: channel, Step: step, Agent: agent, Profile: profile, InitiationMethod: "INBOUND",
			EnqueuedAt: end.Add(-time.Duration(r.IntN(90)) * time.Second), ConnectedAt: end.Add(-30 * time.Second), DisconnectedAt: end,
			ACW: time.Duration(r.IntN(20)) * time.Second}
		o := Offer{Time: now, Queue: queue, Channel: channel, Step: step, Agent: agent, Profile: profile, Accepted: r.IntN(3) > 0}
		if r.IntN(2) == 0 {
			h.AddSegmentBy(&hds[a], seg)
			h.AddOfferBy(&hds[a], o)
		} else {
			h.AddSegment(seg)
			h.AddOffer(o)
		}
	}
	loaded := NewHistory(0)
	for _, rec := range h.Changes() {
		if err := loaded.Load(rec.Value); err != nil {
			t.Fatal(err)
		}
	}
	// Names are numbered in another order in loaded: lines, sorted.
	lines := func(h *History) string {
		l := strings.Split(cellsOf(h), "\n")
		slices.Sort(l)
		return strings.Join(l, "\n")
	}
	got, want := lines(h), lines(loaded)
	if got != want {
		t.Fatalf("rollups differ from the ones rebuilt:\n got %s\nwant %s", got, want)
	}
	if len(h.hours) < 10 {
		t.Fatalf("%d hours: the sample is too small", len(h.hours))
	}
}

// A 5-minute bucket's remembered rollup positions are not used once the
// rollup settled and moved its cells: late facts in an old bucket before
// and after its hour settles land in the right hourly cells.
func TestRollupPositionsAcrossHourSettle(t *testing.T) {
	h := NewHistory(0)
	seg := func(queue string, end time.Time, acw int) {
		h.AddSegment(Segment{Queue: queue, Channel: "VOICE", Agent: "a1", Profile: "p1", InitiationMethod: "INBOUND",
			EnqueuedAt: end.Add(-time.Minute), ConnectedAt: end.Add(-30 * time.Second), DisconnectedAt: end, ACW: time.Duration(acw) * time.Second})
	}
	seg("qA", at("07:55:00"), 1) // qA is named first: it sorts first
	seg("qB", at("08:01:00"), 2) // but the 08:00 hour made qB's cells first
	seg("qA", at("08:01:30"), 4)
	seg("qC", at("08:30:00"), 8)  // 08:00 settles, its hour not yet
	seg("qB", at("08:02:00"), 16) // remembers qB's hourly place
	seg("qC", at("09:20:00"), 32) // the 08:00 hour settles: qB's cells move
	seg("qB", at("08:03:00"), 64)
	hour := h.hours[Bucket(at("08:00:00"))/bucketsPerHour]
	for _, q := range []string{"qA", "qB"} {
		d := dims{queue: h.names.id(q), channel: h.names.id("VOICE")}
		i, ok := hour.contact[layoutQueue].index(d)
		if !ok {
			t.Fatalf("no hourly cell of %s", q)
		}
		want := map[string]float64{"qA": 4, "qB": 2 + 16 + 64}[q]
		if got := hour.contact[layoutQueue].cellAt(i).ACWSum; got != want {
			t.Errorf("hourly ACW of %s = %v, want %v", q, got, want)
		}
	}
}
