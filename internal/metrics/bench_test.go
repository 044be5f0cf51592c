package metrics

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// dayFact is one fact of a day of facts in time order, shaped like the simulation's:
// agents take contacts from a few queues, some keep chats for hours.
type dayFact struct {
	t       time.Time
	kind    uint8 // 0 SetAgent, 1 AddOffer, 2 AddSegment
	agent   int
	class   Class
	contact int
}

func benchDay(agents, contacts int) (names []string, queues []string, profiles []string, steps []string, facts []dayFact) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range agents {
		names = append(names, fmt.Sprintf("agent-%05d", i))
	}
	for i := range 20 {
		queues = append(queues, fmt.Sprintf("queue-%02d", i))
	}
	for i := range 10 {
		profiles = append(profiles, fmt.Sprintf("profile-%02d", i))
	}
	steps = []string{"", `"a" = "1"`, `"b" >= 3`}
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	free := make([]time.Time, agents)
	for i := range agents {
		facts = append(facts, dayFact{t: start, kind: 0, agent: i, class: ClassIdle})
		free[i] = start
	}
	day := 23 * time.Hour
	for c := range contacts {
		t := start.Add(time.Duration(int64(c) * int64(day) / int64(contacts)))
		a := r.IntN(agents)
		if free[a].After(t) {
			a = r.IntN(agents)
		}
		ring := time.Duration(2+r.IntN(10)) * time.Second
		talk := time.Duration(60+r.IntN(400)) * time.Second
		acw := time.Duration(r.IntN(60)) * time.Second
		facts = append(facts, dayFact{t: t, kind: 0, agent: a, class: ClassConnecting},
			dayFact{t: t.Add(ring), kind: 1, agent: a, contact: c},
			dayFact{t: t.Add(ring), kind: 0, agent: a, class: ClassOnContact},
			dayFact{t: t.Add(ring + talk + acw), kind: 2, agent: a, contact: c},
			dayFact{t: t.Add(ring + talk + acw), kind: 0, agent: a, class: ClassIdle})
		free[a] = t.Add(ring + talk + acw)
	}
	// in time order, stable: a contact's facts keep their order
	slices.SortStableFunc(facts, func(a, b dayFact) int { return a.t.Compare(b.t) })
	return
}

// BenchmarkHistoryDay feeds a day of 1,000 agents and 150,000 contacts
// (go test -run X -bench HistoryDay ./internal/metrics/).
func BenchmarkHistoryDay(b *testing.B) {
	agents, queues, profiles, steps, facts := benchDay(1000, 150000)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		h := NewHistory(0)
		h.Untracked()
		for _, f := range facts {
			agent, profile := agents[f.agent], profiles[f.agent%len(profiles)]
			q := queues[f.contact%len(queues)]
			step := steps[f.contact%len(steps)]
			switch f.kind {
			case 0:
				h.SetAgent(f.t, agent, profile, f.class)
			case 1:
				h.AddOffer(Offer{Time: f.t, Queue: q, Channel: "VOICE", Step: step, Agent: agent, Profile: profile, Accepted: true})
			case 2:
				h.AddSegment(Segment{Queue: q, Channel: "VOICE", Step: step, Agent: agent, Profile: profile, InitiationMethod: "INBOUND",
					DisconnectReason: "CUSTOMER_DISCONNECT", EnqueuedAt: f.t.Add(-5 * time.Minute), ConnectedAt: f.t.Add(-3 * time.Minute), DisconnectedAt: f.t})
			}
		}
	}
}

// BenchmarkHistoryDayHandles feeds a day of 5,000 agents and 750,000
// contacts as reporting does, through the agents' handles, each agent
// taking contacts from the queues of its profile
// (go test -run X -bench HistoryDayHandles -benchtime 1x ./internal/metrics/).
func BenchmarkHistoryDayHandles(b *testing.B) {
	agents, queues, profiles, steps, facts := benchDay(5000, 750000)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		h := NewHistory(0)
		h.Untracked()
		hds := make([]AgentHandle, len(agents))
		for _, f := range facts {
			agent, profile, hd := agents[f.agent], profiles[f.agent%len(profiles)], &hds[f.agent]
			q := queues[(f.agent%len(profiles)*2+f.contact%2)%len(queues)]
			step := steps[f.contact%len(steps)]
			switch f.kind {
			case 0:
				h.SetAgentBy(hd, f.t, agent, profile, f.class)
			case 1:
				h.AddOfferBy(hd, Offer{Time: f.t, Queue: q, Channel: "VOICE", Step: step, Agent: agent, Profile: profile, Accepted: true})
			case 2:
				h.AddSegmentBy(hd, Segment{Queue: q, Channel: "VOICE", Step: step, Agent: agent, Profile: profile, InitiationMethod: "INBOUND",
					DisconnectReason: "CUSTOMER_DISCONNECT", EnqueuedAt: f.t.Add(-5 * time.Minute), ConnectedAt: f.t.Add(-3 * time.Minute), DisconnectedAt: f.t})
			}
		}
	}
}
