package engine

import (
	"time"

	"github.com/connect-local/connect-local/internal/routing"
)

// Config is the engine's read-only view of its instance's configuration:
// the lookups the engine makes, in its own terms. The service implements it
// over the instance's records (and a test over a fixture); the engine never
// changes what it returns and never keeps a view past a change of
// Generation.
//
// Implementations must:
//   - answer every lookup from the configuration as it stands now (the
//     caller serialises configuration changes with engine operations);
//   - move Generation whenever users, routing profiles, statuses, queues
//     or proficiencies change, so the engine rebuilds what it derived;
//   - return views that stay unchanged while Generation does not move
//     (the engine may keep them until then).
type Config interface {
	// Generation counts configuration changes.
	Generation() uint64
	// Agent is the user as routing sees it; nil when there is no such user.
	Agent(userID string) *Agent
	// EachAgent calls fn for every user until fn returns false, in any order.
	EachAgent(fn func(*Agent) bool)
	// Profile is a routing profile; nil when there is none.
	Profile(id string) *Profile
	// EachProfile calls fn for every routing profile, in any order.
	EachProfile(fn func(*Profile))
	// StatusType is an agent status's type (ROUTABLE, CUSTOM, OFFLINE);
	// "" when there is no such status.
	StatusType(statusID string) string
	// SystemStatus is the ID of the instance's built-in status of a type.
	SystemStatus(typ string) string
	// HierarchyPath is the user's hierarchy group IDs, level 1 first.
	HierarchyPath(userID string) []string
	// Queue is a standard queue's capacity rules; false when there is
	// none. (A value, not a pointer: it is read at every transfer into a
	// queue and kept by no one.)
	Queue(id string) (Queue, bool)
}

// Agent is a user as the engine reads it.
type Agent struct {
	ID        string
	ProfileID string
	// AutoAccept connects offers at once.
	AutoAccept bool
	// ACWLimit ends after-contact work by itself; 0 means never.
	// AutoAccept and ACWLimit are VOICE's (PhoneConfig's) and those of
	// every channel Channels does not name.
	ACWLimit time.Duration
	// Channels, when not nil, holds the channels whose settings differ
	// from AutoAccept and ACWLimit (UpdateUserConfig's per-channel values;
	// docs/routing.md#offer-accept-miss-reject-and-acw).
	Channels map[string]ChannelSettings
	// Proficiencies by (attribute, value).
	Proficiencies map[routing.Attr]float64
	// Levels, when not nil, lists the same proficiencies
	// (routing.LevelsOf) for the matcher's step checks.
	Levels routing.Levels
}

// ChannelSettings is an agent's auto-accept and ACW limit for one channel.
type ChannelSettings struct {
	AutoAccept bool
	ACWLimit   time.Duration
}

// For is the agent's settings for contacts of a channel.
func (a *Agent) For(channel string) ChannelSettings {
	if s, ok := a.Channels[channel]; ok {
		return s
	}
	return ChannelSettings{AutoAccept: a.AutoAccept, ACWLimit: a.ACWLimit}
}

// Profile is a routing profile as the engine reads it.
type Profile struct {
	ID      string
	Routing *routing.Profile
	// SinceLastInbound: the idle clock starts at the last inbound contact
	// (AgentAvailabilityTimer TIME_SINCE_LAST_INBOUND), else at the last
	// activity's end (docs/routing.md#agent-selection).
	SinceLastInbound bool
	// Queues are the distinct queues the profile serves.
	Queues []string
	// Delays are the (queue, channel) pairs with a queue delay.
	Delays []QueueDelay
}

// QueueDelay is a profile's delay before it takes contacts of a queue and
// channel (docs/routing.md#queue-delay-condition-6).
type QueueDelay struct {
	QueueID, Channel string
	Delay            time.Duration
}

// Queue is a standard queue's capacity rules (docs/routing.md#queues).
type Queue struct {
	ID          string
	Disabled    bool
	MaxContacts *int64
}
