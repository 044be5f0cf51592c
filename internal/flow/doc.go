// Package flow reads, checks and runs flows written in the Amazon Connect
// flow language: the JSON document (Version "2019-10-30", StartAction,
// Actions with Identifier, Type, Parameters and Transitions) that
// CreateContactFlow and UpdateContactFlowContent take as Content.
//
// It owns three things:
//
//   - Parse: decode a flow and validate it (known action types, unique
//     identifiers, a StartAction that exists, no transition to a missing
//     action, well-formed parameters for the actions connect-local runs).
//     Every problem found is reported in one *InvalidFlowError, which the
//     service answers as InvalidContactFlowException with its problems list.
//   - Run: interpret a parsed flow for a contact at flow start, as a pure
//     function of the flow and a RunInput, returning the routing decision
//     (enqueue, disconnect or end), the working queue, routing criteria,
//     priority or age adjustment and the contact attributes.
//   - The table of action types the flow language defines (actions.go).
//
// The runtime the service and the test-case runner drive (Execution,
// machine.go and blocks.go) runs a flow block by block for one contact;
// log.go keeps a finished execution's flow log compactly (Log, its entries in
// the pointer-free chunks of arena.go), and
// Release hands an execution back for the next New to reuse.
//
// Which actions are interpreted, and how, is documented in docs/flows.md.
//
// The package is pure: it must never import the service, storage, clock or
// HTTP packages, read the time or do I/O. Everything it needs about the
// outside world (does a queue exist, is it full) comes in through RunInput.
package flow
