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
// So an agent in Snapshot.Stable can only take contacts of New, and Match
// draws it only when it is eligible for one of them. Drawn in the same idle
// order as the others, it takes its best contact among the new ones not yet
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

// addStable numbers the snapshot's New contacts in the pass and puts in the
// heap the Stable agents eligible for at least one of them (the others
// could take nothing in this pass).
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
	ld := &p.ld
	var v *profView
	profID := ""
	for _, a := range s.Stable {
		if !a.Routable || a.Blocked {
			continue
		}
		if v == nil || a.ProfileID != profID {
			prof := s.Profiles[a.ProfileID]
			if prof == nil {
				v = nil
				continue
			}
			v, profID = p.view(prof), a.ProfileID
			p.newCands(v)
		}
		if !v.newAny {
			continue
		}
		v.load(a, ld)
		if !v.hasFreeSlot(ld) {
			continue
		}
		if a.Steps == nil {
			clear(p.stepCache)
		}
		if c, _ := p.bestNew(a, v, ld); c == nil {
			continue
		}
		p.agents = append(p.agents, heapAgent{sec: a.IdleSince.Unix(), nsec: int32(a.IdleSince.Nanosecond()), only: true, a: a, v: v})
	}
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
