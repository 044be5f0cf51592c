// Package handler implements the Amazon Connect operations: one method per
// operation, grouped by resource family (one file each). Each handler does
// four things: take the validated api input, call the service once,
// translate the error (through internal/awserr, the one table), and fill the
// api output.
//
// Each family's x...Routes function registers its handlers in the typed
// api.Operations, so a handler whose request or response type is not its
// operation's does not compile; Routes erases the types for the wire layer.
// docs/operations.md is generated from these registrations.
//
// Handlers never touch storage, never call an engine (they only use
// routing's and search's value types, expressions and query fields, to
// convert api shapes) and never write HTTP.
package handler
