package engine

import (
	"slices"
	"strings"
	"time"

	"github.com/connect-local/connect-local/internal/routing"
)

// Decision is one routing decision, kept for explanation (docs/routing.md#the-matching-loop).
type Decision struct {
	Time      time.Time
	ContactID string
	AgentID   string
	QueueID   string
	PassedBy  []routing.Verdict // other agents of the queue and why they did not get it
}

// keptDecisions is how many decisions the engine keeps.
const keptDecisions = 50

// decisionLog is the last decisions, in a ring whose slots are reused: a
// day makes one decision per contact and few are ever read. Each keeps the
// matcher's views of the agents it passed over as they were at the
// decision (copies: available agents' views change in place), and the
// verdicts are worked out from them when read.
type decisionLog struct {
	slots [keptDecisions]decisionRec
	next  int // the slot the next decision takes
	n     int // slots in use
}

type decisionRec struct {
	d        Decision // without PassedBy
	contact  *routing.Contact
	agents   []routing.Agent
	profiles []*routing.Profile // agents[i]'s profile
}

// take returns the slot of a new decision, the oldest one's when full.
func (l *decisionLog) take() *decisionRec {
	r := &l.slots[l.next]
	l.next = (l.next + 1) % keptDecisions
	l.n = min(l.n+1, keptDecisions)
	clear(r.agents)
	clear(r.profiles)
	r.agents, r.profiles, r.contact = r.agents[:0], r.profiles[:0], nil
	return r
}

// Decisions are the last routing decisions, oldest first (a copy).
func (e *Engine) Decisions() []Decision {
	l := &e.decisions
	out := make([]Decision, 0, l.n)
	for i := range l.n {
		r := &l.slots[(l.next-l.n+i+keptDecisions)%keptDecisions]
		d := r.d
		d.PassedBy = r.passedBy()
		out = append(out, d)
	}
	return out
}

// recordDecision keeps the last decisions with why other agents of the
// profile's queue were passed over.
func (e *Engine) recordDecision(snap *routing.Snapshot, c *Contact, o routing.Offer) {
	r := e.decisions.take()
	r.d = Decision{Time: snap.Now, ContactID: c.ID, AgentID: o.AgentID, QueueID: o.QueueID}
	if rc, _ := e.routingQueue(c).Get(c.ID); rc != nil && !rc.AgentQueue {
		// An agent's own queue has nobody else who could take it.
		r.contact = rc
		e.passedOver(r, rc.QueueID, o.AgentID)
	}
}

// passedOver gathers the other agents of the contact's queue the decision
// explains, at most 20 of them. The matcher's snapshot holds only the
// agents whose state changed since they last found nothing, so the
// verdicts are taken against a view of the queue's agents instead:
// available agents of the profiles serving the queue first, then the
// first agents of those profiles (in ID order) who cannot take a contact
// now (status, missed offer, full slots). Both looks are bounded, so a
// decision stays cheap in a large center; which 20 are shown when more
// qualify is arbitrary.
func (e *Engine) passedOver(r *decisionRec, queueID, chosen string) {
	const most, look = 20, 64
	profiles := e.queueProfiles[queueID]
	add := func(ra *routing.Agent, prof *routing.Profile) {
		r.agents = append(r.agents, *ra)
		r.profiles = append(r.profiles, prof)
	}
	for _, p := range profiles {
		set := e.availByProfile[p]
		if set == nil || len(set.list) == 0 || len(r.agents) >= most {
			continue
		}
		prof := e.cfg.Profile(p).Routing // the set's agents' profile
		for _, ra := range set.list {
			if len(r.agents) >= most {
				break
			}
			if ra.ID != chosen {
				add(ra, prof)
			}
		}
	}
	n := 0
	for _, p := range profiles {
		pp := e.cfg.Profile(p)
		if pp == nil {
			continue
		}
		for _, id := range e.profileAgents[p] {
			if len(r.agents) >= most || n >= look {
				return
			}
			n++
			if id == chosen || e.avail[id] != nil {
				continue
			}
			if ra := e.unavailableAgent(id); ra != nil {
				// ra.ProfileID is p: profileAgents and unavail are of
				// this configuration generation (refreshConfig).
				add(ra, pp.Routing)
			}
		}
	}
}

// passedBy works out the verdicts of the agents a decision passed over,
// by agent ID; nil when there are none.
func (r *decisionRec) passedBy() []routing.Verdict {
	if r.contact == nil || len(r.agents) == 0 {
		return nil
	}
	view := &routing.Snapshot{Now: r.d.Time, Agents: make([]*routing.Agent, len(r.agents)), Profiles: map[string]*routing.Profile{}}
	for i := range r.agents {
		view.Agents[i] = &r.agents[i]
		view.Profiles[r.agents[i].ProfileID] = r.profiles[i]
	}
	// Filtered in place: Explain's slice is this call's own.
	vs := routing.Explain(view, r.contact)
	out := vs[:0]
	for _, v := range vs {
		if v.Reason != routing.QueueNotInProfile {
			out = append(out, v)
		}
	}
	if len(out) == 0 {
		return nil
	}
	slices.SortFunc(out, func(a, b routing.Verdict) int { return strings.Compare(a.AgentID, b.AgentID) })
	return out
}

// unavailableAgent is the matcher's view of an agent that cannot take a
// contact now (not routable, blocked by a missed offer, or no free slot),
// for explanations; nil for a user that is gone. An agent the engine has
// not seen yet is offline. Views are cached until the agent changes
// (agentChanged) or the configuration does.
func (e *Engine) unavailableAgent(id string) *routing.Agent {
	if ra := e.unavail[id]; ra != nil {
		return ra
	}
	u := e.cfg.Agent(id)
	if u == nil {
		return nil
	}
	// Load stays nil (reads as zero) unless a connection holds a slot.
	ra := &routing.Agent{ID: u.ID, ProfileID: u.ProfileID, Proficiencies: u.Proficiencies, Levels: u.Levels}
	if a := e.agents[u.ID]; a != nil {
		a.unavailKept = true
		ra.Routable = e.routable(a)
		for _, cn := range a.Connections {
			if cn.Blocks() {
				ra.Blocked = true
			}
			if cn.HoldsSlot() {
				if ra.Load == nil {
					ra.Load = map[string]int{}
				}
				ra.Load[cn.Channel]++
			}
		}
	}
	e.unavail[id] = ra
	return ra
}
