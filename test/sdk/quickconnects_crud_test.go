package sdk

import (
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
)

// flowIDByName finds a flow of an instance by name.
func flowIDByName(t *testing.T, c *connect.Client, iid, name string) string {
	t.Helper()
	out, err := c.ListContactFlows(ctx(), &connect.ListContactFlowsInput{InstanceId: &iid, MaxResults: aws.Int32(100)})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range out.ContactFlowSummaryList {
		if *f.Name == name {
			return *f.Id
		}
	}
	t.Fatalf("no flow %s", name)
	return ""
}

func queueQuickConnects(t *testing.T, c *connect.Client, iid, qid string) []string {
	t.Helper()
	var ids []string
	p := connect.NewListQueueQuickConnectsPaginator(c, &connect.ListQueueQuickConnectsInput{InstanceId: &iid, QueueId: &qid, MaxResults: aws.Int32(1)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx())
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range page.QuickConnectSummaryList {
			ids = append(ids, *s.Name)
		}
	}
	return ids
}

func TestQuickConnectLifecycleAndQueueLists(t *testing.T) {
	e := newEnv(t)
	f := newUserFixture(t, e, "qc-crud")
	c := f.c
	transfer := flowIDByName(t, c, f.iid, "Default queue transfer")
	agentTransfer := flowIDByName(t, c, f.iid, "Default agent transfer")
	user := f.mkUser(t, "target")
	mk := func(name string, cfg *types.QuickConnectConfig) string {
		t.Helper()
		out, err := c.CreateQuickConnect(ctx(), &connect.CreateQuickConnectInput{InstanceId: &f.iid, Name: aws.String(name), QuickConnectConfig: cfg})
		if err != nil {
			t.Fatal(err)
		}
		return *out.QuickConnectId
	}
	qq := mk("to-basic", &types.QuickConnectConfig{QuickConnectType: types.QuickConnectTypeQueue,
		QueueConfig: &types.QueueQuickConnectConfig{QueueId: &f.basicQueue, ContactFlowId: &transfer}})
	ext := mk("external", &types.QuickConnectConfig{QuickConnectType: types.QuickConnectTypePhoneNumber,
		PhoneConfig: &types.PhoneNumberQuickConnectConfig{PhoneNumber: aws.String("+12065550123")}})

	// Name and description, then the config: PHONE_NUMBER becomes USER.
	if _, err := c.UpdateQuickConnectName(ctx(), &connect.UpdateQuickConnectNameInput{InstanceId: &f.iid, QuickConnectId: &ext,
		Name: aws.String("supervisor"), Description: aws.String("the floor lead")}); err != nil {
		t.Fatal(err)
	}
	_, err := c.UpdateQuickConnectName(ctx(), &connect.UpdateQuickConnectNameInput{InstanceId: &f.iid, QuickConnectId: &ext, Name: aws.String("TO-BASIC")})
	wantAPIError(t, err, "DuplicateResourceException", 409)
	_, err = c.UpdateQuickConnectConfig(ctx(), &connect.UpdateQuickConnectConfigInput{InstanceId: &f.iid, QuickConnectId: &ext,
		QuickConnectConfig: &types.QuickConnectConfig{QuickConnectType: types.QuickConnectTypeUser,
			UserConfig: &types.UserQuickConnectConfig{UserId: aws.String("no-such-user"), ContactFlowId: &agentTransfer}}})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	if _, err := c.UpdateQuickConnectConfig(ctx(), &connect.UpdateQuickConnectConfigInput{InstanceId: &f.iid, QuickConnectId: &ext,
		QuickConnectConfig: &types.QuickConnectConfig{QuickConnectType: types.QuickConnectTypeUser,
			UserConfig: &types.UserQuickConnectConfig{UserId: &user, ContactFlowId: &agentTransfer}}}); err != nil {
		t.Fatal(err)
	}
	d, err := c.DescribeQuickConnect(ctx(), &connect.DescribeQuickConnectInput{InstanceId: &f.iid, QuickConnectId: &ext})
	if err != nil {
		t.Fatal(err)
	}
	q := d.QuickConnect
	if *q.Name != "supervisor" || *q.Description != "the floor lead" || q.QuickConnectConfig.QuickConnectType != types.QuickConnectTypeUser ||
		*q.QuickConnectConfig.UserConfig.UserId != user || q.QuickConnectConfig.PhoneConfig != nil {
		t.Fatalf("described = %+v %+v", q, q.QuickConnectConfig)
	}

	// The queue's list: associate (repeats ignored), list in pages, disassociate.
	if _, err := c.AssociateQueueQuickConnects(ctx(), &connect.AssociateQueueQuickConnectsInput{InstanceId: &f.iid, QueueId: &f.basicQueue,
		QuickConnectIds: []string{qq, ext, qq}}); err != nil {
		t.Fatal(err)
	}
	if got := queueQuickConnects(t, c, f.iid, f.basicQueue); len(got) != 2 || !slices.Contains(got, "to-basic") || !slices.Contains(got, "supervisor") {
		t.Fatalf("queue quick connects = %v", got)
	}
	_, err = c.AssociateQueueQuickConnects(ctx(), &connect.AssociateQueueQuickConnectsInput{InstanceId: &f.iid, QueueId: &f.basicQueue, QuickConnectIds: []string{"nope"}})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	if _, err := c.DisassociateQueueQuickConnects(ctx(), &connect.DisassociateQueueQuickConnectsInput{InstanceId: &f.iid, QueueId: &f.basicQueue,
		QuickConnectIds: []string{qq}}); err != nil {
		t.Fatal(err)
	}
	if got := queueQuickConnects(t, c, f.iid, f.basicQueue); !slices.Equal(got, []string{"supervisor"}) {
		t.Fatalf("after disassociate = %v", got)
	}
	// Deleting a quick connect takes it off the queue.
	if _, err := c.DeleteQuickConnect(ctx(), &connect.DeleteQuickConnectInput{InstanceId: &f.iid, QuickConnectId: &ext}); err != nil {
		t.Fatal(err)
	}
	_, err = c.DescribeQuickConnect(ctx(), &connect.DescribeQuickConnectInput{InstanceId: &f.iid, QuickConnectId: &ext})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	if got := queueQuickConnects(t, c, f.iid, f.basicQueue); len(got) != 0 {
		t.Fatalf("after delete = %v", got)
	}
	// Another account sees none of it.
	_, err = e.clientFor("222222222222", "us-east-1").DeleteQuickConnect(ctx(), &connect.DeleteQuickConnectInput{InstanceId: &f.iid, QuickConnectId: &qq})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
}

func TestQueueOutboundCallerConfig(t *testing.T) {
	e := newEnv(t)
	f := newUserFixture(t, e, "q-outbound")
	c := f.c
	outbound := flowIDByName(t, c, f.iid, "Default outbound")
	claim, err := c.ClaimPhoneNumber(ctx(), &connect.ClaimPhoneNumberInput{TargetArn: &f.iidARN, PhoneNumber: aws.String("+18005550100")})
	if err != nil {
		t.Fatal(err)
	}
	set := func(num, flow string) error {
		_, err := c.UpdateQueueOutboundCallerConfig(ctx(), &connect.UpdateQueueOutboundCallerConfigInput{InstanceId: &f.iid, QueueId: &f.basicQueue,
			OutboundCallerConfig: &types.OutboundCallerConfig{OutboundCallerIdName: aws.String("Support"), OutboundCallerIdNumberId: &num, OutboundFlowId: &flow}})
		return err
	}
	wantAPIError(t, set("no-such-number", outbound), "ResourceNotFoundException", 404)
	wantAPIError(t, set(*claim.PhoneNumberId, "no-such-flow"), "ResourceNotFoundException", 404)
	if err := set(*claim.PhoneNumberArn, outbound); err != nil {
		t.Fatal(err)
	}
	d, err := c.DescribeQueue(ctx(), &connect.DescribeQueueInput{InstanceId: &f.iid, QueueId: &f.basicQueue})
	if err != nil {
		t.Fatal(err)
	}
	oc := d.Queue.OutboundCallerConfig
	if oc == nil || *oc.OutboundCallerIdName != "Support" || *oc.OutboundCallerIdNumberId != *claim.PhoneNumberId || *oc.OutboundFlowId != outbound {
		t.Fatalf("outbound caller config = %+v", oc)
	}
}
