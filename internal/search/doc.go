// Package search answers SearchContacts (docs/search.md#searchcontacts) from an in-memory index of
// contact records.
//
// It owns the index: per instance, time-ordered postings for each
// TimeRange type (bucketed by day), hash postings for queue, agent,
// channel, initiation method, the five hierarchy levels and attribute and
// tag key=value pairs, and an inverted index of transcript words per
// participant role with a forward token list per contact for phrase checks.
// A query picks its most selective clause to enumerate candidates and
// checks every other clause against the candidate's compact record, so no
// search scans every contact unless its own criteria select them all.
//
// Its caller may keep contacts' slots (PutOwn, RemoveOwn): then the index
// keeps no map of contact IDs until a call by ID needs one. The service
// feeds it through internal/searchfeed, which defers and coalesces the
// updates and indexes them all before any search (docs/search.md#freshness).
//
// The package is pure: it reads no clock (Query.Now is passed in), stores
// nothing durably, and knows nothing of the service's contacts: callers
// hand it Records. It must never call back into the service.
package search
