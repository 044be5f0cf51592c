package engine

import "time"

// Event is one thing that happened to a contact or an agent. The engine
// hands every event to Options.Observe as it happens, in time order (the
// service's metrics and observers: the wallboard, the simulation).
type Event struct {
	Time       time.Time
	InstanceID string
	Type       string // see the Ev* constants
	ContactID  string
	AgentID    string
	QueueID    string
	Channel    string
	// StatusID/StatusType for agent status events.
	StatusID   string
	StatusType string
	// Contact is the contact of ContactID and Agent the state of AgentID
	// as the engine holds them when the event happens (nil when there is
	// none), so that an observer finds them without a lookup by ID. They
	// are the engine's own: an observer reads them, never changes them.
	Contact *Contact
	Agent   *AgentState
}

// Event types.
const (
	EvInitiated      = "INITIATED"
	EvQueued         = "QUEUED"
	EvOffered        = "OFFERED"
	EvConnected      = "CONNECTED_TO_AGENT"
	EvMissed         = "MISSED"
	EvRejected       = "REJECTED"
	EvDisconnected   = "DISCONNECTED"
	EvAbandoned      = "ABANDONED" // disconnected while queued
	EvACWEnded       = "COMPLETED"
	EvDataUpdated    = "CONTACT_DATA_UPDATED"
	EvAgentStatus    = "AGENT_STATUS"
	EvHold           = "HOLD"
	EvResume         = "RESUME"
	EvTransferred    = "TRANSFERRED"
	EvStepExpired    = "STEP_EXPIRED"
	EvScheduledReady = "SCHEDULED_DUE"
)
