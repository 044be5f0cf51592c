// Package testcase reads and runs Amazon Connect test cases: the Testing
// language (Version "2025-06-21": Observations, each an expected Event
// with Actions to take when it is observed, linked by NextObservations)
// that CreateTestCase takes as Content (docs/testing.md).
//
// Run drives one flow execution (package flow) on its own virtual
// timeline: it observes what the flow says and which blocks start, plays
// the customer's part (DTMF, text), overrides the system's behaviour where
// the test asks (hours, Lambda, Lex, queues), checks assertions, and
// reports each observation's result. It is used both by the service's
// StartTestCaseExecution and by the `connect-local test` command.
//
// The package must never import the service, storage or HTTP packages or
// read the clock: the caller supplies the start time and a World.
package testcase
