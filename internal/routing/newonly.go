package routing

import "slices"

// Passes for new contacts.
//
// After a pass, every available agent it drew found no eligible contact
// left (or took contacts until it found none), and the agents it did not
// draw had none left to find. Whether an agent is eligible for a waiting
// contact (docs/routing.md#when-an-agent-may-be-offered-a-contact) changes
// only when
//   - the agent changes (status, load, configuration, proficiencies): the
//     caller then puts it in Snapshot.Agents, examined against everything;
//   - the contact is (re-)added to a queue (enqueue, back after a missed
//     or rejected offer, a routing step's expiry, new routing data): the
//     contact is in Snapshot.New;
//   - a queue delay passes, or the configuration changes: the caller puts
//     the agents of the profiles concerned in Snapshot.Agents.
//
// So an agent in Snapshot.Stable can only take contacts of New. Its run is
// merged lazily into the pass's heap (same idle order as the others), and
// drawn, it takes its best contact among the new ones not yet
// taken with best's rules: the first tier with an eligible contact, then
// docs/routing.md#contact-ordering inside it; the same step, queue-delay,
// capacity and cross-channel checks; never an agent-queue contact (a
// contact added to an agent's own queue puts that agent in Agents). Taking a
// contact only lowers what an agent can take next (capacity, cross-channel
// rule), so a stable agent that takes one finds no old one eligible after
// it either. The pass stops once no agent from Agents is left to draw and
// every new contact is taken.

// newContact is one of the snapshot's New contacts in a pass: its queue
// and that queue's number in the pass.
type newContact struct {
	c     *Contact
	q     *Queue
	qi    int
	taken bool
}

// newCand is where a profile takes one of the pass's new contacts: the
// tier of the first config of its queue and channel whose delay has passed
// (-1: none) and the channel's index in the view.
type newCand struct {
	tier int32
	ch   int32
}

// run is a Stable run being drawn: its agents, the next one to draw and
// their profile's view.
type run struct {
	agents []*Agent
	at     int
	v      *profView
}

// addStable numbers the snapshot's New contacts in the pass and puts in the
// heap the first agent of each Stable run whose profile could take one of
// them; the run's next agent goes in as each is drawn (advance), so a pass
// whose new contacts are taken early draws few of its stable agents.
func (p *pass) addStable() {
	s := p.s
	for _, c := range s.New {
		if c.AgentQueue {
			continue
		}
		q := s.Queues[c.QueueID]
		if q == nil || q.byID[c.ID] != c || slices.ContainsFunc(p.news, func(n newContact) bool { return n.c == c }) {
			continue // no longer waiting there (or listed twice)
		}
		p.news = append(p.news, newContact{c: c, q: q, qi: p.queue(q)})
	}
	p.newLeft = len(p.news)
	if p.newLeft == 0 {
		return
	}
	for _, agents := range s.Stable {
		if len(agents) == 0 {
			continue
		}
		prof := s.Profiles[agents[0].ProfileID]
		if prof == nil {
			continue
		}
		v := p.view(prof)
		p.newCands(v)
		if !v.newAny {
			continue
		}
		p.runs = append(p.runs, run{agents: agents, v: v})
		p.advance(&p.agents, len(p.runs)-1)
	}
}

// advance puts in the heap the run's next agent that could take one of
// the new contacts not taken yet. Skipping the others keeps the outcome:
// what an agent can take only shrinks as the pass goes on.
func (p *pass) advance(h *agentHeap, i int) {
	r := &p.runs[i]
	for r.at < len(r.agents) {
		a := r.agents[r.at]
		r.at++
		if a.Routable && !a.Blocked && p.couldTake(a, r.v) {
			p.pushed++
			h.push(heapAgent{sec: a.IdleSince.Unix(), nsec: int32(a.IdleSince.Nanosecond()), run: int32(i), a: a, v: r.v})
			return
		}
	}
}

// couldTake reports whether the stable agent is eligible now for one of
// the new contacts not taken yet (in its own load scratch: the pass's is
// the drawn agent's).
func (p *pass) couldTake(a *Agent, v *profView) bool {
	ld := &p.probe
	v.load(a, ld)
	if !v.hasFreeSlot(ld) {
		return false
	}
	if a.Steps == nil {
		clear(p.stepCache) // the drawn agent clears it again for its own
	}
	c, _ := p.bestNew(a, v, ld)
	return c != nil
}

// inAgents reports whether a is one of the snapshot's Agents too.
func (p *pass) inAgents(a *Agent) bool {
	if len(p.s.Agents) <= manyQueues {
		return slices.Contains(p.s.Agents, a)
	}
	if !p.indexedAgents {
		p.indexedAgents = true
		for _, x := range p.s.Agents {
			p.fullSet[x] = true
		}
	}
	return p.fullSet[a]
}

// newCands resolves the pass's new contacts against the view, once per pass.
func (p *pass) newCands(v *profView) {
	if v.newSeq == p.seq {
		return
	}
	v.newSeq, v.newAny = p.seq, false
	v.newCands = v.newCands[:0]
	for i := range p.news {
		n := &p.news[i]
		cand := newCand{tier: -1}
		start := 0
	tiers:
		for t, end := range v.tiers {
			for j := start; j < end; j++ {
				cfg := &v.cfgs[j]
				if cfg.cg == nil || v.queues[cfg.q] != n.q || v.chans[cfg.ch].name != n.c.Channel {
					continue
				}
				if p.s.Now.Sub(n.c.EnqueuedAt) >= cfg.delay { // docs/routing.md#queue-delay-condition-6
					cand = newCand{tier: int32(t), ch: int32(cfg.ch)}
					break tiers
				}
			}
			start = end
		}
		v.newAny = v.newAny || cand.tier >= 0
		v.newCands = append(v.newCands, cand)
	}
}

// bestNew returns a stable agent's best eligible contact among the new
// ones not yet taken, and the number of its queue, or nil.
func (p *pass) bestNew(a *Agent, v *profView, ld *agentLoad) (*Contact, int) {
	var best *newContact
	bestTier := int32(-1)
	for i := range p.news {
		n, cand := &p.news[i], v.newCands[i]
		if n.taken || cand.tier < 0 || (best != nil && cand.tier > bestTier) || !v.canTake(ld, int(cand.ch)) {
			continue
		}
		if n.c.Step != nil && !p.meets(a, n.c.Step) {
			continue
		}
		if best == nil || cand.tier < bestTier || before(n.c, best.c) {
			best, bestTier = n, cand.tier
		}
	}
	if best == nil {
		return nil, -1
	}
	return best.c, best.qi
}

// takeNew marks c taken when it is one of the pass's new contacts.
func (p *pass) takeNew(c *Contact) {
	for i := range p.news {
		if n := &p.news[i]; n.c == c && !n.taken {
			n.taken = true
			p.newLeft--
			return
		}
	}
}

// IdleBefore reports whether a comes before b in idle order: earlier
// IdleSince, then ID (the order of a pass's agents and of Stable's runs).
func IdleBefore(a, b *Agent) bool {
	as, bs := a.IdleSince.Unix(), b.IdleSince.Unix()
	if as != bs {
		return as < bs
	}
	if an, bn := a.IdleSince.Nanosecond(), b.IdleSince.Nanosecond(); an != bn {
		return an < bn
	}
	return a.ID < b.ID
}

// push adds x.
func (h *agentHeap) push(x heapAgent) {
	*h = append(*h, x)
	s := *h
	for i := len(s) - 1; i > 0; {
		up := (i - 1) / 2
		if !s.less(i, up) {
			return
		}
		s[i], s[up] = s[up], s[i]
		i = up
	}
}

// next is the agent's best contact: among all waiting ones (best), or
// among the new ones for a stable agent (bestNew).
func (p *pass) next(a *Agent, v *profView, ld *agentLoad, only bool) (*Contact, int) {
	if only {
		return p.bestNew(a, v, ld)
	}
	return p.best(a, v, ld)
}
