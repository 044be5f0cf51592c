package sdk

import (
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"

	"github.com/connect-local/connect-local/internal/server"
)

func countMetric(n types.CurrentMetricName) types.CurrentMetric {
	return types.CurrentMetric{Name: n, Unit: types.UnitCount}
}

// TestCurrentMetricDataValidation sends one request per rule of docs/metrics.md#validation-order,
// in the spec's order, and a few that break two rules to show which wins.
func TestCurrentMetricDataValidation(t *testing.T) {
	m := newMetricsCenter(t, server.Options{Memory: true})
	online := []types.CurrentMetric{countMetric(types.CurrentMetricNameAgentsOnline)}
	q := types.Filters{Queues: []string{m.q1}}
	call := func(in connect.GetCurrentMetricDataInput) error {
		if in.InstanceId == nil {
			in.InstanceId = &m.iid
		}
		_, err := m.c.GetCurrentMetricData(ctx(), &in, noClientValidation)
		return err
	}
	long := strings.Repeat("x", 3001)
	for _, c := range []struct {
		name string
		in   connect.GetCurrentMetricDataInput
		code string
		msg  string
	}{
		{"1 unknown instance", connect.GetCurrentMetricDataInput{InstanceId: aws.String("00000000-0000-0000-0000-000000000000"), Filters: &types.Filters{}, CurrentMetrics: online}, "ResourceNotFoundException", "Instance"},
		{"1 before 4", connect.GetCurrentMetricDataInput{InstanceId: aws.String("00000000-0000-0000-0000-000000000000"), Filters: &types.Filters{Channels: []types.Channel{"VOICE"}}, CurrentMetrics: online}, "ResourceNotFoundException", ""},
		{"2 no filters", connect.GetCurrentMetricDataInput{CurrentMetrics: online}, "InvalidParameterException", "filters"},
		{"2 no metrics", connect.GetCurrentMetricDataInput{Filters: &q}, "InvalidParameterException", "currentMetrics"},
		{"2 empty metrics", connect.GetCurrentMetricDataInput{Filters: &q, CurrentMetrics: []types.CurrentMetric{}}, "InvalidParameterException", "at least one"},
		{"3 bad channel", connect.GetCurrentMetricDataInput{Filters: &types.Filters{Queues: []string{m.q1}, Channels: []types.Channel{"FAX"}}, CurrentMetrics: online}, "InvalidParameterException", "enum"},
		{"3 max results", connect.GetCurrentMetricDataInput{Filters: &q, CurrentMetrics: online, MaxResults: aws.Int32(101)}, "InvalidParameterException", "maxResults"},
		{"3 three groupings", connect.GetCurrentMetricDataInput{Filters: &q, CurrentMetrics: online, Groupings: []types.Grouping{"QUEUE", "CHANNEL", "ROUTING_PROFILE"}}, "InvalidParameterException", "groupings"},
		{"3 expression too long", connect.GetCurrentMetricDataInput{Filters: &types.Filters{Queues: []string{m.q1}, RoutingStepExpressions: []string{long}}, CurrentMetrics: online, Groupings: []types.Grouping{"ROUTING_STEP_EXPRESSION"}}, "InvalidParameterException", "3000"},
		{"3 bad unit", connect.GetCurrentMetricDataInput{Filters: &q, CurrentMetrics: []types.CurrentMetric{{Name: "AGENTS_ONLINE", Unit: "HOURS"}}}, "InvalidParameterException", "enum"},
		{"3 metric without name", connect.GetCurrentMetricDataInput{Filters: &q, CurrentMetrics: []types.CurrentMetric{{Unit: types.UnitCount}}}, "InvalidParameterException", "Name is required"},
		{"3 unsupported metric", connect.GetCurrentMetricDataInput{Filters: &q, CurrentMetrics: []types.CurrentMetric{{Name: types.CurrentMetricNameEstimatedWaitTime, Unit: types.UnitSeconds}}}, "InvalidParameterException", "ESTIMATED_WAIT_TIME"},
		{"3 unsupported grouping", connect.GetCurrentMetricDataInput{Filters: &q, CurrentMetrics: online, Groupings: []types.Grouping{types.GroupingAgentStatus}}, "InvalidParameterException", "AGENT_STATUS"},
		{"3 unsupported filter", connect.GetCurrentMetricDataInput{Filters: &types.Filters{Queues: []string{m.q1}, AgentStatuses: []string{m.available}}, CurrentMetrics: online}, "InvalidParameterException", "AgentStatuses"},
		{"4 no queue or profile", connect.GetCurrentMetricDataInput{Filters: &types.Filters{Channels: []types.Channel{"VOICE"}}, CurrentMetrics: online}, "InvalidParameterException", "Queues or RoutingProfiles"},
		{"4 before 10", connect.GetCurrentMetricDataInput{Filters: &types.Filters{}, CurrentMetrics: []types.CurrentMetric{{Name: "AGENTS_ONLINE", Unit: types.UnitSeconds}}}, "InvalidParameterException", "Queues or RoutingProfiles"},
		{"5 queues and profiles", connect.GetCurrentMetricDataInput{Filters: &types.Filters{Queues: []string{m.q1}, RoutingProfiles: []string{m.profile}}, CurrentMetrics: online}, "InvalidParameterException", "both"},
		{"6 profile grouping, contact metric, queue filter", connect.GetCurrentMetricDataInput{Filters: &q, CurrentMetrics: []types.CurrentMetric{countMetric(types.CurrentMetricNameContactsInQueue)}, Groupings: []types.Grouping{"ROUTING_PROFILE"}}, "InvalidParameterException", "RoutingProfiles filter"},
		{"7 expressions with two queues", connect.GetCurrentMetricDataInput{Filters: &types.Filters{Queues: []string{m.q1, m.q2}, RoutingStepExpressions: []string{m.e1}}, CurrentMetrics: online, Groupings: []types.Grouping{"ROUTING_STEP_EXPRESSION"}}, "InvalidParameterException", "exactly one queue"},
		{"7 expressions without the grouping", connect.GetCurrentMetricDataInput{Filters: &types.Filters{Queues: []string{m.q1}, RoutingStepExpressions: []string{m.e1}}, CurrentMetrics: online}, "InvalidParameterException", "requires grouping"},
		{"7 grouping without expressions", connect.GetCurrentMetricDataInput{Filters: &q, CurrentMetrics: online, Groupings: []types.Grouping{"ROUTING_STEP_EXPRESSION"}}, "InvalidParameterException", "requires a RoutingStepExpressions filter"},
		{"9 repeated grouping", connect.GetCurrentMetricDataInput{Filters: &q, CurrentMetrics: online, Groupings: []types.Grouping{"QUEUE", "QUEUE"}}, "InvalidParameterException", "repeat"},
		{"9 profile and step", connect.GetCurrentMetricDataInput{Filters: &types.Filters{Queues: []string{m.q1}, RoutingStepExpressions: []string{m.e1}}, CurrentMetrics: online, Groupings: []types.Grouping{"ROUTING_PROFILE", "ROUTING_STEP_EXPRESSION"}}, "InvalidParameterException", "cannot be grouped together"},
		{"10 wrong unit", connect.GetCurrentMetricDataInput{Filters: &q, CurrentMetrics: []types.CurrentMetric{{Name: "OLDEST_CONTACT_AGE", Unit: types.UnitCount}}}, "InvalidParameterException", "SECONDS"},
		{"10 before 11", connect.GetCurrentMetricDataInput{Filters: &q, CurrentMetrics: []types.CurrentMetric{{Name: "AGENTS_ONLINE", Unit: types.UnitPercent}}, SortCriteria: []types.CurrentMetricSortCriteria{{SortByMetric: "SLOTS_ACTIVE"}}}, "InvalidParameterException", "unit"},
		{"11 sort on slots", connect.GetCurrentMetricDataInput{Filters: &q, CurrentMetrics: []types.CurrentMetric{countMetric("SLOTS_ACTIVE")}, SortCriteria: []types.CurrentMetricSortCriteria{{SortByMetric: "SLOTS_ACTIVE", SortOrder: types.SortOrderAscending}}}, "InvalidParameterException", "SLOTS_ACTIVE"},
		{"11 sort on a metric not requested", connect.GetCurrentMetricDataInput{Filters: &q, CurrentMetrics: online, SortCriteria: []types.CurrentMetricSortCriteria{{SortByMetric: "CONTACTS_IN_QUEUE", SortOrder: types.SortOrderAscending}}}, "InvalidParameterException", "not among"},
		{"11 two sort criteria", connect.GetCurrentMetricDataInput{Filters: &q, CurrentMetrics: online, SortCriteria: []types.CurrentMetricSortCriteria{{SortByMetric: "AGENTS_ONLINE"}, {SortByMetric: "AGENTS_ONLINE"}}}, "InvalidParameterException", "sortCriteria"},
		{"12 garbage token", connect.GetCurrentMetricDataInput{Filters: &q, CurrentMetrics: online, NextToken: aws.String("not-a-token")}, "InvalidParameterException", "NextToken"},
		{"13 queue ARN of another region", connect.GetCurrentMetricDataInput{Filters: &types.Filters{Queues: []string{strings.Replace(m.q1ARN, "us-east-1", "eu-west-1", 1)}}, CurrentMetrics: online}, "InvalidParameterException", "not an ARN"},
		{"13 malformed ARN", connect.GetCurrentMetricDataInput{Filters: &types.Filters{RoutingProfiles: []string{"arn:aws:connect:us-east-1:111111111111:instance/" + m.iid + "/queue/" + m.q1}}, CurrentMetrics: online}, "InvalidParameterException", "routing profile"},
	} {
		t.Run(c.name, func(t *testing.T) {
			msg := wantAPIError(t, call(c.in), c.code, map[string]int{"ResourceNotFoundException": 404}[c.code]|400*boolInt(c.code != "ResourceNotFoundException"))
			if !strings.Contains(msg, c.msg) {
				t.Errorf("message %q does not mention %q", msg, c.msg)
			}
		})
	}
	// 13: a well-formed but unknown ID is no error; it has no data.
	out, err := m.c.GetCurrentMetricData(ctx(), &connect.GetCurrentMetricDataInput{InstanceId: &m.iid, Filters: &types.Filters{Queues: []string{"00000000-0000-0000-0000-00000000cafe"}},
		CurrentMetrics: online, Groupings: []types.Grouping{"QUEUE"}})
	if err != nil || len(out.MetricResults) != 0 || *out.ApproximateTotalCount != 0 {
		t.Fatalf("unknown queue: %v %+v", err, out)
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestCurrentMetricDataPagingAndSorting: tokens carry the cached snapshot,
// are bound to the request and expire after 5 minutes; SortCriteria orders
// rows, ties by dimension ID.
func TestCurrentMetricDataPagingAndSorting(t *testing.T) {
	m := newMetricsCenter(t, server.Options{Memory: true})
	m.start(m.f1)
	m.advance(10 * time.Second)
	m.start(m.f1)
	m.start(m.f2)
	in := &connect.GetCurrentMetricDataInput{InstanceId: &m.iid, Filters: &types.Filters{Queues: []string{m.q1, m.q2}}, Groupings: []types.Grouping{"QUEUE"},
		CurrentMetrics: []types.CurrentMetric{countMetric("CONTACTS_IN_QUEUE"), {Name: "OLDEST_CONTACT_AGE"}},
		SortCriteria:   []types.CurrentMetricSortCriteria{{SortByMetric: "CONTACTS_IN_QUEUE", SortOrder: types.SortOrderAscending}}, MaxResults: aws.Int32(1)}
	first, err := m.c.GetCurrentMetricData(ctx(), in)
	if err != nil {
		t.Fatal(err)
	}
	if len(first.MetricResults) != 1 || *first.MetricResults[0].Dimensions.Queue.Id != m.q2 || first.NextToken == nil || *first.ApproximateTotalCount != 2 {
		t.Fatalf("first page: %+v", first)
	}
	if u := first.MetricResults[0].Collections[1].Metric.Unit; u != types.UnitSeconds {
		t.Errorf("omitted unit filled in as %s", u)
	}
	// Later pages reuse the snapshot: same time, same values.
	m.advance(time.Minute)
	m.start(m.f1)
	in.NextToken = first.NextToken
	second, err := m.c.GetCurrentMetricData(ctx(), in)
	if err != nil {
		t.Fatal(err)
	}
	r := second.MetricResults[0]
	if len(second.MetricResults) != 1 || *r.Dimensions.Queue.Id != m.q1 || *r.Collections[0].Value != 2 || *r.Collections[1].Value != 10 ||
		!second.DataSnapshotTime.Equal(*first.DataSnapshotTime) || second.NextToken != nil {
		t.Fatalf("second page: %+v %v %v", second, *r.Collections[0].Value, *r.Collections[1].Value)
	}
	// The token belongs to its request.
	other := *in
	other.SortCriteria = []types.CurrentMetricSortCriteria{{SortByMetric: "CONTACTS_IN_QUEUE", SortOrder: types.SortOrderDescending}}
	_, err = m.c.GetCurrentMetricData(ctx(), &other)
	wantAPIError(t, err, "InvalidParameterException", 400)
	m.advance(5*time.Minute + time.Second)
	_, err = m.c.GetCurrentMetricData(ctx(), in)
	if msg := wantAPIError(t, err, "InvalidParameterException", 400); !strings.Contains(msg, "expired") {
		t.Errorf("expired token: %s", msg)
	}
	// A fresh request sees the new contact; DESCENDING puts q1 (3) first.
	in.NextToken, in.MaxResults = nil, nil
	in.SortCriteria = other.SortCriteria
	out, err := m.c.GetCurrentMetricData(ctx(), in)
	if err != nil {
		t.Fatal(err)
	}
	if len(out.MetricResults) != 2 || *out.MetricResults[0].Dimensions.Queue.Id != m.q1 || *out.MetricResults[0].Collections[0].Value != 3 ||
		*out.MetricResults[0].Collections[1].Value != 371 {
		t.Fatalf("descending: %+v", out.MetricResults)
	}
}

func histMetric(name types.HistoricalMetricName) types.HistoricalMetric {
	u, s := v1Unit(string(name))
	return types.HistoricalMetric{Name: name, Unit: u, Statistic: s}
}

func serviceLevel(cmp types.Comparison, x float64) types.HistoricalMetric {
	return types.HistoricalMetric{Name: "SERVICE_LEVEL", Unit: types.UnitPercent, Statistic: types.StatisticAvg, Threshold: &types.Threshold{Comparison: cmp, ThresholdValue: aws.Float64(x)}}
}

// TestMetricDataValidation covers docs/metrics.md#time-rules and docs/metrics.md#filters-and-groupings.
func TestMetricDataValidation(t *testing.T) {
	m := newMetricsCenter(t, server.Options{Memory: true})
	m.advance(24 * time.Hour) // the clock is at 09:00 the next day
	now := m.e.clock.Now()
	start, end := now.Add(-time.Hour), now
	q := &types.Filters{Queues: []string{m.q1}}
	queued := []types.HistoricalMetric{histMetric("CONTACTS_QUEUED")}
	var sl21 []types.HistoricalMetric
	for i := 1; i <= 21; i++ {
		sl21 = append(sl21, serviceLevel(types.ComparisonLt, float64(i)))
	}
	for _, c := range []struct {
		name string
		in   connect.GetMetricDataInput
		code string
		msg  string
	}{
		{"unknown instance", connect.GetMetricDataInput{InstanceId: aws.String("nope"), StartTime: &start, EndTime: &end, Filters: q, HistoricalMetrics: queued}, "ResourceNotFoundException", "Instance"},
		{"no filters", connect.GetMetricDataInput{StartTime: &start, EndTime: &end, HistoricalMetrics: queued}, "InvalidParameterException", "filters"},
		{"no start", connect.GetMetricDataInput{EndTime: &end, Filters: q, HistoricalMetrics: queued}, "InvalidParameterException", "startTime"},
		{"no metrics", connect.GetMetricDataInput{StartTime: &start, EndTime: &end, Filters: q, HistoricalMetrics: []types.HistoricalMetric{}}, "InvalidParameterException", "at least one"},
		{"start not on 5 minutes", connect.GetMetricDataInput{StartTime: aws.Time(start.Add(2 * time.Minute)), EndTime: &end, Filters: q, HistoricalMetrics: queued}, "InvalidParameterException", "StartTime"},
		{"start with seconds", connect.GetMetricDataInput{StartTime: aws.Time(start.Add(5*time.Minute + 30*time.Second)), EndTime: &end, Filters: q, HistoricalMetrics: queued}, "InvalidParameterException", "StartTime"},
		{"start over 24 hours ago", connect.GetMetricDataInput{StartTime: aws.Time(now.Add(-24*time.Hour - 5*time.Minute)), EndTime: &end, Filters: q, HistoricalMetrics: queued}, "InvalidParameterException", "24 hours"},
		{"end not on 5 minutes", connect.GetMetricDataInput{StartTime: &start, EndTime: aws.Time(end.Add(-time.Minute)), Filters: q, HistoricalMetrics: queued}, "InvalidParameterException", "EndTime"},
		{"end before start", connect.GetMetricDataInput{StartTime: &start, EndTime: &start, Filters: q, HistoricalMetrics: queued}, "InvalidParameterException", "later than StartTime"},
		{"range over 24 hours", connect.GetMetricDataInput{StartTime: aws.Time(now.Add(-24 * time.Hour)), EndTime: aws.Time(now.Add(5 * time.Minute)), Filters: q, HistoricalMetrics: queued}, "InvalidParameterException", "less than 24 hours"},
		{"no queue", connect.GetMetricDataInput{StartTime: &start, EndTime: &end, Filters: &types.Filters{Channels: []types.Channel{"CHAT"}}, HistoricalMetrics: queued}, "InvalidParameterException", "at least one queue"},
		{"routing step expression filter", connect.GetMetricDataInput{StartTime: &start, EndTime: &end, Filters: &types.Filters{Queues: []string{m.q1}, RoutingStepExpressions: []string{m.e1}}, HistoricalMetrics: queued}, "InvalidParameterException", "RoutingStepExpressions"},
		{"routing profile filter", connect.GetMetricDataInput{StartTime: &start, EndTime: &end, Filters: &types.Filters{Queues: []string{m.q1}, RoutingProfiles: []string{m.profile}}, HistoricalMetrics: queued}, "InvalidParameterException", "RoutingProfiles"},
		{"email channel", connect.GetMetricDataInput{StartTime: &start, EndTime: &end, Filters: &types.Filters{Queues: []string{m.q1}, Channels: []types.Channel{"EMAIL"}}, HistoricalMetrics: queued}, "InvalidParameterException", "EMAIL"},
		{"routing profile grouping", connect.GetMetricDataInput{StartTime: &start, EndTime: &end, Filters: q, HistoricalMetrics: queued, Groupings: []types.Grouping{"ROUTING_PROFILE"}}, "InvalidParameterException", "ROUTING_PROFILE"},
		{"repeated grouping", connect.GetMetricDataInput{StartTime: &start, EndTime: &end, Filters: q, HistoricalMetrics: queued, Groupings: []types.Grouping{"CHANNEL", "CHANNEL"}}, "InvalidParameterException", "repeat"},
		{"wrong unit", connect.GetMetricDataInput{StartTime: &start, EndTime: &end, Filters: q, HistoricalMetrics: []types.HistoricalMetric{{Name: "HANDLE_TIME", Unit: types.UnitCount, Statistic: types.StatisticAvg}}}, "InvalidParameterException", "Unit SECONDS"},
		{"wrong statistic", connect.GetMetricDataInput{StartTime: &start, EndTime: &end, Filters: q, HistoricalMetrics: []types.HistoricalMetric{{Name: "QUEUED_TIME", Unit: types.UnitSeconds, Statistic: types.StatisticAvg}}}, "InvalidParameterException", "Statistic MAX"},
		{"no statistic", connect.GetMetricDataInput{StartTime: &start, EndTime: &end, Filters: q, HistoricalMetrics: []types.HistoricalMetric{{Name: "CONTACTS_QUEUED", Unit: types.UnitCount}}}, "InvalidParameterException", "Statistic SUM"},
		{"service level without threshold", connect.GetMetricDataInput{StartTime: &start, EndTime: &end, Filters: q, HistoricalMetrics: []types.HistoricalMetric{histMetric("SERVICE_LEVEL")}}, "InvalidParameterException", "Threshold"},
		{"threshold 0", connect.GetMetricDataInput{StartTime: &start, EndTime: &end, Filters: q, HistoricalMetrics: []types.HistoricalMetric{serviceLevel(types.ComparisonLt, 0)}}, "InvalidParameterException", "whole number"},
		{"threshold over a week", connect.GetMetricDataInput{StartTime: &start, EndTime: &end, Filters: q, HistoricalMetrics: []types.HistoricalMetric{serviceLevel(types.ComparisonLt, 604801)}}, "InvalidParameterException", "604800"},
		{"fractional threshold", connect.GetMetricDataInput{StartTime: &start, EndTime: &end, Filters: q, HistoricalMetrics: []types.HistoricalMetric{serviceLevel(types.ComparisonLt, 2.5)}}, "InvalidParameterException", "whole number"},
		{"threshold without comparison", connect.GetMetricDataInput{StartTime: &start, EndTime: &end, Filters: q, HistoricalMetrics: []types.HistoricalMetric{serviceLevel("", 20)}}, "InvalidParameterException", "Comparison"},
		{"threshold on another metric", connect.GetMetricDataInput{StartTime: &start, EndTime: &end, Filters: q, HistoricalMetrics: []types.HistoricalMetric{{Name: "HANDLE_TIME", Unit: types.UnitSeconds, Statistic: types.StatisticAvg, Threshold: &types.Threshold{Comparison: types.ComparisonLt, ThresholdValue: aws.Float64(20)}}}}, "InvalidParameterException", "only valid with SERVICE_LEVEL"},
		{"21 service levels", connect.GetMetricDataInput{StartTime: &start, EndTime: &end, Filters: q, HistoricalMetrics: sl21}, "InvalidParameterException", "At most 20"},
		{"foreign queue ARN", connect.GetMetricDataInput{StartTime: &start, EndTime: &end, Filters: &types.Filters{Queues: []string{strings.Replace(m.q1ARN, "111111111111", "222222222222", 1)}}, HistoricalMetrics: queued}, "InvalidParameterException", "not an ARN"},
		{"bad token", connect.GetMetricDataInput{StartTime: &start, EndTime: &end, Filters: q, HistoricalMetrics: queued, NextToken: aws.String("eyJ0IjoxfQ")}, "InvalidParameterException", "NextToken"},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := c.in
			if in.InstanceId == nil {
				in.InstanceId = &m.iid
			}
			_, err := m.c.GetMetricData(ctx(), &in, noClientValidation)
			status := 400
			if c.code == "ResourceNotFoundException" {
				status = 404
			}
			if msg := wantAPIError(t, err, c.code, status); !strings.Contains(msg, c.msg) {
				t.Errorf("message %q does not mention %q", msg, c.msg)
			}
		})
	}
	// Exactly 20 thresholds, exactly 24 hours and a future end are fine.
	out, err := m.c.GetMetricData(ctx(), &connect.GetMetricDataInput{InstanceId: &m.iid, StartTime: aws.Time(now.Add(-24 * time.Hour)), EndTime: &end, Filters: q, HistoricalMetrics: sl21[:20]})
	if err != nil || len(out.MetricResults) != 0 {
		t.Fatalf("20 service levels over 24 h: %v %+v", err, out)
	}
	if _, err := m.c.GetMetricData(ctx(), &connect.GetMetricDataInput{InstanceId: &m.iid, StartTime: &start, EndTime: aws.Time(now.Add(time.Hour)), Filters: q, HistoricalMetrics: queued}); err != nil {
		t.Fatalf("future end: %v", err)
	}
}

// TestMetricDataV2Validation covers GetMetricDataV2's rules and the
// metrics connect-local does not implement.
func TestMetricDataV2Validation(t *testing.T) {
	m := newMetricsCenter(t, server.Options{Memory: true})
	m.advance(24 * time.Hour)
	now := m.e.clock.Now()
	start, end := now.Add(-time.Hour), now
	queue := []types.FilterV2{{FilterKey: aws.String("QUEUE"), FilterValues: []string{m.q1}}}
	handled := []types.MetricV2{{Name: aws.String("CONTACTS_HANDLED")}}
	threshold := func(name, cmp string, x float64) []types.MetricV2 {
		return []types.MetricV2{{Name: aws.String(name), Threshold: []types.ThresholdV2{{Comparison: aws.String(cmp), ThresholdValue: aws.Float64(x)}}}}
	}
	var many []string
	for i := 0; i < 101; i++ {
		many = append(many, m.q1)
	}
	arn := aws.String(m.iidARN)
	for _, c := range []struct {
		name string
		in   connect.GetMetricDataV2Input
		code string
		msg  string
	}{
		{"not an ARN", connect.GetMetricDataV2Input{ResourceArn: aws.String(m.iid), StartTime: &start, EndTime: &end, Filters: queue, Metrics: handled}, "InvalidParameterException", "ResourceArn"},
		{"unknown instance", connect.GetMetricDataV2Input{ResourceArn: aws.String(strings.Replace(m.iidARN, m.iid, "00000000-0000-0000-0000-000000000000", 1)), StartTime: &start, EndTime: &end, Filters: queue, Metrics: handled}, "ResourceNotFoundException", "Instance"},
		{"end before start", connect.GetMetricDataV2Input{ResourceArn: arn, StartTime: &end, EndTime: &start, Filters: queue, Metrics: handled}, "InvalidParameterException", "later than StartTime"},
		{"end in the future", connect.GetMetricDataV2Input{ResourceArn: arn, StartTime: &start, EndTime: aws.Time(now.Add(5 * time.Minute)), Filters: queue, Metrics: handled}, "InvalidParameterException", "current time"},
		{"over 3 months back", connect.GetMetricDataV2Input{ResourceArn: arn, StartTime: aws.Time(now.Add(-94 * 24 * time.Hour)), EndTime: aws.Time(now.Add(-93 * 24 * time.Hour)), Filters: queue, Metrics: handled}, "InvalidParameterException", "3 months"},
		{"quarter hours over 3 days", connect.GetMetricDataV2Input{ResourceArn: arn, StartTime: aws.Time(now.Add(-72 * time.Hour)), EndTime: &end, Interval: &types.IntervalDetails{IntervalPeriod: types.IntervalPeriodFifteenMin}, Filters: queue, Metrics: handled}, "InvalidParameterException", "3 days"},
		{"total over 35 days", connect.GetMetricDataV2Input{ResourceArn: arn, StartTime: aws.Time(now.Add(-35 * 24 * time.Hour)), EndTime: &end, Filters: queue, Metrics: handled}, "InvalidParameterException", "35 days"},
		{"bad time zone", connect.GetMetricDataV2Input{ResourceArn: arn, StartTime: &start, EndTime: &end, Interval: &types.IntervalDetails{IntervalPeriod: types.IntervalPeriodHour, TimeZone: aws.String("Mars/Olympus")}, Filters: queue, Metrics: handled}, "InvalidParameterException", "TimeZone"},
		{"no primary filter", connect.GetMetricDataV2Input{ResourceArn: arn, StartTime: &start, EndTime: &end, Filters: []types.FilterV2{{FilterKey: aws.String("CHANNEL"), FilterValues: []string{"TASK"}}}, Metrics: handled}, "InvalidParameterException", "at least one of QUEUE"},
		{"unsupported filter key", connect.GetMetricDataV2Input{ResourceArn: arn, StartTime: &start, EndTime: &end, Filters: append(queue, types.FilterV2{FilterKey: aws.String("AGENT_HIERARCHY_LEVEL_ONE"), FilterValues: []string{"x"}}), Metrics: handled}, "InvalidParameterException", "AGENT_HIERARCHY_LEVEL_ONE"},
		{"repeated filter key", connect.GetMetricDataV2Input{ResourceArn: arn, StartTime: &start, EndTime: &end, Filters: append(queue, queue...), Metrics: handled}, "InvalidParameterException", "more than once"},
		{"101 filter values", connect.GetMetricDataV2Input{ResourceArn: arn, StartTime: &start, EndTime: &end, Filters: []types.FilterV2{{FilterKey: aws.String("QUEUE"), FilterValues: many}}, Metrics: handled}, "InvalidParameterException", "100"},
		{"unsupported grouping", connect.GetMetricDataV2Input{ResourceArn: arn, StartTime: &start, EndTime: &end, Filters: queue, Groupings: []string{"INITIATION_METHOD"}, Metrics: handled}, "InvalidParameterException", "INITIATION_METHOD"},
		{"repeated grouping", connect.GetMetricDataV2Input{ResourceArn: arn, StartTime: &start, EndTime: &end, Filters: queue, Groupings: []string{"QUEUE", "QUEUE"}, Metrics: handled}, "InvalidParameterException", "repeat"},
		{"step with agent", connect.GetMetricDataV2Input{ResourceArn: arn, StartTime: &start, EndTime: &end, Filters: queue, Groupings: []string{"AGENT", "ROUTING_STEP_EXPRESSION"}, Metrics: handled}, "InvalidParameterException", "combination"},
		{"unsupported metric", connect.GetMetricDataV2Input{ResourceArn: arn, StartTime: &start, EndTime: &end, Filters: queue, Metrics: []types.MetricV2{{Name: aws.String("CONTACTS_CREATED")}}}, "InvalidParameterException", "not supported by connect-local"},
		{"no metrics", connect.GetMetricDataV2Input{ResourceArn: arn, StartTime: &start, EndTime: &end, Filters: queue, Metrics: []types.MetricV2{}}, "InvalidParameterException", "at least one"},
		{"service level without threshold", connect.GetMetricDataV2Input{ResourceArn: arn, StartTime: &start, EndTime: &end, Filters: queue, Metrics: []types.MetricV2{{Name: aws.String("SERVICE_LEVEL")}}}, "InvalidParameterException", "Threshold"},
		{"comparison GT", connect.GetMetricDataV2Input{ResourceArn: arn, StartTime: &start, EndTime: &end, Filters: queue, Metrics: threshold("SUM_CONTACTS_ANSWERED_IN_X", "GT", 20)}, "InvalidParameterException", "LT or LTE"},
		{"threshold on a count", connect.GetMetricDataV2Input{ResourceArn: arn, StartTime: &start, EndTime: &end, Filters: queue, Metrics: threshold("CONTACTS_HANDLED", "LT", 20)}, "InvalidParameterException", "not valid with CONTACTS_HANDLED"},
		{"occupancy by queue", connect.GetMetricDataV2Input{ResourceArn: arn, StartTime: &start, EndTime: &end, Filters: queue, Metrics: []types.MetricV2{{Name: aws.String("AGENT_OCCUPANCY")}}}, "InvalidParameterException", "QUEUE is not a valid grouping or filter for AGENT_OCCUPANCY"},
		{"service level by agent", connect.GetMetricDataV2Input{ResourceArn: arn, StartTime: &start, EndTime: &end, Filters: queue, Groupings: []string{"AGENT"}, Metrics: threshold("SERVICE_LEVEL", "LT", 20)}, "InvalidParameterException", "AGENT is not a valid grouping"},
		{"metric filters", connect.GetMetricDataV2Input{ResourceArn: arn, StartTime: &start, EndTime: &end, Filters: queue, Metrics: []types.MetricV2{{Name: aws.String("CONTACTS_HANDLED"), MetricFilters: []types.MetricFilterV2{{MetricFilterKey: aws.String("INITIATION_METHOD"), MetricFilterValues: []string{"INBOUND"}}}}}}, "InvalidParameterException", "MetricFilters"},
		{"bad token", connect.GetMetricDataV2Input{ResourceArn: arn, StartTime: &start, EndTime: &end, Filters: queue, Metrics: handled, NextToken: aws.String("x")}, "InvalidParameterException", "NextToken"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := m.c.GetMetricDataV2(ctx(), &c.in, noClientValidation)
			status := 400
			if c.code == "ResourceNotFoundException" {
				status = 404
			}
			if msg := wantAPIError(t, err, c.code, status); !strings.Contains(msg, c.msg) {
				t.Errorf("message %q does not mention %q", msg, c.msg)
			}
		})
	}
	// StartTime and EndTime may be any instant up to now, as AWS documents
	// no 5-minute rule for GetMetricDataV2 (TestMetricsWindowAtAnyTime
	// checks the values).
	m.advance(150 * time.Second)
	now = m.e.clock.Now()
	for _, end := range []time.Time{now, now.Add(-time.Minute), now.Add(-3 * time.Minute)} {
		_, err := m.c.GetMetricDataV2(ctx(), &connect.GetMetricDataV2Input{ResourceArn: arn, StartTime: aws.Time(start.Add(time.Second)), EndTime: aws.Time(end), Filters: queue, Metrics: handled})
		if err != nil {
			t.Errorf("end %s: %v", end.Format(time.TimeOnly), err)
		}
	}
}
