package metrics

import "time"

// AgentHandle is where a History keeps one agent's tracker, for
// SetAgentBy: a caller that keeps one per agent records what the agent
// does without a lookup by ID. The zero handle is empty (SetAgentBy fills
// it). A handle is good for the History that filled it, for as long as it
// lives (Load rewrites trackers in place, nothing deletes one).
type AgentHandle struct {
	tr *tracker
	// agent and profile are the names last interned as a and p (named:
	// once set), for the agent's facts (agentNames).
	named          bool
	agent, profile string
	a, p           uint32
	// last is where the agent's last fact went (contactCells).
	last lastCells
	// cls and prof mirror the tracker's Class and Profile, good while
	// epoch is the History's owners: an event that changes neither is
	// known to be none without reading the tracker (a cache miss).
	epoch uint64
	cls   Class
	prof  string
}

// lastCells is where an agent's last contact fact went: its queue and
// channel (the names and their ids) and the positions of its cells in the
// agent and profile layouts of the 5-minute bucket and of the profile
// layout of the hourly rollup. An agent's facts come in runs of one queue
// (an offer, then the contact's record, often in the same 5 minutes), so
// the next one finds its cells without a lookup. A position is good while
// its bucket is the same and its gen unchanged: cells of a contact set
// move only when it settles, which changes the gen.
type lastCells struct {
	queue, channel string
	q, ch, p, a    uint32
	bk, hb         *bucket
	bgen, hgen     uint32
	agentI, profI  int32
	profHI         int32
}

// queueIDs are the interned queue and channel, through the handle's last
// fact when it had the same ones (names are never renumbered).
func (h *History) queueIDs(hd *AgentHandle, queue, channel string) (q, ch uint32) {
	if hd != nil && hd.last.bk != nil && hd.last.queue == queue && hd.last.channel == channel {
		return hd.last.q, hd.last.ch
	}
	return h.names.id(queue), h.names.id(channel)
}

// lastHit reports whether the handle's last fact went to the same cells
// of bk and hb as one with these dimensions does.
func (hd *AgentHandle) lastHit(bk, hb *bucket, q, ch, p, a uint32) bool {
	l := &hd.last
	return l.bk == bk && l.hb == hb && l.bgen == bk.gen && l.hgen == hb.gen && l.q == q && l.ch == ch && l.p == p && l.a == a
}

// SetAgentBy is SetAgent through the agent's handle (filled at its first
// use with this History).
func (h *History) SetAgentBy(hd *AgentHandle, t time.Time, agent, profile string, c Class) {
	tr := hd.tr
	if tr != nil && hd.epoch == h.owners && hd.cls == c && hd.prof == profile {
		return // as setAgent would, without reading tr
	}
	if tr == nil {
		if tr = h.agents[agent]; tr == nil {
			tr = &tracker{Class: c, Profile: profile, Since: t}
			h.agents[agent] = tr
			hd.tr = tr
			h.changedAgent(agent)
			h.own(hd, tr)
			return
		}
		hd.tr = tr
	}
	h.setAgent(tr, t, agent, profile, c)
	h.own(hd, tr)
}

// own makes hd the handle that mirrors tr. A tracker is mirrored by one
// handle at most, its owner (tracker.by): the owner updates its mirror
// as it changes the tracker, and any other change of a tracker (through
// another handle, by ID, by Load) moves h.owners first, which makes
// every mirror stale.
func (h *History) own(hd *AgentHandle, tr *tracker) {
	if tr.by != hd {
		tr.by = hd
		h.owners++
	}
	hd.epoch, hd.cls, hd.prof = h.owners, tr.Class, tr.Profile
}

// disown notes a change of tr made without a handle.
func (h *History) disown(tr *tracker) {
	if tr.by != nil {
		tr.by = nil
		h.owners++
	}
}

// AddSegmentBy is AddSegment with the handle of the segment's agent.
func (h *History) AddSegmentBy(hd *AgentHandle, s Segment) { h.addSegment(s, hd) }

// AddOfferBy is AddOffer with the handle of the offer's agent.
func (h *History) AddOfferBy(hd *AgentHandle, o Offer) { h.addOffer(o, hd) }

// agentNames are the interned profile and agent, through the agent's
// handle when there is one (names are never renumbered: what the handle
// keeps stays good for its History).
func (h *History) agentNames(hd *AgentHandle, agent, profile string) (p, a uint32) {
	if hd == nil {
		return h.names.id(profile), h.names.id(agent)
	}
	if !hd.named || hd.agent != agent {
		hd.named, hd.agent, hd.a = true, agent, h.names.id(agent)
		hd.profile, hd.p = profile, h.names.id(profile)
	} else if hd.profile != profile {
		hd.profile, hd.p = profile, h.names.id(profile)
	}
	return hd.p, hd.a
}
