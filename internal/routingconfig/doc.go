// Package routingconfig is the routing configuration of an instance:
// queues and their quick connects and outbound caller settings, quick
// connects, agent statuses, security profiles and permissions, the agent
// hierarchy, users and their entity profiles, routing profiles,
// predefined attributes and proficiencies, and the resource quotas that
// bound them (docs/routing.md, docs/predefined-attributes.md,
// docs/quotas.md).
//
// Its records are the core maps of instance.State, which the contact
// engine reads through the façade's engine view; what it keeps beside
// them (the predefined attributes, the proficiency index) lives in its
// own slot, with its own schema entry (routingconfig.go). The
// internal/service façade embeds a *RoutingConfig so the handlers call
// its methods by their names on the Service; the façade's contact
// operations and flows find records through UserOf, QueueOf and
// QuickConnectOf, and answer for the phone numbers it owns (New's
// phoneClaimed).
//
// It must never import internal/service or another family package, never
// know HTTP, the wire format or the generated api types, and never read
// the time but from the core's clock.
package routingconfig
