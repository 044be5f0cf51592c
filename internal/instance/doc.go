// Package instance is the bottom of the service layer: the vocabulary
// every part of the service shares about one Amazon Connect instance.
// Today it owns the caller's Scope (account and region), Amazon Connect
// ARNs and the one rule that turns an ID-or-ARN parameter into an ID
// (ResolveID), and the typed domain errors (Error, Kind) that
// internal/awserr maps to AWS errors. internal/service re-exports them
// under its own names.
//
// It is where the per-instance state and its write path move next
// (docs/architecture.md#splitting-the-service): the State with its lock,
// the commit API and the schema registration each resource-family
// package registers its records through, so that families can live in
// packages of their own below the service façade.
//
// It must never import internal/service or any resource-family package
// (everything above it imports it, never the other way round), never know
// HTTP, the wire format or the generated api types, and never read the
// time.
package instance
