// Package service is connect-local's domain façade: instances and the
// resources inside them (hours, queues, routing profiles, users, hierarchy,
// agent statuses, security profiles, quick connects, flows, tags, predefined
// attributes and proficiencies, phone numbers, storage configs), the
// contact operations, and the metrics, contact search, streams and flow
// runtime fed from what each instance's engine does.
//
// Every method takes the caller's Scope and names one instance. The
// service keeps a map of instances under a short lock (s.mu); each
// instance has its own lock, configuration, contact engine
// (internal/engine, bound in engine.go), metrics and search state, so a
// request on one instance never takes another's lock. A write is applied
// to memory under the instance's lock and recorded in the same critical
// section; the lock is released while the group commit makes it durable
// (commit.go); a failed commit reloads the instances it touched. The CRUD
// preamble of the resource families is written once (family.go). Scope,
// ARNs and the typed errors live below it, in internal/instance, and are
// re-exported here under their old names; the per-instance state and the
// families follow (docs/architecture.md#splitting-the-service).
//
// It speaks in domain types and typed *Error values (their Kind is what
// internal/awserr maps to AWS errors); it must never know about HTTP,
// the wire format or the generated api types, must never hold a lock
// across an fsync or two instance locks at once (but for recovery and a
// phone number's move, commit.go), and reads time only from the clock it
// is given.
package service
