package service

import (
	"github.com/connect-local/connect-local/internal/instance"
	"github.com/connect-local/connect-local/internal/resourcesearch"
	"github.com/connect-local/connect-local/internal/routingconfig"
)

// Search over configuration resources (docs/resource-search.md): every
// Search* operation runs its compiled query here, through the one
// implementation of internal/resourcesearch, with the service's paging
// tokens.

// searchable is what resourcesearch reads of one record.
type searchable struct {
	fields map[string]string
	tags   map[string]string
	path   []string
	lists  map[string][]resourcesearch.Item
}

func (r searchable) Field(n string) (string, bool) { v, ok := r.fields[n]; return v, ok }
func (r searchable) Tags() map[string]string       { return r.tags }
func (r searchable) HierarchyPath() []string       { return r.path }
func (r searchable) List(n string) []resourcesearch.Item {
	return r.lists[n]
}

// Searchable record types: the fields each exposes, by the names the
// Search operations accept (resourcesearch.Schema.Fields).
var (
	SchemaQueues           = resourcesearch.Schema{Resource: "queues", Fields: []string{"name", "description", "resourceID"}}
	SchemaSecurityProfiles = resourcesearch.Schema{Resource: "security profiles", Fields: []string{"securityprofilename", "description", "resourceID"}}
	SchemaHours            = resourcesearch.Schema{Resource: "hours of operation", Fields: []string{"name", "description", "timezone", "resourceID"}}
	SchemaAgentStatuses    = resourcesearch.Schema{Resource: "agent statuses", Fields: []string{"name", "description", "type", "resourceID"}}
	SchemaQuickConnects    = resourcesearch.Schema{Resource: "quick connects", Fields: []string{"name", "description", "resourceID"}}
	SchemaRoutingProfiles  = resourcesearch.Schema{Resource: "routing profiles", Fields: []string{"name", "description", "resourceID"}}
	SchemaGroups           = resourcesearch.Schema{Resource: "user hierarchy groups", Fields: []string{"name", "parentId", "levelId", "resourceID"}, Hierarchy: true}
	SchemaUsers            = resourcesearch.Schema{Resource: "users", Fields: []string{"username", "firstname", "lastname", "resourceId", "routingProfileId", "securityProfileId"},
		Hierarchy: true, Lists: map[string]resourcesearch.ListSchema{"PROFICIENCIES": {Strings: []string{"name", "value"}, Numbers: []string{"level"}}}}
	SchemaFlows = resourcesearch.Schema{Resource: "contact flows", Fields: []string{"name", "description", "resourceID"}}
)

// searchRecords runs q over the records of one type in an instance.
func searchRecords[T any](s *Service, sc Scope, instanceID, op string, q resourcesearch.Query, req PageRequest,
	all func(st *instanceState) []T, view func(st *instanceState, r T) searchable, key func(T) string) (Page[T], error) {
	st, err := s.rlockInstance(sc, instanceID)
	if err != nil {
		return Page[T]{}, err
	}
	defer st.Mu.RUnlock()
	type hit struct {
		searchable
		r T
	}
	var items []hit
	for _, r := range all(st) {
		items = append(items, hit{view(st, r), r})
	}
	binding := op + "|" + st.ID + "|" + req.Binding
	after := ""
	if req.NextToken != "" {
		if after, err = s.readToken(req.NextToken, binding); err != nil {
			return Page[T]{}, err
		}
	}
	max := req.MaxResults
	if max <= 0 {
		max = 100
	}
	p := resourcesearch.Run(q, items, func(h hit) string { return key(h.r) }, after, max)
	out := Page[T]{Total: p.Total}
	for _, h := range p.Items {
		out.Items = append(out.Items, h.r)
	}
	if p.Last != "" {
		out.NextToken = s.makeToken(binding, p.Last)
	}
	return out, nil
}

func values[T any](m map[string]*T) []T { return instance.Values(m) }

// SearchQueuesIn searches an instance's queues. binding names the
// request's criteria (the handler's canonical form), so a token only
// works for the search that made it.
func (s *Service) SearchQueuesIn(sc Scope, instanceID string, q resourcesearch.Query, req PageRequest) (Page[Queue], error) {
	return searchRecords(s, sc, instanceID, "SearchQueues", q, req, func(st *instanceState) []Queue { return values(st.Queues) },
		func(_ *instanceState, r Queue) searchable {
			return searchable{fields: map[string]string{"name": r.Name, "description": r.Description, "resourceID": r.ID, "queueType": "STANDARD"}, tags: r.Tags}
		}, func(r Queue) string { return r.ID })
}

// SearchSecurityProfilesIn searches an instance's security profiles.
func (s *Service) SearchSecurityProfilesIn(sc Scope, instanceID string, q resourcesearch.Query, req PageRequest) (Page[SecurityProfile], error) {
	return searchRecords(s, sc, instanceID, "SearchSecurityProfiles", q, req, func(st *instanceState) []SecurityProfile { return values(st.Security) },
		func(_ *instanceState, r SecurityProfile) searchable {
			return searchable{fields: map[string]string{"securityprofilename": r.Name, "description": r.Description, "resourceID": r.ID}, tags: r.Tags}
		}, func(r SecurityProfile) string { return r.ID })
}

// SearchHoursIn searches an instance's hours of operation.
func (s *Service) SearchHoursIn(sc Scope, instanceID string, q resourcesearch.Query, req PageRequest) (Page[HoursOfOperation], error) {
	return searchRecords(s, sc, instanceID, "SearchHoursOfOperations", q, req, func(st *instanceState) []HoursOfOperation { return values(st.Hours) },
		func(_ *instanceState, r HoursOfOperation) searchable {
			return searchable{fields: map[string]string{"name": r.Name, "description": r.Description, "timezone": r.TimeZone, "resourceID": r.ID}, tags: r.Tags}
		}, func(r HoursOfOperation) string { return r.ID })
}

// SearchAgentStatusesIn searches an instance's agent statuses.
func (s *Service) SearchAgentStatusesIn(sc Scope, instanceID string, q resourcesearch.Query, req PageRequest) (Page[AgentStatus], error) {
	return searchRecords(s, sc, instanceID, "SearchAgentStatuses", q, req, func(st *instanceState) []AgentStatus { return values(st.Statuses) },
		func(_ *instanceState, r AgentStatus) searchable {
			return searchable{fields: map[string]string{"name": r.Name, "description": r.Description, "type": r.Type, "resourceID": r.ID}, tags: r.Tags}
		}, func(r AgentStatus) string { return r.ID })
}

// SearchQuickConnectsIn searches an instance's quick connects.
func (s *Service) SearchQuickConnectsIn(sc Scope, instanceID string, q resourcesearch.Query, req PageRequest) (Page[QuickConnect], error) {
	return searchRecords(s, sc, instanceID, "SearchQuickConnects", q, req, func(st *instanceState) []QuickConnect { return values(st.Quick) },
		func(_ *instanceState, r QuickConnect) searchable {
			return searchable{fields: map[string]string{"name": r.Name, "description": r.Description, "resourceID": r.ID}, tags: r.Tags}
		}, func(r QuickConnect) string { return r.ID })
}

// SearchRoutingProfilesIn searches an instance's routing profiles.
func (s *Service) SearchRoutingProfilesIn(sc Scope, instanceID string, q resourcesearch.Query, req PageRequest) (Page[RoutingProfile], error) {
	return searchRecords(s, sc, instanceID, "SearchRoutingProfiles", q, req, func(st *instanceState) []RoutingProfile { return values(st.Profiles) },
		func(_ *instanceState, r RoutingProfile) searchable {
			return searchable{fields: map[string]string{"name": r.Name, "description": r.Description, "resourceID": r.ID}, tags: r.Tags}
		}, func(r RoutingProfile) string { return r.ID })
}

// SearchGroupsIn searches an instance's user hierarchy groups; a group's
// hierarchy path is its ancestors and itself.
func (s *Service) SearchGroupsIn(sc Scope, instanceID string, q resourcesearch.Query, req PageRequest) (Page[HierarchyGroup], error) {
	return searchRecords(s, sc, instanceID, "SearchUserHierarchyGroups", q, req, func(st *instanceState) []HierarchyGroup { return values(st.Groups) },
		func(st *instanceState, r HierarchyGroup) searchable {
			return searchable{fields: map[string]string{"name": r.Name, "parentId": r.ParentGroupID, "levelId": levelID(r.Level), "resourceID": r.ID},
				tags: r.Tags, path: pathIDs(st, &r)}
		}, func(r HierarchyGroup) string { return r.ID })
}

// SearchUsersIn searches an instance's users: names, profiles, hierarchy
// and proficiencies.
func (s *Service) SearchUsersIn(sc Scope, instanceID string, q resourcesearch.Query, req PageRequest) (Page[User], error) {
	return searchRecords(s, sc, instanceID, "SearchUsers", q, req, func(st *instanceState) []User { return values(st.Users) },
		func(st *instanceState, r User) searchable {
			v := searchable{fields: map[string]string{"username": r.Username, "firstname": r.IdentityInfo.FirstName, "lastname": r.IdentityInfo.LastName,
				"resourceId": r.ID, "routingProfileId": r.RoutingProfileID}, tags: r.Tags}
			if len(r.SecurityProfileIDs) > 0 {
				v.fields["securityProfileId"] = r.SecurityProfileIDs[0]
			}
			if g := st.Groups[r.HierarchyGroupID]; g != nil {
				v.path = pathIDs(st, g)
			}
			for _, p := range r.Proficiencies {
				v.lists = map[string][]resourcesearch.Item{"PROFICIENCIES": append(v.lists["PROFICIENCIES"], resourcesearch.Item{
					Strings: map[string]string{"name": p.AttributeName, "value": p.AttributeValue}, Numbers: map[string]float64{"level": float64(p.Level)}})}
			}
			return v
		}, func(r User) string { return r.ID })
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

func levelID(l int) string { return string(rune('0' + l)) }

func pathIDs(st *instanceState, g *HierarchyGroup) []string {
	var ids []string
	for _, p := range routingconfig.GroupPath(st.State, g) {
		ids = append(ids, p.ID)
	}
	return ids
}
