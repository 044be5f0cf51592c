// Package streaming is the service's instance storage configurations and
// its streaming out of contact records, agent events and contact events
// to Kinesis, Firehose and EventBridge (docs/events.md): each record is
// written to the outbox (internal/outbox) in the same recorded write as
// the engine change that caused it, so it is durable exactly when the
// change is, and the outbox's Deliverer sends what is committed.
//
// It sits between internal/instance and the internal/service façade,
// which embeds a *Streaming so the handlers call its methods by their
// names on the Service, and which feeds it under each instance's lock:
// every engine event (NoteEvent), every recorded write (Record), every
// load of an instance (Restore); Start and Stop bracket the service's
// life. Its per-instance state lives in its own slot, its records in its
// own schema entries (streaming.go).
//
// It must never import internal/service or another family package, never
// know HTTP, the wire format or the generated api types, and never read
// the time but from the core's clock (retries run on the wall clock the
// options name).
package streaming
