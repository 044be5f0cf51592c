package sdk

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"

	"github.com/connect-local/connect-local/internal/server"
)

// metricsCenter is the contact center of the metrics scenario: two queues,
// one routing profile "P" that serves both on TASK (and enables CHAT), three
// agents with different after-contact-work limits and proficiencies, and
// three flows.
type metricsCenter struct {
	*center
	q1, q2, q1ARN, q2ARN string
	profile, profileARN  string
	alice, bob, carol    string
	f1, f2, f3           string // to q1; to q2; to q1 with two routing steps
	brk                  string // the custom status "Break"
	qc2                  string // a quick connect to q2
	names                map[string]string
	e1, e2               string // the canonical expressions of f3's steps
}

const (
	stepE1 = `{"AttributeCondition":{"ComparisonOperator":"NumberGreaterOrEqualTo","Name":"Technology","ProficiencyLevel":4.0,"Value":"DynamoDB"}}`
	stepE2 = `{"AttributeCondition":{"ComparisonOperator":"NumberGreaterOrEqualTo","Name":"Technology","ProficiencyLevel":1.0,"Value":"DynamoDB"}}`
)

var centers atomic.Int64 // numbers the instances' aliases

func newMetricsCenter(t *testing.T, opts server.Options) *metricsCenter {
	e := newEnvWith(t, opts)
	c := &center{userFixture: newUserFixture(t, e, fmt.Sprintf("metrics-%d", centers.Add(1))), t: t}
	sts, err := c.c.ListAgentStatuses(ctx(), &connect.ListAgentStatusesInput{InstanceId: &c.iid})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sts.AgentStatusSummaryList {
		if *s.Name == "Available" {
			c.available = *s.Id
		}
	}
	c.basicFlow = c.flowID("Basic routing flow")
	m := &metricsCenter{center: c, q1: c.basicQueue, q1ARN: c.basicQueueARN, f1: c.basicFlow, e1: stepE1, e2: stepE2}
	hoursOut, err := c.c.ListHoursOfOperations(ctx(), &connect.ListHoursOfOperationsInput{InstanceId: &c.iid})
	if err != nil {
		t.Fatal(err)
	}
	q2, err := c.c.CreateQueue(ctx(), &connect.CreateQueueInput{InstanceId: &c.iid, Name: aws.String("Support"), HoursOfOperationId: hoursOut.HoursOfOperationSummaryList[0].Id})
	if err != nil {
		t.Fatal(err)
	}
	m.q2, m.q2ARN = *q2.QueueId, *q2.QueueArn
	rp, err := c.c.CreateRoutingProfile(ctx(), &connect.CreateRoutingProfileInput{InstanceId: &c.iid, Name: aws.String("P"), Description: aws.String("metrics"),
		DefaultOutboundQueueId: &m.q1,
		MediaConcurrencies:     []types.MediaConcurrency{{Channel: types.ChannelTask, Concurrency: aws.Int32(1)}, {Channel: types.ChannelChat, Concurrency: aws.Int32(1)}},
		QueueConfigs:           []types.RoutingProfileQueueConfig{qcfg(m.q1, types.ChannelTask, 1, 0), qcfg(m.q2, types.ChannelTask, 1, 0)}})
	if err != nil {
		t.Fatal(err)
	}
	m.profile, m.profileARN = *rp.RoutingProfileId, *rp.RoutingProfileArn
	if _, err := c.c.CreatePredefinedAttribute(ctx(), &connect.CreatePredefinedAttributeInput{InstanceId: &c.iid, Name: aws.String("Technology"),
		Values: &types.PredefinedAttributeValuesMemberStringList{Value: []string{"DynamoDB"}}}); err != nil {
		t.Fatal(err)
	}
	user := func(name string, acw int32, level float32) string {
		out, err := c.c.CreateUser(ctx(), &connect.CreateUserInput{InstanceId: &c.iid, Username: aws.String(name), RoutingProfileId: &m.profile,
			SecurityProfileIds: []string{c.agentSP}, PhoneConfig: &types.UserPhoneConfig{PhoneType: types.PhoneTypeSoftPhone, AfterContactWorkTimeLimit: acw}})
		if err != nil {
			t.Fatal(err)
		}
		if level > 0 {
			if _, err := c.c.AssociateUserProficiencies(ctx(), &connect.AssociateUserProficienciesInput{InstanceId: &c.iid, UserId: out.UserId,
				UserProficiencies: []types.UserProficiency{{AttributeName: aws.String("Technology"), AttributeValue: aws.String("DynamoDB"), Level: aws.Float32(level)}}}); err != nil {
				t.Fatal(err)
			}
		}
		return *out.UserId
	}
	m.alice, m.bob, m.carol = user("alice", 10, 5), user("bob", 20, 2), user("carol", 0, 0)
	flow := func(name, actions string) string {
		content := `{"Version":"2019-10-30","StartAction":"start","Actions":[` + actions + `,
		 {"Identifier":"transfer","Type":"TransferContactToQueue","Parameters":{},"Transitions":{"NextAction":"end","Errors":[{"NextAction":"end","ErrorType":"QueueAtCapacity"},{"NextAction":"end","ErrorType":"NoMatchingError"}]}},
		 {"Identifier":"end","Type":"DisconnectParticipant","Parameters":{},"Transitions":{}}]}`
		out, err := c.c.CreateContactFlow(ctx(), &connect.CreateContactFlowInput{InstanceId: &c.iid, Name: aws.String(name), Type: types.ContactFlowTypeContactFlow, Content: aws.String(content)})
		if err != nil {
			t.Fatal(err)
		}
		return *out.ContactFlowId
	}
	m.f2 = flow("To support", `{"Identifier":"start","Type":"UpdateContactTargetQueue","Parameters":{"QueueId":"`+m.q2+`"},"Transitions":{"NextAction":"transfer","Errors":[{"NextAction":"end","ErrorType":"NoMatchingError"}]}}`)
	m.f3 = flow("Skills", `{"Identifier":"start","Type":"UpdateRoutingCriteria","Parameters":{"RoutingCriteria":{"Steps":[
	   {"Expiry":{"DurationInSeconds":30},"Expression":{"AttributeCondition":{"Name":"Technology","Value":"DynamoDB","ProficiencyLevel":4,"ComparisonOperator":"NumberGreaterOrEqualTo"}}},
	   {"Expression":{"AttributeCondition":{"Name":"Technology","Value":"DynamoDB","ProficiencyLevel":1,"ComparisonOperator":"NumberGreaterOrEqualTo"}}}]}},
	  "Transitions":{"NextAction":"transfer","Errors":[{"NextAction":"transfer","ErrorType":"NoMatchingError"}]}}`)
	st, err := c.c.CreateAgentStatus(ctx(), &connect.CreateAgentStatusInput{InstanceId: &c.iid, Name: aws.String("Break"), State: types.AgentStatusStateEnabled})
	if err != nil {
		t.Fatal(err)
	}
	m.brk = *st.AgentStatusId
	qc, err := c.c.CreateQuickConnect(ctx(), &connect.CreateQuickConnectInput{InstanceId: &c.iid, Name: aws.String("to support"),
		QuickConnectConfig: &types.QuickConnectConfig{QuickConnectType: types.QuickConnectTypeQueue, QueueConfig: &types.QueueQuickConnectConfig{QueueId: &m.q2, ContactFlowId: &m.f2}}})
	if err != nil {
		t.Fatal(err)
	}
	m.qc2 = *qc.QuickConnectId
	m.names = map[string]string{m.q1: "q1", m.q2: "q2", m.profile: "P", m.e1: "E1", m.e2: "E2", m.alice: "alice", m.bob: "bob", m.carol: "carol"}
	return m
}

// day9 is the scenario's clock: "09:01:00" on the test day.
func day9(s string) time.Time {
	p, err := time.Parse("15:04:05", s)
	if err != nil {
		panic(s)
	}
	return time.Date(T0.Year(), T0.Month(), T0.Day(), p.Hour(), p.Minute(), p.Second(), 0, time.UTC)
}

// to moves the virtual clock forward to the instant.
func (m *metricsCenter) to(s string) {
	m.t.Helper()
	d := day9(s).Sub(m.e.clock.Now())
	if d < 0 {
		m.t.Fatalf("clock is at %s, past %s", m.e.clock.Now().Format(time.TimeOnly), s)
	}
	m.advance(d)
}

func (m *metricsCenter) start(flow string) string {
	m.t.Helper()
	return m.task(m.e.clock.Now().Format(time.TimeOnly), flow)
}

func (m *metricsCenter) status(uid, status string) {
	m.t.Helper()
	if _, err := m.c.PutUserStatus(ctx(), &connect.PutUserStatusInput{InstanceId: &m.iid, UserId: &uid, AgentStatusId: &status}); err != nil {
		m.t.Fatal(err)
	}
}

func (m *metricsCenter) customerEnds(cid string) {
	m.t.Helper()
	if code := m.local("POST", "/_local/instances/"+m.iid+"/contacts/"+cid+"/end-customer", "", nil); code != 200 {
		m.t.Fatalf("end-customer %s: HTTP %d", cid, code)
	}
}

func (m *metricsCenter) name(id string) string {
	if n, ok := m.names[id]; ok {
		return n
	}
	return id
}

// rows is a result as the tests compare it: row name → metric → value,
// with nil values as NaN.
type rows map[string]map[string]float64

func (m *metricsCenter) rowName(q *types.QueueReference, ch types.Channel, rp *types.RoutingProfileReference, step *string) string {
	var parts []string
	if q != nil {
		parts = append(parts, "queue="+m.name(*q.Id))
		if *q.Arn != map[string]string{m.q1: m.q1ARN, m.q2: m.q2ARN}[*q.Id] {
			m.t.Errorf("queue %s has ARN %s", *q.Id, *q.Arn)
		}
	}
	if ch != "" {
		parts = append(parts, "channel="+string(ch))
	}
	if rp != nil {
		parts = append(parts, "profile="+m.name(*rp.Id))
	}
	if step != nil {
		parts = append(parts, "step="+m.name(*step))
	}
	return "{" + strings.Join(parts, ",") + "}"
}

func val(v *float64) float64 {
	if v == nil {
		return math.NaN()
	}
	return *v
}

// current asks GetCurrentMetricData for every metric (each with its unit).
func (m *metricsCenter) current(f types.Filters, groupings ...types.Grouping) (rows, *connect.GetCurrentMetricDataOutput) {
	m.t.Helper()
	var ms []types.CurrentMetric
	for _, n := range types.CurrentMetricName("").Values() {
		if n == types.CurrentMetricNameEstimatedWaitTime {
			continue
		}
		unit := types.UnitCount
		if n == types.CurrentMetricNameOldestContactAge {
			unit = types.UnitSeconds
		}
		ms = append(ms, types.CurrentMetric{Name: n, Unit: unit})
	}
	out, err := m.c.GetCurrentMetricData(ctx(), &connect.GetCurrentMetricDataInput{InstanceId: &m.iid, Filters: &f, Groupings: groupings, CurrentMetrics: ms})
	if err != nil {
		m.t.Fatal(err)
	}
	if !out.DataSnapshotTime.Equal(m.e.clock.Now()) || *out.ApproximateTotalCount != int64(len(out.MetricResults)) {
		m.t.Errorf("snapshot time %v, total %d for %d rows", out.DataSnapshotTime, *out.ApproximateTotalCount, len(out.MetricResults))
	}
	got := rows{}
	for _, r := range out.MetricResults {
		d := r.Dimensions
		name := m.rowName(d.Queue, d.Channel, d.RoutingProfile, d.RoutingStepExpression)
		got[name] = map[string]float64{}
		for i, c := range r.Collections {
			if c.Metric.Name != ms[i].Name || c.Metric.Unit != ms[i].Unit {
				m.t.Errorf("collection %d is %v, want %v in request order", i, c.Metric, ms[i])
			}
			got[name][string(c.Metric.Name)] = val(c.Value)
		}
	}
	return got, out
}

// check compares got with want: the same rows, and every metric listed in
// want equal (NaN: no value).
func check(t *testing.T, what string, got rows, want rows) {
	t.Helper()
	var gotNames, wantNames []string
	for n := range got {
		gotNames = append(gotNames, n)
	}
	for n := range want {
		wantNames = append(wantNames, n)
	}
	sort.Strings(gotNames)
	sort.Strings(wantNames)
	if strings.Join(gotNames, " ") != strings.Join(wantNames, " ") {
		t.Errorf("%s: rows %v, want %v", what, gotNames, wantNames)
	}
	for n, w := range want {
		g := got[n]
		if g == nil {
			continue
		}
		var keys []string
		for k := range w {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			gv, ok := g[k]
			wv := w[k]
			switch {
			case !ok:
				t.Errorf("%s %s: no %s", what, n, k)
			case math.IsNaN(wv) != math.IsNaN(gv) || (!math.IsNaN(wv) && math.Abs(gv-wv) > 0.0005):
				t.Errorf("%s %s: %s = %v, want %v", what, n, k, gv, wv)
			}
		}
	}
}

var null = math.NaN()

// all13 spells out a real-time row in the model's metric order.
func all13(online, available, onContact, npt, acw, errs, staffed, inQueue, oldest, scheduled, slotsActive, slotsAvailable float64) map[string]float64 {
	return map[string]float64{"AGENTS_ONLINE": online, "AGENTS_AVAILABLE": available, "AGENTS_ON_CALL": onContact, "AGENTS_ON_CONTACT": onContact,
		"AGENTS_NON_PRODUCTIVE": npt, "AGENTS_AFTER_CONTACT_WORK": acw, "AGENTS_ERROR": errs, "AGENTS_STAFFED": staffed,
		"CONTACTS_IN_QUEUE": inQueue, "OLDEST_CONTACT_AGE": oldest, "CONTACTS_SCHEDULED": scheduled, "SLOTS_ACTIVE": slotsActive, "SLOTS_AVAILABLE": slotsAvailable}
}

// historical asks GetMetricData for metrics (SERVICE_LEVEL@X gives a
// threshold), following every page.
func (m *metricsCenter) historical(from, to string, f types.Filters, groupings []types.Grouping, names ...string) rows {
	m.t.Helper()
	var hm []types.HistoricalMetric
	for _, n := range names {
		name, th, _ := strings.Cut(n, "@")
		h := types.HistoricalMetric{Name: types.HistoricalMetricName(name)}
		h.Unit, h.Statistic = v1Unit(name)
		if th != "" {
			var x float64
			fmt.Sscan(th, &x)
			h.Threshold = &types.Threshold{Comparison: types.ComparisonLt, ThresholdValue: aws.Float64(x)}
		}
		hm = append(hm, h)
	}
	got := rows{}
	p := connect.NewGetMetricDataPaginator(m.c, &connect.GetMetricDataInput{InstanceId: &m.iid, StartTime: aws.Time(day9(from)), EndTime: aws.Time(day9(to)),
		Filters: &f, Groupings: groupings, HistoricalMetrics: hm, MaxResults: aws.Int32(1)})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx())
		if err != nil {
			m.t.Fatal(err)
		}
		for _, r := range out.MetricResults {
			d := r.Dimensions
			name := m.rowName(d.Queue, d.Channel, nil, d.RoutingStepExpression)
			got[name] = map[string]float64{}
			for i, c := range r.Collections {
				if c.Metric.Name != hm[i].Name || c.Metric.Unit != hm[i].Unit || c.Metric.Statistic != hm[i].Statistic {
					m.t.Errorf("collection %d is %+v, want %+v", i, c.Metric, hm[i])
				}
				got[name][names[i]] = val(c.Value)
			}
		}
	}
	return got
}

func v1Unit(name string) (types.Unit, types.Statistic) {
	switch name {
	case "OCCUPANCY", "SERVICE_LEVEL":
		return types.UnitPercent, types.StatisticAvg
	case "QUEUED_TIME":
		return types.UnitSeconds, types.StatisticMax
	case "HANDLE_TIME", "AFTER_CONTACT_WORK_TIME", "ABANDON_TIME", "QUEUE_ANSWER_TIME", "HOLD_TIME", "INTERACTION_TIME", "INTERACTION_AND_HOLD_TIME":
		return types.UnitSeconds, types.StatisticAvg
	}
	return types.UnitCount, types.StatisticSum
}

// v2 asks GetMetricDataV2 (NAME@X is a LT threshold, NAME@X= LTE).
func (m *metricsCenter) v2(from, to string, period types.IntervalPeriod, filters []types.FilterV2, groupings []string, names ...string) (rows, []types.MetricResultV2) {
	m.t.Helper()
	var ms []types.MetricV2
	for _, n := range names {
		name, th, _ := strings.Cut(n, "@")
		mv := types.MetricV2{Name: aws.String(name)}
		if th != "" {
			cmp := "LT"
			if strings.HasSuffix(th, "=") {
				cmp = "LTE"
			}
			var x float64
			fmt.Sscan(strings.TrimSuffix(th, "="), &x)
			mv.Threshold = []types.ThresholdV2{{Comparison: aws.String(cmp), ThresholdValue: aws.Float64(x)}}
		}
		ms = append(ms, mv)
	}
	got := rows{}
	var all []types.MetricResultV2
	p := connect.NewGetMetricDataV2Paginator(m.c, &connect.GetMetricDataV2Input{ResourceArn: aws.String(m.iidARN), StartTime: aws.Time(day9(from)), EndTime: aws.Time(day9(to)),
		Interval: &types.IntervalDetails{IntervalPeriod: period}, Filters: filters, Groupings: groupings, Metrics: ms, MaxResults: aws.Int32(2)})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx())
		if err != nil {
			m.t.Fatal(err)
		}
		for _, r := range out.MetricResults {
			all = append(all, r)
			var parts []string
			for _, g := range groupings {
				parts = append(parts, strings.ToLower(g)+"="+m.name(r.Dimensions[g]))
			}
			name := "{" + strings.Join(parts, ",") + "}@" + r.MetricInterval.StartTime.Format("15:04")
			got[name] = map[string]float64{}
			for i, c := range r.Collections {
				if *c.Metric.Name != names[i][:len(*c.Metric.Name)] {
					m.t.Errorf("collection %d is %s, want %s", i, *c.Metric.Name, names[i])
				}
				got[name][names[i]] = val(c.Value)
			}
		}
	}
	return got, all
}
