// Package outbox delivers records to Kinesis Data Streams, Kinesis Data
// Firehose and EventBridge, at least once and in order per partition key
// (docs/events.md#delivery).
//
// The service writes each record into the outbox bucket (Put) in the same
// storage transaction as the change that caused it; a Deliverer reads only
// what is committed, sends it with SigV4-signed requests (clients.go), and
// deletes a record once the endpoint acknowledged it. A record that fails is
// retried with backoff on the Deliverer's own clock, which is always a wall
// clock: the server's virtual clock may stand still, deliveries must not.
//
// The package never builds records (internal/events does) and never reads
// the service's state.
package outbox
