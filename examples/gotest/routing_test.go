// Package gotest shows how a program's own tests use connect-local:
// connectlocaltest.Start gives each test a server on a virtual clock and a
// configured AWS SDK for Go v2 client, and stops it at the test's end.
//
//	go test ./examples/gotest/
package gotest

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"

	"github.com/connect-local/connect-local/connectlocaltest"
)

// TestScheduledTaskIsRoutedWhenDue creates an instance, a queue and an
// agent with the AWS SDK, schedules a task for ten minutes later and
// moves the clock to see it routed to the agent.
func TestScheduledTaskIsRoutedWhenDue(t *testing.T) {
	srv := connectlocaltest.Start(t)
	c, ctx := srv.Client, context.Background()

	inst, err := c.CreateInstance(ctx, &connect.CreateInstanceInput{IdentityManagementType: types.DirectoryTypeConnectManaged,
		InboundCallsEnabled: aws.Bool(true), OutboundCallsEnabled: aws.Bool(true), InstanceAlias: aws.String("example")})
	must(t, err)
	iid := inst.Id

	// A new instance comes with "Basic Hours" (always open), the Agent
	// security profile, the Available status and a "Basic routing flow"
	// that transfers a contact to its working queue.
	hours, err := c.ListHoursOfOperations(ctx, &connect.ListHoursOfOperationsInput{InstanceId: iid})
	must(t, err)
	queue, err := c.CreateQueue(ctx, &connect.CreateQueueInput{InstanceId: iid, Name: aws.String("Refunds"),
		HoursOfOperationId: hours.HoursOfOperationSummaryList[0].Id})
	must(t, err)
	profile, err := c.CreateRoutingProfile(ctx, &connect.CreateRoutingProfileInput{InstanceId: iid, Name: aws.String("Refunds desk"),
		Description: aws.String("refunds"), DefaultOutboundQueueId: queue.QueueId,
		MediaConcurrencies: []types.MediaConcurrency{{Channel: types.ChannelTask, Concurrency: aws.Int32(1)}},
		QueueConfigs: []types.RoutingProfileQueueConfig{{QueueReference: &types.RoutingProfileQueueReference{QueueId: queue.QueueId, Channel: types.ChannelTask},
			Priority: aws.Int32(1), Delay: aws.Int32(0)}}})
	must(t, err)
	user, err := c.CreateUser(ctx, &connect.CreateUserInput{InstanceId: iid, Username: aws.String("ann"),
		RoutingProfileId: profile.RoutingProfileId, SecurityProfileIds: []string{named(t, c, iid, "security profile", "Agent")},
		PhoneConfig: &types.UserPhoneConfig{PhoneType: types.PhoneTypeSoftPhone, AutoAccept: true}})
	must(t, err)
	_, err = c.PutUserStatus(ctx, &connect.PutUserStatusInput{InstanceId: iid, UserId: user.UserId,
		AgentStatusId: aws.String(named(t, c, iid, "agent status", "Available"))})
	must(t, err)

	// A task for the Refunds queue, due in ten minutes. The flow decides
	// the queue: a transfer-to-queue flow written for it.
	flow, err := c.CreateContactFlow(ctx, &connect.CreateContactFlowInput{InstanceId: iid, Name: aws.String("To refunds"),
		Type: types.ContactFlowTypeContactFlow, Content: aws.String(toQueueFlow(*queue.QueueArn))})
	must(t, err)
	due := srv.Clock.Now().Add(10 * time.Minute)
	task, err := c.StartTaskContact(ctx, &connect.StartTaskContactInput{InstanceId: iid, ContactFlowId: flow.ContactFlowId,
		Name: aws.String("refund #1234"), ScheduledTime: &due})
	must(t, err)

	srv.Clock.Advance(9 * time.Minute)
	if d := describe(t, c, iid, task.ContactId); d.AgentInfo != nil {
		t.Fatalf("routed before it was due: %+v", d.AgentInfo)
	}
	srv.Clock.Advance(time.Minute)
	d := describe(t, c, iid, task.ContactId)
	if d.AgentInfo == nil || *d.AgentInfo.Id != *user.UserId || *d.QueueInfo.Id != *queue.QueueId || !d.QueueInfo.EnqueueTimestamp.Equal(due) {
		t.Fatalf("due task: queue %+v agent %+v, want queued at %s and routed to ann", d.QueueInfo, d.AgentInfo, due)
	}
}

// TestSeededCenter starts from a scenario's setup (as `serve --seed`) on
// a chosen date: the instance, queues and users exist before the test.
func TestSeededCenter(t *testing.T) {
	srv := connectlocaltest.Start(t, connectlocaltest.WithStart(time.Date(2025, 3, 3, 8, 30, 0, 0, time.UTC)),
		connectlocaltest.WithSeedFile("../single-queue.yaml"))
	users, err := srv.Client.ListUsers(context.Background(), &connect.ListUsersInput{InstanceId: &srv.Seed.InstanceID})
	must(t, err)
	if len(users.UserSummaryList) != 12 || srv.Seed.QueueID("Support") == "" {
		t.Fatalf("seeded %d users, Support queue %q; want 12 and an ID", len(users.UserSummaryList), srv.Seed.QueueID("Support"))
	}
	if got := srv.Clock.Now(); !got.Equal(time.Date(2025, 3, 3, 8, 30, 0, 0, time.UTC)) {
		t.Fatalf("clock at %s", got)
	}
}

// toQueueFlow is a flow that sets the working queue and transfers to it.
func toQueueFlow(queueARN string) string {
	return `{"Version":"2019-10-30","StartAction":"q","Actions":[
{"Identifier":"q","Type":"UpdateContactTargetQueue","Parameters":{"QueueId":"` + queueARN + `"},"Transitions":{"NextAction":"t","Errors":[{"NextAction":"end","ErrorType":"NoMatchingError"}]}},
{"Identifier":"t","Type":"TransferContactToQueue","Parameters":{},"Transitions":{"NextAction":"end","Errors":[{"NextAction":"end","ErrorType":"QueueAtCapacity"},{"NextAction":"end","ErrorType":"NoMatchingError"}]}},
{"Identifier":"end","Type":"DisconnectParticipant","Parameters":{},"Transitions":{}}]}`
}

// named finds a default resource of a new instance by name.
func named(t *testing.T, c *connect.Client, iid *string, kind, name string) string {
	t.Helper()
	ctx := context.Background()
	switch kind {
	case "security profile":
		out, err := c.ListSecurityProfiles(ctx, &connect.ListSecurityProfilesInput{InstanceId: iid})
		must(t, err)
		for _, s := range out.SecurityProfileSummaryList {
			if *s.Name == name {
				return *s.Id
			}
		}
	case "agent status":
		out, err := c.ListAgentStatuses(ctx, &connect.ListAgentStatusesInput{InstanceId: iid})
		must(t, err)
		for _, s := range out.AgentStatusSummaryList {
			if *s.Name == name {
				return *s.Id
			}
		}
	}
	t.Fatalf("no %s named %q", kind, name)
	return ""
}

func describe(t *testing.T, c *connect.Client, iid, cid *string) *types.Contact {
	t.Helper()
	out, err := c.DescribeContact(context.Background(), &connect.DescribeContactInput{InstanceId: iid, ContactId: cid})
	must(t, err)
	return out.Contact
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
