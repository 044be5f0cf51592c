// Package routing decides which agent is offered which contact (docs/routing.md#routing-rules).
//
// It is a pure function of a Snapshot: Match reads agents, routing profiles
// and queued contacts and returns offers; it never changes the snapshot's
// agents, profiles or queues, reads no clock (the snapshot carries Now)
// and keeps nothing between calls but pooled scratch buffers and the
// caller's Views: the routing profiles resolved against the queues, kept
// while the snapshot's Gen stays the same (the caller changes it with the
// profiles or the set of queues; a queue gaining a channel is noticed).
// HasFreeSlotOn is HasFreeSlot for a load on one channel, without a map.
// Explain says why each agent was or was not eligible for a contact.
//
// Queues keep their contacts grouped by (channel, active routing step) and
// ordered by docs/routing.md#contact-ordering, so a pass evaluates each distinct step expression
// once per agent instead of scanning every agent for every contact. A pass
// resolves each routing profile against the queues once, counts the
// contacts left per queue, draws its agents from a heap in idle order and
// stops as soon as no contact they could take is left. Step conditions read
// an agent's proficiencies from a short list (Agent.Levels) when it has one;
// an agent's results are remembered across passes in its Agent.Steps when
// the caller keeps one (and renews it when the proficiencies change).
// Agents the caller knows found nothing before and have not changed
// (Snapshot.Stable, runs in idle order) are drawn lazily and examined only
// against the contacts added since (Snapshot.New): newonly.go says why the
// offers are the same.
package routing
