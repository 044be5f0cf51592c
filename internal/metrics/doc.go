// Package metrics computes Amazon Connect's metrics from what the routing
// engine did: the 13 real-time metrics of GetCurrentMetricData (docs/metrics.md#getcurrentmetricdata)
// from a snapshot of live agents and contacts, and the historical metrics of
// GetMetricData (docs/metrics.md#getmetricdata) and GetMetricDataV2 from 5-minute buckets that are
// filled as contacts and agents progress.
//
// It owns metric definitions (names, units, statistics), scoping, grouping
// and aggregation. Like PromQL's engine it never reads the clock: the
// evaluation time is always passed in (Snapshot.Now, HistQuery.Now and the
// time of every recorded fact). It never touches storage either: History
// hands out the cells that changed (Drain) for the service to persist and
// takes them back at start-up (Load). Validation of API requests, ID
// resolution and paging belong to the service, and the error table to
// internal/awserr.
//
// Files: realtime.go and slots.go (GetCurrentMetricData), history.go (the
// bucket store and what is recorded), cell.go (what one bucket cell keeps),
// packed.go (the cells of past buckets, packed), cellindex.go (an open
// set's index, by one packed word), timeset.go (agent-time cells, with
// the late list that spares settled buckets sorted inserts), rollup.go
// (the hourly rollup's positions of a bucket's cells, and splitting time
// at bucket boundaries), stored.go (records for storage, loading,
// pruning), query.go (historical evaluation), defs.go (the metric
// tables), handles.go (AgentHandle: an agent's tracker, a mirror of its
// class and profile, interned names and where its last contact fact went,
// kept by the caller, so that a fact costs no lookup by name, an event
// that changes nothing no read of the tracker and a run of facts few
// lookups of cells).
package metrics
