package routing

import (
	"sort"
	"time"
)

// Agent is an agent as routing sees it.
type Agent struct {
	ID        string
	ProfileID string
	// Routable: the status is ROUTABLE and no next status is pending (docs/routing.md#routable-status-condition-1).
	Routable bool
	// Blocked: a connection is MISSED, REJECTED or ERROR (docs/routing.md#no-missed-or-rejected-offer-condition-2).
	Blocked bool
	// IdleSince is the start of the agent's idle clock (docs/routing.md#agent-selection); the agent idle
	// longest (earliest IdleSince) is served first.
	IdleSince time.Time
	// Load is the number of slots held per channel (docs/routing.md#channel-capacity-condition-4).
	Load map[string]int
	// Proficiencies by (attribute, value).
	Proficiencies map[Attr]float64
}

func (a *Agent) Level(k Attr) (float64, bool) { l, ok := a.Proficiencies[k]; return l, ok }
func (a *Agent) AgentID() string              { return a.ID }

// Profile is a routing profile as routing sees it.
type Profile struct {
	ID string
	// Concurrency per enabled channel (docs/routing.md#routing-profiles); a missing channel is disabled.
	Concurrency map[string]int
	// AnyChannel[ch] is true when CrossChannelBehavior(ch) is ROUTE_ANY_CHANNEL.
	AnyChannel map[string]bool
	// Tiers are the queue configs grouped by priority, best (lowest) first.
	Tiers []Tier
}

// Tier is the queue configs of one routing-profile priority.
type Tier struct {
	Priority int64
	Configs  []QueueConfig
}

// QueueConfig is one (queue, channel) of a profile.
type QueueConfig struct {
	QueueID string
	Channel string
	Delay   time.Duration
}

// BuildTiers groups configs by priority, lowest first.
func BuildTiers(configs []QueueConfig, priority func(i int) int64) []Tier {
	by := map[int64][]QueueConfig{}
	for i, c := range configs {
		p := priority(i)
		by[p] = append(by[p], c)
	}
	tiers := make([]Tier, 0, len(by))
	for p, cs := range by {
		tiers = append(tiers, Tier{Priority: p, Configs: cs})
	}
	sort.Slice(tiers, func(i, j int) bool { return tiers[i].Priority < tiers[j].Priority })
	return tiers
}

// Snapshot is everything one matching pass reads. Match never modifies it.
type Snapshot struct {
	Now      time.Time
	Agents   []*Agent
	Profiles map[string]*Profile
	// Queues are the standard queues by ID; AgentQueues are agents' own
	// queues by agent (user) ID.
	Queues      map[string]*Queue
	AgentQueues map[string]*Queue
}

// Offer is one decision of a pass: offer Contact to Agent.
type Offer struct {
	ContactID string
	AgentID   string
	QueueID   string
	Channel   string
}

// pass holds what a pass has decided so far, over the read-only snapshot.
type pass struct {
	s      *Snapshot
	taken  map[string]bool
	cursor map[*group]int
}

// Match runs one matching pass (docs/routing.md#the-matching-loop): agents in idle order, each
// taking its best eligible contact (docs/routing.md#contact-ordering) until it can take no more. It is
// equivalent to the spec's restart-after-every-offer loop, because an offer
// never makes another contact eligible for an agent that already found none.
func Match(s *Snapshot) []Offer {
	agents := make([]*Agent, 0, len(s.Agents))
	for _, a := range s.Agents {
		if a.Routable && !a.Blocked && hasFreeSlot(s.Profiles[a.ProfileID], a.Load) {
			agents = append(agents, a)
		}
	}
	sort.Slice(agents, func(i, j int) bool {
		if !agents[i].IdleSince.Equal(agents[j].IdleSince) {
			return agents[i].IdleSince.Before(agents[j].IdleSince)
		}
		return agents[i].ID < agents[j].ID
	})
	p := &pass{s: s, taken: map[string]bool{}, cursor: map[*group]int{}}
	var offers []Offer
	// One load and one step cache, emptied for each agent: a pass looks at
	// many agents and most take nothing.
	load, stepCache := map[string]int{}, map[*Expression]bool{}
	for _, a := range agents {
		prof := s.Profiles[a.ProfileID]
		clear(load)
		for k, v := range a.Load {
			load[k] = v
		}
		clear(stepCache)
		for {
			c := p.best(a, prof, load, stepCache)
			if c == nil {
				break
			}
			p.taken[c.ID] = true
			load[c.Channel]++
			offers = append(offers, Offer{ContactID: c.ID, AgentID: a.ID, QueueID: c.QueueID, Channel: c.Channel})
		}
	}
	return offers
}

// HasFreeSlot reports whether an agent with this profile and load could take
// a contact on some channel (docs/routing.md#channel-capacity-condition-4–docs/routing.md#cross-channel-rule-condition-5).
func HasFreeSlot(prof *Profile, load map[string]int) bool { return hasFreeSlot(prof, load) }

func hasFreeSlot(prof *Profile, load map[string]int) bool {
	if prof == nil {
		return false
	}
	for ch := range prof.Concurrency {
		if canTake(prof, load, ch) {
			return true
		}
	}
	return false
}

func copyLoad(m map[string]int) map[string]int {
	out := make(map[string]int, len(m)+1)
	for k, v := range m {
		out[k] = v
	}
	return out
}

// canTake checks capacity (docs/routing.md#channel-capacity-condition-4) and the cross-channel rule (docs/routing.md#cross-channel-rule-condition-5).
func canTake(prof *Profile, load map[string]int, ch string) bool {
	conc := prof.Concurrency[ch]
	if conc <= 0 || load[ch] >= conc {
		return false
	}
	for other, n := range load {
		if other != ch && n > 0 && !prof.AnyChannel[other] {
			return false
		}
	}
	return true
}

// best returns the agent's best eligible contact, or nil.
func (p *pass) best(a *Agent, prof *Profile, load map[string]int, stepCache map[*Expression]bool) *Contact {
	// Agent-queue contacts outrank every standard-queue contact (docs/routing.md#agent-queue-first-key-1);
	// routing criteria do not apply there (docs/routing.md#routing-criteria-condition-7).
	if aq := p.s.AgentQueues[a.ID]; aq != nil && aq.Len() > 0 {
		var best *Contact
		for _, g := range aq.order {
			if !canTake(prof, load, g.key.channel) {
				continue
			}
			if c := p.first(g, 0); c != nil && (best == nil || before(c, best)) {
				best = c
			}
		}
		if best != nil {
			return best
		}
	}
	for _, tier := range prof.Tiers {
		var best *Contact
		for _, cfg := range tier.Configs {
			q := p.s.Queues[cfg.QueueID]
			if q == nil || q.Len() == 0 || !canTake(prof, load, cfg.Channel) {
				continue
			}
			for _, g := range q.byChan[cfg.Channel] {
				if g.step != nil {
					ok, seen := stepCache[g.step]
					if !seen {
						ok = g.step.Matches(a)
						stepCache[g.step] = ok
					}
					if !ok {
						continue
					}
				}
				if c := p.first(g, cfg.Delay); c != nil && (best == nil || before(c, best)) {
					best = c
				}
			}
		}
		if best != nil {
			return best
		}
	}
	return nil
}

// first returns g's first contact not yet taken in this pass that has
// waited at least delay (docs/routing.md#queue-delay-condition-6).
func (p *pass) first(g *group, delay time.Duration) *Contact {
	i := p.cursor[g]
	for i < len(g.contacts) && p.taken[g.contacts[i].ID] {
		i++
	}
	p.cursor[g] = i
	for ; i < len(g.contacts); i++ {
		c := g.contacts[i]
		if p.taken[c.ID] {
			continue
		}
		if p.s.Now.Sub(c.EnqueuedAt) >= delay {
			return c
		}
	}
	return nil
}
