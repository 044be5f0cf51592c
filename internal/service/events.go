package service

import "time"

// Event is one thing that happened to a contact or an agent. The engine
// emits every event to the observers (metrics, the UI) in time order, under
// the service lock; observers must be quick and must not call back into the
// service.
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

// Observe registers fn to receive every event from now on.
// The returned function stops the deliveries.
func (s *Service) Observe(fn func(Event)) (stop func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.observerSeq++
	id := s.observerSeq
	s.observers = append(s.observers, observer{id: id, fn: fn})
	return func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		for i, o := range s.observers {
			if o.id == id {
				s.observers = append(s.observers[:i:i], s.observers[i+1:]...)
				return
			}
		}
	}
}

type observer struct {
	id uint64
	fn func(Event)
}

func (s *Service) emit(ev Event) {
	if ev.Time.IsZero() {
		ev.Time = s.clock.Now()
	}
	s.noteStreamEvent(ev)
	for _, o := range s.observers {
		o.fn(ev)
	}
}
