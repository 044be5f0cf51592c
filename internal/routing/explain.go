package routing

// Reasons an agent is not eligible for a contact (SPEC §2.1), named for
// what they check.
const (
	Eligible          = "ELIGIBLE"
	NotRoutable       = "STATUS_NOT_ROUTABLE"     // §2.1.1
	BlockedByMiss     = "MISSED_OR_REJECTED"      // §2.1.2
	QueueNotInProfile = "QUEUE_NOT_IN_PROFILE"    // §2.1.3
	NoCapacity        = "NO_FREE_SLOT"            // §2.1.4
	CrossChannel      = "BUSY_ON_OTHER_CHANNEL"   // §2.1.5
	DelayNotReached   = "QUEUE_DELAY_NOT_REACHED" // §2.1.6
	StepNotMatched    = "ROUTING_STEP_NOT_MET"    // §2.1.7
	UnknownProfile    = "NO_ROUTING_PROFILE"
)

// Verdict is one agent's eligibility for one contact.
type Verdict struct {
	AgentID string
	Reason  string
}

// Explain evaluates every agent of the snapshot against contact c and says
// why each is or is not eligible (first failing condition of §2.1). It is
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
