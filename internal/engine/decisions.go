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
	agents   []routing.Agent    // copies of available agents' views
	kept     []*routing.Agent   // then unavailable agents' views, which never change
	profiles []*routing.Profile // agents[i]'s profile, then kept[i]'s
}

// take returns the slot of a new decision, the oldest one's when full.
func (l *decisionLog) take() *decisionRec {
	r := &l.slots[l.next]
	l.next = (l.next + 1) % keptDecisions
	l.n = min(l.n+1, keptDecisions)
	clear(r.agents)
	clear(r.kept)
	clear(r.profiles)
	r.agents, r.kept, r.profiles, r.contact = r.agents[:0], r.kept[:0], r.profiles[:0], nil
	return r
}

// profileAgents are the users of one routing profile in ID order, with
// their states resolved when first needed (a user gets a state on first
// use; LoadAgent replacing one moves Engine.loaded, which drops them),
// and the profile's set of available agents once it has one. refreshConfig
// makes them anew for each configuration generation.
type profileAgents struct {
	prof   *Profile
	set    *agentSet // Engine.availByProfile[prof.ID], nil until made
	agents []profileAgent
	loaded uint64 // Engine.loaded when the states were resolved
}

type profileAgent struct {
	id string
	a  *AgentState // Engine.agents[id], nil until resolved (or none)
}

// state is the i-th agent's state, nil when the engine has none.
func (e *Engine) state(pa *profileAgents, i int) *AgentState {
	if pa.loaded != e.loaded {
		for j := range pa.agents {
			pa.agents[j].a = nil
		}
		pa.loaded = e.loaded
	}
	m := &pa.agents[i]
	if m.a == nil {
		m.a = e.agents[m.id]
	}
	return m.a
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
	queue := e.queueAgents[queueID] // queueProfiles[queueID]'s
	for _, pa := range queue {
		if len(r.agents) >= most {
			break
		}
		set := pa.set
		if set == nil {
			set = e.availByProfile[pa.prof.ID]
			pa.set = set
		}
		if set == nil || len(set.list) == 0 {
			continue
		}
		prof := pa.prof.Routing // the set's agents' profile
		for _, ra := range set.list {
			if len(r.agents) >= most {
				break
			}
			if ra.ID == chosen {
				continue
			}
			r.agents = append(r.agents, *ra)
			r.profiles = append(r.profiles, prof)
		}
	}
	n, taken := 0, len(r.agents)
	for _, pa := range queue {
		for i := range pa.agents {
			if taken >= most || n >= look {
				return
			}
			n++
			id := pa.agents[i].id
			if id == chosen {
				continue
			}
			// Available: in Engine.avail, read without a lookup when the
			// agent has a state (availOf).
			a := e.state(pa, i)
			if a != nil && e.availOf(a) != nil || a == nil && e.avail[id] != nil {
				continue
			}
			if ra := e.unavailableAgent(id, a); ra != nil {
				// ra.ProfileID is pa's: profileAgents and the views
				// are of this configuration generation (refreshConfig).
				r.kept = append(r.kept, ra)
				r.profiles = append(r.profiles, pa.prof.Routing)
				taken++
			}
		}
	}
}

// passedBy works out the verdicts of the agents a decision passed over,
// by agent ID; nil when there are none.
func (r *decisionRec) passedBy() []routing.Verdict {
	if r.contact == nil || len(r.agents)+len(r.kept) == 0 {
		return nil
	}
	view := &routing.Snapshot{Now: r.d.Time, Agents: make([]*routing.Agent, 0, len(r.agents)+len(r.kept)), Profiles: map[string]*routing.Profile{}}
	for i := range r.agents {
		view.Agents = append(view.Agents, &r.agents[i])
	}
	view.Agents = append(view.Agents, r.kept...)
	for i, ra := range view.Agents {
		view.Profiles[ra.ProfileID] = r.profiles[i]
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
// for explanations; nil for a user that is gone. a is the agent's state,
// nil when the engine has none yet (then it is offline). Views are cached
// until the agent changes (agentChanged) or the configuration does, and
// never changed: decisions keep them.
func (e *Engine) unavailableAgent(id string, a *AgentState) *routing.Agent {
	if a != nil {
		if a.unavail != nil && a.unavailGen == e.unavailGen {
			return a.unavail
		}
	} else if ra := e.unavail[id]; ra != nil {
		return ra
	}
	u := e.cfg.Agent(id)
	if u == nil {
		return nil
	}
	// Load stays nil (reads as zero) unless a connection holds a slot.
	ra := &routing.Agent{ID: u.ID, ProfileID: u.ProfileID, Proficiencies: u.Proficiencies, Levels: u.Levels}
	if a == nil {
		e.unavail[id] = ra
		return ra
	}
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
	a.unavail, a.unavailGen = ra, e.unavailGen
	return ra
}
