// Package engine is one instance's contact engine: its live contacts and
// agents' states, the offers, rings, after-contact work and transfers that
// move them, the timers that fire them, and the routing passes that hand
// the matcher (internal/routing) a snapshot and carry out the offers it
// returns (docs/routing.md).
//
// It owns that state and nothing else. It reads the instance's
// configuration (users, routing profiles, statuses, queues) through the
// read-only Config it is given, asks a FlowRunner to run contacts' flows
// and hears back through FlowDone, takes time and timers from the
// clock.Clock it is given, reports every event as it happens to Observe
// (with the contact and agent state it is about, so observers look
// neither up by ID), and hands back what each operation changed
// (TakeChanges: the changed contacts and agent states, each once) for its
// caller to persist. An instance has one Engine; engines share nothing.
//
// A service keeps every contact for its whole life, so Contact is kept
// small in memory (Stamp timestamps, a derived ARN, the rarely set fields
// behind Extra); its stored record keeps one fixed layout, contactRecord
// (contactjson.go), that records written by earlier versions share.
//
// It must never: take a lock (its caller serialises every call and runs
// its due timers through Serialize), write to storage, reach another
// instance, read the wall clock, or know about the service, HTTP or the
// wire format. Its tests drive it with a fixture Config and the virtual
// clock (harness_test.go).
package engine
