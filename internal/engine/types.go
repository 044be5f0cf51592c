package engine

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

// Contact is one contact segment and its whole routing history. A
// service keeps every contact for its whole life, so the record is kept
// small: timestamps are Stamps, the ARN is derived, and what few contacts
// carry lives in Extra, allocated only when one of its fields is set.
// Its JSON (the stored record, contactjson.go) is unchanged by that.
type Contact struct {
	ID string
	// arnBase is the instance's contact ARN prefix, "…:instance/<id>/contact/",
	// one string its contacts share (SetARNBase); ARN adds the ID.
	arnBase           *string
	InitialContactID  string
	PreviousContactID string
	Channel           string
	InitiationMethod  string
	Name              string
	Attributes        map[string]string
	Tags              map[string]string
	FlowID            string
	State             string
	DisconnectReason  string
	CustomerEndpoint  string
	SystemEndpoint    string

	// Routing data.
	QueueID       string
	QueuePriority *int64
	QueueAdjust   *int64
	Criteria      *RoutingCriteria

	// The agent.
	AgentID string
	OfferTo string // the agent the contact is ringing for
	Missed  int32  // offers missed or rejected
	// Holds counts holds; EndedOnHold: the conversation ended while on
	// hold (historical HOLD_TIME and CONTACTS_HOLD_ABANDONS, docs/metrics.md#the-25-historical-metrics).
	Holds       int32
	HoldSecs    int64
	EndedOnHold bool
	AgentQueue  bool // QueueID is a user's agent queue
	// changed marks the contact in the engine's change set (touch).
	changed bool
	// Slot is the caller's note of where it keeps its own state of the
	// contact (the service: its flows and its search index slot), so that
	// it finds it without a lookup. The engine never reads or sets it, nor
	// stores it; it sits in what was padding.
	Slot uint32

	// Timestamps.
	InitiationTimestamp       Stamp
	ScheduledTimestamp        Stamp
	ConnectedToSystem         Stamp
	EnqueueTimestamp          Stamp
	OfferTimestamp            Stamp
	ConnectedToAgentTimestamp Stamp
	HoldStart                 Stamp
	DisconnectTimestamp       Stamp
	ACWStart                  Stamp
	ACWEnd                    Stamp
	LastUpdateTimestamp       Stamp

	// AgentHierarchy is the agent's hierarchy groups, level 1 first, when
	// it connected: what AgentHierarchyGroups searches (docs/search.md#criteria).
	AgentHierarchy []string

	// x holds the fields few contacts set (Extra, EditExtra); nil when
	// none is.
	x *ContactExtra
}

// ContactExtra is the part of a contact that few contacts set. Read it
// with Contact.Extra, change it through Contact.EditExtra.
type ContactExtra struct {
	RelatedContactID string
	Description      string
	References       map[string]Ref
	// CriteriaHistory keeps the earlier sets (the record keeps the latest 3).
	CriteriaHistory []RoutingCriteria
	// Transcript is stored in its own bucket (the service's schema);
	// SearchTranscript is the form the search index reads, set with it
	// (SetTranscript).
	Transcript       []TranscriptSegment
	SearchTranscript []search.Segment

	// Kept for the service, never read by the engine: the task template
	// a task started from, and the voice recording's state (the service's
	// tasktemplates.go and recording.go). Recording is replaced, never
	// changed in place.
	TaskTemplateID string
	Recording      *Recording
	// Pause is a task's pause record (the service's contactpause.go),
	// replaced, never changed in place.
	Pause *Pause
}

// Extra is c's rarely set fields (a copy; zero when none is set).
func (c *Contact) Extra() ContactExtra {
	if c.x == nil {
		return ContactExtra{}
	}
	return *c.x
}

// SetExtra replaces c's rarely set fields; a zero x allocates nothing.
func (c *Contact) SetExtra(x ContactExtra) {
	if x.empty() {
		c.x = nil
		return
	}
	p := new(ContactExtra) // a copy, so that x itself stays on the caller's stack
	*p = x
	c.x = p
}

func (x *ContactExtra) empty() bool {
	return x.RelatedContactID == "" && x.Description == "" && x.References == nil &&
		x.CriteriaHistory == nil && x.Transcript == nil && x.SearchTranscript == nil && x.TaskTemplateID == "" &&
		x.Recording == nil && x.Pause == nil
}

// EditExtra is c's rarely set fields to change: a new copy each call
// (copy on write), so a shallow copy of c taken before (out := *c) keeps
// the values it had, as it did when these were plain fields. Call it
// only to set one.
func (c *Contact) EditExtra() *ContactExtra {
	x := new(ContactExtra)
	if c.x != nil {
		*x = *c.x
	}
	c.x = x
	return x
}

// Pause is what PauseContact and ResumeContact record on a contact.
type Pause struct {
	Paused     bool          `json:"paused"`
	LastPaused time.Time     `json:"lastPaused,omitzero"`
	LastResume time.Time     `json:"lastResumed,omitzero"`
	Count      int64         `json:"count"`
	Total      time.Duration `json:"total"`
}

// Recording is the state of a contact's voice recording.
type Recording struct {
	Status string    `json:"status"` // ACTIVE, SUSPENDED, STOPPED
	Track  string    `json:"track,omitempty"`
	Start  time.Time `json:"start"`
	Stop   time.Time `json:"stop,omitzero"`
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
	ActivationTimestamp Stamp         `json:"activationTimestamp,omitzero"`
	Index               int64         `json:"index"`
}

// RoutingStep is one step with its status. Half the contacts of a
// center carry three or so of them for their whole life, so a step is
// small (56 bytes): its expression is shared through the engine's intern
// table once the engine has seen it, and is never nil nor changed in place
// (a step is given a new one); its duration is shared too.
type RoutingStep struct {
	Expression      *routing.Expression `json:"expression"`
	DurationSeconds *int64              `json:"durationSeconds,omitempty"`
	ExpiryTimestamp Stamp               `json:"expiryTimestamp,omitzero"`
	Status          string              `json:"status"`
	// key is Expression's canonical form once the engine interned it
	// (internSteps); "" until then.
	key string
}

// Expr is the step's expression, an empty one when it has none.
func (s *RoutingStep) Expr() *routing.Expression {
	if s.Expression == nil {
		return &routing.Expression{}
	}
	return s.Expression
}

// Canonical is the step expression's canonical form.
func (s *RoutingStep) Canonical() string {
	if s.key != "" {
		return s.key
	}
	return s.Expr().Canonical()
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
	// view is the matcher's view of the agent, kept between passes
	// (avail.go); recheck marks it for the next pass (Engine.availDirty).
	view    *availAgent
	recheck bool
	// last is the connection added last while it is in Connections (nil
	// once removed): most agents hold one contact, and AgentContact
	// finds it without a lookup.
	last *Connection
	// user and prof are the agent's configuration as of generation
	// cfgGen (cfgSet: read at all), kept for the re-checks (agentConfig).
	user   *Agent
	prof   *Profile
	cfgGen uint64
	cfgSet bool
	// unavailKept: Engine.unavail may hold a view of the agent (from
	// before it had a state); unavail is its view for decisions while it
	// cannot take a contact, as of Engine.unavailGen (unavailableAgent).
	unavailKept bool
	unavail     *routing.Agent
	unavailGen  uint64
	evalMark    uint64 // in Engine.evalDirty while its epoch
	changed     bool   // in the engine's change set (touchAgent)
	// Note is the caller's note of where it keeps its own state of the
	// agent (the service's metrics: their per-agent state), so that it
	// finds it without a lookup by ID; like Contact.Slot, the engine never
	// reads or sets it, nor stores it.
	Note uint32 `json:"-"`
}

// connection is Connections[contactID], found without a lookup when it
// is the last one added.
func (a *AgentState) connection(contactID string) *Connection {
	if cn := a.last; cn != nil && cn.ContactID == contactID {
		return cn
	}
	return a.Connections[contactID]
}

// dropConnection removes the agent's connection to a contact.
func (a *AgentState) dropConnection(contactID string) {
	if a.last != nil && a.last.ContactID == contactID {
		a.last = nil
	}
	delete(a.Connections, contactID)
}

// Connection is one contact on an agent.
type Connection struct {
	ContactID  string    `json:"contactId"`
	Channel    string    `json:"channel"`
	QueueID    string    `json:"queueId,omitempty"`
	State      string    `json:"state"`
	StateStart time.Time `json:"stateStart"`
	// c is the engine's contact of ContactID (AgentContact), set when the
	// connection is made and at Restore.
	c *Contact
}

// HoldsSlot reports whether the connection occupies a slot (docs/routing.md#channel-capacity-condition-4).
func (c *Connection) HoldsSlot() bool {
	switch c.State {
	case ConnConnecting, ConnConnected, ConnOnHold, ConnEnded:
		return true
	}
	return false
}

// Blocks reports whether the connection blocks new offers (docs/routing.md#no-missed-or-rejected-offer-condition-2).
func (c *Connection) Blocks() bool {
	switch c.State {
	case ConnMissed, ConnRejected, ConnError:
		return true
	}
	return false
}

// TranscriptSegment is one Contact Lens–style utterance of a contact's
// transcript, supplied through /_local/ (docs/search.md#criteria, Appendix B).
type TranscriptSegment struct {
	ID                string `json:"id,omitempty"`
	ParticipantID     string `json:"participantId,omitempty"`
	ParticipantRole   string `json:"participantRole"`
	Content           string `json:"content"`
	BeginOffsetMillis int64  `json:"beginOffsetMillis"`
	EndOffsetMillis   int64  `json:"endOffsetMillis"`
	Sentiment         string `json:"sentiment,omitempty"`
}

// SetTranscript installs segments on c, with the form search reads.
func (c *Contact) SetTranscript(segs []TranscriptSegment) {
	x := c.EditExtra()
	x.Transcript = segs
	x.SearchTranscript = make([]search.Segment, len(segs))
	for i, s := range segs {
		x.SearchTranscript[i] = search.Segment{Role: s.ParticipantRole, Content: s.Content}
	}
}

// Busy reports whether the agent holds a contact (ringing, connected, on
// hold or in ACW).
func (a *AgentState) Busy() bool {
	for _, c := range a.Connections {
		if c.HoldsSlot() {
			return true
		}
	}
	return false
}

// Clone is a deep enough copy of c for a caller outside the engine.
func (c *Contact) Clone() *Contact {
	out := *c
	out.Attributes = CopyAttrs(c.Attributes)
	if c.Criteria != nil {
		rc := *c.Criteria
		rc.Steps = append([]RoutingStep(nil), c.Criteria.Steps...)
		out.Criteria = &rc
	}
	return &out
}

// CopyAttrs copies an attribute map (nil for an empty one).
func CopyAttrs(m map[string]string) map[string]string {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
