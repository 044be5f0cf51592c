package routing

import (
	"fmt"
	"sort"
	"testing"
	"time"

	"pgregory.net/rapid"
)

var channels = []string{"VOICE", "CHAT", "TASK"}
var attrs = []Attr{{"L", "fr"}, {"L", "en"}, {"Tech", "db"}}

func genExpr(t *rapid.T, label string) *Expression {
	switch rapid.IntRange(0, 3).Draw(t, label+"kind") {
	case 0:
		return nil
	case 1:
		a := attrs[rapid.IntRange(0, len(attrs)-1).Draw(t, label+"attr")]
		return &Expression{AttributeCondition: &AttributeCondition{Name: a.Name, Value: a.Value,
			ProficiencyLevel: lvl(float64(rapid.IntRange(1, 5).Draw(t, label+"lvl"))), ComparisonOperator: OpGreaterOrEqual}}
	case 2:
		return &Expression{OrExpression: []Expression{
			{AttributeCondition: &AttributeCondition{Name: "L", Value: "fr", ProficiencyLevel: lvl(float64(rapid.IntRange(1, 5).Draw(t, label+"l1"))), ComparisonOperator: OpGreaterOrEqual}},
			{AttributeCondition: &AttributeCondition{Name: "L", Value: "en", Range: &LevelRange{float64(rapid.IntRange(1, 3).Draw(t, label+"min")), 5}}},
		}}
	default:
		return &Expression{NotAttributeCondition: &AttributeCondition{Name: "Tech", Value: "db", Range: &LevelRange{1, 5}}}
	}
}

func genSnapshot(t *rapid.T) *Snapshot {
	s := &Snapshot{Now: t0, Profiles: map[string]*Profile{}, Queues: map[string]*Queue{}, AgentQueues: map[string]*Queue{}}
	nq := rapid.IntRange(1, 4).Draw(t, "queues")
	for p := 0; p < rapid.IntRange(1, 3).Draw(t, "profiles"); p++ {
		prof := &Profile{ID: fmt.Sprintf("p%d", p), Concurrency: map[string]int{}, AnyChannel: map[string]bool{}}
		for _, ch := range channels {
			max := 10
			if ch == "VOICE" {
				max = 1
			}
			if c := rapid.IntRange(0, max).Draw(t, "conc"); c > 0 {
				prof.Concurrency[ch] = c
			}
			prof.AnyChannel[ch] = rapid.Bool().Draw(t, "any")
		}
		var cfgs []QueueConfig
		var prios []int64
		for q := 0; q < nq; q++ {
			for _, ch := range channels {
				if rapid.Bool().Draw(t, "incfg") {
					cfgs = append(cfgs, QueueConfig{QueueID: fmt.Sprintf("q%d", q), Channel: ch, Delay: time.Duration(rapid.IntRange(0, 2).Draw(t, "delay")*20) * time.Second})
					prios = append(prios, int64(rapid.IntRange(1, 3).Draw(t, "prio")))
				}
			}
		}
		prof.Tiers = BuildTiers(cfgs, func(i int) int64 { return prios[i] })
		s.Profiles[prof.ID] = prof
	}
	for a := 0; a < rapid.IntRange(1, 8).Draw(t, "agents"); a++ {
		ag := &Agent{ID: fmt.Sprintf("a%d", a), ProfileID: fmt.Sprintf("p%d", rapid.IntRange(0, len(s.Profiles)-1).Draw(t, "ap")),
			Routable: rapid.IntRange(0, 5).Draw(t, "routable") > 0, Blocked: rapid.IntRange(0, 8).Draw(t, "blocked") == 0,
			IdleSince: t0.Add(-time.Duration(rapid.IntRange(0, 5).Draw(t, "idle")) * time.Minute),
			Load:      map[string]int{}, Proficiencies: map[Attr]float64{}}
		for _, ch := range channels {
			if rapid.IntRange(0, 3).Draw(t, "hasload") == 0 {
				ag.Load[ch] = 1
			}
		}
		for _, at := range attrs {
			if rapid.Bool().Draw(t, "hasprof") {
				ag.Proficiencies[at] = float64(rapid.IntRange(1, 5).Draw(t, "plvl"))
			}
		}
		if rapid.Bool().Draw(t, "levels") {
			ag.Levels = LevelsOf(ag.Proficiencies) // Match reads these, the reference the map
		}
		if rapid.Bool().Draw(t, "memo") {
			ag.Steps = &StepMemo{} // Match remembers step results there
		}
		s.Agents = append(s.Agents, ag)
	}
	for c := 0; c < rapid.IntRange(0, 25).Draw(t, "contacts"); c++ {
		ct := &Contact{ID: fmt.Sprintf("c%02d", c), Channel: channels[rapid.IntRange(0, 2).Draw(t, "ch")],
			EnqueuedAt:    t0.Add(-time.Duration(rapid.IntRange(0, 120).Draw(t, "waited")) * time.Second),
			QueuePriority: int64(rapid.IntRange(1, 5).Draw(t, "qp")), AdjustSeconds: int64(rapid.IntRange(-60, 60).Draw(t, "adj")),
			Step: genExpr(t, "step")}
		if ct.Step != nil {
			ct.StepKey = ct.Step.Canonical()
		}
		m := s.Queues
		if rapid.IntRange(0, 5).Draw(t, "agentq") == 0 {
			ct.AgentQueue = true
			ct.QueueID = s.Agents[rapid.IntRange(0, len(s.Agents)-1).Draw(t, "aqowner")].ID
			m = s.AgentQueues
		} else {
			ct.QueueID = fmt.Sprintf("q%d", rapid.IntRange(0, nq-1).Draw(t, "cq"))
		}
		if m[ct.QueueID] == nil {
			m[ct.QueueID] = NewQueue(ct.QueueID)
		}
		m[ct.QueueID].Add(ct)
	}
	return s
}

// reference is docs/routing.md#the-matching-loop's loop, literally: restart from the longest-idle
// agent after every offer, checking every (agent, contact) pair with Explain's
// conditions.
func reference(s *Snapshot) []Offer {
	load := map[string]map[string]int{}
	for _, a := range s.Agents {
		load[a.ID] = copyLoad(a.Load)
	}
	taken := map[string]bool{}
	var all []*Contact
	for _, m := range []map[string]*Queue{s.Queues, s.AgentQueues} {
		for _, q := range m {
			all = append(all, q.Ordered()...)
		}
	}
	var offers []Offer
	for {
		agents := append([]*Agent(nil), s.Agents...)
		sort.Slice(agents, func(i, j int) bool {
			if !agents[i].IdleSince.Equal(agents[j].IdleSince) {
				return agents[i].IdleSince.Before(agents[j].IdleSince)
			}
			return agents[i].ID < agents[j].ID
		})
		assigned := false
		for _, a := range agents {
			view := *a
			view.Load = load[a.ID]
			view.Levels = nil // the map is the reference
			var best *Contact
			var bestKey [2]int64
			for _, c := range all {
				if taken[c.ID] || reason(s, &view, c) != Eligible {
					continue
				}
				key := [2]int64{1, 0}
				if c.AgentQueue {
					key = [2]int64{0, 0}
				} else {
					for _, t := range s.Profiles[a.ProfileID].Tiers {
						for _, cfg := range t.Configs {
							if cfg.QueueID == c.QueueID && cfg.Channel == c.Channel {
								key[1] = t.Priority
							}
						}
					}
				}
				if best == nil || key[0] < bestKey[0] || (key[0] == bestKey[0] && (key[1] < bestKey[1] || (key[1] == bestKey[1] && before(c, best)))) {
					best, bestKey = c, key
				}
			}
			if best == nil {
				continue
			}
			taken[best.ID] = true
			load[a.ID][best.Channel]++
			offers = append(offers, Offer{ContactID: best.ID, AgentID: a.ID, QueueID: best.QueueID, Channel: best.Channel})
			assigned = true
			break
		}
		if !assigned {
			return offers
		}
	}
}

func TestMatchEqualsReferenceAndKeepsInvariants(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genSnapshot(t)
		got := Match(s)
		want := reference(s)
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("Match  %v\nreference %v", got, want)
		}
		agents := map[string]*Agent{}
		for _, a := range s.Agents {
			agents[a.ID] = a
		}
		contacts := map[string]*Contact{}
		for _, m := range []map[string]*Queue{s.Queues, s.AgentQueues} {
			for _, q := range m {
				for _, c := range q.Ordered() {
					contacts[c.ID] = c
				}
			}
		}
		seen := map[string]bool{}
		load := map[string]map[string]int{}
		for _, o := range got {
			if seen[o.ContactID] {
				t.Fatalf("contact %s offered twice", o.ContactID)
			}
			seen[o.ContactID] = true
			a, c := agents[o.AgentID], contacts[o.ContactID]
			if load[a.ID] == nil {
				load[a.ID] = copyLoad(a.Load)
			}
			view := *a
			view.Load = load[a.ID]
			if r := reason(s, &view, c); r != Eligible {
				t.Fatalf("offer %v breaks docs/routing.md#when-an-agent-may-be-offered-a-contact: %s", o, r)
			}
			if !c.AgentQueue && c.Step != nil && !c.Step.Matches(a) {
				t.Fatalf("agent %s lacks the active step of %s", a.ID, c.ID)
			}
			load[a.ID][c.Channel]++
			if load[a.ID][c.Channel] > s.Profiles[a.ProfileID].Concurrency[c.Channel] {
				t.Fatalf("agent %s over concurrency on %s", a.ID, c.Channel)
			}
		}
	})
}

// Raising a contact's priority (UpdateContactRoutingData) makes it the next
// one routed to the single free agent.
func TestRaisingPriorityRoutesNext(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		f := newFixture(t0)
		f.profile("p", map[string]int{"CHAT": 1}, nil, cfg("q", "CHAT", 1, 0))
		f.agent("a", "p", time.Minute, nil, nil)
		n := rapid.IntRange(2, 20).Draw(t, "n")
		var cs []*Contact
		for i := 0; i < n; i++ {
			cs = append(cs, f.contact(fmt.Sprintf("c%02d", i), "q", "CHAT", time.Duration(rapid.IntRange(0, 600).Draw(t, "w"))*time.Second, int64(rapid.IntRange(2, 5).Draw(t, "p")), nil))
		}
		pick := cs[rapid.IntRange(0, n-1).Draw(t, "pick")]
		q := f.s.Queues["q"]
		q.Remove(pick.ID)
		pick.QueuePriority = 1
		q.Add(pick)
		if got := Match(f.s); len(got) != 1 || got[0].ContactID != pick.ID {
			t.Fatalf("offers %v, want %s", got, pick.ID)
		}
	})
}

// TestQueueCountsAndChannelGroups checks a queue's count and its groups by
// channel against its contacts after random adds, re-adds and removes.
func TestQueueCountsAndChannelGroups(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		q := NewQueue("q")
		t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		steps := []*Expression{nil, {AttributeCondition: &AttributeCondition{Name: "L", Value: "fr"}}}
		for range rapid.IntRange(0, 60).Draw(t, "ops") {
			id := fmt.Sprintf("c%d", rapid.IntRange(0, 9).Draw(t, "id"))
			if rapid.IntRange(0, 2).Draw(t, "remove") == 0 {
				q.Remove(id)
				continue
			}
			c := &Contact{ID: id, Channel: channels[rapid.IntRange(0, 2).Draw(t, "ch")],
				EnqueuedAt: t0.Add(time.Duration(rapid.IntRange(0, 5).Draw(t, "at")) * time.Second)}
			if st := steps[rapid.IntRange(0, 1).Draw(t, "step")]; st != nil {
				c.Step, c.StepKey = st, st.Canonical()
			}
			q.Add(c)
		}
		all := q.Ordered()
		if q.Len() != len(all) {
			t.Fatalf("Len %d, %d contacts", q.Len(), len(all))
		}
		for _, ch := range channels {
			want := map[string]bool{}
			for _, c := range all {
				if c.Channel == ch {
					want[c.ID] = true
				}
			}
			got := 0
			for _, g := range q.chanGroups(ch) {
				for _, c := range g.contacts {
					if !want[c.ID] || g.key.channel != ch {
						t.Fatalf("%s groups hold %s of %s", ch, c.ID, c.Channel)
					}
					got++
				}
				if len(g.contacts) == 0 {
					t.Fatalf("empty group kept for %s", ch)
				}
			}
			if got != len(want) {
				t.Fatalf("%s groups hold %d contacts, want %d", ch, got, len(want))
			}
		}
	})
}
