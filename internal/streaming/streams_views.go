package streaming

import (
	"github.com/connect-local/connect-local/internal/engine"
	"github.com/connect-local/connect-local/internal/instance"
	"sort"

	"github.com/connect-local/connect-local/internal/events"
)

// contactView is c as internal/events builds records from it, names and
// ARNs resolved in st. The caller holds s.mu.
func (s *Streaming) contactView(st *instance.State, c *engine.Contact) *events.Contact {
	v := &events.Contact{
		AccountID: st.Scope.Account, InstanceARN: st.ARN,
		ID: c.ID, ARN: c.ARN(), InitialContactID: c.InitialContactID, PreviousContactID: c.PreviousContactID,
		Channel: c.Channel, InitiationMethod: c.InitiationMethod, Name: c.Name, Description: c.Extra().Description, State: c.State,
		Attributes: c.Attributes, Tags: c.Tags, CustomerEndpoint: c.CustomerEndpoint, SystemEndpoint: c.SystemEndpoint,
		DisconnectReason: c.DisconnectReason, Missed: int(c.Missed), HoldSecs: c.HoldSecs, Holds: int(c.Holds),
		Priority: c.Priority(), AdjustSecs: c.QueueAdjust,
		Initiation: c.InitiationTimestamp.Time(), ConnectedToSystem: c.ConnectedToSystem.Time(), Enqueue: c.EnqueueTimestamp.Time(),
		ConnectedToAgent: c.ConnectedToAgentTimestamp.Time(), Disconnect: c.DisconnectTimestamp.Time(),
		ACWStart: c.ACWStart.Time(), ACWEnd: c.ACWEnd.Time(), LastUpdate: c.LastUpdateTimestamp.Time(), Scheduled: c.ScheduledTimestamp.Time(),
	}
	if c.QueueID != "" && !c.EnqueueTimestamp.IsZero() {
		v.Queue = &events.Ref{ARN: st.QueueARN(c.QueueID, c.AgentQueue)}
		v.QueueType = "STANDARD"
		if c.AgentQueue {
			v.QueueType = "AGENT"
			if u := st.Users[c.QueueID]; u != nil {
				v.Queue.Name = u.Username
			}
		} else if q := st.Queues[c.QueueID]; q != nil {
			v.Queue.Name = q.Name
		}
	}
	if u := st.Users[c.AgentID]; u != nil && c.AgentID != "" {
		a := &events.Agent{ARN: u.ARN, Username: u.Username}
		if p := st.Profiles[u.RoutingProfileID]; p != nil {
			a.RoutingProfile = events.Ref{ARN: p.ARN, Name: p.Name}
		}
		for _, id := range c.AgentHierarchy {
			if g := st.Groups[id]; g != nil {
				a.Hierarchy = append(a.Hierarchy, events.Ref{ARN: g.ARN, Name: g.Name})
			}
		}
		v.Agent = a
	}
	if rc := c.Criteria; rc != nil {
		cr := &events.Criteria{Activation: rc.ActivationTimestamp.Time(), Index: rc.Index}
		for _, step := range rc.Steps {
			cr.Steps = append(cr.Steps, events.Step{Expression: *step.Expr(), DurationSeconds: step.DurationSeconds,
				Expiry: step.ExpiryTimestamp.Time(), Status: step.Status})
		}
		v.Criteria = cr
	}
	if c.DisconnectReason == "TRANSFERRED" {
		// The contact it was transferred to names it as its previous one.
		v.TransferCompleted = c.DisconnectTimestamp.Time()
		for _, n := range st.Eng.Contacts() {
			if n.PreviousContactID == c.ID {
				v.NextContactID = n.ID
				break
			}
		}
	}
	return v
}

// agentSnapshot is the agent's state and configuration now, or nil when
// its user no longer exists. The caller holds s.mu.
func (s *Streaming) agentSnapshot(st *instance.State, a *engine.AgentState) *events.AgentSnapshot {
	u := st.Users[a.UserID]
	if u == nil {
		return nil
	}
	snap := &events.AgentSnapshot{Username: u.Username, FirstName: u.IdentityInfo.FirstName, LastName: u.IdentityInfo.LastName,
		AutoAccept: u.PhoneConfig.AutoAccept}
	snap.Status = s.statusRef(st, a.StatusID)
	snap.Status.Start = a.StatusStart
	if a.NextStatusID != "" {
		next := s.statusRef(st, a.NextStatusID)
		snap.Next = &next
	}
	held := map[string]int64{}
	for _, cn := range a.Connections {
		if cn.HoldsSlot() {
			held[cn.Channel]++
		}
	}
	if p := st.Profiles[u.RoutingProfileID]; p != nil {
		snap.RoutingProfile = events.Ref{ARN: p.ARN, Name: p.Name}
		byQueue := map[string]*events.QueueRef{}
		var order []string
		for _, qc := range p.QueueConfigs {
			qr := byQueue[qc.QueueID]
			if qr == nil {
				qr = &events.QueueRef{ARN: st.QueueARN(qc.QueueID, false)}
				if q := st.Queues[qc.QueueID]; q != nil {
					qr.Name = q.Name
				}
				byQueue[qc.QueueID] = qr
				order = append(order, qc.QueueID)
			}
			qr.Channels = append(qr.Channels, qc.Channel)
		}
		for _, id := range order {
			snap.InboundQueues = append(snap.InboundQueues, *byQueue[id])
		}
		if q := st.Queues[p.DefaultOutboundQueueID]; q != nil {
			snap.DefaultOutbound = &events.QueueRef{ARN: q.ARN, Name: q.Name, Channels: []string{"VOICE"}}
		}
		for _, mc := range p.MediaConcurrencies {
			snap.Concurrency = append(snap.Concurrency, events.Slots{Channel: mc.Channel, Maximum: mc.Concurrency,
				Available: max(0, mc.Concurrency-held[mc.Channel])})
		}
	}
	for _, id := range st.HierarchyPath(u.ID) {
		if g := st.Groups[id]; g != nil {
			snap.Hierarchy = append(snap.Hierarchy, events.Ref{ARN: g.ARN, Name: g.Name})
		}
	}
	for _, p := range u.Proficiencies {
		snap.Proficiencies = append(snap.Proficiencies, events.Proficiency{Name: p.AttributeName, Value: p.AttributeValue, Level: p.Level})
	}
	for _, cn := range a.Connections {
		ac := events.AgentContact{ContactID: cn.ContactID, Channel: cn.Channel, State: cn.State, StateStart: cn.StateStart}
		if c := st.Eng.Contact(cn.ContactID); c != nil {
			ac.InitialContactID, ac.InitiationMethod = c.InitialContactID, c.InitiationMethod
			ac.ConnectedToAgent, ac.QueueTimestamp = c.ConnectedToAgentTimestamp.Time(), c.EnqueueTimestamp.Time()
			if c.QueueID != "" {
				ref := &events.Ref{ARN: st.QueueARN(c.QueueID, c.AgentQueue)}
				if q := st.Queues[c.QueueID]; q != nil && !c.AgentQueue {
					ref.Name = q.Name
				}
				ac.Queue = ref
			}
		}
		snap.Contacts = append(snap.Contacts, ac)
	}
	sort.Slice(snap.Contacts, func(i, j int) bool { return snap.Contacts[i].ContactID < snap.Contacts[j].ContactID })
	return snap
}

func (s *Streaming) statusRef(st *instance.State, id string) events.Status {
	if as := st.Statuses[id]; as != nil {
		return events.Status{ARN: as.ARN, Name: as.Name, Type: as.Type}
	}
	return events.Status{Type: "OFFLINE"}
}
