// Package searchfeed feeds the search index (internal/search) the
// engine's contacts: whether a contact shows in search yet (Visible),
// the record the index keeps of it (Record), and when it is indexed
// (Queue).
//
// Indexing is deferred and coalesced (docs/search.md#freshness). A
// changed contact joins its instance's Queue once, however often it
// changes while it waits there; the oldest Chunk of the queue is indexed
// when it holds Bound contacts, and all of it before anything reads the
// index. A record is made from the contact as it is when it is indexed:
// the engine changes a contact only in operations that hand it to the
// feed again, so that record is the one indexing it after its last change
// would have made, and every search sees the index an immediate put of
// every change would have built. The one input that is not the contact's
// own, the agent's hierarchy path read for a contact connected before
// paths were snapshotted, is read at the change and indexed at once. The
// bound keeps a request's share of the work small: a write indexes at most
// Chunk contacts, a search at most Bound. Over a simulated day a contact
// changes five or six times and is indexed about once.
//
// ResolveIDs turns the ARNs a search query names into the IDs the index
// keeps.
//
// The caller keeps each contact's Slot beside its own state of the
// contact, and guards an instance's Queue with its own lock (Queue).
// The package never reads the clock, stores nothing, and never calls
// back into the service but through the slot finder it is handed.
package searchfeed
