package searchfeed

import (
	"github.com/connect-local/connect-local/internal/instance"
	"github.com/connect-local/connect-local/internal/search"
)

// ResolveIDs turns the ARNs among a query's agent, queue and hierarchy
// group IDs into IDs (instance.ResolveID; an ARN of another scope,
// instance or kind stays as it is, and matches nothing). Each list is
// replaced by a copy: the slices it held are not changed.
func ResolveIDs(sc instance.Scope, instanceID string, q *search.Query) {
	q.AgentIDs = resolveIDs(sc, instanceID, "agent", q.AgentIDs)
	q.QueueIDs = resolveIDs(sc, instanceID, "queue", q.QueueIDs)
	for l := range q.HierarchyGroups {
		q.HierarchyGroups[l] = resolveIDs(sc, instanceID, "agent-group", q.HierarchyGroups[l])
	}
}

// resolveIDs turns the ARNs among ids into IDs (a copy; others unchanged).
func resolveIDs(sc instance.Scope, instanceID, kind string, ids []string) []string {
	if len(ids) == 0 {
		return ids
	}
	out := make([]string, len(ids))
	for i, v := range ids {
		out[i] = v
		if id, ok := instance.ResolveID(sc, instanceID, kind, v); ok {
			out[i] = id
		}
	}
	return out
}
