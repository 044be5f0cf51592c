package routing

import (
	"sort"
	"time"
)

// Contact is a contact waiting in a queue, as routing sees it.
type Contact struct {
	ID         string
	Channel    string
	QueueID    string
	AgentQueue bool // QueueID is an agent's own queue (the agent's user ID)
	EnqueuedAt time.Time
	// QueuePriority: lower is routed first; 5 by default (docs/routing.md#contact-priority-and-routing-age).
	QueuePriority int64
	// AdjustSeconds is QueueTimeAdjustmentSeconds: added to the routing age.
	AdjustSeconds int64
	// Step is the active routing step's expression; nil means no proficiency
	// constraint (no criteria, or every step expired). Ignored in agent queues.
	Step *Expression
	// StepKey is Step's canonical string, "" when Step is nil. Contacts with
	// the same StepKey should share one *Expression (routing caches
	// evaluations by pointer).
	StepKey string
}

// Before reports whether a is routed before b within one queue (docs/routing.md#contact-ordering).
func Before(a, b *Contact) bool { return before(a, b) }

// before is the contact order of docs/routing.md#contact-ordering within one queue: lower
// QueuePriority, then greater routing age, then earlier enqueue, then ID.
func before(a, b *Contact) bool {
	if a.QueuePriority != b.QueuePriority {
		return a.QueuePriority < b.QueuePriority
	}
	// age = now - enqueued + adjust; greater age first ⇔ smaller (enqueued - adjust).
	ra := a.EnqueuedAt.Add(-time.Duration(a.AdjustSeconds) * time.Second)
	rb := b.EnqueuedAt.Add(-time.Duration(b.AdjustSeconds) * time.Second)
	if !ra.Equal(rb) {
		return ra.Before(rb)
	}
	if !a.EnqueuedAt.Equal(b.EnqueuedAt) {
		return a.EnqueuedAt.Before(b.EnqueuedAt)
	}
	return a.ID < b.ID
}

type groupKey struct {
	channel string
	step    string
}

// group is one queue's contacts of one channel and one active step, in
// routing order.
type group struct {
	key      groupKey
	step     *Expression
	contacts []*Contact
}

// Queue holds one queue's waiting contacts in routing order, grouped by
// (channel, active step). The engine changes it between passes; Match only
// reads it.
type Queue struct {
	ID     string
	groups map[groupKey]*group
	order  []*group // stable iteration order
	// byChan is the same groups by channel (a queue has few channels). Its
	// entries are only ever added, and each stays at its address: cached
	// profile views (Views) hold them across passes.
	byChan []*chanGroups
	n      int // contacts waiting: len(byID), read without touching the map
	byID   map[string]*Contact
}

// chanGroups is a queue's groups of one channel.
type chanGroups struct {
	channel string
	groups  []*group
}

// chanGroups is the queue's groups of a channel.
func (q *Queue) chanGroups(ch string) []*group {
	if cg := q.chanEntry(ch); cg != nil {
		return cg.groups
	}
	return nil
}

// chanEntry is where the queue keeps its groups of a channel, nil when it
// never had a contact of that channel.
func (q *Queue) chanEntry(ch string) *chanGroups {
	for _, cg := range q.byChan {
		if cg.channel == ch {
			return cg
		}
	}
	return nil
}

// chanSlot is where the queue keeps its groups of a channel.
func (q *Queue) chanSlot(ch string) *[]*group {
	if cg := q.chanEntry(ch); cg != nil {
		return &cg.groups
	}
	cg := &chanGroups{channel: ch}
	q.byChan = append(q.byChan, cg)
	return &cg.groups
}

// NewQueue returns an empty queue.
func NewQueue(id string) *Queue {
	return &Queue{ID: id, groups: map[groupKey]*group{}, byID: map[string]*Contact{}}
}

// Len is the number of contacts waiting.
func (q *Queue) Len() int { return q.n }

// Get returns the waiting contact with that ID.
func (q *Queue) Get(id string) (*Contact, bool) {
	c, ok := q.byID[id]
	return c, ok
}

// Add inserts c (its fields must not change while it is in the queue;
// Remove and Add again to change them).
func (q *Queue) Add(c *Contact) {
	if _, ok := q.byID[c.ID]; ok {
		q.Remove(c.ID)
	}
	k := groupKey{c.Channel, c.StepKey}
	g := q.groups[k]
	if g == nil {
		g = &group{key: k, step: c.Step}
		q.groups[k] = g
		q.order = append(q.order, g)
		gs := q.chanSlot(c.Channel)
		*gs = append(*gs, g)
	}
	i := sort.Search(len(g.contacts), func(i int) bool { return before(c, g.contacts[i]) })
	g.contacts = append(g.contacts, nil)
	copy(g.contacts[i+1:], g.contacts[i:])
	g.contacts[i] = c
	q.byID[c.ID] = c
	q.n++
}

// Remove takes the contact out; it reports whether it was there.
func (q *Queue) Remove(id string) bool {
	c, ok := q.byID[id]
	if !ok {
		return false
	}
	delete(q.byID, id)
	q.n--
	k := groupKey{c.Channel, c.StepKey}
	g := q.groups[k]
	i := sort.Search(len(g.contacts), func(i int) bool { return !before(g.contacts[i], c) })
	for i < len(g.contacts) && g.contacts[i].ID != id {
		i++
	}
	if i < len(g.contacts) {
		g.contacts = append(g.contacts[:i], g.contacts[i+1:]...)
	}
	if len(g.contacts) == 0 {
		delete(q.groups, k)
		q.order = without(q.order, g)
		gs := q.chanSlot(c.Channel)
		*gs = without(*gs, g)
	}
	return true
}

// Ordered returns every waiting contact in routing order (merging groups);
// for reading state, not for routing.
func (q *Queue) Ordered() []*Contact {
	out := make([]*Contact, 0, len(q.byID))
	for _, c := range q.byID {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return before(out[i], out[j]) })
	return out
}

// Oldest returns the contact that has waited longest (by real enqueue time).
func (q *Queue) Oldest() (*Contact, bool) {
	var best *Contact
	for _, c := range q.byID {
		if best == nil || c.EnqueuedAt.Before(best.EnqueuedAt) || (c.EnqueuedAt.Equal(best.EnqueuedAt) && c.ID < best.ID) {
			best = c
		}
	}
	return best, best != nil
}

func without(list []*group, g *group) []*group {
	for j, og := range list {
		if og == g {
			return append(list[:j], list[j+1:]...)
		}
	}
	return list
}
