// Command connect-local is an Amazon Connect–compatible contact-center
// service for local development and CI: `serve` runs the server, `check`
// verifies a stopped server's data dir, `simulate` runs a scenario's
// traffic.
//
// This package is wiring only: it parses flags and their environment
// twins, builds the clock, logger, authenticator and limiter, and hands them
// to internal/server (or internal/simulation). It must never implement
// behaviour of its own.
package main
