package sdk

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"

	"github.com/connect-local/connect-local/internal/flow"
)

// routingFlow sets a working queue, two routing-criteria steps and a
// priority, then transfers to the queue.
func routingFlow(queueARN string) string {
	return `{"Version":"2019-10-30","StartAction":"set-queue","Metadata":{"entryPointPosition":{"x":0,"y":0}},"Actions":[
	{"Identifier":"set-queue","Type":"UpdateContactTargetQueue","Parameters":{"QueueId":"` + queueARN + `"},
	 "Transitions":{"NextAction":"criteria","Errors":[{"ErrorType":"NoMatchingError","NextAction":"bye"}]}},
	{"Identifier":"criteria","Type":"UpdateRoutingCriteria","Parameters":{"RoutingCriteria":{"Steps":[
	  {"Expiry":{"DurationInSeconds":30},"Expression":{"AttributeCondition":{"Name":"Technology","Value":"DynamoDB","ProficiencyLevel":4,"ComparisonOperator":"NumberGreaterOrEqualTo"}}},
	  {"Expression":{"AttributeCondition":{"Name":"Technology","Value":"DynamoDB","ProficiencyLevel":1,"ComparisonOperator":"NumberGreaterOrEqualTo"}}}]}},
	 "Transitions":{"NextAction":"priority","Errors":[{"ErrorType":"NoMatchingError","NextAction":"bye"}]}},
	{"Identifier":"priority","Type":"UpdateContactRoutingBehavior","Parameters":{"QueuePriority":"2"},"Transitions":{"NextAction":"transfer"}},
	{"Identifier":"transfer","Type":"TransferContactToQueue","Parameters":{},
	 "Transitions":{"NextAction":"bye","Errors":[{"ErrorType":"QueueAtCapacity","NextAction":"bye"},{"ErrorType":"NoMatchingError","NextAction":"bye"}]}},
	{"Identifier":"bye","Type":"DisconnectParticipant","Parameters":{},"Transitions":{}}]}`
}

func sha(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func TestContactFlowLifecycle(t *testing.T) {
	e := newEnv(t)
	c := e.client
	iid := newInstance(t, c, "flows")
	hid := newHours(t, c, iid, "Office")
	qid := newQueue(t, c, iid, hid, "Support")
	qARN := fmt.Sprintf("arn:aws:connect:us-east-1:111111111111:instance/%s/queue/%s", iid, qid)
	content := routingFlow(qARN)

	out, err := c.CreateContactFlow(ctx(), &connect.CreateContactFlowInput{
		InstanceId: &iid, Name: aws.String("Route by skill"), Type: types.ContactFlowTypeContactFlow,
		Description: aws.String("two steps"), Content: &content, Tags: map[string]string{"team": "blue"},
	})
	if err != nil {
		t.Fatal(err)
	}
	fid := *out.ContactFlowId
	wantARN := fmt.Sprintf("arn:aws:connect:us-east-1:111111111111:instance/%s/contact-flow/%s", iid, fid)
	if *out.ContactFlowArn != wantARN || *out.FlowContentSha256 != sha(content) {
		t.Fatalf("CreateContactFlow = %s %s", *out.ContactFlowArn, *out.FlowContentSha256)
	}

	for _, id := range []string{fid, wantARN, fid + ":$SAVED"} {
		d, err := c.DescribeContactFlow(ctx(), &connect.DescribeContactFlowInput{InstanceId: &iid, ContactFlowId: aws.String(id)})
		if err != nil {
			t.Fatalf("DescribeContactFlow(%s): %v", id, err)
		}
		f := d.ContactFlow
		if *f.Id != fid || *f.Arn != wantARN || *f.Name != "Route by skill" || f.Type != types.ContactFlowTypeContactFlow ||
			f.State != types.ContactFlowStateActive || f.Status != types.ContactFlowStatusPublished || *f.Description != "two steps" ||
			*f.Content != content || f.Tags["team"] != "blue" || !f.LastModifiedTime.Equal(T0) || *f.LastModifiedRegion != "us-east-1" {
			t.Fatalf("DescribeContactFlow(%s) = %+v", id, f)
		}
	}

	// Names are unique per instance, whatever the case.
	_, err = c.CreateContactFlow(ctx(), &connect.CreateContactFlowInput{InstanceId: &iid, Name: aws.String("ROUTE BY SKILL"),
		Type: types.ContactFlowTypeContactFlow, Content: &content})
	wantAPIError(t, err, "DuplicateResourceException", 409)

	e.clock.Advance(60e9)
	newContent := strings.Replace(content, `"QueuePriority":"2"`, `"QueueTimeAdjustmentSeconds":300`, 1)
	if _, err := c.UpdateContactFlowContent(ctx(), &connect.UpdateContactFlowContentInput{InstanceId: &iid, ContactFlowId: &fid, Content: &newContent}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.UpdateContactFlowName(ctx(), &connect.UpdateContactFlowNameInput{InstanceId: &iid, ContactFlowId: &fid, Name: aws.String("Skills")}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.UpdateContactFlowMetadata(ctx(), &connect.UpdateContactFlowMetadataInput{InstanceId: &iid, ContactFlowId: &fid,
		ContactFlowState: types.ContactFlowStateArchived}); err != nil {
		t.Fatal(err)
	}
	d, err := c.DescribeContactFlow(ctx(), &connect.DescribeContactFlowInput{InstanceId: &iid, ContactFlowId: &fid})
	if err != nil {
		t.Fatal(err)
	}
	if f := d.ContactFlow; *f.Content != newContent || *f.Name != "Skills" || *f.Description != "two steps" ||
		f.State != types.ContactFlowStateArchived || !f.LastModifiedTime.Equal(T0.Add(60e9)) || *f.FlowContentSha256 != sha(newContent) {
		t.Fatalf("after updates: %+v", f)
	}
	// Renaming onto a default flow's name clashes.
	_, err = c.UpdateContactFlowName(ctx(), &connect.UpdateContactFlowNameInput{InstanceId: &iid, ContactFlowId: &fid, Name: aws.String("basic routing flow")})
	wantAPIError(t, err, "DuplicateResourceException", 409)
	_, err = c.UpdateContactFlowName(ctx(), &connect.UpdateContactFlowNameInput{InstanceId: &iid, ContactFlowId: &fid})
	wantAPIError(t, err, "InvalidParameterException", 400)

	if _, err := c.DeleteContactFlow(ctx(), &connect.DeleteContactFlowInput{InstanceId: &iid, ContactFlowId: &fid}); err != nil {
		t.Fatal(err)
	}
	_, err = c.DescribeContactFlow(ctx(), &connect.DescribeContactFlowInput{InstanceId: &iid, ContactFlowId: &fid})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	_, err = c.DeleteContactFlow(ctx(), &connect.DeleteContactFlowInput{InstanceId: &iid, ContactFlowId: &fid})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	_, err = c.UpdateContactFlowContent(ctx(), &connect.UpdateContactFlowContentInput{InstanceId: &iid, ContactFlowId: &fid, Content: &content})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
}

// wantProblems asserts err is InvalidContactFlowException (400) whose
// problems contain each of want, in order.
func wantProblems(t *testing.T, err error, want ...string) {
	t.Helper()
	wantAPIError(t, err, "InvalidContactFlowException", 400)
	var ie *types.InvalidContactFlowException
	if !errors.As(err, &ie) {
		t.Fatalf("not an InvalidContactFlowException: %v", err)
	}
	if len(ie.Problems) != len(want) {
		var got []string
		for _, p := range ie.Problems {
			got = append(got, aws.ToString(p.Message))
		}
		t.Fatalf("problems = %q, want %d", got, len(want))
	}
	for i, w := range want {
		if m := aws.ToString(ie.Problems[i].Message); !strings.Contains(m, w) {
			t.Errorf("problem %d = %q, want it to contain %q", i, m, w)
		}
	}
}

func TestContactFlowValidation(t *testing.T) {
	e := newEnv(t)
	c := e.client
	iid := newInstance(t, c, "flowcheck")
	create := func(name, content string, status types.ContactFlowStatus) (*connect.CreateContactFlowOutput, error) {
		return c.CreateContactFlow(ctx(), &connect.CreateContactFlowInput{InstanceId: &iid, Name: aws.String(name),
			Type: types.ContactFlowTypeContactFlow, Content: aws.String(content), Status: status})
	}
	_, err := create("junk", "{not json", "")
	wantProblems(t, err, "not valid flow-language JSON")
	_, err = create("unknown", `{"Version":"2019-10-30","StartAction":"a","Actions":[{"Identifier":"a","Type":"PlayMusic","Transitions":{}}]}`, "")
	wantProblems(t, err, `unknown Type "PlayMusic"`)
	_, err = create("dangling", `{"Version":"2019-10-30","StartAction":"a","Actions":[
		{"Identifier":"a","Type":"MessageParticipant","Parameters":{"Text":"hi"},"Transitions":{"NextAction":"b"}},
		{"Identifier":"a","Type":"DisconnectParticipant","Transitions":{}}]}`, types.ContactFlowStatusPublished)
	wantProblems(t, err, `"a" is used by more than one action`, `NextAction names no action ("b")`)
	_, err = create("both", `{"Version":"2019-10-30","StartAction":"p","Actions":[
		{"Identifier":"p","Type":"UpdateContactRoutingBehavior","Parameters":{"QueuePriority":1,"QueueTimeAdjustmentSeconds":10},"Transitions":{}}]}`, "")
	wantProblems(t, err, "exactly one of QueuePriority")

	// SAVED content is not validated; updating it stays unchecked.
	draft, err := create("draft", "{not json", types.ContactFlowStatusSaved)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.UpdateContactFlowContent(ctx(), &connect.UpdateContactFlowContentInput{InstanceId: &iid,
		ContactFlowId: draft.ContactFlowId, Content: aws.String("still not json")}); err != nil {
		t.Fatal(err)
	}
	d, err := c.DescribeContactFlow(ctx(), &connect.DescribeContactFlowInput{InstanceId: &iid, ContactFlowId: draft.ContactFlowId})
	if err != nil || d.ContactFlow.Status != types.ContactFlowStatusSaved || *d.ContactFlow.Content != "still not json" {
		t.Fatalf("draft: %+v %v", d, err)
	}

	// A published flow's new content is checked, and a rejected update
	// leaves the old content.
	ok, err := create("ok", routingFlow("q"), "")
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.UpdateContactFlowContent(ctx(), &connect.UpdateContactFlowContentInput{InstanceId: &iid, ContactFlowId: ok.ContactFlowId,
		Content: aws.String(`{"Version":"2019-10-30","StartAction":"x","Actions":[]}`)})
	wantProblems(t, err, `StartAction "x" names no action`)
	d, _ = c.DescribeContactFlow(ctx(), &connect.DescribeContactFlowInput{InstanceId: &iid, ContactFlowId: ok.ContactFlowId})
	if *d.ContactFlow.Content != routingFlow("q") {
		t.Fatal("a rejected update changed the content")
	}

	// Model constraints come first: an unknown Type is InvalidParameter.
	_, err = c.CreateContactFlow(ctx(), &connect.CreateContactFlowInput{InstanceId: &iid, Name: aws.String("x"), Type: "NOPE", Content: aws.String("{}")})
	wantAPIError(t, err, "InvalidParameterException", 400)
	_, err = c.CreateContactFlow(ctx(), &connect.CreateContactFlowInput{InstanceId: aws.String("missing"), Name: aws.String("x"),
		Type: types.ContactFlowTypeContactFlow, Content: aws.String(routingFlow("q"))})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
}

func TestListContactFlows(t *testing.T) {
	e := newEnv(t)
	c := e.client
	iid := newInstance(t, c, "flowlist")
	for i := 0; i < 3; i++ {
		if _, err := c.CreateContactFlow(ctx(), &connect.CreateContactFlowInput{InstanceId: &iid, Name: aws.String(fmt.Sprintf("queue flow %d", i)),
			Type: types.ContactFlowTypeCustomerQueue, Content: aws.String(routingFlow("q"))}); err != nil {
			t.Fatal(err)
		}
	}
	all, err := c.ListContactFlows(ctx(), &connect.ListContactFlowsInput{InstanceId: &iid})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(all.ContactFlowSummaryList); n != 13 || all.NextToken != nil {
		t.Fatalf("%d flows (token %v), want 10 defaults + 3", n, all.NextToken)
	}
	byName := map[string]types.ContactFlowSummary{}
	for _, s := range all.ContactFlowSummaryList {
		byName[*s.Name] = s
	}
	basic := byName["Basic routing flow"]
	if basic.ContactFlowType != types.ContactFlowTypeContactFlow || basic.ContactFlowState != types.ContactFlowStateActive ||
		basic.ContactFlowStatus != types.ContactFlowStatusPublished || !strings.HasSuffix(*basic.Arn, "/contact-flow/"+*basic.Id) {
		t.Fatalf("Basic routing flow summary = %+v", basic)
	}

	only, err := c.ListContactFlows(ctx(), &connect.ListContactFlowsInput{InstanceId: &iid,
		ContactFlowTypes: []types.ContactFlowType{types.ContactFlowTypeCustomerQueue, types.ContactFlowTypeAgentWhisper}})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(only.ContactFlowSummaryList); n != 5 {
		t.Fatalf("CUSTOMER_QUEUE+AGENT_WHISPER: %d flows, want 1+3+1", n)
	}

	// Paging visits every flow once.
	seen := map[string]bool{}
	p := connect.NewListContactFlowsPaginator(c, &connect.ListContactFlowsInput{InstanceId: &iid, MaxResults: aws.Int32(4)})
	pages := 0
	for p.HasMorePages() {
		page, err := p.NextPage(ctx())
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, s := range page.ContactFlowSummaryList {
			if seen[*s.Id] {
				t.Fatalf("flow %s listed twice", *s.Id)
			}
			seen[*s.Id] = true
		}
	}
	if len(seen) != 13 || pages != 4 {
		t.Fatalf("paged %d flows in %d pages", len(seen), pages)
	}
	// A token only works for the request that made it.
	first, _ := c.ListContactFlows(ctx(), &connect.ListContactFlowsInput{InstanceId: &iid, MaxResults: aws.Int32(2)})
	_, err = c.ListContactFlows(ctx(), &connect.ListContactFlowsInput{InstanceId: &iid, MaxResults: aws.Int32(2), NextToken: first.NextToken,
		ContactFlowTypes: []types.ContactFlowType{types.ContactFlowTypeCustomerQueue}})
	wantAPIError(t, err, "InvalidParameterException", 400)
	_, err = c.ListContactFlows(ctx(), &connect.ListContactFlowsInput{InstanceId: aws.String("missing")})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
}

func TestDefaultContactFlows(t *testing.T) {
	e := newEnv(t)
	c := e.client
	iid := newInstance(t, c, "flowdefaults")
	all, err := c.ListContactFlows(ctx(), &connect.ListContactFlowsInput{InstanceId: &iid})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range all.ContactFlowSummaryList {
		d, err := c.DescribeContactFlow(ctx(), &connect.DescribeContactFlowInput{InstanceId: &iid, ContactFlowId: s.Id})
		if err != nil {
			t.Fatal(err)
		}
		f, err := flow.Parse(*d.ContactFlow.Content)
		if err != nil {
			t.Fatalf("default flow %s: %v", *s.Name, err)
		}
		if *s.Name == "Basic routing flow" {
			res := flow.Run(f, flow.RunInput{QueueID: "basic"})
			if res.Outcome != flow.OutcomeEnqueue || res.QueueID != "basic" {
				t.Fatalf("Basic routing flow run = %+v", res)
			}
			if res = flow.Run(f, flow.RunInput{}); res.Outcome != flow.OutcomeDisconnect {
				t.Fatalf("Basic routing flow without a queue = %+v", res)
			}
		}
		// Default flows may be edited but not deleted.
		_, err = c.DeleteContactFlow(ctx(), &connect.DeleteContactFlowInput{InstanceId: &iid, ContactFlowId: s.Id})
		wantAPIError(t, err, "InvalidRequestException", 400)
	}
}
