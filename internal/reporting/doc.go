// Package reporting is the service's metrics operations: real-time
// metrics (GetCurrentMetricData, metrics_current.go), historical metrics
// (GetMetricData, metrics_history.go; GetMetricDataV2, metrics_v2.go) and
// their page tokens (metrics_paging.go), over what each instance keeps for
// its metrics in its own slot: the historical buckets of internal/metrics,
// the live contacts real-time metrics count, cached snapshots
// (docs/metrics.md).
//
// It sits between internal/instance and the internal/service façade,
// which embeds a *Reporting so the handlers call its methods by their
// names on the Service, and which feeds it under the instance's lock:
// every engine event (Observe), every flush (BeforeFlush, WriteMetrics,
// Committed) and every load of an instance (NoteLoaded). An event's agent
// state leads to the agent's note (AgentState.Note: its history tracker
// and routing profile, re-read when the configuration generation moves,
// dropped at a load), so that an event costs no lookup by ID. Its records
// are registered in the schema at package initialisation (reporting.go).
//
// It must never import internal/service or another family package, never
// know HTTP, the wire format or the generated api types, and never read
// the time but from the core's clock or the time it is handed.
package reporting
