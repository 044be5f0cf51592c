package routing

import (
	"fmt"
	"sort"
	"testing"

	"pgregory.net/rapid"
)

// TestStableAgentsSeeOnlyNewContacts checks passes with Stable agents
// against full passes: a random snapshot's contacts are split into old
// ones and New ones; an agent that would take no old contact alone (what
// the caller promises for Stable) may be left to its profile's Stable run
// only (the others are in Agents too), and the pass must
// make exactly the offers of the pass that examines every agent against
// everything (and of the reference). New also lists a contact twice and
// one no longer in its queue, which must change nothing.
func TestStableAgentsSeeOnlyNewContacts(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genSnapshot(t)
		want := Match(s)
		if ref := reference(s); fmt.Sprint(ref) != fmt.Sprint(want) {
			t.Fatalf("Match %v\nreference %v", want, ref)
		}
		// Old queues: the standard queues without the new contacts.
		var news []*Contact
		old := map[string]*Queue{}
		for id, q := range s.Queues {
			old[id] = NewQueue(id)
			for _, c := range q.Ordered() {
				if rapid.IntRange(0, 2).Draw(t, "new") == 0 {
					news = append(news, c)
				} else {
					old[id].Add(c)
				}
			}
		}
		if len(news) > 0 && rapid.Bool().Draw(t, "twice") {
			news = append(news, news[rapid.IntRange(0, len(news)-1).Draw(t, "again")])
		}
		if rapid.Bool().Draw(t, "gone") {
			news = append(news, &Contact{ID: "gone", QueueID: "q0", Channel: "CHAT"})
		}
		// As the engine does: the profiles with new contacts hand all their
		// agents as a run in idle order, and those dirty in Agents too.
		rs := *s
		rs.Agents, rs.New, rs.Views = nil, news, NewViews()
		runs := map[string][]*Agent{}
		for _, a := range s.Agents {
			probe := &Snapshot{Now: s.Now, Agents: []*Agent{a}, Profiles: s.Profiles, Queues: old, AgentQueues: s.AgentQueues}
			inRun := a.ProfileID != "p2" // a profile without new contacts for its agents
			if inRun {
				runs[a.ProfileID] = append(runs[a.ProfileID], a)
			}
			if !inRun || len(Match(probe)) > 0 || rapid.IntRange(0, 3).Draw(t, "stable") == 0 {
				rs.Agents = append(rs.Agents, a)
			}
		}
		for _, id := range []string{"p0", "p1"} {
			if run := runs[id]; len(run) > 0 {
				sort.Slice(run, func(i, j int) bool { return IdleBefore(run[i], run[j]) })
				rs.Stable = append(rs.Stable, run)
			}
		}
		if got := Match(&rs); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("with stable agents %v\nfull pass %v", got, want)
		}
	})
}
