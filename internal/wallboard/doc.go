// Package wallboard is the browser wallboard served at /_local/ui/
// (docs/wallboard.md): its static assets, embedded in the binary, and the
// live feed that tells open pages when an instance's engine changed.
//
// The page reads everything through the public APIs a real wallboard
// would call (ListInstances, ListQueues, GetCurrentMetricData,
// GetCurrentUserData, GetMetricDataV2, ListUserProficiencies) plus
// GET /_local/instances/{id}/engine for the routing view; this package
// serves no data of its own beyond the feed's change notices.
//
// It must never block the engine: Live's observer runs under the service
// lock, so it only hands events to buffered channels and coalesces when
// one is full; it never calls back into the service. The assets must
// never load anything from outside the server (no CDN, no web fonts).
package wallboard
