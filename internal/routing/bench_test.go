package routing

import (
	"fmt"
	"math/rand"
	"testing"
	"time"
)

// benchSnapshot builds the scale of issue 4: agents, 200 queues, queued
// contacts with proficiency steps; free is the share of agents with a free slot.
func benchSnapshot(agents, queues, contacts int, free float64) *Snapshot {
	r := rand.New(rand.NewSource(1))
	s := &Snapshot{Now: t0, Profiles: map[string]*Profile{}, Queues: map[string]*Queue{}, AgentQueues: map[string]*Queue{}}
	langs := []string{"en", "fr", "de", "es", "ja"}
	techs := []string{"db", "s3", "ec2", "lambda"}
	for p := 0; p < 50; p++ {
		prof := &Profile{ID: fmt.Sprintf("p%d", p), Concurrency: map[string]int{"VOICE": 1, "CHAT": 3, "TASK": 3}, AnyChannel: map[string]bool{"TASK": true}}
		var cfgs []QueueConfig
		var prios []int64
		for i := 0; i < 8; i++ {
			q := fmt.Sprintf("q%d", r.Intn(queues))
			for _, ch := range channels {
				cfgs = append(cfgs, QueueConfig{QueueID: q, Channel: ch})
				prios = append(prios, int64(1+i/3))
			}
		}
		prof.Tiers = BuildTiers(cfgs, func(i int) int64 { return prios[i] })
		s.Profiles[prof.ID] = prof
	}
	for a := 0; a < agents; a++ {
		ag := &Agent{ID: fmt.Sprintf("a%05d", a), ProfileID: fmt.Sprintf("p%d", r.Intn(50)), Routable: true,
			IdleSince: t0.Add(-time.Duration(r.Intn(3600)) * time.Second), Load: map[string]int{}, Proficiencies: map[Attr]float64{}}
		if r.Float64() >= free {
			ag.Load["VOICE"] = 1 // busy on voice: takes nothing
		}
		ag.Proficiencies[Attr{"connect:Language", "connect:" + langs[r.Intn(len(langs))]}] = float64(1 + r.Intn(5))
		ag.Proficiencies[Attr{"Technology", techs[r.Intn(len(techs))]}] = float64(1 + r.Intn(5))
		s.Agents = append(s.Agents, ag)
	}
	var steps []*Expression
	for _, l := range langs {
		for _, tch := range techs {
			steps = append(steps, &Expression{AndExpression: []Expression{
				{AttributeCondition: &AttributeCondition{Name: "connect:Language", Value: "connect:" + l, ProficiencyLevel: lvl(4), ComparisonOperator: OpGreaterOrEqual}},
				{AttributeCondition: &AttributeCondition{Name: "Technology", Value: tch, ProficiencyLevel: lvl(3), ComparisonOperator: OpGreaterOrEqual}},
			}})
		}
	}
	for c := 0; c < contacts; c++ {
		st := steps[r.Intn(len(steps))]
		ct := &Contact{ID: fmt.Sprintf("c%06d", c), Channel: channels[r.Intn(3)], QueueID: fmt.Sprintf("q%d", r.Intn(queues)),
			EnqueuedAt: t0.Add(-time.Duration(r.Intn(3600)) * time.Second), QueuePriority: int64(1 + r.Intn(5)), Step: st, StepKey: st.Canonical()}
		q := s.Queues[ct.QueueID]
		if q == nil {
			q = NewQueue(ct.QueueID)
			s.Queues[ct.QueueID] = q
		}
		q.Add(ct)
	}
	return s
}

// BenchmarkMatch is one full pass at 5,000 agents, 200 queues and 50,000
// queued contacts with two-condition proficiency steps.
func BenchmarkMatch(b *testing.B) {
	for _, free := range []float64{0.01, 0.1, 1} {
		s := benchSnapshot(5000, 200, 50000, free)
		b.Run(fmt.Sprintf("free=%g", free), func(b *testing.B) {
			offers := 0
			for i := 0; i < b.N; i++ {
				offers = len(Match(s))
			}
			b.ReportMetric(float64(offers), "offers/pass")
		})
	}
}

// BenchmarkQueueAdd is enqueuing one contact into a queue of 50,000.
func BenchmarkQueueAdd(b *testing.B) {
	q := NewQueue("q")
	for i := 0; i < 50000; i++ {
		q.Add(&Contact{ID: fmt.Sprintf("c%06d", i), Channel: "VOICE", EnqueuedAt: t0.Add(time.Duration(i) * time.Millisecond), QueuePriority: 5})
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c := &Contact{ID: fmt.Sprintf("x%d", i), Channel: "VOICE", EnqueuedAt: t0.Add(time.Duration(i%50000) * time.Millisecond), QueuePriority: 5}
		q.Add(c)
		q.Remove(c.ID)
	}
}
