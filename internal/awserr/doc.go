// Package awserr is the one table that turns connect-local's typed service
// errors into AWS errors: each service.Kind becomes an AWS error type, an
// HTTP status and, for some kinds, the exception's modeled members
// (docs/errors.md#exception-catalog). The Amazon Connect handlers (internal/handler) and the
// /_local/ endpoints (internal/local) both answer through it, so a kind maps
// the same way on either edge.
//
// It owns the mapping only. It must never decide what is an error (the
// service does), never invent a type for an error it does not know (an
// unmapped error is a logged 500 InternalServiceException, never a panic or
// an HTML page) and never write anything but an AWS-shaped JSON error.
package awserr
