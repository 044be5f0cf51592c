package instance

import (
	"log/slog"
	"strings"
	"sync"

	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/storage"
)

// Core is what every family shares: the map of instances, the store and
// its group commit, the clock, IDs and page tokens. The façade makes one
// and installs its hooks (Record, Reload) before the first write.
//
// Locking: mu guards only the map of instances (held for a lookup, an
// insert or a delete, never across other work); each instance has its own
// lock (State.Mu) over everything inside it. Lock order: an instance's
// lock may be held while taking mu, never the other way round.
type Core struct {
	Store storage.Store
	Clock clock.Clock
	Log   *slog.Logger
	// NewID makes resource IDs.
	NewID func() string
	// Group commits every write, many to a transaction (commit.go).
	Group *storage.Group
	// TokenSecret keys the page tokens' MACs (paging.go).
	TokenSecret []byte
	// Record records into w what the instance's engine (and what hangs
	// off it: metrics, streams, search) changed, at the end of every
	// write; the caller holds st.Mu for writing. nil: nothing.
	Record func(w *storage.Writes, st *State) error
	// Reload puts instance id back to what the store holds after a
	// failed transaction; old is the instance in memory (nil when not in
	// the map) and its lock is held (commit.go).
	Reload func(id string, old *State)

	mu        sync.RWMutex
	instances map[string]*State
}

// NewCore is a Core with no instances.
func NewCore() *Core { return &Core{instances: map[string]*State{}} }

// Lookup finds an instance by ID or ARN within the caller's scope, taking
// the map lock only for the read. The instance is not locked: it may be
// deleted before the caller locks it (Lock checks).
func (c *Core) Lookup(sc Scope, idOrARN string) (*State, error) {
	id, ok := ResolveID(sc, "", "instance", idOrARN)
	if ok {
		c.mu.RLock()
		st := c.instances[id]
		c.mu.RUnlock()
		if st != nil && st.FixedScope == sc {
			return st, nil
		}
	}
	return nil, NotFound("Instance not found: %s", idOrARN)
}

// Lock finds the caller's instance and locks it for writing; the caller
// unlocks st.Mu. This is the one preamble of every method that changes an
// instance: the instance lock is the only lock it holds.
func (c *Core) Lock(sc Scope, idOrARN string) (*State, error) {
	st, err := c.Lookup(sc, idOrARN)
	if err != nil {
		return nil, err
	}
	st.Mu.Lock()
	if st.Deleted {
		st.Mu.Unlock()
		return nil, NotFound("Instance not found: %s", idOrARN)
	}
	return st, nil
}

// RLock is Lock for reading; the caller read-unlocks st.Mu.
func (c *Core) RLock(sc Scope, idOrARN string) (*State, error) {
	st, err := c.Lookup(sc, idOrARN)
	if err != nil {
		return nil, err
	}
	st.Mu.RLock()
	if st.Deleted {
		st.Mu.RUnlock()
		return nil, NotFound("Instance not found: %s", idOrARN)
	}
	return st, nil
}

// All is every instance at this moment, unlocked.
func (c *Core) All() []*State {
	c.mu.RLock()
	defer c.mu.RUnlock()
	out := make([]*State, 0, len(c.instances))
	for _, st := range c.instances {
		out = append(out, st)
	}
	return out
}

// Get is the instance of ID id in the map (nil: none), unlocked.
func (c *Core) Get(id string) *State {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.instances[id]
}

// Load replaces the map (start-up).
func (c *Core) Load(m map[string]*State) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.instances = m
}

// Insert adds st to the map unless another instance has its alias
// (aliases are immutable, so reading them needs no instance lock).
func (c *Core) Insert(st *State) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if st.FixedAlias != "" {
		for _, o := range c.instances {
			if strings.EqualFold(o.FixedAlias, st.FixedAlias) {
				return InvalidRequest("An instance with the alias %s already exists.", st.FixedAlias)
			}
		}
	}
	c.instances[st.FixedID] = st
	return nil
}

// Put sets the map's entry for id (a reload).
func (c *Core) Put(id string, st *State) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.instances[id] = st
}

// Remove deletes id from the map when st (nil: whatever) is its entry.
func (c *Core) Remove(id string, st *State) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if st == nil || c.instances[id] == st {
		delete(c.instances, id)
	}
}

// Modified is the last-modified stamp of a change made now in sc.
func (c *Core) Modified(sc Scope) Modified {
	return Modified{LastModifiedTime: c.Clock.Now(), LastModifiedRegion: sc.Region}
}
