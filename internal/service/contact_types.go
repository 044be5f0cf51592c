package service

import "github.com/connect-local/connect-local/internal/engine"

// The live records belong to the contact engine (internal/engine); the
// service speaks of them under the same names.
type (
	Contact           = engine.Contact
	Ref               = engine.Ref
	RoutingCriteria   = engine.RoutingCriteria
	RoutingStep       = engine.RoutingStep
	AgentState        = engine.AgentState
	Connection        = engine.Connection
	TranscriptSegment = engine.TranscriptSegment
	Event             = engine.Event
	Decision          = engine.Decision
)

// Contact states (docs/routing.md#contacts-segments-and-connection-states's recommended machine).
const (
	StateScheduled = engine.StateScheduled
	StateQueued    = engine.StateQueued
	StateConnected = engine.StateConnected
	StateACW       = engine.StateACW
	StateCompleted = engine.StateCompleted
	StateEnded     = engine.StateEnded
)

// Agent connection states, as the agent event stream names them.
const (
	ConnConnecting = engine.ConnConnecting
	ConnConnected  = engine.ConnConnected
	ConnOnHold     = engine.ConnOnHold
	ConnMissed     = engine.ConnMissed
	ConnRejected   = engine.ConnRejected
	ConnError      = engine.ConnError
	ConnEnded      = engine.ConnEnded
)

// Step statuses (docs/routing.md#routing-criteria-and-steps).
const (
	StepActive   = engine.StepActive
	StepInactive = engine.StepInactive
	StepJoined   = engine.StepJoined
	StepExpired  = engine.StepExpired
)

// DefaultQueuePriority is the QueuePriority of a contact that never had one.
const DefaultQueuePriority = engine.DefaultQueuePriority

// Event types.
const (
	EvInitiated      = engine.EvInitiated
	EvQueued         = engine.EvQueued
	EvOffered        = engine.EvOffered
	EvConnected      = engine.EvConnected
	EvMissed         = engine.EvMissed
	EvRejected       = engine.EvRejected
	EvDisconnected   = engine.EvDisconnected
	EvAbandoned      = engine.EvAbandoned
	EvACWEnded       = engine.EvACWEnded
	EvDataUpdated    = engine.EvDataUpdated
	EvAgentStatus    = engine.EvAgentStatus
	EvHold           = engine.EvHold
	EvResume         = engine.EvResume
	EvTransferred    = engine.EvTransferred
	EvStepExpired    = engine.EvStepExpired
	EvScheduledReady = engine.EvScheduledReady
)

// Agent actions on a contact (AgentAction).
const (
	ActAccept   = engine.ActAccept
	ActReject   = engine.ActReject
	ActMiss     = engine.ActMiss
	ActHold     = engine.ActHold
	ActResume   = engine.ActResume
	ActClearACW = engine.ActClearACW
	ActHangUp   = engine.ActHangUp
)

// Limits the engine keeps.
const (
	DefaultRingTimeout = engine.DefaultRingTimeout
	AgentQueueCapacity = engine.AgentQueueCapacity
	MaxScheduleAhead   = engine.MaxScheduleAhead
)

func copyAttrs(m map[string]string) map[string]string { return engine.CopyAttrs(m) }

func cloneContact(c *Contact) *Contact { return c.Clone() }
