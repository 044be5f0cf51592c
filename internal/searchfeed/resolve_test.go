package searchfeed

import (
	"slices"
	"testing"

	"github.com/connect-local/connect-local/internal/instance"
	"github.com/connect-local/connect-local/internal/search"
)

// A query's ARNs of the instance become IDs, each list a new copy; an ARN
// of another kind or instance, and a bare ID, stay as they are.
func TestResolveIDsTurnsTheInstancesARNsIntoIDs(t *testing.T) {
	sc := instance.Scope{Account: "111111111111", Region: "us-east-1"}
	arn := func(inst, kind, id string) string { return sc.ARN("instance/" + inst + "/" + kind + "/" + id) }
	agents := []string{arn("i", "agent", "a1"), "a2", arn("j", "agent", "a3"), arn("i", "queue", "q9")}
	groups := []string{arn("i", "agent-group", "g1")}
	q := search.Query{AgentIDs: agents, QueueIDs: []string{arn("i", "queue", "q1")}}
	q.HierarchyGroups[2] = groups
	ResolveIDs(sc, "i", &q)
	if want := []string{"a1", "a2", arn("j", "agent", "a3"), arn("i", "queue", "q9")}; !slices.Equal(q.AgentIDs, want) {
		t.Errorf("agents %v, want %v", q.AgentIDs, want)
	}
	if !slices.Equal(q.QueueIDs, []string{"q1"}) || !slices.Equal(q.HierarchyGroups[2], []string{"g1"}) || q.HierarchyGroups[0] != nil {
		t.Errorf("queues %v, groups %v", q.QueueIDs, q.HierarchyGroups)
	}
	if agents[0] != arn("i", "agent", "a1") || groups[0] != arn("i", "agent-group", "g1") {
		t.Error("the caller's lists changed")
	}
}
