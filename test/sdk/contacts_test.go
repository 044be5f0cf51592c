package sdk

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awscreds "github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"

	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/server"
)

func TestQuickConnectStartsATaskInItsQueue(t *testing.T) {
	c := newCenter(t, "quick")
	hid := newHours(t, c.c, c.iid, "QC hours")
	qid := newQueue(t, c.c, c.iid, hid, "Escalations")
	out, err := c.c.CreateQuickConnect(ctx(), &connect.CreateQuickConnectInput{InstanceId: &c.iid, Name: aws.String("Escalate"),
		QuickConnectConfig: &types.QuickConnectConfig{QuickConnectType: types.QuickConnectTypeQueue,
			QueueConfig: &types.QueueQuickConnectConfig{QueueId: &qid, ContactFlowId: &c.basicFlow}}})
	if err != nil {
		t.Fatal(err)
	}
	d, err := c.c.DescribeQuickConnect(ctx(), &connect.DescribeQuickConnectInput{InstanceId: &c.iid, QuickConnectId: out.QuickConnectId})
	if err != nil || *d.QuickConnect.QuickConnectConfig.QueueConfig.QueueId != qid || *d.QuickConnect.Name != "Escalate" {
		t.Fatalf("DescribeQuickConnect: %+v %v", d, err)
	}
	l, err := c.c.ListQuickConnects(ctx(), &connect.ListQuickConnectsInput{InstanceId: &c.iid, QuickConnectTypes: []types.QuickConnectType{types.QuickConnectTypeQueue}})
	if err != nil || len(l.QuickConnectSummaryList) != 1 {
		t.Fatalf("ListQuickConnects: %+v %v", l, err)
	}
	task, err := c.c.StartTaskContact(ctx(), &connect.StartTaskContactInput{InstanceId: &c.iid, QuickConnectId: out.QuickConnectId, Name: aws.String("escalated")})
	if err != nil {
		t.Fatal(err)
	}
	if dc := c.describe(*task.ContactId); dc.QueueInfo == nil || *dc.QueueInfo.Id != qid {
		t.Fatalf("task not in the quick connect's queue: %+v", dc.QueueInfo)
	}
	_, err = c.c.CreateQuickConnect(ctx(), &connect.CreateQuickConnectInput{InstanceId: &c.iid, Name: aws.String("Bad"),
		QuickConnectConfig: &types.QuickConnectConfig{QuickConnectType: types.QuickConnectTypeQueue,
			QueueConfig: &types.QueueQuickConnectConfig{QueueId: aws.String("nope"), ContactFlowId: &c.basicFlow}}})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	_, err = c.c.StartTaskContact(ctx(), &connect.StartTaskContactInput{InstanceId: &c.iid, QuickConnectId: aws.String("nope"), Name: aws.String("x")})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
}

func TestContactDataOperations(t *testing.T) {
	c := newCenter(t, "contactdata")
	out, err := c.c.StartTaskContact(ctx(), &connect.StartTaskContactInput{InstanceId: &c.iid, ContactFlowId: &c.basicFlow, Name: aws.String("t"),
		Attributes: map[string]string{"tier": "gold"}, References: map[string]types.Reference{"doc": {Type: types.ReferenceTypeUrl, Value: aws.String("https://example.com")}}})
	if err != nil {
		t.Fatal(err)
	}
	cid := *out.ContactId
	if _, err := c.c.UpdateContactAttributes(ctx(), &connect.UpdateContactAttributesInput{InstanceId: &c.iid, InitialContactId: &cid, Attributes: map[string]string{"reason": "refund"}}); err != nil {
		t.Fatal(err)
	}
	ga, err := c.c.GetContactAttributes(ctx(), &connect.GetContactAttributesInput{InstanceId: &c.iid, InitialContactId: &cid})
	if err != nil || ga.Attributes["tier"] != "gold" || ga.Attributes["reason"] != "refund" {
		t.Fatalf("attributes %v %v", ga, err)
	}
	big := map[string]string{"blob": strings.Repeat("x", 33*1024)}
	_, err = c.c.UpdateContactAttributes(ctx(), &connect.UpdateContactAttributesInput{InstanceId: &c.iid, InitialContactId: &cid, Attributes: big})
	wantAPIError(t, err, "InvalidParameterException", 400)
	if _, err := c.c.UpdateContact(ctx(), &connect.UpdateContactInput{InstanceId: &c.iid, ContactId: &cid, Name: aws.String("renamed"), Description: aws.String("d")}); err != nil {
		t.Fatal(err)
	}
	if d := c.describe(cid); *d.Name != "renamed" || *d.Description != "d" {
		t.Fatalf("UpdateContact: %+v", d)
	}
	// UpdateContactSchedule only applies to scheduled tasks.
	at := c.e.clock.Now().Add(2 * time.Hour)
	_, err = c.c.UpdateContactSchedule(ctx(), &connect.UpdateContactScheduleInput{InstanceId: &c.iid, ContactId: &cid, ScheduledTime: &at})
	wantAPIError(t, err, "InvalidRequestException", 400)
	first := c.e.clock.Now().Add(time.Hour)
	st, err := c.c.StartTaskContact(ctx(), &connect.StartTaskContactInput{InstanceId: &c.iid, ContactFlowId: &c.basicFlow, Name: aws.String("later"), ScheduledTime: &first})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.c.UpdateContactSchedule(ctx(), &connect.UpdateContactScheduleInput{InstanceId: &c.iid, ContactId: st.ContactId, ScheduledTime: &at}); err != nil {
		t.Fatal(err)
	}
	c.advance(time.Hour + time.Minute)
	if d := c.describe(*st.ContactId); d.QueueInfo != nil || !d.ScheduledTimestamp.Equal(at) {
		t.Fatalf("rescheduled task started at its old time: %+v", d)
	}
	c.advance(time.Hour)
	if d := c.describe(*st.ContactId); d.QueueInfo == nil {
		t.Fatal("rescheduled task did not start")
	}
	_, err = c.c.GetContactAttributes(ctx(), &connect.GetContactAttributesInput{InstanceId: &c.iid, InitialContactId: aws.String("nope")})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
}

func TestTransferKeepsTheSegmentChain(t *testing.T) {
	c := newCenter(t, "transfer")
	ann := c.agent("ann", true, 0)
	c.setAvailable(ann)
	first := c.task("t", c.basicFlow)
	hid := newHours(t, c.c, c.iid, "T hours")
	q2 := newQueue(t, c.c, c.iid, hid, "Tier2")
	tr, err := c.c.TransferContact(ctx(), &connect.TransferContactInput{InstanceId: &c.iid, ContactId: &first, QueueId: &q2, ContactFlowId: &c.basicFlow})
	if err != nil {
		t.Fatal(err)
	}
	second := *tr.ContactId
	tr2, err := c.c.TransferContact(ctx(), &connect.TransferContactInput{InstanceId: &c.iid, ContactId: &second, UserId: &ann, ContactFlowId: &c.basicFlow})
	if err != nil {
		t.Fatal(err)
	}
	third := c.describe(*tr2.ContactId)
	if *third.PreviousContactId != second || *third.InitialContactId != first || third.InitiationMethod != types.ContactInitiationMethodTransfer {
		t.Fatalf("chain: %+v", third)
	}
	if d := c.describe(second); *d.PreviousContactId != first || *d.InitialContactId != first || d.DisconnectTimestamp == nil || *d.QueueInfo.Id != q2 {
		t.Fatalf("second segment: %+v", d)
	}
	if third.AgentInfo == nil || *third.AgentInfo.Id != ann {
		t.Fatalf("the transfer to ann's agent queue did not reach her: %+v", third.AgentInfo)
	}
}

func TestLocalClockEndpoints(t *testing.T) {
	c := newCenter(t, "clock")
	var got struct {
		Mode         string
		EpochSeconds float64
	}
	if code := c.local("GET", "/_local/clock", "", &got); code != 200 || got.Mode != "virtual" || got.EpochSeconds != float64(T0.Unix()) {
		t.Fatalf("GET clock: %d %+v", code, got)
	}
	if code := c.local("POST", "/_local/clock/advance", `{"Seconds": 90.5}`, &got); code != 200 || got.EpochSeconds != float64(T0.Unix())+90.5 {
		t.Fatalf("advance: %d %+v", code, got)
	}
	for _, bad := range []string{`{"Seconds": -1}`, `{}`, `not json`} {
		if code := c.local("POST", "/_local/clock/advance", bad, nil); code != 400 {
			t.Fatalf("advance %s: %d", bad, code)
		}
	}
	if code := c.local("POST", "/_local/instances/"+c.iid+"/contacts/nope/end-customer", "", nil); code != 404 {
		t.Fatalf("unknown contact: %d", code)
	}
	if code := c.local("POST", "/_local/instances/"+c.iid+"/agents/nope/contacts/nope/accept", "", nil); code != 404 {
		t.Fatalf("unknown agent: %d", code)
	}
	if code := c.local("GET", "/_local/nothing", "", nil); code != 404 {
		t.Fatalf("unknown local endpoint: %d", code)
	}
}

// Contacts, agent states and running timers survive a restart on the same
// data dir: a queued contact's step still expires on time afterwards.
func TestEngineStateSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	start := func(at time.Time) (*server.Server, *httptest.Server, *clock.Virtual, *connect.Client) {
		vc := clock.NewVirtual(at)
		srv, err := server.New(server.Options{DataDir: dir, Clock: vc})
		if err != nil {
			t.Fatal(err)
		}
		hs := httptest.NewServer(srv.Handler())
		return srv, hs, vc, connect.New(connect.Options{Region: "us-east-1", BaseEndpoint: aws.String(hs.URL), RetryMaxAttempts: 1,
			Credentials: awscreds.NewStaticCredentialsProvider("111111111111", "secret", "")})
	}
	srv, hs, _, cl := start(T0)
	e := &env{t: t, srv: srv, http: hs, client: cl}
	f := newUserFixture(t, e, "restart")
	c := &center{userFixture: f, t: t}
	c.basicFlow = c.flowID("Basic routing flow")
	sts, _ := cl.ListAgentStatuses(ctx(), &connect.ListAgentStatusesInput{InstanceId: &f.iid})
	for _, s := range sts.AgentStatusSummaryList {
		if *s.Name == "Available" {
			c.available = *s.Id
		}
	}
	if _, err := cl.CreatePredefinedAttribute(ctx(), &connect.CreatePredefinedAttributeInput{InstanceId: &f.iid, Name: aws.String("Lang"),
		Values: &types.PredefinedAttributeValuesMemberStringList{Value: []string{"fr"}}}); err != nil {
		t.Fatal(err)
	}
	bob := c.agent("bob", true, 0)
	c.setAvailable(bob)
	cid := c.task("waits", c.basicFlow) // bob takes it at once
	steps := &types.RoutingCriteriaInput{Steps: []types.RoutingCriteriaInputStep{{Expiry: &types.RoutingCriteriaInputStepExpiry{DurationInSeconds: aws.Int32(30)},
		Expression: &types.Expression{AttributeCondition: &types.AttributeCondition{Name: aws.String("Lang"), Value: aws.String("fr"),
			ProficiencyLevel: aws.Float32(5), ComparisonOperator: aws.String("NumberGreaterOrEqualTo")}}}}}
	c.task("second", c.basicFlow)         // bob (TASK concurrency 2) takes this too...
	third := c.task("third", c.basicFlow) // ...but not a third
	if _, err := cl.UpdateContactRoutingData(ctx(), &connect.UpdateContactRoutingDataInput{InstanceId: &f.iid, ContactId: &third, RoutingCriteria: steps}); err != nil {
		t.Fatal(err)
	}
	hs.Close()
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}

	srv, hs, vc, cl := start(T0.Add(10 * time.Second))
	defer func() { hs.Close(); srv.Close() }()
	c.c, c.e = cl, &env{t: t, srv: srv, http: hs, client: cl, clock: vc}
	if d := c.describe(cid); d.AgentInfo == nil || *d.AgentInfo.Id != bob {
		t.Fatalf("connected contact lost its agent: %+v", d.AgentInfo)
	}
	if got := c.agentContacts(bob); len(got) != 2 {
		t.Fatalf("bob's connections after restart: %v", got)
	}
	// bob finishes one task; the French step still blocks him until it
	// expires 30 s after it was set (20 s from now).
	c.act(bob, cid, "hang-up")
	c.act(bob, cid, "clear-acw")
	vc.Advance(19 * time.Second)
	if d := c.describe(third); d.AgentInfo != nil {
		t.Fatal("step did not survive the restart")
	}
	vc.Advance(time.Second)
	d := c.describe(third)
	if d.AgentInfo == nil || *d.AgentInfo.Id != bob || d.RoutingCriteria.Steps[0].Status != types.RoutingCriteriaStepStatusExpired {
		b, _ := json.Marshal(d)
		t.Fatalf("after expiry: %s", b)
	}
}

func TestOutboundCustomerMayNotAnswer(t *testing.T) {
	c := newCenter(t, "outbound")
	ann := c.agent("ann", true, 0)
	c.setAvailable(ann)
	call := func() string {
		out, err := c.c.StartOutboundVoiceContact(ctx(), &connect.StartOutboundVoiceContactInput{InstanceId: &c.iid, ContactFlowId: &c.basicFlow,
			DestinationPhoneNumber: aws.String("+12065550100"), QueueId: &c.basicQueue, Name: aws.String("callback"), Description: aws.String("d")})
		if err != nil {
			t.Fatal(err)
		}
		return *out.ContactId
	}
	answered := c.describe(call())
	if answered.AgentInfo == nil || *answered.AgentInfo.Id != ann || *answered.Name != "callback" || answered.Channel != types.ChannelVoice {
		t.Fatalf("answered call: %+v", answered)
	}
	if code := c.local("PUT", "/_local/instances/"+c.iid+"/outbound-answer", `{"CustomerAnswers": false}`, nil); code != 200 {
		t.Fatalf("outbound-answer: %d", code)
	}
	missed := c.describe(call())
	if missed.DisconnectTimestamp == nil || missed.QueueInfo != nil || *missed.DisconnectReason != "OUTBOUND_ATTEMPT_FAILED" {
		t.Fatalf("unanswered call: %+v", missed)
	}
	if code := c.local("PUT", "/_local/instances/"+c.iid+"/outbound-answer", `{}`, nil); code != 400 {
		t.Fatalf("bad body: %d", code)
	}
}

// POST /_local/clock/advance with {"To": ...} jumps to an absolute time;
// it never moves the clock back, and takes exactly one of Seconds and To.
func TestLocalClockAdvanceTo(t *testing.T) {
	c := newCenter(t, "clock-to")
	call := func(body string) (int, string, string) {
		t.Helper()
		req, _ := http.NewRequest("POST", c.e.http.URL+"/_local/clock/advance", strings.NewReader(body))
		signReq(t, req, body, c.scope.Account, "secret", c.scope.Region)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header.Get("X-Amzn-ErrorType"), string(b)
	}
	to := T0.Add(7*time.Hour + 30*time.Minute)
	code, _, body := call(`{"To": "` + to.In(time.FixedZone("CET", 3600)).Format(time.RFC3339) + `"}`)
	if code != 200 || !strings.Contains(body, `"Now":"`+to.Format(time.RFC3339Nano)+`"`) {
		t.Fatalf("advance to %v: %d %s", to, code, body)
	}
	if code, _, body := call(`{"To": "` + to.Format(time.RFC3339) + `"}`); code != 200 || !strings.Contains(body, to.Format(time.RFC3339Nano)) {
		t.Fatalf("advance to now: %d %s", code, body)
	}
	for _, c := range []struct{ body, want string }{
		{`{"To": "` + to.Add(-time.Second).Format(time.RFC3339) + `"}`, "is before the clock's time " + to.Format(time.RFC3339Nano) + ": the clock only moves forward"},
		{`{"To": "tomorrow"}`, "is not an RFC 3339 time"},
		{`{"To": "` + to.Format(time.RFC3339) + `", "Seconds": 1}`, "exactly one of them"},
		{`{}`, "exactly one of them"},
	} {
		code, typ, body := call(c.body)
		if code != 400 || typ != "InvalidParameterException" || !strings.Contains(body, c.want) {
			t.Errorf("advance %s: %d %s %s, want 400 InvalidParameterException with %q", c.body, code, typ, body, c.want)
		}
	}
	var got struct{ Now string }
	if code := c.local("GET", "/_local/clock", "", &got); code != 200 || got.Now != to.Format(time.RFC3339Nano) {
		t.Fatalf("after refused advances the clock reads %s (%d), want %s", got.Now, code, to.Format(time.RFC3339Nano))
	}
}

// StartTaskContact without a flow names every way AWS accepts to give one,
// TaskTemplateId included; an unknown template is not found.
func TestStartTaskContactNeedsAFlow(t *testing.T) {
	c := newCenter(t, "taskflow")
	_, err := c.c.StartTaskContact(ctx(), &connect.StartTaskContactInput{InstanceId: &c.iid, Name: aws.String("t")})
	if msg := wantAPIError(t, err, "InvalidParameterException", 400); msg != "One of ContactFlowId, QuickConnectId or TaskTemplateId must be provided." {
		t.Fatalf("no flow: %q", msg)
	}
	_, err = c.c.StartTaskContact(ctx(), &connect.StartTaskContactInput{InstanceId: &c.iid, Name: aws.String("t"), TaskTemplateId: aws.String("tt-1")})
	if msg := wantAPIError(t, err, "ResourceNotFoundException", 404); !strings.Contains(msg, "tt-1") {
		t.Fatalf("unknown template: %q", msg)
	}
}
