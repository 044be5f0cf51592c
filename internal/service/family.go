package service

import (
	"github.com/connect-local/connect-local/internal/instance"
	"github.com/connect-local/connect-local/internal/storage"
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

func (f family[T]) createWith(s *Service, sc Scope, instanceID string, build func(st *instanceState) (*T, error),
	with func(st *instance.State, r *T) (func(storage.Tx) error, func())) (*T, error) {
	return f.CreateWith(s.core, sc, instanceID, func(st *instance.State) (*T, error) { return build(wrap(st)) }, with)
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

// The families the service still owns.
var (
	hoursFamily = family[HoursOfOperation]{instance.Family[HoursOfOperation]{Bucket: bucketHours, Kind: "operating-hours", Noun: "Hours of operation",
		Records: func(st *instance.State) map[string]*HoursOfOperation { return st.Hours },
		ID:      func(r *HoursOfOperation) string { return r.ID }, SetID: func(r *HoursOfOperation, id, arn string) { r.ID, r.ARN = id, arn },
		Stamp: func(r *HoursOfOperation, m Modified) { r.Modified = m }}}
	flows = family[ContactFlow]{instance.Family[ContactFlow]{Bucket: bucketFlows, Kind: "contact-flow", Noun: "Flow",
		Records: func(st *instance.State) map[string]*ContactFlow { return st.Flows },
		ID:      func(r *ContactFlow) string { return r.ID }, SetID: func(r *ContactFlow, id, arn string) { r.ID, r.ARN = id, arn },
		Stamp:    func(r *ContactFlow, m Modified) { r.Modified = m },
		LookupID: func(v string) string { return trimSavedAlias(v) }}}
)
