// Package addrcache is a small cache in front of a map keyed by name, by
// the name's address.
//
// Most names a hot path looks up come back as the very string seen before
// (a contact's queue ID is its queue's, an agent's ID its user's), so the
// cache answers without hashing the name, probing the map and comparing
// keys: with thousands of agents those lookups were a percent or two of a
// simulated day each. An entry holds the address, which keeps the bytes it
// points at alive and unchanged: the same address and length are the same
// name. A miss costs only the map's lookup, and the caller's Set.
//
// A Cache is not safe for concurrent use: it changes on a miss.
//
// It must never be the only copy of a value (a miss always falls back to
// the caller's map), never be shared between goroutines without the
// caller's lock, and never key by anything but a string's own bytes.
package addrcache
