package sdk

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
)

// The example flow and test cases of `connect-local test`
// (internal/testcase/testdata) deployed to an instance: the flow's
// ARNs of the example instance are rewritten to the resources of the same
// names, and each test case's entry point to the created flow.
var exampleARN = regexp.MustCompile(`arn:aws:connect:us-east-1:111122223333:instance/example/(queue|operating-hours)/([A-Za-z]+)`)

type deployed struct {
	*center
	flowID string
	arns   map[string]string // type/name → ARN
}

func (d *deployed) rewrite(s string) string {
	return exampleARN.ReplaceAllStringFunc(s, func(m string) string {
		p := exampleARN.FindStringSubmatch(m)
		if a := d.arns[p[1]+"/"+p[2]]; a != "" {
			return a
		}
		d.t.Fatalf("no %s named %s", p[1], p[2])
		return ""
	})
}

func deployExample(t *testing.T, c *center) *deployed {
	t.Helper()
	d := &deployed{center: c, arns: map[string]string{}}
	allWeek := []types.HoursOfOperationConfig{}
	for _, day := range types.HoursOfOperationDays("").Values() {
		allWeek = append(allWeek, types.HoursOfOperationConfig{Day: day,
			StartTime: &types.HoursOfOperationTimeSlice{Hours: aws.Int32(0), Minutes: aws.Int32(0)},
			EndTime:   &types.HoursOfOperationTimeSlice{Hours: aws.Int32(0), Minutes: aws.Int32(0)}})
	}
	var hoursID string
	for _, name := range []string{"Main", "AlwaysOpen"} {
		h, err := c.c.CreateHoursOfOperation(ctx(), &connect.CreateHoursOfOperationInput{InstanceId: &c.iid, Name: aws.String(name),
			TimeZone: aws.String("UTC"), Config: allWeek})
		if err != nil {
			t.Fatal(err)
		}
		d.arns["operating-hours/"+name], hoursID = *h.HoursOfOperationArn, *h.HoursOfOperationId
	}
	for _, name := range []string{"Sales", "Support"} {
		q, err := c.c.CreateQueue(ctx(), &connect.CreateQueueInput{InstanceId: &c.iid, Name: aws.String(name), HoursOfOperationId: &hoursID})
		if err != nil {
			t.Fatal(err)
		}
		d.arns["queue/"+name] = *q.QueueArn
	}
	b, err := os.ReadFile(filepath.Join("..", "..", "internal", "testcase", "testdata", "flows", "inbound.json"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := c.c.CreateContactFlow(ctx(), &connect.CreateContactFlowInput{InstanceId: &c.iid, Name: aws.String("inbound"),
		Type: types.ContactFlowTypeContactFlow, Content: aws.String(d.rewrite(string(b)))})
	if err != nil {
		t.Fatal(err)
	}
	d.flowID = *f.ContactFlowId
	return d
}

// createCase creates a test case from a `connect-local test` file.
func (d *deployed) createCase(file string, tags map[string]string) string {
	d.t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "internal", "testcase", "testdata", "cases", file))
	if err != nil {
		d.t.Fatal(err)
	}
	var spec struct {
		Name, Content, InitializationData string
		EntryPoint                        struct {
			VoiceCallEntryPointParameters struct{ SourcePhoneNumber, DestinationPhoneNumber string }
		}
	}
	if err := json.Unmarshal(b, &spec); err != nil {
		d.t.Fatal(err)
	}
	in := &connect.CreateTestCaseInput{InstanceId: &d.iid, Name: &spec.Name, Content: aws.String(d.rewrite(spec.Content)), Tags: tags,
		EntryPoint: &types.TestCaseEntryPoint{Type: types.TestCaseEntryPointTypeVoiceCall,
			VoiceCallEntryPointParameters: &types.VoiceCallEntryPointParameters{FlowId: &d.flowID,
				SourcePhoneNumber:      &spec.EntryPoint.VoiceCallEntryPointParameters.SourcePhoneNumber,
				DestinationPhoneNumber: &spec.EntryPoint.VoiceCallEntryPointParameters.DestinationPhoneNumber}}}
	if spec.InitializationData != "" {
		in.InitializationData = &spec.InitializationData
	}
	out, err := d.c.CreateTestCase(ctx(), in)
	if err != nil {
		d.t.Fatal(err)
	}
	return *out.TestCaseId
}

// run starts an execution and polls its summary until it ends (the run
// takes no server time: it is on its own virtual timeline).
func (d *deployed) run(tcID string) (string, *connect.GetTestCaseExecutionSummaryOutput) {
	d.t.Helper()
	st, err := d.c.StartTestCaseExecution(ctx(), &connect.StartTestCaseExecutionInput{InstanceId: &d.iid, TestCaseId: &tcID})
	if err != nil {
		d.t.Fatal(err)
	}
	if st.Status != types.TestCaseExecutionStatusInitiated || *st.TestCaseId != tcID {
		d.t.Fatalf("start: %+v", st)
	}
	for i := 0; i < 500; i++ {
		sum, err := d.c.GetTestCaseExecutionSummary(ctx(), &connect.GetTestCaseExecutionSummaryInput{InstanceId: &d.iid, TestCaseId: &tcID,
			TestCaseExecutionId: st.TestCaseExecutionId})
		if err != nil {
			d.t.Fatal(err)
		}
		if sum.Status != types.TestCaseExecutionStatusInProgress {
			return *st.TestCaseExecutionId, sum
		}
		time.Sleep(10 * time.Millisecond)
	}
	d.t.Fatal("the execution never ended")
	return "", nil
}

func (d *deployed) records(tcID, execID string, status types.TestCaseExecutionStatus) map[string]types.ExecutionRecord {
	d.t.Helper()
	out := map[string]types.ExecutionRecord{}
	in := &connect.ListTestCaseExecutionRecordsInput{InstanceId: &d.iid, TestCaseId: &tcID, TestCaseExecutionId: &execID,
		Status: status, MaxResults: aws.Int32(2)}
	for {
		page, err := d.c.ListTestCaseExecutionRecords(ctx(), in)
		if err != nil {
			d.t.Fatal(err)
		}
		for _, r := range page.ExecutionRecords {
			out[*r.ObservationId] = r
		}
		if page.NextToken == nil {
			return out
		}
		in.NextToken = page.NextToken
	}
}

func TestTestCasesRunTheExamplesOnTheInstance(t *testing.T) {
	c := newCenter(t, "testcases")
	d := deployExample(t, c)
	before := c.e.clock.Now()

	want := map[string]struct {
		status         types.TestCaseExecutionStatus
		passed, failed int32
	}{
		"docs-example.json":     {types.TestCaseExecutionStatusPassed, 3, 0},
		"closed.json":           {types.TestCaseExecutionStatusPassed, 3, 0},
		"lambda-gold-full.json": {types.TestCaseExecutionStatusPassed, 4, 0},
		"menu-timeout.json":     {types.TestCaseExecutionStatusFailed, 1, 1},
	}
	ids := map[string]string{}
	for file, w := range want {
		id := d.createCase(file, map[string]string{"suite": "example"})
		ids[file] = id
		execID, sum := d.run(id)
		o := sum.ObservationSummary
		if sum.Status != w.status || *o.ObservationsPassed != w.passed || *o.ObservationsFailed != w.failed || *o.TotalObservations != w.passed+w.failed {
			recs, _ := json.Marshal(d.records(id, execID, ""))
			t.Errorf("%s: %s %d passed %d failed, want %s %d %d; records %s", file, sum.Status, *o.ObservationsPassed, *o.ObservationsFailed,
				w.status, w.passed, w.failed, recs)
		}
		if sum.StartTime == nil || !sum.StartTime.Equal(before) {
			t.Errorf("%s: start %v, want the server's now %v", file, sum.StartTime, before)
		}
		if file == "menu-timeout.json" {
			// The 5-second input timeout passed on the execution's own timeline.
			if got := sum.EndTime.Sub(*sum.StartTime); got != 5*time.Second {
				t.Errorf("virtual duration %v, want 5s", got)
			}
			failed := d.records(id, execID, types.TestCaseExecutionStatusFailed)
			bye, ok := failed["Bye"]
			if len(failed) != 1 || !ok || !strings.Contains(*bye.Record, "$.Attributes.tier Exists") ||
				!bye.Timestamp.Equal(before.Add(5*time.Second)) {
				t.Errorf("failed records %+v", failed)
			}
			if all := d.records(id, execID, ""); len(all) != 2 || all["Menu"].Status != "PASSED" {
				t.Errorf("records %+v", all)
			}
		}
		if file == "closed.json" {
			var rec map[string]any
			_ = json.Unmarshal([]byte(*d.records(id, execID, "")["Done"].Record), &rec)
			if rec["LoggedData"].(map[string]any)["caller"] != "+15550100" {
				t.Errorf("LogData record %v", rec)
			}
		}
	}
	if !c.e.clock.Now().Equal(before) {
		t.Errorf("the executions moved the server clock: %v → %v", before, c.e.clock.Now())
	}

	// Executions list, filtered by status and test case.
	ex, err := c.c.ListTestCaseExecutions(ctx(), &connect.ListTestCaseExecutionsInput{InstanceId: &c.iid, Status: types.TestCaseExecutionStatusFailed})
	if err != nil || len(ex.TestCaseExecutions) != 1 || *ex.TestCaseExecutions[0].TestCaseId != ids["menu-timeout.json"] {
		t.Fatalf("failed executions %+v %v", ex, err)
	}
	ex, err = c.c.ListTestCaseExecutions(ctx(), &connect.ListTestCaseExecutionsInput{InstanceId: &c.iid, TestCaseId: aws.String(ids["closed.json"])})
	if err != nil || len(ex.TestCaseExecutions) != 1 || ex.TestCaseExecutions[0].TestCaseExecutionStatus != types.TestCaseExecutionStatusPassed {
		t.Fatalf("executions of closed %+v %v", ex, err)
	}
	// A finished execution cannot be stopped.
	_, err = c.c.StopTestCaseExecution(ctx(), &connect.StopTestCaseExecutionInput{InstanceId: &c.iid, TestCaseId: aws.String(ids["closed.json"]),
		TestCaseExecutionId: ex.TestCaseExecutions[0].TestCaseExecutionId})
	var ire *types.InvalidRequestException
	if !errors.As(err, &ire) {
		t.Errorf("stop a finished execution: %v", err)
	}

	// The flow's hours really are consulted: closed Main hours and no override → the closed message.
	if _, err := c.c.UpdateHoursOfOperation(ctx(), &connect.UpdateHoursOfOperationInput{InstanceId: &c.iid,
		HoursOfOperationId: aws.String(lastSegment(d.arns["operating-hours/Main"])), Config: []types.HoursOfOperationConfig{}}); err != nil {
		t.Fatal(err)
	}
	closedCase := `{"Version":"2025-06-21","Observations":[{"Identifier":"Closed","Event":{"Type":"MessageReceived","Properties":{"Text":"We are closed"}}}]}`
	out, err := c.c.CreateTestCase(ctx(), &connect.CreateTestCaseInput{InstanceId: &c.iid, Name: aws.String("really closed"), Content: &closedCase,
		EntryPoint: &types.TestCaseEntryPoint{Type: types.TestCaseEntryPointTypeChat, ChatEntryPointParameters: &types.ChatEntryPointParameters{FlowId: &d.flowID}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, sum := d.run(*out.TestCaseId); sum.Status != types.TestCaseExecutionStatusPassed {
		t.Errorf("closed hours: %s", sum.Status)
	}
}

func lastSegment(arn string) string { return arn[strings.LastIndex(arn, "/")+1:] }

func TestTestCaseRecords(t *testing.T) {
	c := newCenter(t, "testcase-crud")
	d := deployExample(t, c)
	id := d.createCase("docs-example.json", map[string]string{"team": "ivr"})

	got, err := c.c.DescribeTestCase(ctx(), &connect.DescribeTestCaseInput{InstanceId: &c.iid, TestCaseId: &id})
	if err != nil {
		t.Fatal(err)
	}
	tc := got.TestCase
	if *tc.Name != "Welcome and sales queue" || tc.Status != types.TestCaseStatusPublished || tc.Tags["team"] != "ivr" ||
		*tc.EntryPoint.VoiceCallEntryPointParameters.FlowId != d.flowID || len(*tc.TestCaseSha256) != 64 || !strings.Contains(*tc.Arn, "/test-case/"+id) {
		t.Fatalf("describe %+v", tc)
	}
	// By ARN too.
	if _, err := c.c.DescribeTestCase(ctx(), &connect.DescribeTestCaseInput{InstanceId: &c.iid, TestCaseId: tc.Arn}); err != nil {
		t.Fatal(err)
	}

	// Invalid content: InvalidTestCaseException with its problems; SAVED content is not checked.
	_, err = c.c.CreateTestCase(ctx(), &connect.CreateTestCaseInput{InstanceId: &c.iid, Name: aws.String("bad"), Content: aws.String(`{"Version":"1"}`)})
	var ite *types.InvalidTestCaseException
	if !errors.As(err, &ite) || len(ite.Problems) != 2 {
		t.Fatalf("invalid content: %v", err)
	}
	saved, err := c.c.CreateTestCase(ctx(), &connect.CreateTestCaseInput{InstanceId: &c.iid, Name: aws.String("draft"), Content: aws.String(`{"Version":"1"}`),
		Status: types.TestCaseStatusSaved})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.c.StartTestCaseExecution(ctx(), &connect.StartTestCaseExecutionInput{InstanceId: &c.iid, TestCaseId: saved.TestCaseId})
	var ire *types.InvalidRequestException
	if !errors.As(err, &ire) {
		t.Fatalf("starting a SAVED test case: %v", err)
	}
	var dup *types.DuplicateResourceException
	if _, err := c.c.CreateTestCase(ctx(), &connect.CreateTestCaseInput{InstanceId: &c.iid, Name: aws.String("DRAFT"), Content: aws.String("{}"),
		Status: types.TestCaseStatusSaved}); !errors.As(err, &dup) {
		t.Fatalf("duplicate name: %v", err)
	}

	// Update, list, search (name, status, tags), tag through TagResource.
	if _, err := c.c.UpdateTestCase(ctx(), &connect.UpdateTestCaseInput{InstanceId: &c.iid, TestCaseId: saved.TestCaseId,
		Description: aws.String("work in progress")}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.c.UpdateTestCase(ctx(), &connect.UpdateTestCaseInput{InstanceId: &c.iid, TestCaseId: saved.TestCaseId,
		Status: types.TestCaseStatusPublished}); !errors.As(err, &ite) {
		t.Fatalf("publishing invalid content: %v", err)
	}
	if _, err := c.c.TagResource(ctx(), &connect.TagResourceInput{ResourceArn: saved.TestCaseArn, Tags: map[string]string{"team": "drafts"}}); err != nil {
		t.Fatal(err)
	}
	l, err := c.c.ListTestCases(ctx(), &connect.ListTestCasesInput{InstanceId: &c.iid})
	if err != nil || len(l.TestCaseSummaryList) != 2 {
		t.Fatalf("list %+v %v", l, err)
	}
	search := func(crit *types.TestCaseSearchCriteria, filter *types.TestCaseSearchFilter) []string {
		t.Helper()
		out, err := c.c.SearchTestCases(ctx(), &connect.SearchTestCasesInput{InstanceId: &c.iid, SearchCriteria: crit, SearchFilter: filter})
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, tc := range out.TestCases {
			names = append(names, *tc.Name)
		}
		sort.Strings(names)
		return names
	}
	if got := search(&types.TestCaseSearchCriteria{StatusCondition: types.TestCaseStatusSaved}, nil); len(got) != 1 || got[0] != "draft" {
		t.Errorf("status search %v", got)
	}
	if got := search(&types.TestCaseSearchCriteria{StringCondition: &types.StringCondition{FieldName: aws.String("name"), Value: aws.String("sales"),
		ComparisonType: types.StringComparisonTypeContains}}, nil); len(got) != 1 || got[0] != "Welcome and sales queue" {
		t.Errorf("name search %v", got)
	}
	if got := search(nil, &types.TestCaseSearchFilter{TagFilter: &types.ControlPlaneTagFilter{AndConditions: []types.TagCondition{
		{TagKey: aws.String("team"), TagValue: aws.String("drafts")}}}}); len(got) != 1 || got[0] != "draft" {
		t.Errorf("tag search %v", got)
	}

	// ClientToken: the same token returns the same execution.
	a, err := c.c.StartTestCaseExecution(ctx(), &connect.StartTestCaseExecutionInput{InstanceId: &c.iid, TestCaseId: &id, ClientToken: aws.String("tok")})
	if err != nil {
		t.Fatal(err)
	}
	b, err := c.c.StartTestCaseExecution(ctx(), &connect.StartTestCaseExecutionInput{InstanceId: &c.iid, TestCaseId: &id, ClientToken: aws.String("tok")})
	if err != nil || *a.TestCaseExecutionId != *b.TestCaseExecutionId {
		t.Fatalf("client token: %v %v %v", a.TestCaseExecutionId, b, err)
	}

	// Delete takes the executions with it.
	if _, err := c.c.DeleteTestCase(ctx(), &connect.DeleteTestCaseInput{InstanceId: &c.iid, TestCaseId: &id}); err != nil {
		t.Fatal(err)
	}
	var nf *types.ResourceNotFoundException
	if _, err := c.c.GetTestCaseExecutionSummary(ctx(), &connect.GetTestCaseExecutionSummaryInput{InstanceId: &c.iid, TestCaseId: &id,
		TestCaseExecutionId: a.TestCaseExecutionId}); !errors.As(err, &nf) {
		t.Fatalf("summary after delete: %v", err)
	}
	if _, err := c.c.DescribeTestCase(ctx(), &connect.DescribeTestCaseInput{InstanceId: &c.iid, TestCaseId: &id}); !errors.As(err, &nf) {
		t.Fatalf("describe after delete: %v", err)
	}
}
