// Package local serves connect-local's own endpoints under /_local/
// (docs/local-api.md): health, the clock (read, and advance when it is
// virtual), the contact-center controls the AWS API does not have (agent
// actions on contacts, the customer hanging up, ring timeout, outbound
// answer, the engine's state and routing decisions), searchable contact
// attributes and transcripts for SearchContacts, simulations run inside the
// server, and the wallboard's assets and live feed.
//
// Every endpoint calls the service's public methods; it must never touch
// storage or an engine directly, and never serve anything outside /_local/.
// Errors are AWS-shaped JSON with X-Amzn-ErrorType: service errors go
// through internal/awserr, the same table as the Amazon Connect API, so an
// unknown error is a logged 500, never a panic or an HTML page.
package local
