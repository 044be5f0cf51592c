package searchfeed

import (
	"sync"

	"github.com/connect-local/connect-local/internal/engine"
	"github.com/connect-local/connect-local/internal/search"
)

// Bound is the most contacts a Queue holds: the change that reaches it
// has the oldest Chunk of them indexed. Chunk is the most contacts a
// change has indexed. At around a microsecond a contact, a write pays at
// most a few milliseconds for it, and a search a dozen or so when the
// queue is full. (Variables only so that tests can make them small.)
var Bound, Chunk = 16384, 4096

// Slot is the feed's state of one contact, which the caller keeps beside
// its own state of the contact, and only the feed changes.
type Slot struct {
	Index  uint32 // search.Index.PutOwn's slot of the contact; 0: none
	Queued bool   // the contact waits in the Queue
}

// Queue is an instance's contacts changed since the index last had them,
// oldest first. The caller guards it with its own read-write lock: Changed
// with the lock held exclusively, Flush with it held at least shared;
// flushes under the shared lock run one at a time, and each returns only
// once the whole queue is indexed. A nil Queue holds nothing.
type Queue struct {
	mu   sync.Mutex
	list []*engine.Contact
}

// Finder is the Slot of one of the caller's contacts.
type Finder func(c *engine.Contact) *Slot

// Changed notes that c (the engine's own contact, whose Slot is slot)
// changed. agentPath is its agent's hierarchy path for the record: when it
// is not c's own AgentHierarchy, c is indexed at once.
func (q *Queue) Changed(ix *search.Index, instanceID string, c *engine.Contact, agentPath []string, slot *Slot, find Finder) {
	if agentPath != nil && c.AgentHierarchy == nil {
		slot.Queued = false // a queued earlier change is skipped
		Put(ix, instanceID, c, agentPath, &slot.Index)
		return
	}
	if slot.Queued {
		return
	}
	slot.Queued = true
	if q.list = append(q.list, c); len(q.list) >= Bound {
		q.index(ix, instanceID, Chunk, find)
	}
}

// Flush indexes every contact queued.
func (q *Queue) Flush(ix *search.Index, instanceID string, find Finder) {
	if q == nil {
		return
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	q.index(ix, instanceID, len(q.list), find)
}

// index indexes the k contacts queued first.
func (q *Queue) index(ix *search.Index, instanceID string, k int, find Finder) {
	for _, c := range q.list[:k] {
		if s := find(c); s != nil && s.Queued {
			s.Queued = false
			Put(ix, instanceID, c, c.AgentHierarchy, &s.Index)
		}
	}
	n := copy(q.list, q.list[k:])
	clear(q.list[n:])
	q.list = q.list[:n]
}
