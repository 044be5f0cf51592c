package engine

import (
	"maps"
	"slices"
	"sort"

	"github.com/connect-local/connect-local/internal/routing"
)

// availAgent is the matcher's view of an agent, kept on its AgentState
// and rebuilt in place whenever the agent is re-checked (a day makes an
// agent available again after every contact), so nothing but the
// matcher, for the pass it runs, and the engine's own sets may hold it:
// decisions copy the views they keep. Its step memo (Steps, in the same
// allocation) lives as long as the configuration generation it was made in
// (proficiencies change only with the configuration).
type availAgent struct {
	routing.Agent
	pos   int    // index in its profile's agentSet while available
	gen   uint64 // the configuration generation of steps
	in    bool   // available: in Engine.avail and its profile's set (this generation)
	steps routing.StepMemo
}

// agentSet is the available agents of one routing profile, kept in a
// slice so that a pass appends a profile's available agents at once, and
// in idle order (a Stable run of routing.Snapshot). An agent's view does
// not change while it is in the set (updateAvail takes it out first).
type agentSet struct {
	list []*routing.Agent // &own[i].Agent
	own  []*availAgent
	idle []*routing.Agent // the same agents by routing.IdleBefore
}

// put adds the agent at the end of list, and in its place in idle (most
// often the end too: an agent becomes available with its idle clock
// starting now).
func (s *agentSet) put(aa *availAgent) {
	aa.pos = len(s.list)
	s.list = append(s.list, &aa.Agent)
	s.own = append(s.own, aa)
	a, n := &aa.Agent, len(s.idle)
	if n == 0 || routing.IdleBefore(s.idle[n-1], a) {
		s.idle = append(s.idle, a)
		return
	}
	i := sort.Search(n, func(i int) bool { return routing.IdleBefore(a, s.idle[i]) })
	s.idle = slices.Insert(s.idle, i, a)
}

// remove takes the agent out (in list, the last one takes its place).
func (s *agentSet) remove(aa *availAgent) {
	i, last := aa.pos, len(s.list)-1
	s.list[i], s.own[i] = s.list[last], s.own[last]
	s.own[i].pos = i
	s.list[last], s.own[last] = nil, nil
	s.list, s.own = s.list[:last], s.own[:last]
	a := &aa.Agent
	j := sort.Search(len(s.idle), func(j int) bool { return !routing.IdleBefore(s.idle[j], a) })
	if j == len(s.idle) || s.idle[j] != a {
		j = slices.Index(s.idle, a) // cannot happen while its view stays
	}
	s.idle = slices.Delete(s.idle, j, j+1)
}

// updateAvail re-checks the agents marked since the last pass: an agent
// that can take a contact now has its view (re)built and moved to the end
// of its profile's set, and is marked for the matcher; others leave.
func (e *Engine) updateAvail() {
	for i, a := range e.availDirty {
		e.availDirty[i] = nil
		a.recheck = false
		id := a.UserID
		// A view from before the last configuration change was dropped
		// with Engine.avail (refreshConfig).
		old := a.view
		if old != nil && (!old.in || old.gen != e.configGen) {
			old = nil
		}
		if old != nil {
			e.availByProfile[old.ProfileID].remove(old)
			old.in = false
		}
		aa := e.availableView(a)
		if aa == nil {
			if old != nil {
				delete(e.avail, id)
			}
			continue
		}
		if aa != old {
			e.avail[id] = aa
		}
		aa.in = true
		set := e.availByProfile[aa.ProfileID]
		if set == nil {
			set = &agentSet{}
			e.availByProfile[aa.ProfileID] = set
		}
		set.put(aa)
		e.evalDirty.add(a)
	}
	if len(e.availDirty) > 1024 {
		e.availDirty = nil // a configuration change marked every agent
	} else {
		e.availDirty = e.availDirty[:0]
	}
}

// routingAgent is a new view of the agent as the matcher sees it, or nil
// when it cannot take any contact now (read from the configuration itself:
// it serves callers that ran no pass).
func (e *Engine) routingAgent(userID string) *routing.Agent {
	u, a := e.cfg.Agent(userID), e.agents[userID]
	if u == nil || a == nil {
		return nil
	}
	prof := e.cfg.Profile(u.ProfileID)
	load, ok := e.availability(a, prof)
	if !ok {
		return nil
	}
	ra := &routing.Agent{}
	fillView(ra, u, a, prof, load)
	return ra
}

// agentConfig is the agent's user and routing profile (nil when gone),
// read once per configuration generation: only for a caller that ran
// refreshConfig in the same operation (a pass), so that configGen is the
// configuration's (Config's views do not change within a generation).
func (e *Engine) agentConfig(a *AgentState) (*Agent, *Profile) {
	if !a.cfgSet || a.cfgGen != e.configGen {
		u := e.cfg.Agent(a.UserID)
		var prof *Profile
		if u != nil {
			prof = e.cfg.Profile(u.ProfileID)
		}
		a.user, a.prof, a.cfgGen, a.cfgSet = u, prof, e.configGen, e.configSeen
	}
	return a.user, a.prof
}

// availableView is the agent's kept view rebuilt, or nil when the agent
// cannot take any contact now. Only passes call it (agentConfig).
func (e *Engine) availableView(a *AgentState) *availAgent {
	u, prof := e.agentConfig(a)
	if u == nil {
		return nil
	}
	load, ok := e.availability(a, prof)
	if !ok {
		return nil
	}
	aa := a.view
	if aa == nil || aa.gen != e.configGen {
		aa = &availAgent{gen: e.configGen}
		a.view = aa
	}
	fillView(&aa.Agent, u, a, prof, load)
	aa.Steps = &aa.steps
	return aa
}

// fillView sets ra to the available agent as the matcher sees it.
func fillView(ra *routing.Agent, u *Agent, a *AgentState, prof *Profile, load map[string]int) {
	*ra = routing.Agent{ID: u.ID, ProfileID: prof.ID, Routable: true, IdleSince: idleSince(a, prof), Proficiencies: u.Proficiencies, Levels: u.Levels,
		Load: load}
}

// availability is the agent's load (an unchanging map, see channelLoad; nil
// when empty) and true when the agent of routing profile prof can take a
// contact now; false when it cannot (no profile, not routable, blocked, or
// no free slot).
func (e *Engine) availability(a *AgentState, prof *Profile) (map[string]int, bool) {
	if prof == nil || !e.routable(a) {
		return nil, false
	}
	// Most agents hold at most one contact: the load of one channel is
	// counted as it is read, the others in a scratch map (most agents a
	// pass re-checks are busy, and get no view).
	ch, n, multi := "", 0, false
	for _, cn := range a.Connections {
		if cn.Blocks() {
			return nil, false
		}
		if cn.HoldsSlot() {
			if n == 0 || cn.Channel == ch {
				ch = cn.Channel
				n++
			} else {
				multi = true
			}
		}
	}
	if !multi {
		if !routing.HasFreeSlotOn(prof.Routing, ch, n) {
			return nil, false
		}
		return e.channelLoad(ch, n), true
	}
	if e.loadScratch == nil {
		e.loadScratch = map[string]int{}
	}
	load := e.loadScratch
	clear(load)
	for _, cn := range a.Connections {
		if cn.HoldsSlot() {
			load[cn.Channel]++
		}
	}
	if !routing.HasFreeSlot(prof.Routing, load) {
		return nil, false
	}
	return maps.Clone(load), true
}

// loadKey is a load of n slots on one channel.
type loadKey struct {
	channel string
	n       int
}

// channelLoad is the unchanging load of n slots on channel ch, nil when
// n is 0: views with the same load on one channel share one map
// (decisions keep views, so a view's load is never changed once built).
func (e *Engine) channelLoad(ch string, n int) map[string]int {
	if n == 0 {
		return nil // nil reads as no load
	}
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
