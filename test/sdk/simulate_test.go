package sdk

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"

	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/local"
	"github.com/connect-local/connect-local/internal/scenario"
	"github.com/connect-local/connect-local/internal/server"
)

// Two agents, calls that last longer than the run: when it stops, both
// agents are still on a call, which the public API must show.
const simScenario = `
instance: {alias: sim-endpoint}
setup:
  queues: [{name: Support}]
  routing_profiles:
    - name: Support agents
      concurrency: {VOICE: 1}
      queues: [{queue: Support, channel: VOICE}]
  users:
    - {username: "agent-{n}", count: 2, routing_profile: Support agents}
workload:
  duration: 1h
  drain: 0s
  contact_types:
    - name: call
      queue: Support
      arrivals: {per_hour: 30}
      handle_time: 5h
`

// POST /_local/simulate runs the workload inside the server, on its virtual
// clock, and every public API then reports the simulated day.
func TestSimulateInsideTheServer(t *testing.T) {
	e := newEnv(t)
	sc, err := scenario.Parse([]byte(simScenario), "sim.yaml", scenario.FilesFrom(nil))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := local.Simulate(http.DefaultClient, e.http.URL, sc, []byte(simScenario), 3)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Total.Offered < 10 || rep.Total.Handled != 2 || rep.InProgress != rep.Total.Offered {
		t.Fatalf("report: offered %d handled %d in progress %d", rep.Total.Offered, rep.Total.Handled, rep.InProgress)
	}
	if now := e.clock.Now(); !now.Equal(T0.Add(time.Hour)) {
		t.Errorf("server clock at %v, want the end of the run %v", now, T0.Add(time.Hour))
	}
	c := e.clientFor("000000000000", "us-east-1")
	ins, err := c.ListInstances(ctx(), &connect.ListInstancesInput{})
	if err != nil || len(ins.InstanceSummaryList) != 1 || aws.ToString(ins.InstanceSummaryList[0].InstanceAlias) != "sim-endpoint" {
		t.Fatalf("instances: %v %v", ins, err)
	}
	iid := ins.InstanceSummaryList[0].Id
	cur, err := c.GetCurrentUserData(ctx(), &connect.GetCurrentUserDataInput{InstanceId: iid,
		Filters: &types.UserDataFilters{ContactFilter: &types.ContactFilter{ContactStates: []types.ContactState{types.ContactStateConnected}}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(cur.UserDataList) != 2 {
		t.Fatalf("agents on a call: %d, want 2", len(cur.UserDataList))
	}
	contactID := cur.UserDataList[0].Contacts[0].ContactId
	got, err := c.DescribeContact(ctx(), &connect.DescribeContactInput{InstanceId: iid, ContactId: contactID})
	if err != nil {
		t.Fatal(err)
	}
	if at := aws.ToTime(got.Contact.InitiationTimestamp); at.Before(T0) || at.After(T0.Add(time.Hour)) || got.Contact.AgentInfo == nil {
		t.Errorf("contact %s: initiated %v, agent %v", aws.ToString(contactID), at, got.Contact.AgentInfo)
	}
	// A second run finds the setup and creates nothing new.
	if _, err := local.Simulate(http.DefaultClient, e.http.URL, sc, []byte(simScenario), 3); err != nil {
		t.Fatal(err)
	}
	users, err := c.ListUsers(ctx(), &connect.ListUsersInput{InstanceId: iid})
	if err != nil || len(users.UserSummaryList) != 2 {
		t.Fatalf("users after a second run: %d, %v", len(users.UserSummaryList), err)
	}
}

func TestSimulateRejects(t *testing.T) {
	e := newEnvWith(t, server.Options{Memory: true})
	bad := "instance: {}\n"
	_, err := local.Simulate(http.DefaultClient, e.http.URL, &scenario.Scenario{Name: "bad.yaml"}, []byte(bad), 0)
	if err == nil || !strings.Contains(err.Error(), "bad.yaml:1: instance.alias") {
		t.Errorf("want the scenario's problems, got %v", err)
	}
	noWork := "instance: {alias: x}\n"
	_, err = local.Simulate(http.DefaultClient, e.http.URL, &scenario.Scenario{Name: "setup.yaml"}, []byte(noWork), 0)
	if err == nil || !strings.Contains(err.Error(), "setup.yaml has no workload") || !strings.Contains(err.Error(), "InvalidParameterException") {
		t.Errorf("want a scenario without workload refused, got %v", err)
	}
	// Swap in a server on the real clock.
	srv, err2 := server.New(server.Options{Memory: true, Clock: clock.Real{}})
	err = err2
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	e.http.Config.Handler = srv.Handler()
	sc, _ := scenario.Parse([]byte(simScenario), "sim.yaml", scenario.FilesFrom(nil))
	_, err = local.Simulate(http.DefaultClient, e.http.URL, sc, []byte(simScenario), 0)
	if err == nil || !strings.Contains(err.Error(), "--clock virtual") {
		t.Errorf("want a request to use --clock virtual, got %v", err)
	}
}
