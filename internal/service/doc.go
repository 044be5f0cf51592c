// Package service is connect-local's domain façade: instances, hours
// (flows' operations are internal/flowres's; their records are the core's
// map), the contact operations, contact search and the flow runtime,
// and the Service every handler calls, which embeds the family packages
// (routing configuration, provisioning, flow resources, metrics,
// streaming, test cases, tagging) and feeds them from what each
// instance's engine does.
//
// Every method takes the caller's Scope and names one instance. The map
// of instances, each instance's State and lock, group commit, paging, the
// schema registry and Family[T] live below it in internal/instance (the
// core); the service views a State through instanceState (the State and
// the service's own per-instance data), installs the core's hooks at New
// (Record: what the engine changed, with metrics, streams and search;
// Reload: an instance back to what the store holds, commit.go) and keeps
// the core's names as one-line forwards for its files. A request on one
// instance never takes another's lock; a write is applied to memory under
// the instance's lock and the lock is released while the group commit
// makes it durable. Families live in packages of their own, each embedded
// in Service so its methods keep their names: internal/routingconfig,
// internal/provisioning, internal/flowres, internal/reporting,
// internal/streaming, internal/testcases and internal/tagging; the façade
// keeps the contact operations, the engine binding, the flow runtime (a
// test case runs through it: instanceWorld, testcaseworld.go), contact
// search, and the taggable instance and phone numbers it gives tagging
// (docs/architecture.md#splitting-the-service).
//
// It speaks in domain types and typed *Error values (their Kind is what
// internal/awserr maps to AWS errors); it must never know about HTTP,
// the wire format or the generated api types, must never hold a lock
// across an fsync or two instance locks at once (but for recovery and a
// phone number's move, commit.go), and reads time only from the clock it
// is given.
package service
