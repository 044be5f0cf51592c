// Package storage is connect-local's durable record: a small transactional
// key-value interface (Store) and its backends — Bolt (embedded, durable,
// the default) and Memory (--memory; nothing is written). Every bucket and
// key format the server uses is listed in one place: internal/service's
// schema.go.
//
// The service keeps in-memory indexes for reads; storage is only the record
// it rebuilds them from at start. A further backend (e.g. PostgreSQL) is a
// new implementation of Store that passes storagetest.Run; nothing else
// changes. storage must never know about Connect resources or the API.
package storage
