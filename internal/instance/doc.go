// Package instance is the bottom of the service layer: what every part of
// the service shares about one Amazon Connect instance, and the write
// path to the store.
//
//   - State (state.go): one instance's lock, its core maps (hours, queues,
//     routing profiles, statuses, security profiles, flows, users,
//     hierarchy, quick connects), its contact engine, and the typed slots
//     (Slot[T]) each family package keeps its own state in; the core
//     records (records.go).
//   - Core (core.go): the map of instances and Lookup/Lock/RLock, group
//     commit (commit.go: Commit, CommitData, Durable, the recovery of a
//     failed transaction), page tokens (paging.go), IDs and stamps. The
//     façade installs its hooks (Record: what the engine changed; Reload:
//     an instance back to what the store holds).
//   - The schema registry (schema.go): each family registers its record
//     types (Register) and taggable types (RegisterTagKind, tags.go) at
//     package initialisation; start-up and `check` walk the one list.
//   - Family[T] (family.go): the CRUD preamble every resource family
//     shares.
//   - Scope, ARNs, ResolveID and the typed domain errors (Error, Kind)
//     that internal/awserr maps to AWS errors.
//
// It must never import internal/service or any resource-family package
// (everything above it imports it, never the other way round), never know
// HTTP, the wire format or the generated api types, never hold a lock
// across an fsync, and never read the time but from the Core's clock.
package instance
