package routing

// Reasons an agent is not eligible for a contact (docs/routing.md#when-an-agent-may-be-offered-a-contact), named for
// what they check.
const (
	Eligible          = "ELIGIBLE"
	NotRoutable       = "STATUS_NOT_ROUTABLE"     // docs/routing.md#routable-status-condition-1
	BlockedByMiss     = "MISSED_OR_REJECTED"      // docs/routing.md#no-missed-or-rejected-offer-condition-2
	QueueNotInProfile = "QUEUE_NOT_IN_PROFILE"    // docs/routing.md#queue-and-channel-in-the-profile-condition-3
	NoCapacity        = "NO_FREE_SLOT"            // docs/routing.md#channel-capacity-condition-4
	CrossChannel      = "BUSY_ON_OTHER_CHANNEL"   // docs/routing.md#cross-channel-rule-condition-5
	DelayNotReached   = "QUEUE_DELAY_NOT_REACHED" // docs/routing.md#queue-delay-condition-6
	StepNotMatched    = "ROUTING_STEP_NOT_MET"    // docs/routing.md#routing-criteria-condition-7
	UnknownProfile    = "NO_ROUTING_PROFILE"
)

// Verdict is one agent's eligibility for one contact.
type Verdict struct {
	AgentID string
	Reason  string
}

// Explain evaluates every agent of the snapshot against contact c and says
// why each is or is not eligible (first failing condition of docs/routing.md#when-an-agent-may-be-offered-a-contact). It is
// for diagnostics; Match does not call it.
func Explain(s *Snapshot, c *Contact) []Verdict {
	out := make([]Verdict, 0, len(s.Agents))
	for _, a := range s.Agents {
		out = append(out, Verdict{AgentID: a.ID, Reason: reason(s, a, c)})
	}
	return out
}

func reason(s *Snapshot, a *Agent, c *Contact) string {
	prof := s.Profiles[a.ProfileID]
	switch {
	case prof == nil:
		return UnknownProfile
	case !a.Routable:
		return NotRoutable
	case a.Blocked:
		return BlockedByMiss
	}
	var delay int64 = -1
	if c.AgentQueue {
		if c.QueueID != a.ID {
			return QueueNotInProfile
		}
		delay = 0
	} else {
		for _, t := range prof.Tiers {
			for _, cfg := range t.Configs {
				if cfg.QueueID == c.QueueID && cfg.Channel == c.Channel {
					delay = int64(cfg.Delay)
				}
			}
		}
		if delay < 0 {
			return QueueNotInProfile
		}
	}
	conc := prof.Concurrency[c.Channel]
	if conc <= 0 {
		return QueueNotInProfile
	}
	if a.Load[c.Channel] >= conc {
		return NoCapacity
	}
	for other, n := range a.Load {
		if other != c.Channel && n > 0 && !prof.AnyChannel[other] {
			return CrossChannel
		}
	}
	if int64(s.Now.Sub(c.EnqueuedAt)) < delay {
		return DelayNotReached
	}
	if !c.AgentQueue && c.Step != nil && !c.Step.Matches(a) {
		return StepNotMatched
	}
	return Eligible
}
