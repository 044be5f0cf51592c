package sdk

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
)

func TestTrafficDistributionGroups(t *testing.T) {
	e := newEnv(t)
	f := newUserFixture(t, e, "tdg")
	c := f.c
	g, err := c.CreateTrafficDistributionGroup(ctx(), &connect.CreateTrafficDistributionGroupInput{InstanceId: &f.iid, Name: aws.String("east-west"),
		Description: aws.String("failover"), Tags: map[string]string{"team": "ops"}, ClientToken: aws.String("tok")})
	if err != nil {
		t.Fatal(err)
	}
	if *g.Arn != "arn:aws:connect:us-east-1:111111111111:traffic-distribution-group/"+*g.Id {
		t.Fatalf("arn %s", *g.Arn)
	}
	again, err := c.CreateTrafficDistributionGroup(ctx(), &connect.CreateTrafficDistributionGroupInput{InstanceId: &f.iid, Name: aws.String("east-west"), ClientToken: aws.String("tok")})
	if err != nil || *again.Id != *g.Id {
		t.Fatalf("same token: %v %v", again, err)
	}
	_, err = c.CreateTrafficDistributionGroup(ctx(), &connect.CreateTrafficDistributionGroupInput{InstanceId: &f.iid, Name: aws.String("EAST-WEST")})
	wantAPIError(t, err, "ResourceConflictException", 409)
	describe := func(id string) *types.TrafficDistributionGroup {
		t.Helper()
		d, err := c.DescribeTrafficDistributionGroup(ctx(), &connect.DescribeTrafficDistributionGroupInput{TrafficDistributionGroupId: &id})
		if err != nil {
			t.Fatal(err)
		}
		return d.TrafficDistributionGroup
	}
	d := describe(*g.Arn)
	if d.Status != types.TrafficDistributionGroupStatusCreationInProgress || *d.Name != "east-west" || d.Tags["team"] != "ops" || *d.InstanceArn != f.iidARN {
		t.Fatalf("new group %+v", d)
	}
	upd := &connect.UpdateTrafficDistributionInput{Id: g.Id, TelephonyConfig: &types.TelephonyConfig{Distributions: []types.Distribution{
		{Region: aws.String("us-east-1"), Percentage: 70}, {Region: aws.String("us-west-2"), Percentage: 30}}}}
	_, err = c.UpdateTrafficDistribution(ctx(), upd)
	wantAPIError(t, err, "ResourceConflictException", 409) // still CREATION_IN_PROGRESS
	e.clock.Advance(time.Minute)
	if s := describe(*g.Id).Status; s != types.TrafficDistributionGroupStatusActive {
		t.Fatalf("status after a minute: %s", s)
	}
	if _, err := c.UpdateTrafficDistribution(ctx(), upd); err != nil {
		t.Fatal(err)
	}
	bad := &connect.UpdateTrafficDistributionInput{Id: g.Id, TelephonyConfig: &types.TelephonyConfig{Distributions: []types.Distribution{
		{Region: aws.String("us-east-1"), Percentage: 70}, {Region: aws.String("us-west-2"), Percentage: 20}}}}
	_, err = c.UpdateTrafficDistribution(ctx(), bad)
	wantAPIError(t, err, "InvalidRequestException", 400)
	td, err := c.GetTrafficDistribution(ctx(), &connect.GetTrafficDistributionInput{Id: g.Id})
	if err != nil || len(td.TelephonyConfig.Distributions) != 2 || td.TelephonyConfig.Distributions[1].Percentage != 30 ||
		td.AgentConfig.Distributions[0].Percentage != 100 || !td.SignInConfig.Distributions[0].Enabled {
		t.Fatalf("distribution %+v %v", td, err)
	}

	// Users: of the instance, in one group at most.
	uid := f.mkUser(t, "tdg-agent")
	assoc := func(gid string) error {
		_, err := c.AssociateTrafficDistributionGroupUser(ctx(), &connect.AssociateTrafficDistributionGroupUserInput{InstanceId: &f.iid, TrafficDistributionGroupId: &gid, UserId: &uid})
		return err
	}
	if err := assoc(*g.Id); err != nil {
		t.Fatal(err)
	}
	g2, err := c.CreateTrafficDistributionGroup(ctx(), &connect.CreateTrafficDistributionGroupInput{InstanceId: &f.iid, Name: aws.String("second")})
	if err != nil {
		t.Fatal(err)
	}
	wantAPIError(t, assoc(*g2.Id), "ResourceConflictException", 409)
	_, err = c.AssociateTrafficDistributionGroupUser(ctx(), &connect.AssociateTrafficDistributionGroupUserInput{InstanceId: &f.iid, TrafficDistributionGroupId: g.Id, UserId: aws.String("nobody")})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	users, err := c.ListTrafficDistributionGroupUsers(ctx(), &connect.ListTrafficDistributionGroupUsersInput{TrafficDistributionGroupId: g.Id})
	if err != nil || len(users.TrafficDistributionGroupUserSummaryList) != 1 || *users.TrafficDistributionGroupUserSummaryList[0].UserId != uid {
		t.Fatalf("users %+v %v", users, err)
	}
	_, err = c.DeleteTrafficDistributionGroup(ctx(), &connect.DeleteTrafficDistributionGroupInput{TrafficDistributionGroupId: g.Id})
	wantAPIError(t, err, "ResourceInUseException", 409)

	// Listing: by instance, or the whole account and region; another account sees none.
	l, err := c.ListTrafficDistributionGroups(ctx(), &connect.ListTrafficDistributionGroupsInput{})
	if err != nil || len(l.TrafficDistributionGroupSummaryList) != 2 {
		t.Fatalf("list %+v %v", l, err)
	}
	other := e.clientFor("222222222222", "us-east-1")
	_, err = other.DescribeTrafficDistributionGroup(ctx(), &connect.DescribeTrafficDistributionGroupInput{TrafficDistributionGroupId: g.Id})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	if l, err := other.ListTrafficDistributionGroups(ctx(), &connect.ListTrafficDistributionGroupsInput{}); err != nil || len(l.TrafficDistributionGroupSummaryList) != 0 {
		t.Fatalf("other account's list %+v %v", l, err)
	}

	if _, err := c.DisassociateTrafficDistributionGroupUser(ctx(), &connect.DisassociateTrafficDistributionGroupUserInput{InstanceId: &f.iid,
		TrafficDistributionGroupId: g.Id, UserId: &uid}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.DeleteTrafficDistributionGroup(ctx(), &connect.DeleteTrafficDistributionGroupInput{TrafficDistributionGroupId: g.Arn}); err != nil {
		t.Fatal(err)
	}
	_, err = c.GetTrafficDistribution(ctx(), &connect.GetTrafficDistributionInput{Id: g.Id})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
}
