// Package telemetry owns connect-local's own Prometheus metrics (GET
// /_local/metrics, docs/local-api.md#metrics): requests by operation and
// status, their latency, and the store's transaction time and size. It
// knows nothing of accounts or instances: the gauges of a caller's
// instances are built per scrape by internal/local and handed to Serve
// (StreamGauges names the stream-delivery ones, filled from outbox.Status).
// It reads time only through clock.Stopwatch, and never touches the
// service or the data a store holds.
package telemetry
