package engine

import "encoding/json"

// ARN is the contact's ARN, "" when no base was set (SetARNBase).
func (c *Contact) ARN() string {
	if c.arnBase == nil {
		return ""
	}
	return *c.arnBase + c.ID
}

// SetARNBase sets the instance's contact ARN prefix ("arn:aws:connect:
// <region>:<account>:instance/<id>/contact/"). The string is shared, never
// copied: callers pass one pointer per instance.
func (c *Contact) SetARNBase(base *string) { c.arnBase = base }

// contactRecord is a contact's stored JSON record, member for member and
// in the order records have always been written: Contact's in-memory
// layout may change, this may not (testdata/contacts-805dc9d.jsonl holds
// records written before the two parted). "arn" is written for readers
// of the record; a loaded contact takes its ARN base from its instance.
type contactRecord struct {
	ID                string            `json:"id"`
	ARN               string            `json:"arn"`
	InitialContactID  string            `json:"initialContactId,omitempty"`
	PreviousContactID string            `json:"previousContactId,omitempty"`
	RelatedContactID  string            `json:"relatedContactId,omitempty"`
	Channel           string            `json:"channel"`
	InitiationMethod  string            `json:"initiationMethod"`
	Name              string            `json:"name,omitempty"`
	Description       string            `json:"description,omitempty"`
	References        map[string]Ref    `json:"references,omitempty"`
	Attributes        map[string]string `json:"attributes,omitempty"`
	Tags              map[string]string `json:"tags,omitempty"`
	FlowID            string            `json:"flowId,omitempty"`
	State             string            `json:"state"`
	DisconnectReason  string            `json:"disconnectReason,omitempty"`
	CustomerEndpoint  string            `json:"customerEndpoint,omitempty"`
	SystemEndpoint    string            `json:"systemEndpoint,omitempty"`

	QueueID         string            `json:"queueId,omitempty"`
	AgentQueue      bool              `json:"agentQueue,omitempty"`
	QueuePriority   *int64            `json:"queuePriority,omitempty"`
	QueueAdjust     *int64            `json:"queueTimeAdjustmentSeconds,omitempty"`
	Criteria        *RoutingCriteria  `json:"routingCriteria,omitempty"`
	CriteriaHistory []RoutingCriteria `json:"criteriaHistory,omitempty"`

	AgentID     string `json:"agentId,omitempty"`
	OfferTo     string `json:"offerTo,omitempty"`
	Missed      int    `json:"missed,omitempty"`
	HoldSecs    int64  `json:"holdSecs,omitempty"`
	Holds       int    `json:"holds,omitempty"`
	EndedOnHold bool   `json:"endedOnHold,omitempty"`

	InitiationTimestamp       Stamp `json:"initiationTimestamp"`
	ScheduledTimestamp        Stamp `json:"scheduledTimestamp,omitzero"`
	ConnectedToSystem         Stamp `json:"connectedToSystem,omitzero"`
	EnqueueTimestamp          Stamp `json:"enqueueTimestamp,omitzero"`
	OfferTimestamp            Stamp `json:"offerTimestamp,omitzero"`
	ConnectedToAgentTimestamp Stamp `json:"connectedToAgentTimestamp,omitzero"`
	HoldStart                 Stamp `json:"holdStart,omitzero"`
	DisconnectTimestamp       Stamp `json:"disconnectTimestamp,omitzero"`
	ACWStart                  Stamp `json:"acwStart,omitzero"`
	ACWEnd                    Stamp `json:"acwEnd,omitzero"`
	LastUpdateTimestamp       Stamp `json:"lastUpdateTimestamp"`

	AgentHierarchy []string   `json:"agentHierarchy,omitempty"`
	TaskTemplateID string     `json:"taskTemplateId,omitempty"`
	Recording      *Recording `json:"recording,omitempty"`
	Pause          *Pause     `json:"pause,omitempty"`
}

// MarshalJSON writes c's stored record (contactRecord).
func (c Contact) MarshalJSON() ([]byte, error) {
	x := c.Extra()
	return json.Marshal(&contactRecord{
		ID: c.ID, ARN: c.ARN(), InitialContactID: c.InitialContactID, PreviousContactID: c.PreviousContactID,
		RelatedContactID: x.RelatedContactID, Channel: c.Channel, InitiationMethod: c.InitiationMethod,
		Name: c.Name, Description: x.Description, References: x.References, Attributes: c.Attributes, Tags: c.Tags,
		FlowID: c.FlowID, State: c.State, DisconnectReason: c.DisconnectReason,
		CustomerEndpoint: c.CustomerEndpoint, SystemEndpoint: c.SystemEndpoint,
		QueueID: c.QueueID, AgentQueue: c.AgentQueue, QueuePriority: c.QueuePriority, QueueAdjust: c.QueueAdjust,
		Criteria: c.Criteria, CriteriaHistory: x.CriteriaHistory,
		AgentID: c.AgentID, OfferTo: c.OfferTo, Missed: int(c.Missed), HoldSecs: c.HoldSecs, Holds: int(c.Holds), EndedOnHold: c.EndedOnHold,
		InitiationTimestamp: c.InitiationTimestamp, ScheduledTimestamp: c.ScheduledTimestamp,
		ConnectedToSystem: c.ConnectedToSystem, EnqueueTimestamp: c.EnqueueTimestamp, OfferTimestamp: c.OfferTimestamp,
		ConnectedToAgentTimestamp: c.ConnectedToAgentTimestamp, HoldStart: c.HoldStart,
		DisconnectTimestamp: c.DisconnectTimestamp, ACWStart: c.ACWStart, ACWEnd: c.ACWEnd,
		LastUpdateTimestamp: c.LastUpdateTimestamp, AgentHierarchy: c.AgentHierarchy,
		TaskTemplateID: x.TaskTemplateID, Recording: x.Recording, Pause: x.Pause,
	})
}

// UnmarshalJSON reads a stored record. Its "arn" is not kept: the loader
// sets the instance's base (SetARNBase).
func (c *Contact) UnmarshalJSON(b []byte) error {
	var r contactRecord
	if err := json.Unmarshal(b, &r); err != nil {
		return err
	}
	*c = Contact{
		ID: r.ID, InitialContactID: r.InitialContactID, PreviousContactID: r.PreviousContactID,
		Channel: r.Channel, InitiationMethod: r.InitiationMethod, Name: r.Name, Attributes: r.Attributes, Tags: r.Tags,
		FlowID: r.FlowID, State: r.State, DisconnectReason: r.DisconnectReason,
		CustomerEndpoint: r.CustomerEndpoint, SystemEndpoint: r.SystemEndpoint,
		QueueID: r.QueueID, AgentQueue: r.AgentQueue, QueuePriority: r.QueuePriority, QueueAdjust: r.QueueAdjust,
		Criteria: r.Criteria,
		AgentID:  r.AgentID, OfferTo: r.OfferTo, Missed: int32(r.Missed), HoldSecs: r.HoldSecs, Holds: int32(r.Holds), EndedOnHold: r.EndedOnHold,
		InitiationTimestamp: r.InitiationTimestamp, ScheduledTimestamp: r.ScheduledTimestamp,
		ConnectedToSystem: r.ConnectedToSystem, EnqueueTimestamp: r.EnqueueTimestamp, OfferTimestamp: r.OfferTimestamp,
		ConnectedToAgentTimestamp: r.ConnectedToAgentTimestamp, HoldStart: r.HoldStart,
		DisconnectTimestamp: r.DisconnectTimestamp, ACWStart: r.ACWStart, ACWEnd: r.ACWEnd,
		LastUpdateTimestamp: r.LastUpdateTimestamp, AgentHierarchy: r.AgentHierarchy,
	}
	c.SetExtra(ContactExtra{RelatedContactID: r.RelatedContactID, Description: r.Description,
		References: r.References, CriteriaHistory: r.CriteriaHistory, TaskTemplateID: r.TaskTemplateID,
		Recording: r.Recording, Pause: r.Pause})
	return nil
}
