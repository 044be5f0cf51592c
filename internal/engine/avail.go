package engine

import (
	"maps"

	"github.com/connect-local/connect-local/internal/routing"
)

// availAgent is the matcher's view of an available agent. It is kept
// while the agent stays available and rebuilt in place when the agent
// changes (a day makes an agent available again after every contact), so
// nothing but the matcher, for the pass it runs, and the engine's own
// sets may hold it: decisions copy the views they keep.
type availAgent struct {
	routing.Agent
	pos int // index in its profile's agentSet
}

// agentSet is the available agents of one routing profile, kept in a
// slice so that a pass appends a profile's available agents at once.
type agentSet struct {
	list []*routing.Agent // &own[i].Agent
	own  []*availAgent
}

// put adds the agent at the end.
func (s *agentSet) put(aa *availAgent) {
	aa.pos = len(s.list)
	s.list = append(s.list, &aa.Agent)
	s.own = append(s.own, aa)
}

// remove takes the agent out (the last one takes its place).
func (s *agentSet) remove(aa *availAgent) {
	i, last := aa.pos, len(s.list)-1
	s.list[i], s.own[i] = s.list[last], s.own[last]
	s.own[i].pos = i
	s.list[last], s.own[last] = nil, nil
	s.list, s.own = s.list[:last], s.own[:last]
}

// updateAvail re-checks the agents marked since the last pass: an agent
// that can take a contact now has its view (re)built and moved to the end
// of its profile's set, and is marked for the matcher; others leave.
func (e *Engine) updateAvail() {
	for _, id := range e.availDirty.list {
		old := e.avail[id]
		if old != nil {
			if set := e.availByProfile[old.ProfileID]; set != nil {
				set.remove(old)
			}
		}
		aa := old
		if aa == nil {
			aa = e.spareAvail
			if aa == nil {
				aa = &availAgent{}
			}
		}
		if !e.availableView(id, &aa.Agent) {
			if old != nil {
				delete(e.avail, id)
				e.spareAvail = old
			}
			continue
		}
		if old == nil {
			e.avail[id] = aa
			if aa == e.spareAvail {
				e.spareAvail = nil
			}
		}
		set := e.availByProfile[aa.ProfileID]
		if set == nil {
			set = &agentSet{}
			e.availByProfile[aa.ProfileID] = set
		}
		set.put(aa)
		e.evalDirty.add(id)
	}
	e.availDirty.reset()
}

// routingAgent is a new view of the agent as the matcher sees it, or nil
// when it cannot take any contact now.
func (e *Engine) routingAgent(userID string) *routing.Agent {
	ra := new(routing.Agent)
	if !e.availableView(userID, ra) {
		return nil
	}
	return ra
}

// availableView sets ra to the agent as the matcher sees it and reports
// true, or reports false (ra unchanged) when it cannot take any contact
// now (not routable, blocked, or no free slot).
func (e *Engine) availableView(userID string, ra *routing.Agent) bool {
	u, a := e.cfg.Agent(userID), e.agents[userID]
	if u == nil || a == nil || !e.routable(a) {
		return false
	}
	prof := e.cfg.Profile(u.ProfileID)
	if prof == nil {
		return false
	}
	// The load is counted in a scratch map first: most agents a pass
	// re-checks are busy, and get no view.
	if e.loadScratch == nil {
		e.loadScratch = map[string]int{}
	}
	load := e.loadScratch
	clear(load)
	for _, cn := range a.Connections {
		if cn.Blocks() {
			return false
		}
		if cn.HoldsSlot() {
			load[cn.Channel]++
		}
	}
	if !routing.HasFreeSlot(prof.Routing, load) {
		return false
	}
	*ra = routing.Agent{ID: u.ID, ProfileID: prof.ID, Routable: true, IdleSince: idleSince(a, prof), Proficiencies: u.Proficiencies, Levels: u.Levels,
		Load: e.loadOf(load)}
	return true
}

// loadKey is a load of n slots on one channel.
type loadKey struct {
	channel string
	n       int
}

// loadOf is an unchanging copy of load, nil when it is empty: views
// with the same load on one channel share one map (decisions keep views,
// so a view's load is never changed once built).
func (e *Engine) loadOf(load map[string]int) map[string]int {
	switch len(load) {
	case 0:
		return nil // nil reads as no load
	case 1:
		for ch, n := range load {
			k := loadKey{ch, n}
			if m, ok := e.loads[k]; ok {
				return m
			}
			if e.loads == nil {
				e.loads = map[loadKey]map[string]int{}
			}
			m := map[string]int{ch: n}
			e.loads[k] = m
			return m
		}
	}
	return maps.Clone(load)
}
