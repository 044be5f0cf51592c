package service

import (
	"time"

	"github.com/connect-local/connect-local/internal/routing"
	"github.com/connect-local/connect-local/internal/search"
)

// Contact states (docs/routing.md#contacts-segments-and-connection-states's recommended machine). A contact offered to an
// agent stays QUEUED (it is still "in queue" until connected) with Offer set.
const (
	StateScheduled = "SCHEDULED"
	StateQueued    = "QUEUED"
	StateConnected = "CONNECTED"
	StateACW       = "ACW"
	StateCompleted = "COMPLETED" // after ACW
	StateEnded     = "ENDED"     // disconnected without reaching an agent
)

// Agent connection states, as the agent event stream names them.
const (
	ConnConnecting = "CONNECTING"
	ConnConnected  = "CONNECTED"
	ConnOnHold     = "CONNECTED_ONHOLD"
	ConnMissed     = "MISSED"
	ConnRejected   = "REJECTED"
	ConnError      = "ERROR"
	ConnEnded      = "ENDED" // after-contact work
)

// Step statuses (docs/routing.md#routing-criteria-and-steps).
const (
	StepActive   = "ACTIVE"
	StepInactive = "INACTIVE"
	StepJoined   = "JOINED"
	StepExpired  = "EXPIRED"
)

// DefaultQueuePriority is the QueuePriority of a contact that never had one.
const DefaultQueuePriority = 5

// Contact is one contact segment and its whole routing history.
type Contact struct {
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

	// Routing data.
	QueueID       string           `json:"queueId,omitempty"`
	AgentQueue    bool             `json:"agentQueue,omitempty"` // QueueID is a user's agent queue
	QueuePriority *int64           `json:"queuePriority,omitempty"`
	QueueAdjust   *int64           `json:"queueTimeAdjustmentSeconds,omitempty"`
	Criteria      *RoutingCriteria `json:"routingCriteria,omitempty"`
	// CriteriaHistory keeps the earlier sets (the record keeps the latest 3).
	CriteriaHistory []RoutingCriteria `json:"criteriaHistory,omitempty"`

	// The agent.
	AgentID  string `json:"agentId,omitempty"`
	OfferTo  string `json:"offerTo,omitempty"` // the agent the contact is ringing for
	Missed   int    `json:"missed,omitempty"`  // offers missed or rejected
	HoldSecs int64  `json:"holdSecs,omitempty"`
	// Holds counts holds; EndedOnHold: the conversation ended while on
	// hold (historical HOLD_TIME and CONTACTS_HOLD_ABANDONS, docs/metrics.md#the-25-historical-metrics).
	Holds       int  `json:"holds,omitempty"`
	EndedOnHold bool `json:"endedOnHold,omitempty"`

	// Timestamps.
	InitiationTimestamp       time.Time `json:"initiationTimestamp"`
	ScheduledTimestamp        time.Time `json:"scheduledTimestamp,omitzero"`
	ConnectedToSystem         time.Time `json:"connectedToSystem,omitzero"`
	EnqueueTimestamp          time.Time `json:"enqueueTimestamp,omitzero"`
	OfferTimestamp            time.Time `json:"offerTimestamp,omitzero"`
	ConnectedToAgentTimestamp time.Time `json:"connectedToAgentTimestamp,omitzero"`
	HoldStart                 time.Time `json:"holdStart,omitzero"`
	DisconnectTimestamp       time.Time `json:"disconnectTimestamp,omitzero"`
	ACWStart                  time.Time `json:"acwStart,omitzero"`
	ACWEnd                    time.Time `json:"acwEnd,omitzero"`
	LastUpdateTimestamp       time.Time `json:"lastUpdateTimestamp"`

	// AgentHierarchy is the agent's hierarchy groups, level 1 first, when
	// it connected: what AgentHierarchyGroups searches (docs/search.md#criteria).
	AgentHierarchy []string `json:"agentHierarchy,omitempty"`
	// Transcript is stored in its own bucket (schema.go); searchTranscript
	// is the form the search index reads, set with it (transcripts.go).
	Transcript       []TranscriptSegment `json:"-"`
	searchTranscript []search.Segment
}

// Ref is a contact reference (URL, attachment, …) as given at start.
type Ref struct {
	Type   string `json:"type"`
	Value  string `json:"value,omitempty"`
	Status string `json:"status,omitempty"`
	ARN    string `json:"arn,omitempty"`
}

// RoutingCriteria is a contact's set of routing steps (docs/routing.md#routing-criteria-and-steps).
type RoutingCriteria struct {
	Steps               []RoutingStep `json:"steps"`
	ActivationTimestamp time.Time     `json:"activationTimestamp,omitzero"`
	Index               int64         `json:"index"`
}

// RoutingStep is one step with its status.
type RoutingStep struct {
	Expression      routing.Expression `json:"expression"`
	DurationSeconds *int64             `json:"durationSeconds,omitempty"`
	ExpiryTimestamp time.Time          `json:"expiryTimestamp,omitzero"`
	Status          string             `json:"status"`
	// key is Expression's canonical form once the engine interned it
	// (internSteps); "" until then. Expressions are never changed in place.
	key string
}

// canonical is the step expression's canonical form.
func (s *RoutingStep) canonical() string {
	if s.key != "" {
		return s.key
	}
	return s.Expression.Canonical()
}

// ActiveStep returns the ACTIVE step's index, or -1.
func (rc *RoutingCriteria) ActiveStep() int {
	if rc == nil {
		return -1
	}
	for i := range rc.Steps {
		if rc.Steps[i].Status == StepActive {
			return i
		}
	}
	return -1
}

// Priority is the contact's QueuePriority, 5 when unset.
func (c *Contact) Priority() int64 {
	if c.QueuePriority != nil {
		return *c.QueuePriority
	}
	return DefaultQueuePriority
}

// AgentState is an agent's live state: status and connections (docs/routing.md#users-agents).
type AgentState struct {
	UserID       string                 `json:"userId"`
	StatusID     string                 `json:"statusId"`
	StatusStart  time.Time              `json:"statusStart"`
	NextStatusID string                 `json:"nextStatusId,omitempty"`
	Connections  map[string]*Connection `json:"connections,omitempty"` // by contact ID
	// LastActivityEnd is when the agent last became free (ACW ended);
	// LastInbound when it last accepted an inbound contact (docs/routing.md#agent-selection).
	LastActivityEnd time.Time `json:"lastActivityEnd,omitzero"`
	LastInbound     time.Time `json:"lastInbound,omitzero"`
}

// Connection is one contact on an agent.
type Connection struct {
	ContactID  string    `json:"contactId"`
	Channel    string    `json:"channel"`
	QueueID    string    `json:"queueId,omitempty"`
	State      string    `json:"state"`
	StateStart time.Time `json:"stateStart"`
}

// holdsSlot reports whether the connection occupies a slot (docs/routing.md#channel-capacity-condition-4).
func (c *Connection) holdsSlot() bool {
	switch c.State {
	case ConnConnecting, ConnConnected, ConnOnHold, ConnEnded:
		return true
	}
	return false
}

// blocks reports whether the connection blocks new offers (docs/routing.md#no-missed-or-rejected-offer-condition-2).
func (c *Connection) blocks() bool {
	switch c.State {
	case ConnMissed, ConnRejected, ConnError:
		return true
	}
	return false
}
