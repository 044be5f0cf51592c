// Package simulation runs a scenario's workload (internal/scenario) as a
// discrete-event simulation against the real engine: a service on a virtual
// clock, driven only through its public methods. Customers arrive
// (StartContact), agents follow their shifts and breaks (PutUserStatus),
// talk for a sampled handle time and hang up (AgentAction hang-up), work
// after the contact and clear it (clear-acw); customers whose patience runs
// out while they wait hang up (EndCustomer).
//
// Everything the report says is measured from the engine's events
// (service.Observe): the simulation schedules its own actions on the same
// virtual clock, so the run is a pure function of the scenario and the seed
// (math/rand/v2 PCG streams, one per contact type and purpose) when the
// service makes IDs deterministically (NewTarget does).
//
// It owns the report (text, JSON, SVG charts). It never reads the wall clock
// except through clock.Stopwatch, to say how fast a run went, and never
// reaches into the service's state.
package simulation
