package routingconfig

import (
	"github.com/connect-local/connect-local/internal/instance"
	"github.com/connect-local/connect-local/internal/resourcesearch"
)

// Search over the routing configuration (docs/resource-search.md),
// through instance.SearchRecords.

// Searchable record types: the fields each exposes, by the names the
// Search operations accept (resourcesearch.Schema.Fields).
var (
	SchemaQueues           = resourcesearch.Schema{Resource: "queues", Fields: []string{"name", "description", "resourceID"}}
	SchemaSecurityProfiles = resourcesearch.Schema{Resource: "security profiles", Fields: []string{"securityprofilename", "description", "resourceID"}}
	SchemaAgentStatuses    = resourcesearch.Schema{Resource: "agent statuses", Fields: []string{"name", "description", "type", "resourceID"}}
	SchemaQuickConnects    = resourcesearch.Schema{Resource: "quick connects", Fields: []string{"name", "description", "resourceID"}}
	SchemaRoutingProfiles  = resourcesearch.Schema{Resource: "routing profiles", Fields: []string{"name", "description", "resourceID"}}
	SchemaGroups           = resourcesearch.Schema{Resource: "user hierarchy groups", Fields: []string{"name", "parentId", "levelId", "resourceID"}, Hierarchy: true}
	SchemaUsers            = resourcesearch.Schema{Resource: "users", Fields: []string{"username", "firstname", "lastname", "resourceId", "routingProfileId", "securityProfileId"},
		Hierarchy: true, Lists: map[string]resourcesearch.ListSchema{"PROFICIENCIES": {Strings: []string{"name", "value"}, Numbers: []string{"level"}}}}
)

// SearchQueuesIn searches an instance's queues. binding names the
// request's criteria (the handler's canonical form), so a token only
// works for the search that made it.
func (s *RoutingConfig) SearchQueuesIn(sc instance.Scope, instanceID string, q resourcesearch.Query, req instance.PageRequest) (instance.Page[instance.Queue], error) {
	return instance.SearchRecords(s.core, sc, instanceID, "SearchQueues", q, req, func(st *instance.State) []instance.Queue { return instance.Values(st.Queues) },
		func(_ *instance.State, r instance.Queue) instance.Searchable {
			return instance.Searchable{FieldMap: map[string]string{"name": r.Name, "description": r.Description, "resourceID": r.ID, "queueType": "STANDARD"}, TagMap: r.Tags}
		}, func(r instance.Queue) string { return r.ID })
}

// SearchSecurityProfilesIn searches an instance's security profiles.
func (s *RoutingConfig) SearchSecurityProfilesIn(sc instance.Scope, instanceID string, q resourcesearch.Query, req instance.PageRequest) (instance.Page[instance.SecurityProfile], error) {
	return instance.SearchRecords(s.core, sc, instanceID, "SearchSecurityProfiles", q, req, func(st *instance.State) []instance.SecurityProfile { return instance.Values(st.Security) },
		func(_ *instance.State, r instance.SecurityProfile) instance.Searchable {
			return instance.Searchable{FieldMap: map[string]string{"securityprofilename": r.Name, "description": r.Description, "resourceID": r.ID}, TagMap: r.Tags}
		}, func(r instance.SecurityProfile) string { return r.ID })
}

// SearchAgentStatusesIn searches an instance's agent statuses.
func (s *RoutingConfig) SearchAgentStatusesIn(sc instance.Scope, instanceID string, q resourcesearch.Query, req instance.PageRequest) (instance.Page[instance.AgentStatus], error) {
	return instance.SearchRecords(s.core, sc, instanceID, "SearchAgentStatuses", q, req, func(st *instance.State) []instance.AgentStatus { return instance.Values(st.Statuses) },
		func(_ *instance.State, r instance.AgentStatus) instance.Searchable {
			return instance.Searchable{FieldMap: map[string]string{"name": r.Name, "description": r.Description, "type": r.Type, "resourceID": r.ID}, TagMap: r.Tags}
		}, func(r instance.AgentStatus) string { return r.ID })
}

// SearchQuickConnectsIn searches an instance's quick connects.
func (s *RoutingConfig) SearchQuickConnectsIn(sc instance.Scope, instanceID string, q resourcesearch.Query, req instance.PageRequest) (instance.Page[instance.QuickConnect], error) {
	return instance.SearchRecords(s.core, sc, instanceID, "SearchQuickConnects", q, req, func(st *instance.State) []instance.QuickConnect { return instance.Values(st.Quick) },
		func(_ *instance.State, r instance.QuickConnect) instance.Searchable {
			return instance.Searchable{FieldMap: map[string]string{"name": r.Name, "description": r.Description, "resourceID": r.ID}, TagMap: r.Tags}
		}, func(r instance.QuickConnect) string { return r.ID })
}

// SearchRoutingProfilesIn searches an instance's routing profiles.
func (s *RoutingConfig) SearchRoutingProfilesIn(sc instance.Scope, instanceID string, q resourcesearch.Query, req instance.PageRequest) (instance.Page[instance.RoutingProfile], error) {
	return instance.SearchRecords(s.core, sc, instanceID, "SearchRoutingProfiles", q, req, func(st *instance.State) []instance.RoutingProfile { return instance.Values(st.Profiles) },
		func(_ *instance.State, r instance.RoutingProfile) instance.Searchable {
			return instance.Searchable{FieldMap: map[string]string{"name": r.Name, "description": r.Description, "resourceID": r.ID}, TagMap: r.Tags}
		}, func(r instance.RoutingProfile) string { return r.ID })
}

// SearchGroupsIn searches an instance's user hierarchy groups; a group's
// hierarchy path is its ancestors and itself.
func (s *RoutingConfig) SearchGroupsIn(sc instance.Scope, instanceID string, q resourcesearch.Query, req instance.PageRequest) (instance.Page[instance.HierarchyGroup], error) {
	return instance.SearchRecords(s.core, sc, instanceID, "SearchUserHierarchyGroups", q, req, func(st *instance.State) []instance.HierarchyGroup { return instance.Values(st.Groups) },
		func(st *instance.State, r instance.HierarchyGroup) instance.Searchable {
			return instance.Searchable{FieldMap: map[string]string{"name": r.Name, "parentId": r.ParentGroupID, "levelId": levelID(r.Level), "resourceID": r.ID},
				TagMap: r.Tags, Path: pathIDs(st, &r)}
		}, func(r instance.HierarchyGroup) string { return r.ID })
}

// SearchUsersIn searches an instance's users: names, profiles, hierarchy
// and proficiencies.
func (s *RoutingConfig) SearchUsersIn(sc instance.Scope, instanceID string, q resourcesearch.Query, req instance.PageRequest) (instance.Page[instance.User], error) {
	return instance.SearchRecords(s.core, sc, instanceID, "SearchUsers", q, req, func(st *instance.State) []instance.User { return instance.Values(st.Users) },
		func(st *instance.State, r instance.User) instance.Searchable {
			v := instance.Searchable{FieldMap: map[string]string{"username": r.Username, "firstname": r.IdentityInfo.FirstName, "lastname": r.IdentityInfo.LastName,
				"resourceId": r.ID, "routingProfileId": r.RoutingProfileID}, TagMap: r.Tags}
			if len(r.SecurityProfileIDs) > 0 {
				v.FieldMap["securityProfileId"] = r.SecurityProfileIDs[0]
			}
			if g := st.Groups[r.HierarchyGroupID]; g != nil {
				v.Path = pathIDs(st, g)
			}
			for _, p := range r.Proficiencies {
				v.Lists = map[string][]resourcesearch.Item{"PROFICIENCIES": append(v.Lists["PROFICIENCIES"], resourcesearch.Item{
					Strings: map[string]string{"name": p.AttributeName, "value": p.AttributeValue}, Numbers: map[string]float64{"level": float64(p.Level)}})}
			}
			return v
		}, func(r instance.User) string { return r.ID })
}

func levelID(l int) string { return string(rune('0' + l)) }

func pathIDs(st *instance.State, g *instance.HierarchyGroup) []string {
	var ids []string
	for _, p := range groupPath(st, g) {
		ids = append(ids, p.ID)
	}
	return ids
}
