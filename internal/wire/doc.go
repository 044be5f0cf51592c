// Package wire is connect-local's restJson1 protocol layer: it routes HTTP
// requests to model operations by method and URI template, decodes path
// labels, query strings, headers and JSON bodies as the model binds them,
// validates them against the model's constraints, calls the operation's
// handler, and encodes the result or an AWS-shaped error.
//
// wire knows the model and the generated api types, never the domain: it
// must not import the service, storage or any engine. Errors reach it as
// *Error values; anything else becomes a logged InternalServiceException.
package wire
