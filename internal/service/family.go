package service

import (
	"github.com/connect-local/connect-local/internal/instance"
)

// family is instance.Family (family.go there) with the service's view of
// an instance in its callbacks; its methods keep the names the service's
// files use.
type family[T any] struct{ instance.Family[T] }

func (f family[T]) copyOf(r *T) *T { return f.CopyOf(r) }

func (f family[T]) records(st *instanceState) map[string]*T { return f.Records(st.State) }

func (f family[T]) of(sc Scope, st *instanceState, idOrARN string) (*T, error) {
	return f.Of(sc, st.State, idOrARN)
}

func (f family[T]) describe(s *Service, sc Scope, instanceID, idOrARN string) (*T, error) {
	return f.Describe(s.core, sc, instanceID, idOrARN)
}

func (f family[T]) list(s *Service, sc Scope, instanceID string, binding func(instanceID string) string, keep func(r *T) bool, req PageRequest) (Page[T], error) {
	return f.List(s.core, sc, instanceID, binding, keep, req)
}

func (f family[T]) put(s *Service, st *instanceState, r *T) error { return f.Put(s.core, st.State, r) }

func (f family[T]) create(s *Service, sc Scope, instanceID string, build func(st *instanceState) (*T, error)) (*T, error) {
	return f.Create(s.core, sc, instanceID, func(st *instance.State) (*T, error) { return build(wrap(st)) })
}

func (f family[T]) update(s *Service, sc Scope, instanceID, idOrARN string, change func(st *instanceState, r *T) error) error {
	return f.Update(s.core, sc, instanceID, idOrARN, func(st *instance.State, r *T) error { return change(wrap(st), r) })
}

func (f family[T]) remove(s *Service, sc Scope, instanceID, idOrARN string, refuse func(st *instanceState, r *T) error) error {
	var r func(*instance.State, *T) error
	if refuse != nil {
		r = func(st *instance.State, t *T) error { return refuse(wrap(st), t) }
	}
	return f.Remove(s.core, sc, instanceID, idOrARN, r)
}

// The families converted so far.
var (
	queues = family[Queue]{instance.Family[Queue]{Bucket: bucketQueues, Kind: "queue", Noun: "Queue",
		Records: func(st *instance.State) map[string]*Queue { return st.Queues },
		ID:      func(r *Queue) string { return r.ID }, SetID: func(r *Queue, id, arn string) { r.ID, r.ARN = id, arn },
		Stamp: func(r *Queue, m Modified) { r.Modified = m }}}
	hoursFamily = family[HoursOfOperation]{instance.Family[HoursOfOperation]{Bucket: bucketHours, Kind: "operating-hours", Noun: "Hours of operation",
		Records: func(st *instance.State) map[string]*HoursOfOperation { return st.Hours },
		ID:      func(r *HoursOfOperation) string { return r.ID }, SetID: func(r *HoursOfOperation, id, arn string) { r.ID, r.ARN = id, arn },
		Stamp: func(r *HoursOfOperation, m Modified) { r.Modified = m }}}
	quickConnects = family[QuickConnect]{instance.Family[QuickConnect]{Bucket: bucketQuick, Kind: "transfer-destination", Noun: "Quick connect",
		Records: func(st *instance.State) map[string]*QuickConnect { return st.Quick },
		ID:      func(r *QuickConnect) string { return r.ID }, SetID: func(r *QuickConnect, id, arn string) { r.ID, r.ARN = id, arn },
		Stamp: func(r *QuickConnect, m Modified) { r.Modified = m }}}
	agentStatuses = family[AgentStatus]{instance.Family[AgentStatus]{Bucket: bucketStatuses, Kind: "agent-state", Noun: "Agent status",
		Records: func(st *instance.State) map[string]*AgentStatus { return st.Statuses },
		ID:      func(r *AgentStatus) string { return r.ID }, SetID: func(r *AgentStatus, id, arn string) { r.ID, r.ARN = id, arn },
		Stamp: func(r *AgentStatus, m Modified) { r.Modified = m }}}
	securityProfiles = family[SecurityProfile]{instance.Family[SecurityProfile]{Bucket: bucketSecurity, Kind: "security-profile", Noun: "Security profile",
		Records: func(st *instance.State) map[string]*SecurityProfile { return st.Security },
		ID:      func(r *SecurityProfile) string { return r.ID }, SetID: func(r *SecurityProfile, id, arn string) { r.ID, r.ARN = id, arn },
		Stamp: func(r *SecurityProfile, m Modified) { r.Modified = m }}}
	flows = family[ContactFlow]{instance.Family[ContactFlow]{Bucket: bucketFlows, Kind: "contact-flow", Noun: "Flow",
		Records: func(st *instance.State) map[string]*ContactFlow { return st.Flows },
		ID:      func(r *ContactFlow) string { return r.ID }, SetID: func(r *ContactFlow, id, arn string) { r.ID, r.ARN = id, arn },
		Stamp:    func(r *ContactFlow, m Modified) { r.Modified = m },
		LookupID: func(v string) string { return trimSavedAlias(v) }}}
	profileFamily = family[RoutingProfile]{instance.Family[RoutingProfile]{Bucket: bucketProfiles, Kind: "routing-profile", Noun: "Routing profile",
		Records: func(st *instance.State) map[string]*RoutingProfile { return st.Profiles },
		ID:      func(r *RoutingProfile) string { return r.ID }, SetID: func(r *RoutingProfile, id, arn string) { r.ID, r.ARN = id, arn },
		Stamp: func(r *RoutingProfile, m Modified) { r.Modified = m }, Clone: cloneProfile}}
	userFamily = family[User]{instance.Family[User]{Bucket: bucketUsers, Kind: "agent", Noun: "User",
		Records: func(st *instance.State) map[string]*User { return st.Users },
		ID:      func(r *User) string { return r.ID }, SetID: func(r *User, id, arn string) { r.ID, r.ARN = id, arn },
		Stamp: func(r *User, m Modified) { r.Modified = m }, Clone: cloneUser,
		Removed: func(st *instance.State, u *User) { wrap(st).forgetUserProficiencies(u) }}}
	groupFamily = family[HierarchyGroup]{instance.Family[HierarchyGroup]{Bucket: bucketGroups, Kind: "agent-group", Noun: "Hierarchy group",
		Records: func(st *instance.State) map[string]*HierarchyGroup { return st.Groups },
		ID:      func(r *HierarchyGroup) string { return r.ID }, SetID: func(r *HierarchyGroup, id, arn string) { r.ID, r.ARN = id, arn },
		Stamp: func(r *HierarchyGroup, m Modified) { r.Modified = m }, Clone: cloneGroup}}
)
