// Command connect-local is an Amazon Connect–compatible contact-center
// service for local development and CI: `serve` runs the server, `check`
// verifies a stopped server's data dir, `simulate` runs a scenario's
// traffic.
//
// This package is wiring only: it parses flags and their environment
// twins, builds the clock, logger, authenticator and limiter, and hands them
// to internal/server (or internal/simulation). It must never implement
// behaviour of its own.
//
// For development only, CONNECT_LOCAL_CPUPROFILE=FILE makes `serve` write a
// pprof CPU profile to FILE from the moment it listens until it shuts down
// on SIGINT or SIGTERM (`go tool pprof connect-local FILE`), and
// CONNECT_LOCAL_MEMPROFILE=FILE the allocation profile at shutdown; they
// have no flags and are not meant for production.
package main
