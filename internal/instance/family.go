package instance

import (
	"github.com/connect-local/connect-local/internal/storage"
)

// A family is one resource type inside an instance — queues, hours, quick
// connects, statuses, security profiles, flows… — and the CRUD preamble
// they all share, written once: lock the caller's instance (for reading or
// writing), find the record by ID or ARN, copy it, apply a change to the
// copy, stamp it modified, and commit it (storage group commit, commit.go).
// Adding a resource is a record type, a family value and its own rules
// (validation, uniqueness, what refuses a delete).
type Family[T any] struct {
	Bucket string // storage bucket, records keyed {instance}/{id}
	Kind   string // the resource-type segment of its ARNs
	Noun   string // in "<noun> not found: <id>"
	// Records is the instance's map of the type.
	Records func(st *State) map[string]*T
	// ID, SetID and Stamp reach a record's ID (and ARN) and Modified.
	ID    func(r *T) string
	SetID func(r *T, id, arn string)
	Stamp func(r *T, m Modified)
	// LookupID turns the caller's ID-or-ARN into the map key (default
	// ResolveID; flows also accept the ":$SAVED" alias).
	LookupID func(idOrARN string) string
	// Clone copies a record deeply enough that changing the copy never
	// changes the stored one (nil: a plain copy, for records whose slices
	// and maps are replaced, never changed in place).
	Clone func(r *T) *T
	// Removed, when set, runs after a record leaves the map, in the same
	// apply (users drop their proficiency index entries).
	Removed func(st *State, r *T)
}

// CopyOf is the copy of r a caller may keep or change.
func (f Family[T]) CopyOf(r *T) *T {
	if f.Clone != nil {
		return f.Clone(r)
	}
	out := *r
	return &out
}

// Of finds a record of the caller's instance. The caller holds st.Mu.
func (f Family[T]) Of(sc Scope, st *State, idOrARN string) (*T, error) {
	v := idOrARN
	if f.LookupID != nil {
		v = f.LookupID(v)
	}
	id, ok := ResolveID(sc, st.ID, f.Kind, v)
	if r := f.Records(st)[id]; ok && r != nil {
		return r, nil
	}
	return nil, NotFound("%s not found: %s", f.Noun, idOrARN)
}

// Describe returns a copy of one record.
func (f Family[T]) Describe(c *Core, sc Scope, instanceID, idOrARN string) (*T, error) {
	st, err := c.RLock(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer st.Mu.RUnlock()
	r, err := f.Of(sc, st, idOrARN)
	if err != nil {
		return nil, err
	}
	return f.CopyOf(r), nil
}

// List pages through the records keep accepts (nil: all); binding names
// the listing for its page tokens ("Operation|" + the instance ID, and
// whatever else selects the records after another "|").
func (f Family[T]) List(c *Core, sc Scope, instanceID string, binding func(instanceID string) string, keep func(r *T) bool, req PageRequest) (Page[T], error) {
	st, err := c.RLock(sc, instanceID)
	if err != nil {
		return Page[T]{}, err
	}
	defer st.Mu.RUnlock()
	all := make([]T, 0, len(f.Records(st)))
	for _, r := range f.Records(st) {
		if keep == nil || keep(r) {
			all = append(all, *r)
		}
	}
	req.Binding = binding(st.ID)
	return Paginate(c, all, func(r T) string { return f.ID(&r) }, req)
}

// Put commits r as the record of its ID (new or replacing). The caller
// holds st.Mu for writing; commit releases it while the write syncs.
func (f Family[T]) Put(c *Core, st *State, r *T) error {
	return c.Commit(st, func(tx storage.Tx) error { return PutJSON(tx, f.Bucket, ChildKey(st.ID, f.ID(r)), r) },
		func() { f.Records(st)[f.ID(r)] = r })
}

// Create locks the instance, builds the new record with build (which
// validates it and fills it in), gives it its ID, ARN and stamp, commits
// it and returns a copy.
func (f Family[T]) Create(c *Core, sc Scope, instanceID string, build func(st *State) (*T, error)) (*T, error) {
	return f.CreateWith(c, sc, instanceID, build, nil)
}

// CreateWith is Create that also writes, in the same commit, the records
// with (nil: none) returns for the new record (its ID and ARN set): their
// write and the change of the instance's maps that applies them.
func (f Family[T]) CreateWith(c *Core, sc Scope, instanceID string, build func(st *State) (*T, error),
	with func(st *State, r *T) (write func(tx storage.Tx) error, apply func())) (*T, error) {
	st, err := c.Lock(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer st.Mu.Unlock()
	r, err := build(st)
	if err != nil {
		return nil, err
	}
	id := c.NewID()
	f.SetID(r, id, sc.ARN("instance/"+st.ID+"/"+f.Kind+"/"+id))
	f.Stamp(r, c.Modified(sc))
	write, apply := func(storage.Tx) error { return nil }, func() {}
	if with != nil {
		write, apply = with(st, r)
	}
	if err := c.Commit(st, func(tx storage.Tx) error {
		if err := PutJSON(tx, f.Bucket, ChildKey(st.ID, f.ID(r)), r); err != nil {
			return err
		}
		return write(tx)
	}, func() { f.Records(st)[f.ID(r)] = r; apply() }); err != nil {
		return nil, err
	}
	return f.CopyOf(r), nil
}

// Update applies change to a copy of one record, stamps it and commits it.
func (f Family[T]) Update(c *Core, sc Scope, instanceID, idOrARN string, change func(st *State, r *T) error) error {
	st, err := c.Lock(sc, instanceID)
	if err != nil {
		return err
	}
	defer st.Mu.Unlock()
	r, err := f.Of(sc, st, idOrARN)
	if err != nil {
		return err
	}
	n := f.CopyOf(r)
	if err := change(st, n); err != nil {
		return err
	}
	f.Stamp(n, c.Modified(sc))
	return f.Put(c, st, n)
}

// Remove deletes one record unless refuse (nil: never) says why not.
func (f Family[T]) Remove(c *Core, sc Scope, instanceID, idOrARN string, refuse func(st *State, r *T) error) error {
	st, err := c.Lock(sc, instanceID)
	if err != nil {
		return err
	}
	defer st.Mu.Unlock()
	r, err := f.Of(sc, st, idOrARN)
	if err != nil {
		return err
	}
	if refuse != nil {
		if err := refuse(st, r); err != nil {
			return err
		}
	}
	id := f.ID(r)
	return c.Commit(st, func(tx storage.Tx) error { return tx.Delete(f.Bucket, ChildKey(st.ID, id)) },
		func() {
			delete(f.Records(st), id)
			if f.Removed != nil {
				f.Removed(st, r)
			}
		})
}
