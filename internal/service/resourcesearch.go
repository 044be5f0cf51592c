package service

import (
	"github.com/connect-local/connect-local/internal/flowres"
	"github.com/connect-local/connect-local/internal/instance"
	"github.com/connect-local/connect-local/internal/resourcesearch"
)

// Search over configuration resources (docs/resource-search.md): every
// Search* operation runs its compiled query here, through the one
// implementation of internal/resourcesearch, with the service's paging
// tokens.

// searchable is what resourcesearch reads of one record
// (instance.Searchable, under the field names the service's files use).
type searchable struct {
	fields map[string]string
	tags   map[string]string
	path   []string
	lists  map[string][]resourcesearch.Item
}

// Searchable record types: the fields each exposes, by the names the
// Search operations accept (resourcesearch.Schema.Fields).
var (
	SchemaHours = resourcesearch.Schema{Resource: "hours of operation", Fields: []string{"name", "description", "timezone", "resourceID"}}
	SchemaFlows = resourcesearch.Schema{Resource: "contact flows", Fields: []string{"name", "description", "resourceID"}}
)

// searchRecords runs q over the records of one type in an instance
// (instance.SearchRecords).
func searchRecords[T any](s *Service, sc Scope, instanceID, op string, q resourcesearch.Query, req PageRequest,
	all func(st *instanceState) []T, view func(st *instanceState, r T) searchable, key func(T) string) (Page[T], error) {
	return instance.SearchRecords(s.core, sc, instanceID, op, q, req, func(st *instance.State) []T { return all(wrap(st)) },
		func(st *instance.State, r T) instance.Searchable {
			v := view(wrap(st), r)
			return instance.Searchable{FieldMap: v.fields, TagMap: v.tags, Path: v.path, Lists: v.lists}
		}, key)
}

func values[T any](m map[string]*T) []T { return instance.Values(m) }

// SearchHoursIn searches an instance's hours of operation.
func (s *Service) SearchHoursIn(sc Scope, instanceID string, q resourcesearch.Query, req PageRequest) (Page[HoursOfOperation], error) {
	return searchRecords(s, sc, instanceID, "SearchHoursOfOperations", q, req, func(st *instanceState) []HoursOfOperation { return flowres.WithParents(st.State, values(st.Hours)) },
		func(_ *instanceState, r HoursOfOperation) searchable {
			return searchable{fields: map[string]string{"name": r.Name, "description": r.Description, "timezone": r.TimeZone, "resourceID": r.ID}, tags: r.Tags}
		}, func(r HoursOfOperation) string { return r.ID })
}

// SearchFlowsIn searches an instance's contact flows; TypeCondition,
// StateCondition and StatusCondition read type, state and status.
func (s *Service) SearchFlowsIn(sc Scope, instanceID string, q resourcesearch.Query, req PageRequest) (Page[ContactFlow], error) {
	return searchRecords(s, sc, instanceID, "SearchContactFlows", q, req, func(st *instanceState) []ContactFlow { return values(st.Flows) },
		func(_ *instanceState, r ContactFlow) searchable {
			return searchable{fields: map[string]string{"name": r.Name, "description": r.Description, "resourceID": r.ID,
				"type": r.Type, "state": r.State, "status": r.Status}, tags: r.Tags}
		}, func(r ContactFlow) string { return r.ID })
}
