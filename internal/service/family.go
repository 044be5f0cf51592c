package service

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
type family[T any] struct {
	bucket string // storage bucket, records keyed {instance}/{id}
	kind   string // the resource-type segment of its ARNs
	noun   string // in "<noun> not found: <id>"
	// records is the instance's map of the type.
	records func(st *instanceState) map[string]*T
	// id, setID and stamp reach a record's ID (and ARN) and Modified.
	id    func(r *T) string
	setID func(r *T, id, arn string)
	stamp func(r *T, m Modified)
	// lookupID turns the caller's ID-or-ARN into the map key (default
	// resolveID; flows also accept the ":$SAVED" alias).
	lookupID func(idOrARN string) string
	// clone copies a record deeply enough that changing the copy never
	// changes the stored one (nil: a plain copy, for records whose slices
	// and maps are replaced, never changed in place).
	clone func(r *T) *T
	// removed, when set, runs after a record leaves the map, in the same
	// apply (users drop their proficiency index entries).
	removed func(st *instanceState, r *T)
}

// copyOf is the copy of r a caller may keep or change.
func (f family[T]) copyOf(r *T) *T {
	if f.clone != nil {
		return f.clone(r)
	}
	out := *r
	return &out
}

// of finds a record of the caller's instance. The caller holds st.Mu.
func (f family[T]) of(sc Scope, st *instanceState, idOrARN string) (*T, error) {
	v := idOrARN
	if f.lookupID != nil {
		v = f.lookupID(v)
	}
	id, ok := resolveID(sc, st.ID, f.kind, v)
	if r := f.records(st)[id]; ok && r != nil {
		return r, nil
	}
	return nil, notFound("%s not found: %s", f.noun, idOrARN)
}

// describe returns a copy of one record.
func (f family[T]) describe(s *Service, sc Scope, instanceID, idOrARN string) (*T, error) {
	st, err := s.rlockInstance(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer st.Mu.RUnlock()
	r, err := f.of(sc, st, idOrARN)
	if err != nil {
		return nil, err
	}
	return f.copyOf(r), nil
}

// list pages through the records keep accepts (nil: all); binding names
// the listing for its page tokens ("Operation|" + the instance ID, and
// whatever else selects the records after another "|").
func (f family[T]) list(s *Service, sc Scope, instanceID string, binding func(instanceID string) string, keep func(r *T) bool, req PageRequest) (Page[T], error) {
	st, err := s.rlockInstance(sc, instanceID)
	if err != nil {
		return Page[T]{}, err
	}
	defer st.Mu.RUnlock()
	all := make([]T, 0, len(f.records(st)))
	for _, r := range f.records(st) {
		if keep == nil || keep(r) {
			all = append(all, *r)
		}
	}
	req.Binding = binding(st.ID)
	return paginate(s, all, func(r T) string { return f.id(&r) }, req)
}

// put commits r as the record of its ID (new or replacing). The caller
// holds st.Mu for writing; commit releases it while the write syncs.
func (f family[T]) put(s *Service, st *instanceState, r *T) error {
	return s.commit(st, func(tx storage.Tx) error { return putJSON(tx, f.bucket, childKey(st.ID, f.id(r)), r) },
		func() { f.records(st)[f.id(r)] = r })
}

// create locks the instance, builds the new record with build (which
// validates it and fills it in), gives it its ID, ARN and stamp, commits
// it and returns a copy.
func (f family[T]) create(s *Service, sc Scope, instanceID string, build func(st *instanceState) (*T, error)) (*T, error) {
	st, err := s.lockInstance(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer st.Mu.Unlock()
	r, err := build(st)
	if err != nil {
		return nil, err
	}
	id := s.newID()
	f.setID(r, id, sc.ARN("instance/"+st.ID+"/"+f.kind+"/"+id))
	f.stamp(r, s.modified(sc))
	if err := f.put(s, st, r); err != nil {
		return nil, err
	}
	return f.copyOf(r), nil
}

// update applies change to a copy of one record, stamps it and commits it.
func (f family[T]) update(s *Service, sc Scope, instanceID, idOrARN string, change func(st *instanceState, r *T) error) error {
	st, err := s.lockInstance(sc, instanceID)
	if err != nil {
		return err
	}
	defer st.Mu.Unlock()
	r, err := f.of(sc, st, idOrARN)
	if err != nil {
		return err
	}
	n := f.copyOf(r)
	if err := change(st, n); err != nil {
		return err
	}
	f.stamp(n, s.modified(sc))
	return f.put(s, st, n)
}

// remove deletes one record unless refuse (nil: never) says why not.
func (f family[T]) remove(s *Service, sc Scope, instanceID, idOrARN string, refuse func(st *instanceState, r *T) error) error {
	st, err := s.lockInstance(sc, instanceID)
	if err != nil {
		return err
	}
	defer st.Mu.Unlock()
	r, err := f.of(sc, st, idOrARN)
	if err != nil {
		return err
	}
	if refuse != nil {
		if err := refuse(st, r); err != nil {
			return err
		}
	}
	id := f.id(r)
	return s.commit(st, func(tx storage.Tx) error { return tx.Delete(f.bucket, childKey(st.ID, id)) },
		func() {
			delete(f.records(st), id)
			if f.removed != nil {
				f.removed(st, r)
			}
		})
}

// The families converted so far.
var (
	queues = family[Queue]{bucket: bucketQueues, kind: "queue", noun: "Queue",
		records: func(st *instanceState) map[string]*Queue { return st.Queues },
		id:      func(r *Queue) string { return r.ID }, setID: func(r *Queue, id, arn string) { r.ID, r.ARN = id, arn },
		stamp: func(r *Queue, m Modified) { r.Modified = m }}
	hoursFamily = family[HoursOfOperation]{bucket: bucketHours, kind: "operating-hours", noun: "Hours of operation",
		records: func(st *instanceState) map[string]*HoursOfOperation { return st.Hours },
		id:      func(r *HoursOfOperation) string { return r.ID }, setID: func(r *HoursOfOperation, id, arn string) { r.ID, r.ARN = id, arn },
		stamp: func(r *HoursOfOperation, m Modified) { r.Modified = m }}
	quickConnects = family[QuickConnect]{bucket: bucketQuick, kind: "transfer-destination", noun: "Quick connect",
		records: func(st *instanceState) map[string]*QuickConnect { return st.Quick },
		id:      func(r *QuickConnect) string { return r.ID }, setID: func(r *QuickConnect, id, arn string) { r.ID, r.ARN = id, arn },
		stamp: func(r *QuickConnect, m Modified) { r.Modified = m }}
	agentStatuses = family[AgentStatus]{bucket: bucketStatuses, kind: "agent-state", noun: "Agent status",
		records: func(st *instanceState) map[string]*AgentStatus { return st.Statuses },
		id:      func(r *AgentStatus) string { return r.ID }, setID: func(r *AgentStatus, id, arn string) { r.ID, r.ARN = id, arn },
		stamp: func(r *AgentStatus, m Modified) { r.Modified = m }}
	securityProfiles = family[SecurityProfile]{bucket: bucketSecurity, kind: "security-profile", noun: "Security profile",
		records: func(st *instanceState) map[string]*SecurityProfile { return st.Security },
		id:      func(r *SecurityProfile) string { return r.ID }, setID: func(r *SecurityProfile, id, arn string) { r.ID, r.ARN = id, arn },
		stamp: func(r *SecurityProfile, m Modified) { r.Modified = m }}
	flows = family[ContactFlow]{bucket: bucketFlows, kind: "contact-flow", noun: "Flow",
		records: func(st *instanceState) map[string]*ContactFlow { return st.Flows },
		id:      func(r *ContactFlow) string { return r.ID }, setID: func(r *ContactFlow, id, arn string) { r.ID, r.ARN = id, arn },
		stamp:    func(r *ContactFlow, m Modified) { r.Modified = m },
		lookupID: func(v string) string { return trimSavedAlias(v) }}
	profileFamily = family[RoutingProfile]{bucket: bucketProfiles, kind: "routing-profile", noun: "Routing profile",
		records: func(st *instanceState) map[string]*RoutingProfile { return st.Profiles },
		id:      func(r *RoutingProfile) string { return r.ID }, setID: func(r *RoutingProfile, id, arn string) { r.ID, r.ARN = id, arn },
		stamp: func(r *RoutingProfile, m Modified) { r.Modified = m }, clone: cloneProfile}
	userFamily = family[User]{bucket: bucketUsers, kind: "agent", noun: "User",
		records: func(st *instanceState) map[string]*User { return st.Users },
		id:      func(r *User) string { return r.ID }, setID: func(r *User, id, arn string) { r.ID, r.ARN = id, arn },
		stamp: func(r *User, m Modified) { r.Modified = m }, clone: cloneUser,
		removed: func(st *instanceState, u *User) { st.forgetUserProficiencies(u) }}
	groupFamily = family[HierarchyGroup]{bucket: bucketGroups, kind: "agent-group", noun: "Hierarchy group",
		records: func(st *instanceState) map[string]*HierarchyGroup { return st.Groups },
		id:      func(r *HierarchyGroup) string { return r.ID }, setID: func(r *HierarchyGroup, id, arn string) { r.ID, r.ARN = id, arn },
		stamp: func(r *HierarchyGroup, m Modified) { r.Modified = m }, clone: cloneGroup}
)
