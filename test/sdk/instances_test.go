package sdk

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
)

// newInstance creates an instance through c and returns its ID.
func newInstance(t *testing.T, c *connect.Client, alias string) string {
	t.Helper()
	out, err := c.CreateInstance(ctx(), &connect.CreateInstanceInput{
		IdentityManagementType: types.DirectoryTypeConnectManaged,
		InboundCallsEnabled:    aws.Bool(true),
		OutboundCallsEnabled:   aws.Bool(true),
		InstanceAlias:          aws.String(alias),
	})
	if err != nil {
		t.Fatal(err)
	}
	return *out.Id
}

func TestInstanceLifecycle(t *testing.T) {
	e := newEnv(t)
	c := e.client
	id := newInstance(t, c, "lifecycle")
	d, err := c.DescribeInstance(ctx(), &connect.DescribeInstanceInput{InstanceId: &id})
	if err != nil {
		t.Fatal(err)
	}
	in := d.Instance
	if *in.Id != id || *in.InstanceAlias != "lifecycle" || in.InstanceStatus != types.InstanceStatusActive ||
		!*in.InboundCallsEnabled || !in.CreatedTime.Equal(T0) {
		t.Fatalf("DescribeInstance = %+v", in)
	}
	wantARN := "arn:aws:connect:us-east-1:111111111111:instance/" + id
	if *in.Arn != wantARN {
		t.Fatalf("Arn = %s, want %s", *in.Arn, wantARN)
	}
	// The instance ARN works wherever the ID does.
	if _, err := c.DescribeInstance(ctx(), &connect.DescribeInstanceInput{InstanceId: &wantARN}); err != nil {
		t.Fatalf("DescribeInstance by ARN: %v", err)
	}
	if _, err := c.DeleteInstance(ctx(), &connect.DeleteInstanceInput{InstanceId: &id}); err != nil {
		t.Fatal(err)
	}
	_, err = c.DescribeInstance(ctx(), &connect.DescribeInstanceInput{InstanceId: &id})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
}

func TestInstanceDefaults(t *testing.T) {
	e := newEnv(t)
	c := e.client
	id := newInstance(t, c, "defaults")
	qs, err := c.ListQueues(ctx(), &connect.ListQueuesInput{InstanceId: &id})
	if err != nil {
		t.Fatal(err)
	}
	if len(qs.QueueSummaryList) != 1 || *qs.QueueSummaryList[0].Name != "BasicQueue" {
		t.Fatalf("default queues = %+v", qs.QueueSummaryList)
	}
	hs, err := c.ListHoursOfOperations(ctx(), &connect.ListHoursOfOperationsInput{InstanceId: &id})
	if err != nil {
		t.Fatal(err)
	}
	if len(hs.HoursOfOperationSummaryList) != 1 || *hs.HoursOfOperationSummaryList[0].Name != "Basic Hours" {
		t.Fatalf("default hours = %+v", hs.HoursOfOperationSummaryList)
	}
	h, err := c.DescribeHoursOfOperation(ctx(), &connect.DescribeHoursOfOperationInput{InstanceId: &id, HoursOfOperationId: hs.HoursOfOperationSummaryList[0].Id})
	if err != nil {
		t.Fatal(err)
	}
	if len(h.HoursOfOperation.Config) != 7 {
		t.Fatalf("Basic Hours should be 24x7, got %d days", len(h.HoursOfOperation.Config))
	}
}

func TestListInstancesPaging(t *testing.T) {
	e := newEnv(t)
	c := e.client
	want := map[string]bool{}
	for i := 0; i < 12; i++ {
		want[newInstance(t, c, "page-"+string(rune('a'+i)))] = true
	}
	seen := map[string]bool{}
	p := connect.NewListInstancesPaginator(c, &connect.ListInstancesInput{MaxResults: aws.Int32(5)})
	pages := 0
	for p.HasMorePages() {
		out, err := p.NextPage(ctx())
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, s := range out.InstanceSummaryList {
			if seen[*s.Id] {
				t.Fatalf("instance %s on two pages", *s.Id)
			}
			seen[*s.Id] = true
		}
	}
	if pages != 3 || len(seen) != 12 {
		t.Fatalf("%d pages, %d instances; want 3 pages, 12 instances", pages, len(seen))
	}
	_, err := c.ListInstances(ctx(), &connect.ListInstancesInput{NextToken: aws.String("forged-token")})
	wantAPIError(t, err, "InvalidParameterException", 400)
	_, err = c.ListInstances(ctx(), &connect.ListInstancesInput{MaxResults: aws.Int32(11)})
	msg := wantAPIError(t, err, "InvalidParameterException", 400)
	if !strings.Contains(msg, "maxResults") {
		t.Fatalf("message should name maxResults: %s", msg)
	}
}

func TestIsolationAcrossAccountsAndRegions(t *testing.T) {
	e := newEnv(t)
	id := newInstance(t, e.client, "isolated")
	arn := "arn:aws:connect:us-east-1:111111111111:instance/" + id
	for _, c := range []*connect.Client{e.clientFor("222222222222", "us-east-1"), e.clientFor("111111111111", "eu-west-2")} {
		_, err := c.DescribeInstance(ctx(), &connect.DescribeInstanceInput{InstanceId: &id})
		wantAPIError(t, err, "ResourceNotFoundException", 404)
		_, err = c.DescribeInstance(ctx(), &connect.DescribeInstanceInput{InstanceId: &arn})
		wantAPIError(t, err, "ResourceNotFoundException", 404)
		_, err = c.ListQueues(ctx(), &connect.ListQueuesInput{InstanceId: &id})
		wantAPIError(t, err, "ResourceNotFoundException", 404)
		l, err := c.ListInstances(ctx(), &connect.ListInstancesInput{})
		if err != nil {
			t.Fatal(err)
		}
		if len(l.InstanceSummaryList) != 0 {
			t.Fatalf("other scope sees %d instances", len(l.InstanceSummaryList))
		}
		_, err = c.DeleteInstance(ctx(), &connect.DeleteInstanceInput{InstanceId: &id})
		wantAPIError(t, err, "ResourceNotFoundException", 404)
	}
	if _, err := e.client.DescribeInstance(ctx(), &connect.DescribeInstanceInput{InstanceId: &id}); err != nil {
		t.Fatalf("owner lost its instance: %v", err)
	}
}

func TestUnimplementedOperationAnswers501(t *testing.T) {
	e := newEnv(t)
	_, err := e.client.ListEvaluationForms(ctx(), &connect.ListEvaluationFormsInput{InstanceId: aws.String("x")})
	msg := wantAPIError(t, err, "NotImplementedException", 501)
	if !strings.Contains(msg, "ListEvaluationForms") {
		t.Fatalf("message should name the operation: %s", msg)
	}
}
