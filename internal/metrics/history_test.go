package metrics

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

// cellsOf spells out every cell of h (5-minute buckets and hourly
// rollups, in key order) and every agent tracker, to compare two
// histories' contents whatever their sets' state (open or settled).
func cellsOf(h *History) string {
	var sb strings.Builder
	dump := func(kind string, all map[int64]*bucket) {
		for _, b := range slices.Sorted(func(yield func(int64) bool) {
			for b := range all {
				if !yield(b) {
					return
				}
			}
		}) {
			bk := all[b]
			for l := range bk.contact {
				s := &bk.contact[l]
				for _, i := range sortedPositions(s.keys) {
					fmt.Fprintf(&sb, "%s %d c%d %v %+v %+v\n", kind, b, l, h.names.key(s.keys[i]), s.cellAt(i), bk.histsAt(l, i))
				}
			}
			for l := range bk.time {
				var keys []dims
				var cells []TimeCell
				bk.time[l].each(func(d dims, c *TimeCell) { keys, cells = append(keys, d), append(cells, *c) })
				for _, i := range sortedPositions(keys) {
					fmt.Fprintf(&sb, "%s %d t%d %v %+v\n", kind, b, l, h.names.key(keys[i]), cells[i])
				}
			}
		}
	}
	dump("bucket", h.buckets)
	dump("hour", h.hours)
	for _, a := range slices.Sorted(func(yield func(string) bool) {
		for a := range h.agents {
			if !yield(a) {
				return
			}
		}
	}) {
		tr := h.agents[a]
		fmt.Fprintf(&sb, "agent %s %v %s %s\n", a, tr.Class, tr.Profile, tr.Since)
	}
	return sb.String()
}

func sortedPositions(keys []dims) []int {
	pos := make([]int, len(keys))
	for i := range pos {
		pos[i] = i
	}
	slices.SortFunc(pos, func(a, b int) int { return keys[a].compare(keys[b]) })
	return pos
}

// A history whose store keeps nothing records the same cells and agents
// but no change for storage: nothing pending, no record, no key to delete
// when its buckets expire.
func TestUntrackedRecordsNoChanges(t *testing.T) {
	tracked := storedSample()
	h := NewHistory(0)
	h.Untracked()
	fillSample(h)
	if h.Pending() || len(h.Changes()) != 0 {
		t.Fatalf("untracked history: pending %v, %d changes; want none", h.Pending(), len(h.Changes()))
	}
	if got, want := cellsOf(h), cellsOf(tracked); got != want || want == "" {
		t.Fatalf("untracked history's cells:\n%s\nwant those of a tracked one:\n%s", got, want)
	}
	h.Prune(at("10:30:00").Add(DefaultRetention))
	if h.Pending() || len(h.Changes()) != 0 || h.Stats().Buckets != 0 {
		t.Fatalf("after pruning everything: pending %v, %d changes, %d buckets; want nothing", h.Pending(), len(h.Changes()), h.Stats().Buckets)
	}
	// A tracked history that becomes untracked forgets what it had not
	// handed out yet.
	tracked.Untracked()
	if tracked.Pending() || len(tracked.Changes()) != 0 {
		t.Fatalf("history made untracked: pending %v, %d changes; want none", tracked.Pending(), len(tracked.Changes()))
	}
}

// Agent trackers remember where their time cells are (the ids of their
// profile and agent, their cells' places in the last bucket and hourly
// rollup). Agents changing what they do many times per bucket, changing
// profile, and reaching back into settled buckets (where cells inserted
// move the others) fill exactly the cells of a history that looks every
// cell up again.
func TestAgentTimeThroughRememberedCells(t *testing.T) {
	type change struct {
		t              time.Time
		agent, profile string
		class          Class
		offer          bool // an offer, not an agent change
	}
	// Agent a1 reaches back into the settled 08:00 bucket (where a2 has
	// time) twice in a row, and a0 (an older name: its cell sorts first)
	// gets in there between.
	changes := []change{{t: at("07:55:00"), agent: "a0", profile: "p1", offer: true},
		{t: at("08:00:00"), agent: "a1", profile: "p1", class: ClassIdle}, {t: at("08:00:00"), agent: "a2", profile: "p1", class: ClassIdle},
		{t: at("08:04:00"), agent: "a2", profile: "p1", class: ClassNPT}, {t: at("09:00:00"), agent: "a1", profile: "p1", offer: true},
		{t: at("08:01:00"), agent: "a1", profile: "p1", class: ClassNPT},
		{t: at("08:01:30"), agent: "a0", profile: "p1", class: ClassOnContact}, {t: at("08:02:00"), agent: "a0", profile: "p1", class: ClassIdle},
		{t: at("08:03:00"), agent: "a1", profile: "p1", class: ClassIdle}}
	r := rand.New(rand.NewPCG(13, 7))
	now := at("09:00:00")
	for range 3000 {
		now = now.Add(time.Duration(r.IntN(20)) * time.Second)
		agent := fmt.Sprintf("a%d", r.IntN(12))
		changes = append(changes, change{t: now, agent: agent, profile: fmt.Sprintf("p%d", r.IntN(3)),
			class: []Class{ClassIdle, ClassOnContact, ClassNPT, ClassOffline, ClassIdle}[r.IntN(5)]},
			change{t: now, agent: agent, profile: "p1", offer: true})
		switch r.IntN(40) {
		case 0: // a new agent and profile whose state began long ago: cells inserted in settled buckets
			late, since := fmt.Sprintf("late%d", len(changes)), now.Add(-time.Duration(1+r.IntN(90))*time.Minute)
			changes = append(changes, change{t: since, agent: late, profile: late, class: ClassOnContact}, change{t: now, agent: late, profile: late, class: ClassIdle})
		case 1: // a change stamped in the past: the agent's next time goes back to settled buckets
			changes = append(changes, change{t: now.Add(-time.Duration(1+r.IntN(90)) * time.Minute), agent: fmt.Sprintf("a%d", r.IntN(12)), profile: "p1", class: ClassNPT})
		}
	}
	feed := func(h *History, forget bool) {
		for _, c := range changes {
			if c.offer {
				h.AddOffer(Offer{Time: c.t, Queue: "q1", Channel: "VOICE", Agent: c.agent, Profile: c.profile, Accepted: true})
				continue
			}
			h.SetAgent(c.t, c.agent, c.profile, c.class)
			for _, tr := range h.agents {
				if forget {
					tr.ids = false // forget the places: every cell looked up again
				}
			}
		}
	}
	remembering, lookingUp := NewHistory(0), NewHistory(0)
	feed(remembering, false)
	feed(lookingUp, true)
	got, want := cellsOf(remembering), cellsOf(lookingUp)
	if got != want {
		t.Fatalf("cells differ:\n got %s\nwant %s", got, want)
	}
	if n := strings.Count(want, " t0 "); n < 12*24 {
		t.Fatalf("%d agent time cells: the sample is too small", n)
	}
}

// SetAgentBy, AddOfferBy and AddSegmentBy through kept handles record
// what SetAgent, AddOffer and AddSegment by ID do, also across a Load of agent records (which rewrites trackers in place) and
// for agents first seen through Load.
func TestSetAgentByMatchesSetAgent(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 11))
	byID, byHandle := NewHistory(0), NewHistory(0)
	handles := map[string]*AgentHandle{}
	loads := 0
	now := at("08:00:00")
	for i := range 4000 {
		now = now.Add(time.Duration(r.IntN(30)) * time.Second)
		agent, profile := fmt.Sprintf("a%d", r.IntN(15)), fmt.Sprintf("p%d", r.IntN(3))
		class := []Class{ClassIdle, ClassOnContact, ClassNPT, ClassOffline}[r.IntN(4)]
		byID.SetAgent(now, agent, profile, class)
		hd := handles[agent]
		if hd == nil {
			hd = &AgentHandle{}
			handles[agent] = hd
		}
		byHandle.SetAgentBy(hd, now, agent, profile, class)
		// The agent's facts, under its profile or another one (and, now and
		// then, another agent's handle).
		factProfile, factHandle := profile, hd
		if r.IntN(5) == 0 {
			factProfile = fmt.Sprintf("p%d", r.IntN(4))
		}
		if r.IntN(7) == 0 {
			factHandle = handles[fmt.Sprintf("a%d", r.IntN(15))]
		}
		// Queues and channels vary, mostly in runs; a record can end in a
		// bucket settled since (its cells unpacked, hours back).
		queue, channel, step, end := "q1", "VOICE", "s", now
		if r.IntN(3) == 0 {
			queue, channel, step = fmt.Sprintf("q%d", r.IntN(3)), []string{"VOICE", "CHAT"}[r.IntN(2)], []string{"", "s"}[r.IntN(2)]
		}
		if r.IntN(10) == 0 {
			end = now.Add(-time.Duration(r.IntN(120)) * time.Minute)
		}
		if factHandle != nil {
			o := Offer{Time: now, Queue: queue, Channel: channel, Step: step, Agent: agent, Profile: factProfile, Accepted: r.IntN(2) == 0}
			byID.AddOffer(o)
			byHandle.AddOfferBy(factHandle, o)
			seg := Segment{Queue: queue, Channel: channel, Agent: agent, Profile: factProfile, EnqueuedAt: end.Add(-time.Minute),
				ConnectedAt: end.Add(-30 * time.Second), DisconnectedAt: end}
			byID.AddSegment(seg)
			byHandle.AddSegmentBy(factHandle, seg)
		}
		if i%500 == 499 { // restore both from the first one's agent records
			for _, rec := range byID.Changes() {
				if strings.HasPrefix(string(rec.Value), `{"k":"a"`) {
					if err := byID.Load(rec.Value); err != nil {
						t.Fatal(err)
					}
					if err := byHandle.Load(rec.Value); err != nil {
						t.Fatal(err)
					}
					loads++
				}
			}
			byID.Committed()
			byHandle.Committed()
		}
	}
	if got, want := cellsOf(byHandle), cellsOf(byID); got != want {
		t.Fatalf("cells differ:\n got %s\nwant %s", got, want)
	}
	if len(handles) != 15 || len(byID.agents) != 15 || loads < 15 {
		t.Fatalf("%d handles, %d agents, %d agent records loaded", len(handles), len(byID.agents), loads)
	}
}

// An agent's remembered cells (AgentHandle) are not used once their
// bucket settled and moved them: facts in the same old bucket before and
// after its settle land where the ones by ID do.
func TestHandleCellsAcrossSettle(t *testing.T) {
	byID, byHandle := NewHistory(0), NewHistory(0)
	hds := map[string]*AgentHandle{"b": {}, "a": {}}
	seg := func(agent string, end time.Time) {
		s := Segment{Queue: "q1", Channel: "VOICE", Agent: agent, Profile: "p1", EnqueuedAt: end.Add(-time.Minute),
			ConnectedAt: end.Add(-30 * time.Second), DisconnectedAt: end, ACW: time.Duration(len(agent)) * time.Second}
		byID.AddSegment(s)
		byHandle.AddSegmentBy(hds[agent], s)
	}
	seg("b", at("08:01:00")) // b's cells first: the settle moves them behind a's
	seg("a", at("08:02:00"))
	seg("b", at("08:03:00"))
	seg("a", at("09:00:00")) // 08:00 settles
	seg("b", at("08:04:00")) // b's remembered cells moved
	seg("b", at("08:04:30"))
	if got, want := cellsOf(byHandle), cellsOf(byID); got != want {
		t.Fatalf("cells differ:\n got %s\nwant %s", got, want)
	}
}

// A handle's mirror of its agent's class and profile is not trusted once
// the agent's tracker changed another way: through another handle, by ID,
// or by a Load of its record.
func TestHandleMirrorAcrossOtherWriters(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 17))
	ref, h := NewHistory(0), NewHistory(0)
	hds := []*AgentHandle{{}, {}, {}} // three handles of a1
	now := at("08:00:00")
	for range 3000 {
		now = now.Add(time.Duration(1+r.IntN(40)) * time.Second)
		agent := []string{"a1", "a1", "a1", "a2"}[r.IntN(4)]
		profile, class := fmt.Sprintf("p%d", r.IntN(2)), []Class{ClassIdle, ClassOnContact, ClassNPT}[r.IntN(3)]
		w := r.IntN(8)
		if w == 1 && agent == "a1" { // a Load of another state of the agent into both, then the change by handle
			x := NewHistory(0)
			x.SetAgent(now, "a1", "p9", ClassNPT)
			for _, rec := range x.Changes() {
				if err := h.Load(rec.Value); err != nil {
					t.Fatal(err)
				}
				if err := ref.Load(rec.Value); err != nil {
					t.Fatal(err)
				}
			}
		}
		ref.SetAgent(now, agent, profile, class)
		switch {
		case agent == "a2":
			h.SetAgent(now, agent, profile, class)
		case w == 0: // by ID
			h.SetAgent(now, agent, profile, class)
		case w == 1:
			h.SetAgentBy(hds[0], now, agent, profile, class)
		default: // one of the handles, mostly the first
			h.SetAgentBy(hds[min(r.IntN(6), 2)], now, agent, profile, class)
		}
	}
	if got, want := cellsOf(h), cellsOf(ref); got != want {
		t.Fatalf("cells differ:\n got %s\nwant %s", got, want)
	}
}
