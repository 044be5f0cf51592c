package service_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/routing"
	"github.com/connect-local/connect-local/internal/scenario"
	"github.com/connect-local/connect-local/internal/seed"
	"github.com/connect-local/connect-local/internal/service"
	"github.com/connect-local/connect-local/internal/storage"
)

// TestDecisionsExplainEveryAgentOfTheQueue: a routing decision says why
// each other agent serving the queue did not get the contact, including
// agents the incremental pass did not look at (bob, available since before
// the contact came, and the offline carol); agents of other queues are left
// out.
func TestDecisionsExplainEveryAgentOfTheQueue(t *testing.T) {
	svc, err := service.New(service.Options{Store: storage.NewMemory(), Clock: clock.NewVirtual(time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC))})
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenario.Parse([]byte(`
instance: {alias: explain}
setup:
  queues: [{name: Support}, {name: Sales}]
  predefined_attributes: [{name: Skill, values: [Routers]}]
  routing_profiles:
    - {name: Support, concurrency: {TASK: 1}, queues: [{queue: Support, channel: TASK}]}
    - {name: Sales, concurrency: {TASK: 1}, queues: [{queue: Sales, channel: TASK}]}
  users:
    - {username: alice, routing_profile: Support, proficiencies: [{attribute: Skill, value: Routers, level: 5}]}
    - {username: bob, routing_profile: Support, proficiencies: [{attribute: Skill, value: Routers, level: 2}]}
    - {username: carol, routing_profile: Support}
    - {username: dave, routing_profile: Sales}
workload:
  contact_types:
    - name: router
      queue: Support
      channel: TASK
      arrivals: {per_hour: 1}
      handle_time: 1m
      routing_steps:
        - Expression: {AttributeCondition: {Name: Skill, Value: Routers, ProficiencyLevel: 4, ComparisonOperator: NumberGreaterOrEqualTo}}
`), "explain.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := seed.Apply(svc, seed.DefaultScope, sc)
	if err != nil {
		t.Fatal(err)
	}
	scope, iid := seed.DefaultScope, res.InstanceID
	statuses, err := svc.ListAgentStatuses(scope, iid, nil, service.PageRequest{})
	if err != nil {
		t.Fatal(err)
	}
	var available string
	for _, s := range statuses.Items {
		if s.Name == "Available" {
			available = s.ID
		}
	}
	for _, u := range []string{"bob", "dave"} {
		if err := svc.PutUserStatus(scope, iid, res.Users[u], available); err != nil {
			t.Fatal(err)
		}
	}
	c, err := svc.StartContact(scope, iid, service.StartContactInput{Channel: "TASK", InitiationMethod: "API", Name: "q",
		FlowID: res.Flows["Simulated router"], QueueID: res.Queues["Support"]})
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.PutUserStatus(scope, iid, res.Users["alice"], available); err != nil {
		t.Fatal(err)
	}
	v, err := svc.Engine(scope, iid)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Decisions) != 1 {
		t.Fatalf("decisions %+v, want one", v.Decisions)
	}
	d := v.Decisions[0]
	if d.ContactID != c.ID || d.AgentID != res.Users["alice"] {
		t.Fatalf("decision %+v, want %s to alice", d, c.ID)
	}
	got := slices.Clone(d.PassedBy)
	slices.SortFunc(got, func(a, b routing.Verdict) int { return strings.Compare(a.AgentID, b.AgentID) })
	want := []routing.Verdict{{AgentID: res.Users["bob"], Reason: routing.StepNotMatched}, {AgentID: res.Users["carol"], Reason: routing.NotRoutable}}
	slices.SortFunc(want, func(a, b routing.Verdict) int { return strings.Compare(a.AgentID, b.AgentID) })
	if !slices.Equal(got, want) {
		t.Errorf("passed over %+v, want %+v", got, want)
	}
}
