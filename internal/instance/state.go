package instance

import (
	"slices"
	"sync"

	"github.com/connect-local/connect-local/internal/engine"
)

// State is one instance: its lock, and everything inside it. FixedID,
// FixedScope and FixedAlias never change (they may be read without Mu);
// the rest (Data) is guarded by Mu and replaced as a whole when the
// instance is reloaded from the store after a failed write, so a pointer
// to a State stays valid for the life of the instance.
type State struct {
	Mu         sync.RWMutex
	FixedID    string
	FixedScope Scope
	FixedAlias string
	// Deleted is set, under Mu, when the instance is deleted (or a reload
	// finds it gone): whoever locks it afterwards answers not found.
	Deleted bool
	// Ext is the façade's own view of the instance (set once, when the
	// State is made; never replaced).
	Ext any
	Data
}

// Data is everything that lives inside one instance and that more than
// one family reads: the instance record, the configuration the contact
// engine and routing read, and the engine itself. What a family owns
// alone lives in its slot (Slot).
type Data struct {
	Instance
	Hours     map[string]*HoursOfOperation
	Queues    map[string]*Queue
	Profiles  map[string]*RoutingProfile
	Statuses  map[string]*AgentStatus
	Security  map[string]*SecurityProfile
	Flows     map[string]*ContactFlow
	Users     map[string]*User
	Groups    map[string]*HierarchyGroup
	Structure HierarchyStructure
	Quick     map[string]*QuickConnect
	// Eng is the instance's contact engine.
	Eng *engine.Engine
	// ConfigGen counts this instance's configuration commits; its engine
	// rebuilds its agent views when it moves. Nothing outside the
	// instance moves it (one instance's write never invalidates another's
	// caches).
	ConfigGen uint64
	// slots are the families' own state, by slot number (Slot).
	slots []any
}

// NewState is a new, empty instance holding record in.
func NewState(in Instance) *State {
	st := &State{FixedID: in.ID, FixedScope: in.Scope, FixedAlias: in.Alias}
	st.Data = Data{
		Instance: in,
		Eng:      engine.New(engine.Options{InstanceID: in.ID}),
		Quick:    map[string]*QuickConnect{},
		Hours:    map[string]*HoursOfOperation{},
		Queues:   map[string]*Queue{},
		Profiles: map[string]*RoutingProfile{},
		Statuses: map[string]*AgentStatus{},
		Security: map[string]*SecurityProfile{},
		Flows:    map[string]*ContactFlow{},
		Users:    map[string]*User{},
		Groups:   map[string]*HierarchyGroup{},
	}
	st.slots = make([]any, len(slotMakers))
	for i, mk := range slotMakers {
		st.slots[i] = mk(st)
	}
	return st
}

// Slot is a family's own state inside every instance: made with the
// instance (after its core maps, so a maker may read them), replaced with
// the rest of Data on a reload, reached with Of. Slots are made at package
// initialisation (NewSlot in a package-level var), never later.
type Slot[T any] struct{ i int }

var slotMakers []func(*State) any

// NewSlot adds a slot to every instance made from now on; make builds
// its value for a new instance.
func NewSlot[T any](make func(st *State) *T) Slot[T] {
	slotMakers = append(slotMakers, func(st *State) any { return make(st) })
	return Slot[T]{i: len(slotMakers) - 1}
}

// Of is st's value of the slot. The caller holds st.Mu.
func (s Slot[T]) Of(st *State) *T { return st.slots[s.i].(*T) }

// With runs fn under st's lock (for writing when write is set) if the
// instance still exists; work done outside the lock comes back through it.
func (st *State) With(write bool, fn func()) bool {
	if write {
		st.Mu.Lock()
		defer st.Mu.Unlock()
	} else {
		st.Mu.RLock()
		defer st.Mu.RUnlock()
	}
	if st.Deleted {
		return false
	}
	fn()
	return true
}

// HierarchyPath is a user's hierarchy groups, level 1 first. The caller
// holds st.Mu.
func (st *State) HierarchyPath(userID string) []string {
	u := st.Users[userID]
	if u == nil {
		return nil
	}
	var path []string
	for g := st.Groups[u.HierarchyGroupID]; g != nil && len(path) < 5; g = st.Groups[g.ParentGroupID] {
		path = append(path, g.ID)
	}
	slices.Reverse(path)
	return path
}

// QueueARN is the ARN of a standard queue, or of a user's agent queue
// (agentQueue: queueID is the user's ID). The caller holds st.Mu.
func (st *State) QueueARN(queueID string, agentQueue bool) string {
	if agentQueue {
		return st.ARN + "/queue/agent/" + queueID
	}
	if q := st.Queues[queueID]; q != nil {
		return q.ARN
	}
	return st.ARN + "/queue/" + queueID
}
