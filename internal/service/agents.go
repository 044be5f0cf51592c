package service

import (
	"sort"
	"time"
)

// systemStatus returns the ID of the instance's built-in status of a type.
func (s *Service) systemStatus(st *instanceState, typ string) string {
	for _, as := range st.Statuses {
		if as.Type == typ {
			return as.ID
		}
	}
	return ""
}

// PutUserStatus sets an agent's status (docs/routing.md#agent-statuses). While the agent still
// holds contacts the change waits as NextStatus and the agent gets no new
// contacts; it takes effect when the last contact completes. Setting a
// status clears missed, rejected and errored connections (docs/routing.md#no-missed-or-rejected-offer-condition-2).
func (s *Service) PutUserStatus(sc Scope, instanceID, userID, statusID string) error {
	st, err := s.lockInstance(sc, instanceID)
	if err != nil {
		return err
	}
	defer st.Mu.Unlock()
	u, err := s.userOf(sc, st, userID)
	if err != nil {
		return err
	}
	sid, ok := resolveID(sc, st.ID, "agent-state", statusID)
	as := st.Statuses[sid]
	if !ok || as == nil {
		return notFound("Agent status not found: %s", statusID)
	}
	if as.State == "DISABLED" {
		return invalidRequest("Agent status %s is disabled.", as.Name)
	}
	st.Eng.SetStatus(u.ID, as.ID)
	return s.flush(st)
}

// AgentView is an agent's live state for GetCurrentUserData and /_local/.
type AgentView struct {
	User           User
	Status         *AgentStatus
	StatusStart    time.Time
	NextStatus     *AgentStatus
	Profile        *RoutingProfile
	Connections    []Connection
	Contacts       map[string]*Contact // by ID, for the connections
	QueueARNs      map[string]string   // the ARN of each of those contacts' queues, by queue ID
	MaxSlots       map[string]int64
	ActiveSlots    map[string]int64
	AvailableSlots map[string]int64
	HierarchyPath  []*HierarchyGroup
}

// CurrentUserDataFilter selects agents for CurrentUserData; empty lists
// do not filter.
type CurrentUserDataFilter struct {
	Queues, RoutingProfiles, Agents, HierarchyGroups, ContactStates []string
}

// CurrentUserData reports each agent's status, contacts and slots.
func (s *Service) CurrentUserData(sc Scope, instanceID string, f CurrentUserDataFilter, req PageRequest) (Page[AgentView], error) {
	st, err := s.rlockInstance(sc, instanceID)
	if err != nil {
		return Page[AgentView]{}, err
	}
	defer st.Mu.RUnlock()
	resolve := func(kind string, ids []string) map[string]bool {
		if len(ids) == 0 {
			return nil
		}
		m := map[string]bool{}
		for _, v := range ids {
			if id, ok := resolveID(sc, st.ID, kind, v); ok {
				m[id] = true
			}
		}
		return m
	}
	queues, profiles, agents, groups := resolve("queue", f.Queues), resolve("routing-profile", f.RoutingProfiles), resolve("agent", f.Agents), resolve("agent-group", f.HierarchyGroups)
	var out []AgentView
	for _, u := range st.Users {
		v := s.agentView(st, u)
		if agents != nil && !agents[u.ID] || profiles != nil && !profiles[u.RoutingProfileID] {
			continue
		}
		if groups != nil {
			in := false
			for _, g := range v.HierarchyPath {
				in = in || groups[g.ID]
			}
			if !in {
				continue
			}
		}
		if queues != nil && !profileServesAny(v.Profile, queues) {
			continue
		}
		if len(f.ContactStates) > 0 && !hasContactState(v.Connections, f.ContactStates) {
			continue
		}
		out = append(out, v)
	}
	req.Binding = "GetCurrentUserData|" + st.ID + "|" + string(marshalJSON(f))
	return paginate(s, out, func(v AgentView) string { return v.User.ID }, req)
}

// queueARN is the ARN of a standard queue, or of a user's agent queue
// (instance/{id}/queue/agent/{user id}, as in AWS).
func queueARN(st *instanceState, queueID string, agentQueue bool) string {
	return st.QueueARN(queueID, agentQueue)
}

func profileServesAny(p *RoutingProfile, queues map[string]bool) bool {
	if p == nil {
		return false
	}
	for _, qc := range p.QueueConfigs {
		if queues[qc.QueueID] {
			return true
		}
	}
	return false
}

func hasContactState(cs []Connection, states []string) bool {
	for _, c := range cs {
		for _, s := range states {
			if c.State == s {
				return true
			}
		}
	}
	return false
}

// agentView assembles one agent's live state. The caller holds s.mu, for
// reading only: agentView must not touch the engine's caches.
func (s *Service) agentView(st *instanceState, u *User) AgentView {
	v := AgentView{User: *u, Profile: st.Profiles[u.RoutingProfileID], Contacts: map[string]*Contact{}, QueueARNs: map[string]string{},
		MaxSlots: map[string]int64{}, ActiveSlots: map[string]int64{}, AvailableSlots: map[string]int64{}}
	a := st.Eng.AgentState(u.ID)
	if a == nil {
		v.Status = st.Statuses[s.systemStatus(st, "OFFLINE")]
	} else {
		v.Status = st.Statuses[a.StatusID]
		v.StatusStart = a.StatusStart
		if a.NextStatusID != "" {
			v.NextStatus = st.Statuses[a.NextStatusID]
		}
		for _, c := range a.Connections {
			v.Connections = append(v.Connections, *c)
			ct := st.Eng.Contact(c.ContactID)
			v.Contacts[c.ContactID] = ct
			if ct != nil && ct.QueueID != "" {
				v.QueueARNs[ct.QueueID] = queueARN(st, ct.QueueID, ct.AgentQueue)
			}
		}
		sort.Slice(v.Connections, func(i, j int) bool { return v.Connections[i].StateStart.Before(v.Connections[j].StateStart) })
	}
	if v.Profile != nil {
		for _, mc := range v.Profile.MediaConcurrencies {
			v.MaxSlots[mc.Channel] = mc.Concurrency
			v.ActiveSlots[mc.Channel] = 0
		}
		for _, c := range v.Connections {
			if c.HoldsSlot() {
				v.ActiveSlots[c.Channel]++
			}
		}
		anyChannel := map[string]bool{}
		for _, mc := range v.Profile.MediaConcurrencies {
			anyChannel[mc.Channel] = mc.CrossChannelBehavior == "ROUTE_ANY_CHANNEL"
		}
		load := map[string]int{}
		for ch, n := range v.ActiveSlots {
			load[ch] = int(n)
		}
		for ch, max := range v.MaxSlots {
			free := max - v.ActiveSlots[ch]
			if free < 0 || a == nil || !st.Eng.Routable(a) {
				free = 0
			}
			// The cross-channel rule can make a free slot unusable (docs/routing.md#cross-channel-rule-condition-5).
			for other, n := range load {
				if other != ch && n > 0 && !anyChannel[other] {
					free = 0
				}
			}
			v.AvailableSlots[ch] = free
		}
	}
	for g := st.Groups[u.HierarchyGroupID]; g != nil; g = st.Groups[g.ParentGroupID] {
		v.HierarchyPath = append([]*HierarchyGroup{g}, v.HierarchyPath...)
	}
	return v
}
