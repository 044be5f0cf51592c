package simulation

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// The driver's agent plans and the collector's queue series, looked up
// through their address caches, are the maps' answers: for the same
// string, a copy of it, and a name the map lacks (which the cache must not
// remember); a new queue's series is made once and found again.
func TestAddressLookupsAnswerAsTheMaps(t *testing.T) {
	d := &driver{agents: map[string]*agentPlan{}}
	var ids []string
	for i := range 6000 { // more than the cache's entries: they collide
		id := "agent-" + strconv.Itoa(i)
		ids = append(ids, id)
		d.agents[id] = &agentPlan{id: id}
	}
	for round := range 3 {
		for _, id := range ids {
			if round == 2 {
				id = strings.Clone(id)
			}
			if p := d.agent(id); p != d.agents[id] || p == nil {
				t.Fatalf("round %d: %s is %p, the map's %p", round, id, p, d.agents[id])
			}
		}
	}
	other := "agent-x"
	if d.agent(other) != nil {
		t.Fatal("an agent of no plan has one")
	}
	d.agents[other] = &agentPlan{id: other}
	if d.agent(other) != d.agents[other] {
		t.Fatal("a missing agent was remembered as missing")
	}
	c := newCollector(time.Unix(0, 0), time.Minute, time.Minute)
	q := "queue-1"
	s := c.queue(q)
	if s == nil || c.queue(q) != s || c.queue(strings.Clone(q)) != s || c.queues[q] != s || len(c.queues) != 1 {
		t.Fatalf("queue series %p, again %p, map %v", s, c.queue(q), c.queues)
	}
}
