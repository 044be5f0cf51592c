// Package service holds connect-local's domain rules: instances and the
// resources inside them (hours, queues, routing profiles, users, hierarchy,
// agent statuses, security profiles, quick connects, flows, tags, predefined
// attributes and proficiencies), contacts and the engine that routes them
// (internal/routing decides, the service applies), and the metrics and
// contact search fed from what the engine does.
//
// It keeps every resource in memory for fast reads and writes each change
// durably to a storage.Store before applying it (write-through). It speaks
// in domain types and typed *Error values (their Kind is what
// internal/awserr maps to AWS errors); it must never know about HTTP,
// the wire format or the generated api types, and reads time only from the
// clock it is given.
package service
