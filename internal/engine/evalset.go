package engine

// evalSet is the agents to examine fully at the next pass (the evalDirty
// of Engine), emptied at every pass and walked in the order first added,
// as an idSet of their user IDs would be. An agent with a state is marked
// on it (AgentState.evalMark), so adding the agents a pass re-checks takes
// no lookup; a user ID without a state yet (a contact in the agent queue
// of an agent the engine has not seen) is kept by ID, and an agent whose
// ID is kept is not added again.
type evalSet struct {
	epoch uint64 // AgentState.evalMark of members; 0 until the first add
	list  []evalEntry
	ids   map[string]uint64 // by-ID members: epoch when a member
	nIDs  int               // by-ID members this epoch
}

// evalEntry is a member: its state, or (a nil) its user ID.
type evalEntry struct {
	a  *AgentState
	id string
}

// add adds the agent.
func (s *evalSet) add(a *AgentState) {
	if s.epoch == 0 {
		s.epoch = 1
	}
	if a.evalMark == s.epoch {
		return
	}
	a.evalMark = s.epoch
	if s.nIDs > 0 && s.ids[a.UserID] == s.epoch {
		return // a member by ID
	}
	s.list = append(s.list, evalEntry{a: a})
}

// addID adds the user, whose state is a (nil when the engine has none).
func (s *evalSet) addID(id string, a *AgentState) {
	if a != nil {
		s.add(a)
		return
	}
	if s.epoch == 0 {
		s.epoch = 1
	}
	if s.ids == nil {
		s.ids = map[string]uint64{}
	}
	if s.ids[id] == s.epoch {
		return
	}
	s.ids[id] = s.epoch
	s.nIDs++
	s.list = append(s.list, evalEntry{id: id})
}

// reset empties the set; a list that grew large starts again small.
func (s *evalSet) reset() {
	s.epoch++
	s.nIDs = 0
	if len(s.list) > 1024 {
		s.list = nil
		return
	}
	clear(s.list)
	s.list = s.list[:0]
}

// availOf is the agent's view while it is available (in Engine.avail):
// e.avail[a.UserID], read without a lookup. A view is in avail exactly
// while it is the agent's, marked in and of this configuration generation
// (updateAvail puts and takes it out; refreshConfig empties avail as the
// generation moves).
func (e *Engine) availOf(a *AgentState) *availAgent {
	if v := a.view; v != nil && v.in && v.gen == e.configGen {
		return v
	}
	return nil
}
