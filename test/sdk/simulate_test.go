package sdk

import (
	"encoding/json"
	"maps"
	"net/http"
	"strconv"
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
	// Without a shift or a schedule the day starts at 00:00; at T0 (09:00)
	// that has passed, so the run is the next day's first hour.
	day := T0.Truncate(24*time.Hour).AddDate(0, 0, 1)
	if now := e.clock.Now(); !now.Equal(day.Add(time.Hour)) || !rep.Start.Equal(day) {
		t.Errorf("run from %v, server clock at %v; want from %v to the end of the run %v", rep.Start, now, day, day.Add(time.Hour))
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
	if at := aws.ToTime(got.Contact.InitiationTimestamp); at.Before(day) || at.After(day.Add(time.Hour)) || got.Contact.AgentInfo == nil {
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

// A day that finishes: calls end, some callers give up, every answered
// call gets a transcript thanking the caller.
const simDayScenario = `
instance: {alias: sim-day}
setup:
  queues: [{name: Support}]
  routing_profiles:
    - name: Support agents
      concurrency: {VOICE: 1}
      queues: [{queue: Support, channel: VOICE}]
  users:
    - {username: "agent-{n}", count: 3, routing_profile: Support agents}
workload:
  duration: 2h
  drain: 2h
  contact_types:
    - name: call
      queue: Support
      arrivals: {per_hour: 40}
      handle_time: {dist: exponential, mean: 4m}
      patience: {dist: exponential, mean: 2m}
      transcripts:
        - - {role: CUSTOMER, text: "My router is broken."}
          - {role: AGENT, text: "Thanks for calling, let's fix it."}
        - - {role: CUSTOMER, text: "I want a refund."}
          - {role: AGENT, text: "Thanks for calling, the refund is on its way."}
`

// After POST /_local/simulate, GetMetricData, GetMetricDataV2 and
// SearchContacts report the simulated day, transcripts included.
func TestSimulatedDayInMetricsAndSearch(t *testing.T) {
	e := newEnv(t)
	sc, err := scenario.Parse([]byte(simDayScenario), "day.yaml", scenario.FilesFrom(nil))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := local.Simulate(http.DefaultClient, e.http.URL, sc, []byte(simDayScenario), 7)
	if err != nil {
		t.Fatal(err)
	}
	tot := rep.Total
	if tot.Handled < 20 || tot.Abandoned == 0 || tot.Handled+tot.Abandoned != tot.Offered || rep.InProgress != 0 {
		t.Fatalf("report: offered %d handled %d abandoned %d in progress %d", tot.Offered, tot.Handled, tot.Abandoned, rep.InProgress)
	}
	c := e.clientFor("000000000000", "us-east-1")
	ins, err := c.ListInstances(ctx(), &connect.ListInstancesInput{})
	if err != nil || len(ins.InstanceSummaryList) != 1 {
		t.Fatalf("instances: %v %v", ins, err)
	}
	iid, arn := ins.InstanceSummaryList[0].Id, ins.InstanceSummaryList[0].Arn
	queues, err := c.ListQueues(ctx(), &connect.ListQueuesInput{InstanceId: iid, QueueTypes: []types.QueueType{types.QueueTypeStandard}})
	if err != nil {
		t.Fatal(err)
	}
	var queue string
	for _, q := range queues.QueueSummaryList {
		if aws.ToString(q.Name) == "Support" {
			queue = aws.ToString(q.Id)
		}
	}
	now := e.clock.Now()

	// GetMetricDataV2 over the whole run.
	v2, err := c.GetMetricDataV2(ctx(), &connect.GetMetricDataV2Input{ResourceArn: arn, StartTime: aws.Time(rep.Start),
		EndTime: aws.Time(now.Truncate(time.Second)), Filters: []types.FilterV2{{FilterKey: aws.String("QUEUE"), FilterValues: []string{queue}}},
		Metrics: []types.MetricV2{{Name: aws.String("CONTACTS_QUEUED")}, {Name: aws.String("CONTACTS_HANDLED")}, {Name: aws.String("CONTACTS_ABANDONED")}}})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, r := range v2.MetricResults {
		for _, d := range r.Collections {
			got[aws.ToString(d.Metric.Name)] += int(aws.ToFloat64(d.Value))
		}
	}
	if want := map[string]int{"CONTACTS_QUEUED": tot.Offered, "CONTACTS_HANDLED": tot.Handled, "CONTACTS_ABANDONED": tot.Abandoned}; !maps.Equal(got, want) {
		t.Errorf("GetMetricDataV2: %v, the report: %v", got, want)
	}
	// GetMetricData: the same day, on 5-minute boundaries.
	v1, err := c.GetMetricData(ctx(), &connect.GetMetricDataInput{InstanceId: iid, StartTime: aws.Time(rep.Start), EndTime: aws.Time(now.Truncate(5 * time.Minute).Add(5 * time.Minute)),
		Filters: &types.Filters{Queues: []string{queue}}, HistoricalMetrics: []types.HistoricalMetric{
			{Name: types.HistoricalMetricNameContactsQueued, Unit: types.UnitCount, Statistic: types.StatisticSum},
			{Name: types.HistoricalMetricNameContactsHandled, Unit: types.UnitCount, Statistic: types.StatisticSum}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(v1.MetricResults) != 1 || len(v1.MetricResults[0].Collections) != 2 ||
		int(aws.ToFloat64(v1.MetricResults[0].Collections[0].Value)) != tot.Offered || int(aws.ToFloat64(v1.MetricResults[0].Collections[1].Value)) != tot.Handled {
		t.Errorf("GetMetricData: %+v, want queued %d handled %d", v1.MetricResults, tot.Offered, tot.Handled)
	}

	// SearchContacts: every simulated contact, and by transcript exactly the
	// answered ones.
	search := func(criteria *types.SearchCriteria) int {
		t.Helper()
		out, err := c.SearchContacts(ctx(), &connect.SearchContactsInput{InstanceId: iid, MaxResults: aws.Int32(1),
			TimeRange:      &types.SearchContactsTimeRange{Type: types.SearchContactsTimeRangeTypeInitiationTimestamp, StartTime: aws.Time(rep.Start), EndTime: aws.Time(now)},
			SearchCriteria: criteria})
		if err != nil {
			t.Fatal(err)
		}
		return int(aws.ToInt64(out.TotalCount))
	}
	if n := search(nil); n != rep.Started || n != tot.Offered {
		t.Errorf("SearchContacts found %d contacts; the run started %d, offered %d", n, rep.Started, tot.Offered)
	}
	transcript := func(role types.ParticipantRole, text string) *types.SearchCriteria {
		return &types.SearchCriteria{ContactAnalysis: &types.ContactAnalysis{Transcript: &types.Transcript{
			Criteria: []types.TranscriptCriteria{{ParticipantRole: role, SearchText: []string{text}, MatchType: types.SearchContactsMatchTypeMatchAll}}}}}
	}
	if n := search(transcript(types.ParticipantRoleAgent, "thanks for calling")); n != tot.Handled {
		t.Errorf("transcripts with %q: %d, want the %d answered contacts", "thanks for calling", n, tot.Handled)
	}
	broken, refund := search(transcript(types.ParticipantRoleCustomer, "router is broken")), search(transcript(types.ParticipantRoleCustomer, "refund"))
	t.Logf("offered %d, handled %d, abandoned %d; transcripts: %d broken routers, %d refunds", tot.Offered, tot.Handled, tot.Abandoned, broken, refund)
	if broken == 0 || refund == 0 || broken+refund != tot.Handled {
		t.Errorf("transcripts: %d broken routers + %d refunds, want both and %d in all", broken, refund, tot.Handled)
	}
}

// POST /_local/simulate refuses a workload expected to start more contacts
// than the server's --max-simulated-contacts, with a 400 naming the line,
// before anything runs: no instance, no contact, the clock where it was.
func TestSimulateRefusesTooManyContacts(t *testing.T) {
	huge := strings.Replace(simScenario, "per_hour: 30", "per_hour: 100000000", 1)
	for _, c := range []struct {
		name, scenario string
		limits         server.Limits
		count, limit   string
	}{
		{"default limit", huge, server.Limits{}, "100000000 contacts", "more than the 1000000 "},
		{"limit of 10", simScenario, server.Limits{MaxSimulatedContacts: 10}, "30 contacts", "more than the 10 "},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := newEnvWith(t, server.Options{Memory: true, Limits: c.limits})
			resp, err := http.Post(e.http.URL+"/_local/simulate", "application/json",
				strings.NewReader(`{"Name": "sim.yaml", "Scenario": `+strconv.Quote(c.scenario)+`}`))
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var body struct{ Message string }
			if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != http.StatusBadRequest || resp.Header.Get("X-Amzn-ErrorType") != "InvalidParameterException" {
				t.Fatalf("status %d, %s: %s", resp.StatusCode, resp.Header.Get("X-Amzn-ErrorType"), body.Message)
			}
			for _, want := range []string{"sim.yaml:17: workload.contact_types[0].arrivals.per_hour:", c.count, c.limit, "--max-simulated-contacts"} {
				if !strings.Contains(body.Message, want) {
					t.Errorf("%q lacks %q", body.Message, want)
				}
			}
			ins, err := e.clientFor("000000000000", "us-east-1").ListInstances(ctx(), &connect.ListInstancesInput{})
			if err != nil || len(ins.InstanceSummaryList) != 0 {
				t.Errorf("instances after a refusal: %v, %v", ins, err)
			}
			if now := e.clock.Now(); !now.Equal(T0) {
				t.Errorf("the clock moved to %v", now)
			}
		})
	}
	// Raised, the same workload runs.
	e := newEnvWith(t, server.Options{Memory: true, Limits: server.Limits{MaxSimulatedContacts: 100}})
	sc, err := scenario.Parse([]byte(simScenario), "sim.yaml", scenario.FilesFrom(nil))
	if err != nil {
		t.Fatal(err)
	}
	if rep, err := local.Simulate(http.DefaultClient, e.http.URL, sc, []byte(simScenario), 3); err != nil || rep.Started == 0 {
		t.Fatalf("with a limit of 100: %v", err)
	}
}

// A scenario's times of day are times of day: inside a server the run
// starts at its first time of day (a 07:30 shift) on the server's day, or
// the next day once that has passed, and stops when its last activity is
// done, so the day's hours and totals read the same in the report and in
// GetMetricDataV2 from midnight to now (the wallboard's "today").
func TestSimulatedDayKeepsItsHours(t *testing.T) {
	const day = `
instance: {alias: hours}
setup:
  queues: [{name: Support}]
  routing_profiles:
    - {name: Support agents, concurrency: {VOICE: 1}, queues: [{queue: Support, channel: VOICE}]}
  users:
    - {username: "agent-{n}", count: 3, routing_profile: Support agents, shift: {start: "SHIFT", end: "16:00"}}
workload:
  duration: 24h
  contact_types:
    - name: call
      queue: Support
      handle_time: {dist: exponential, mean: 3m}
      acw: 30s
      patience: {dist: exponential, mean: 2m}
      arrivals: {schedule: [{from: "00:00", per_hour: 0}, {from: "11:00", per_hour: 40}, {from: "15:00", per_hour: 0}]}
`
	for _, c := range []struct {
		shift string
		start time.Time // the first time of day, on the day it runs
	}{
		{"07:30", T0.Truncate(24*time.Hour).AddDate(0, 0, 1).Add(7*time.Hour + 30*time.Minute)}, // 07:30 has passed at 09:00: tomorrow
		{"10:00", T0.Truncate(24 * time.Hour).Add(10 * time.Hour)},                              // still to come today
	} {
		t.Run(c.shift, func(t *testing.T) {
			e := newEnv(t)
			src := strings.Replace(day, "SHIFT", c.shift, 1)
			sc, err := scenario.Parse([]byte(src), "hours.yaml", scenario.FilesFrom(nil))
			if err != nil {
				t.Fatal(err)
			}
			rep, err := local.Simulate(http.DefaultClient, e.http.URL, sc, []byte(src), 5)
			if err != nil {
				t.Fatal(err)
			}
			midnight := c.start.Truncate(24 * time.Hour)
			now := e.clock.Now()
			if !rep.Start.Equal(midnight) || now.Before(midnight.Add(16*time.Hour)) || now.After(midnight.Add(17*time.Hour)) {
				t.Fatalf("run from %v to %v (clock %v); want from %v, ending soon after the 16:00 shift end", rep.Start, rep.End, now, midnight)
			}
			c2 := e.clientFor("000000000000", "us-east-1")
			ins, err := c2.ListInstances(ctx(), &connect.ListInstancesInput{})
			if err != nil || len(ins.InstanceSummaryList) != 1 {
				t.Fatalf("instances: %v %v", ins, err)
			}
			iid, arn := ins.InstanceSummaryList[0].Id, ins.InstanceSummaryList[0].Arn
			// Hour by hour, GetMetricDataV2 sees the traffic at the scenario's
			// hours: from 11:00 to the end of the run. It counts a contact when
			// its record completes (after its after-contact work), the report
			// when it entered the queue, so a contact queued at 14:59 is the
			// report's 14:00 and GetMetricData's 15:00; the day's totals agree.
			out, err := c2.GetMetricDataV2(ctx(), &connect.GetMetricDataV2Input{ResourceArn: arn, StartTime: aws.Time(midnight), EndTime: aws.Time(now),
				Interval: &types.IntervalDetails{IntervalPeriod: types.IntervalPeriodHour},
				Filters:  []types.FilterV2{{FilterKey: aws.String("QUEUE"), FilterValues: queueIDs(t, c2, iid)}},
				Metrics:  []types.MetricV2{{Name: aws.String("CONTACTS_QUEUED")}, {Name: aws.String("CONTACTS_HANDLED")}, {Name: aws.String("CONTACTS_ABANDONED")}}})
			if err != nil {
				t.Fatal(err)
			}
			got, reported := map[string]int{}, map[int]int{}
			for _, r := range out.MetricResults {
				for _, col := range r.Collections {
					got[aws.ToString(col.Metric.Name)] += int(aws.ToFloat64(col.Value))
					if aws.ToString(col.Metric.Name) == "CONTACTS_QUEUED" && aws.ToFloat64(col.Value) > 0 {
						reported[aws.ToTime(r.MetricInterval.StartTime).Hour()] += int(aws.ToFloat64(col.Value))
					}
				}
			}
			simulated := map[int]int{}
			for _, iv := range rep.Intervals {
				if iv.Offered > 0 {
					simulated[iv.Start.Hour()] += iv.Offered
				}
			}
			if len(simulated) == 0 || len(reported) == 0 {
				t.Fatalf("no traffic: GetMetricDataV2 %v, the report %v", reported, simulated)
			}
			for h := range simulated {
				if h < 11 || h > 14 {
					t.Errorf("the report has contacts queued at %02d:00, outside the schedule's 11:00-15:00", h)
				}
			}
			for h := range reported {
				if h < 11 || h > 15 {
					t.Errorf("GetMetricDataV2 has contacts at %02d:00, outside the schedule's 11:00-15:00 and the calls after it", h)
				}
			}
			tot := rep.Total
			if want := map[string]int{"CONTACTS_QUEUED": tot.Offered, "CONTACTS_HANDLED": tot.Handled, "CONTACTS_ABANDONED": tot.Abandoned}; !maps.Equal(got, want) || rep.InProgress != 0 {
				t.Errorf("today in GetMetricDataV2: %v, the report: %v (in progress at the end %d)", got, want, rep.InProgress)
			}
			// The first agent came on at the shift's start.
			first := time.Time{}
			for _, iv := range rep.Intervals {
				if iv.AgentsStaffed != nil && *iv.AgentsStaffed > 0 {
					first = iv.Start
					break
				}
			}
			if !first.Equal(c.start.Truncate(15 * time.Minute)) {
				t.Errorf("agents first staffed in the interval of %v, want %v", first, c.start)
			}
		})
	}
}

func queueIDs(t *testing.T, c *connect.Client, iid *string) []string {
	t.Helper()
	qs, err := c.ListQueues(ctx(), &connect.ListQueuesInput{InstanceId: iid, QueueTypes: []types.QueueType{types.QueueTypeStandard}})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, q := range qs.QueueSummaryList {
		ids = append(ids, aws.ToString(q.Id))
	}
	return ids
}
