package engine

import (
	"maps"

	"github.com/connect-local/connect-local/internal/routing"
)

// FullSnapshot is the matcher's view with every available agent, ignoring
// the incremental bookkeeping: what a from-scratch pass would see. Tests
// check with it that the incremental passes left no eligible pair.
func (e *Engine) FullSnapshot() *routing.Snapshot {
	snap := &routing.Snapshot{Now: e.clock.Now(), Profiles: map[string]*routing.Profile{}, Queues: e.queues, AgentQueues: e.agentQs}
	e.cfg.EachAgent(func(u *Agent) bool {
		if ra := e.routingAgent(u.ID); ra != nil {
			snap.Agents = append(snap.Agents, ra)
			snap.Profiles[ra.ProfileID] = e.cfg.Profile(ra.ProfileID).Routing
		}
		return true
	})
	return snap
}

// QueuedCounts is how many contacts each queue holds by the engine's
// count (a copy), to check against the contacts' states.
func (e *Engine) QueuedCounts() map[string]int { return maps.Clone(e.queued) }

// Requeue puts a loaded, waiting contact into its routing queue without
// routing: for benchmarks that build an engine's state directly.
func (e *Engine) Requeue(c *Contact) { e.reroute(c) }

// QueueProfiles are the routing profiles that serve a queue, as of the
// last routing pass (read-only).
func (e *Engine) QueueProfiles(queueID string) []string { return e.queueProfiles[queueID] }

// Available reports whether the agent could take a contact at the last
// routing pass.
func (e *Engine) Available(userID string) bool { return e.avail[userID] != nil }
