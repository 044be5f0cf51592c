// Package server assembles connect-local: storage, clock, service, handlers,
// the wire protocol and the local endpoints, into one http.Handler, and
// bounds what one client may hold (Limits). Both the binary and the
// in-process tests build the server here, so they run the same thing.
//
// It is wiring: it must never implement an operation, map an error or hold
// state beyond the parts it assembles and closes.
package server
