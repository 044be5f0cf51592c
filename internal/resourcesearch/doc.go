// Package resourcesearch is the criteria language the Search* operations
// on configuration resources share (SearchUsers, SearchQueues,
// SearchRoutingProfiles, SearchSecurityProfiles, SearchHoursOfOperations,
// SearchAgentStatuses, SearchContactFlows, SearchQuickConnects,
// SearchUserHierarchyGroups, SearchVocabularies, …;
// docs/resource-search.md).
//
// It owns one implementation of: nested AndConditions/OrConditions; a
// StringCondition (EXACT, CONTAINS, STARTS_WITH) on a field the resource
// type declares searchable; exact conditions on enum fields (QueueType,
// State, Status, …); a HierarchyGroupCondition (EXACT or
// WITH_CHILD_GROUPS); a ListCondition over a resource's lists (a user's
// proficiencies); the search filters (ControlPlaneTagFilter,
// ControlPlaneAttributeFilter, ControlPlaneUserAttributeFilter, which
// the caller states as one TagFilter); and the page after a key with the
// total count of matches (ApproximateTotalCount).
//
// A resource takes part through the small Resource interface: its string
// fields by name and its tags (Hierarchical and Listed add a hierarchy
// path and lists). The package is pure: no clock, no storage, no service;
// callers validate a request with Compile and run it with Run.
package resourcesearch
