// Package provisioning is the instance-configuration families of the
// service: phone numbers (claimed into an instance, moved between the
// instances of an account, docs/phone-numbers.md), instance attributes
// and approved origins, task templates, custom vocabularies,
// views, rules, traffic distribution groups, integration associations and
// use cases, security keys and authentication profiles, and federation
// tokens (GetFederationToken)
// (docs/operations.md, docs/provisioning.md).
//
// It sits between internal/instance (the State, its lock and write path,
// the schema, Family[T]) and the internal/service façade, which embeds a
// *Provisioning so the handlers call its methods by their names on the
// Service. Its records live in its own slot of each instance (of) and its
// own schema entries and taggable types (schema.go), registered at
// package initialisation. The façade reads the phone numbers through
// Phones, PhoneOf and ClaimedIn, under PhoneMu (tags, calls, flow
// associations).
//
// It must never import internal/service or another family package, never
// know HTTP, the wire format or the generated api types, never hold a lock
// across a commit's sync (the core's Commit releases it) and never read
// the time but from the core's clock.
package provisioning
