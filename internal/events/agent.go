package events

import (
	"encoding/json"
	"time"
)

// AgentEventVersion is the agent event format Connect writes.
const AgentEventVersion = "2019-05-25"

// Agent event types.
const (
	Login       = "LOGIN"
	Logout      = "LOGOUT"
	StateChange = "STATE_CHANGE"
	HeartBeat   = "HEART_BEAT"
)

// Status is an agent status at a time.
type Status struct {
	ARN, Name, Type string
	Start           time.Time
}

// QueueRef is a queue of a routing profile with its channels.
type QueueRef struct {
	ARN, Name string
	Channels  []string
}

// Slots is one channel's concurrency.
type Slots struct {
	Channel            string
	Maximum, Available int64
}

// Proficiency is one of the agent's proficiencies.
type Proficiency struct {
	Name, Value string
	Level       float64
}

// AgentContact is one contact on the agent.
type AgentContact struct {
	ContactID, InitialContactID, Channel, InitiationMethod string
	State                                                  string // CONNECTING, CONNECTED, CONNECTED_ONHOLD, MISSED, REJECTED, ERROR, ENDED
	StateStart, ConnectedToAgent, QueueTimestamp           time.Time
	Queue                                                  *Ref
}

// AgentSnapshot is an agent's state and configuration at one moment.
type AgentSnapshot struct {
	Status                        Status
	Next                          *Status
	Username, FirstName, LastName string
	AutoAccept                    bool
	RoutingProfile                Ref
	DefaultOutbound               *QueueRef
	InboundQueues                 []QueueRef
	Concurrency                   []Slots
	Hierarchy                     []Ref
	Proficiencies                 []Proficiency
	Contacts                      []AgentContact
}

// LoggedIn reports whether the snapshot's status is not an offline one.
func (s *AgentSnapshot) LoggedIn() bool { return s != nil && s.Status.Type != "OFFLINE" }

// AgentEvent is one event of the agent event stream.
type AgentEvent struct {
	AccountID, InstanceARN, AgentARN string
	ID, Type                         string
	Time                             time.Time
	Current, Previous                *AgentSnapshot
}

// JSON is the event in the documented agent event stream model.
func (e *AgentEvent) JSON() (json.RawMessage, error) {
	return marshal(map[string]any{
		"AWSAccountId":          e.AccountID,
		"AgentARN":              e.AgentARN,
		"InstanceARN":           e.InstanceARN,
		"EventId":               e.ID,
		"EventType":             e.Type,
		"EventTimestamp":        tsMilli(e.Time),
		"Version":               AgentEventVersion,
		"CurrentAgentSnapshot":  snapshot(e.Current),
		"PreviousAgentSnapshot": snapshot(e.Previous),
	})
}

func status(s *Status) any {
	if s == nil {
		return nil
	}
	return map[string]any{"ARN": s.ARN, "Name": s.Name, "Type": s.Type, "StartTimestamp": tsMilli(s.Start)}
}

func queueRef(q QueueRef) map[string]any {
	ch := q.Channels
	if ch == nil {
		ch = []string{}
	}
	return map[string]any{"ARN": q.ARN, "Name": q.Name, "Channels": ch}
}

func snapshot(s *AgentSnapshot) any {
	if s == nil {
		return nil
	}
	inbound := []any{}
	for _, q := range s.InboundQueues {
		inbound = append(inbound, queueRef(q))
	}
	conc := []any{}
	for _, c := range s.Concurrency {
		conc = append(conc, map[string]any{"Channel": c.Channel, "MaximumSlots": c.Maximum, "AvailableSlots": c.Available})
	}
	profs := []any{}
	for _, p := range s.Proficiencies {
		profs = append(profs, map[string]any{"AttributeName": p.Name, "AttributeValue": p.Value, "Level": p.Level})
	}
	rp := map[string]any{"ARN": s.RoutingProfile.ARN, "Name": s.RoutingProfile.Name, "Concurrency": conc,
		"InboundQueues": inbound, "DefaultOutboundQueue": nil}
	if s.DefaultOutbound != nil {
		rp["DefaultOutboundQueue"] = queueRef(*s.DefaultOutbound)
	}
	contacts := []any{}
	for _, c := range s.Contacts {
		m := map[string]any{
			"ContactId": c.ContactID, "InitialContactId": str(c.InitialContactID), "Channel": c.Channel,
			"InitiationMethod": c.InitiationMethod, "State": c.State, "StateStartTimestamp": tsMilli(c.StateStart),
			"ConnectedToAgentTimestamp": tsMilli(c.ConnectedToAgent), "QueueTimestamp": tsMilli(c.QueueTimestamp), "Queue": nil,
		}
		if c.Queue != nil {
			m["Queue"] = map[string]any{"ARN": c.Queue.ARN, "Name": c.Queue.Name}
		}
		contacts = append(contacts, m)
	}
	return map[string]any{
		"AgentStatus":     status(&s.Status),
		"NextAgentStatus": status(s.Next),
		"Configuration": map[string]any{
			"Username": s.Username, "FirstName": s.FirstName, "LastName": s.LastName,
			"AutoAccept": s.AutoAccept, "LanguageCode": nil, "SipAddress": nil,
			"AgentHierarchyGroups": hierarchy(s.Hierarchy, "Name"),
			"RoutingProfile":       rp,
			"Proficiencies":        profs,
		},
		"Contacts": contacts,
	}
}
