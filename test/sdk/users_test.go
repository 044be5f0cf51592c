package sdk

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"

	"github.com/connect-local/connect-local/internal/service"
)

// userFixture is an instance with the IDs of its default resources.
type userFixture struct {
	e                  *env
	c                  *connect.Client
	scope              service.Scope
	iid, iidARN        string
	basicProfile       string // Basic Routing Profile
	basicProfileARN    string
	basicQueue         string // BasicQueue
	basicQueueARN      string
	agentSP, managerSP string // security profiles Agent and CallCenterManager
	agentSPARN         string
}

func newUserFixture(t *testing.T, e *env, alias string) *userFixture {
	t.Helper()
	f := &userFixture{e: e, c: e.client, iid: newInstance(t, e.client, alias),
		scope: service.Scope{Account: "111111111111", Region: "us-east-1"}}
	f.iidARN = f.scope.ARN("instance/" + f.iid)
	ps, err := f.c.ListRoutingProfiles(ctx(), &connect.ListRoutingProfilesInput{InstanceId: &f.iid})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps.RoutingProfileSummaryList {
		if *p.Name == "Basic Routing Profile" {
			f.basicProfile, f.basicProfileARN = *p.Id, *p.Arn
		}
	}
	qs, err := f.c.ListQueues(ctx(), &connect.ListQueuesInput{InstanceId: &f.iid})
	if err != nil {
		t.Fatal(err)
	}
	f.basicQueue, f.basicQueueARN = *qs.QueueSummaryList[0].Id, *qs.QueueSummaryList[0].Arn
	sps := securityProfilesByName(t, f.c, f.iid)
	a := sps["Agent"]
	f.agentSP, f.agentSPARN = *a.Id, *a.Arn
	f.managerSP = *sps["CallCenterManager"].Id
	if f.basicProfile == "" || f.basicQueue == "" {
		t.Fatalf("instance defaults missing: %+v", f)
	}
	return f
}

// mkUser creates a user on the Basic Routing Profile with the Agent
// security profile.
func (f *userFixture) mkUser(t *testing.T, username string) string {
	t.Helper()
	out, err := f.c.CreateUser(ctx(), &connect.CreateUserInput{
		InstanceId: &f.iid, Username: aws.String(username), RoutingProfileId: &f.basicProfile,
		SecurityProfileIds: []string{f.agentSP},
		PhoneConfig:        &types.UserPhoneConfig{PhoneType: types.PhoneTypeSoftPhone},
	})
	if err != nil {
		t.Fatal(err)
	}
	return *out.UserId
}

func (f *userFixture) describeUser(t *testing.T, id string) *types.User {
	t.Helper()
	d, err := f.c.DescribeUser(ctx(), &connect.DescribeUserInput{InstanceId: &f.iid, UserId: &id})
	if err != nil {
		t.Fatal(err)
	}
	return d.User
}

// bodyRecorder keeps every response body the client reads.
type bodyRecorder struct {
	mu     sync.Mutex
	bodies []string
}

func (r *bodyRecorder) Do(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(b))
	r.mu.Lock()
	r.bodies = append(r.bodies, string(b))
	r.mu.Unlock()
	return resp, nil
}

func TestUserLifecycle(t *testing.T) {
	e := newEnv(t)
	rec := &bodyRecorder{}
	c := connect.New(connect.Options{Region: "us-east-1", BaseEndpoint: aws.String(e.http.URL),
		Credentials: e.client.Options().Credentials, RetryMaxAttempts: 1, HTTPClient: rec})
	f := newUserFixture(t, e, "user-life")
	f.c = c
	const password = "Sup3rSecretPassw0rd"
	out, err := c.CreateUser(ctx(), &connect.CreateUserInput{
		InstanceId: &f.iid, Username: aws.String("jdoe"), Password: aws.String(password),
		RoutingProfileId: &f.basicProfileARN, SecurityProfileIds: []string{f.agentSPARN, f.managerSP},
		IdentityInfo: &types.UserIdentityInfo{FirstName: aws.String("Jane"), LastName: aws.String("Doe"), Email: aws.String("jane@example.com")},
		PhoneConfig: &types.UserPhoneConfig{PhoneType: types.PhoneTypeDeskPhone, DeskPhoneNumber: aws.String("+15555550100"),
			AutoAccept: true, AfterContactWorkTimeLimit: 30},
		Tags: map[string]string{"team": "blue"},
	})
	if err != nil {
		t.Fatal(err)
	}
	uid := *out.UserId
	wantARN := "arn:aws:connect:us-east-1:111111111111:instance/" + f.iid + "/agent/" + uid
	if *out.UserArn != wantARN {
		t.Fatalf("UserArn = %s, want %s", *out.UserArn, wantARN)
	}
	for _, id := range []string{uid, wantARN} {
		u := f.describeUser(t, id)
		pc, ii := u.PhoneConfig, u.IdentityInfo
		if *u.Id != uid || *u.Username != "jdoe" || *u.RoutingProfileId != f.basicProfile ||
			len(u.SecurityProfileIds) != 2 || u.SecurityProfileIds[0] != f.agentSP || u.SecurityProfileIds[1] != f.managerSP ||
			u.HierarchyGroupId != nil || u.Tags["team"] != "blue" || *ii.FirstName != "Jane" || *ii.Email != "jane@example.com" ||
			pc.PhoneType != types.PhoneTypeDeskPhone || *pc.DeskPhoneNumber != "+15555550100" || !pc.AutoAccept ||
			pc.AfterContactWorkTimeLimit != 30 || !u.LastModifiedTime.Equal(T0) || *u.LastModifiedRegion != "us-east-1" {
			t.Fatalf("DescribeUser(%s) = %+v", id, u)
		}
	}
	rec.mu.Lock()
	if len(rec.bodies) < 3 {
		t.Fatalf("recorder saw %d responses", len(rec.bodies))
	}
	for _, b := range rec.bodies {
		if strings.Contains(b, password) || strings.Contains(strings.ToLower(b), "password") {
			t.Fatalf("a response carries the password: %s", b)
		}
	}
	rec.mu.Unlock()

	l, err := c.ListUsers(ctx(), &connect.ListUsersInput{InstanceId: &f.iid})
	if err != nil {
		t.Fatal(err)
	}
	if len(l.UserSummaryList) != 1 || *l.UserSummaryList[0].Username != "jdoe" || *l.UserSummaryList[0].Arn != wantARN ||
		!l.UserSummaryList[0].LastModifiedTime.Equal(T0) || *l.UserSummaryList[0].LastModifiedRegion != "us-east-1" {
		t.Fatalf("ListUsers = %+v", l.UserSummaryList)
	}
	if _, err := c.DeleteUser(ctx(), &connect.DeleteUserInput{InstanceId: &f.iid, UserId: &uid}); err != nil {
		t.Fatal(err)
	}
	_, err = c.DescribeUser(ctx(), &connect.DescribeUserInput{InstanceId: &f.iid, UserId: &uid})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	_, err = c.DeleteUser(ctx(), &connect.DeleteUserInput{InstanceId: &f.iid, UserId: &uid})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	l, err = c.ListUsers(ctx(), &connect.ListUsersInput{InstanceId: &f.iid})
	if err != nil || len(l.UserSummaryList) != 0 {
		t.Fatalf("ListUsers after delete = %+v, %v", l, err)
	}
	// The username is free again once its user is gone.
	f.mkUser(t, "jdoe")
}

func TestCreateUserDefaultsAndErrors(t *testing.T) {
	e := newEnv(t)
	f := newUserFixture(t, e, "user-errors")
	c := f.c
	out, err := c.CreateUser(ctx(), &connect.CreateUserInput{InstanceId: &f.iid, Username: aws.String("minimal"),
		RoutingProfileId: &f.basicProfile, SecurityProfileIds: []string{f.agentSP}})
	if err != nil {
		t.Fatal(err)
	}
	u := f.describeUser(t, *out.UserId)
	if u.PhoneConfig.PhoneType != types.PhoneTypeSoftPhone || u.PhoneConfig.AutoAccept || u.PhoneConfig.AfterContactWorkTimeLimit != 0 {
		t.Fatalf("default PhoneConfig = %+v", u.PhoneConfig)
	}
	in := func(mod func(*connect.CreateUserInput)) *connect.CreateUserInput {
		i := &connect.CreateUserInput{InstanceId: aws.String(f.iid), Username: aws.String("someone"),
			RoutingProfileId: aws.String(f.basicProfile), SecurityProfileIds: []string{f.agentSP}}
		mod(i)
		return i
	}
	cases := []struct {
		name   string
		mod    func(*connect.CreateUserInput)
		code   string
		status int
	}{
		{"unknown instance", func(i *connect.CreateUserInput) { i.InstanceId = aws.String("nope") }, "ResourceNotFoundException", 404},
		{"unknown routing profile", func(i *connect.CreateUserInput) { i.RoutingProfileId = aws.String("nope") }, "ResourceNotFoundException", 404},
		{"unknown security profile", func(i *connect.CreateUserInput) { i.SecurityProfileIds = []string{f.agentSP, "nope"} }, "ResourceNotFoundException", 404},
		{"unknown hierarchy group", func(i *connect.CreateUserInput) { i.HierarchyGroupId = aws.String("nope") }, "ResourceNotFoundException", 404},
		{"duplicate username", func(i *connect.CreateUserInput) { i.Username = aws.String("MINIMAL") }, "DuplicateResourceException", 409},
		{"desk phone without number", func(i *connect.CreateUserInput) {
			i.PhoneConfig = &types.UserPhoneConfig{PhoneType: types.PhoneTypeDeskPhone}
		}, "InvalidParameterException", 400},
		{"ACW over the limit", func(i *connect.CreateUserInput) {
			i.PhoneConfig = &types.UserPhoneConfig{PhoneType: types.PhoneTypeSoftPhone, AfterContactWorkTimeLimit: 2_000_001}
		}, "InvalidParameterException", 400},
	}
	for _, tc := range cases {
		_, err := c.CreateUser(ctx(), in(tc.mod))
		if err == nil {
			t.Fatalf("%s: want %s, got success", tc.name, tc.code)
		}
		wantAPIError(t, err, tc.code, tc.status)
	}
	l, err := c.ListUsers(ctx(), &connect.ListUsersInput{InstanceId: &f.iid})
	if err != nil || len(l.UserSummaryList) != 1 {
		t.Fatalf("failed creates left users behind: %+v, %v", l, err)
	}
}

func TestUsersQuota(t *testing.T) {
	e := newEnv(t)
	f := newUserFixture(t, e, "user-quota")
	for i := range service.DefaultUsersPerInstance {
		f.mkUser(t, fmt.Sprintf("agent%03d", i))
	}
	_, err := f.c.CreateUser(ctx(), &connect.CreateUserInput{InstanceId: &f.iid, Username: aws.String("one-too-many"),
		RoutingProfileId: &f.basicProfile, SecurityProfileIds: []string{f.agentSP}})
	wantAPIError(t, err, "LimitExceededException", 429)
}

func TestListUsersPaging(t *testing.T) {
	e := newEnv(t)
	f := newUserFixture(t, e, "user-paging")
	want := map[string]bool{}
	for i := range 7 {
		want[f.mkUser(t, fmt.Sprintf("pager%d", i))] = true
	}
	seen := map[string]bool{}
	p := connect.NewListUsersPaginator(f.c, &connect.ListUsersInput{InstanceId: &f.iid, MaxResults: aws.Int32(3)})
	pages := 0
	for p.HasMorePages() {
		out, err := p.NextPage(ctx())
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, u := range out.UserSummaryList {
			if seen[*u.Id] || !want[*u.Id] {
				t.Fatalf("user %s repeated or unknown", *u.Id)
			}
			seen[*u.Id] = true
		}
	}
	if pages != 3 || len(seen) != 7 {
		t.Fatalf("%d pages, %d users; want 3 pages, 7 users", pages, len(seen))
	}
	_, err := f.c.ListUsers(ctx(), &connect.ListUsersInput{InstanceId: &f.iid, NextToken: aws.String("forged")})
	wantAPIError(t, err, "InvalidParameterException", 400)
}

func TestUserUpdates(t *testing.T) {
	e := newEnv(t)
	f := newUserFixture(t, e, "user-updates")
	c := f.c
	uid := f.mkUser(t, "updater")
	uarn := f.scope.ARN("instance/" + f.iid + "/agent/" + uid)
	e.clock.Advance(60e9)

	// Routing profile: a new profile by ARN; an unknown one is 404.
	rp, err := c.CreateRoutingProfile(ctx(), &connect.CreateRoutingProfileInput{InstanceId: &f.iid, Name: aws.String("Sales"),
		Description: aws.String("sales"), DefaultOutboundQueueId: &f.basicQueue,
		MediaConcurrencies: []types.MediaConcurrency{{Channel: types.ChannelVoice, Concurrency: aws.Int32(1)}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.UpdateUserRoutingProfile(ctx(), &connect.UpdateUserRoutingProfileInput{InstanceId: &f.iid, UserId: &uarn, RoutingProfileId: rp.RoutingProfileArn}); err != nil {
		t.Fatal(err)
	}
	_, err = c.UpdateUserRoutingProfile(ctx(), &connect.UpdateUserRoutingProfileInput{InstanceId: &f.iid, UserId: &uid, RoutingProfileId: aws.String("nope")})
	wantAPIError(t, err, "ResourceNotFoundException", 404)

	// Phone config: the fields sent change, the rest stay.
	if _, err := c.UpdateUserPhoneConfig(ctx(), &connect.UpdateUserPhoneConfigInput{InstanceId: &f.iid, UserId: &uid,
		PhoneConfig: &types.UserPhoneConfig{PhoneType: types.PhoneTypeDeskPhone, DeskPhoneNumber: aws.String("+442079460000"),
			AutoAccept: true, AfterContactWorkTimeLimit: 120}}); err != nil {
		t.Fatal(err)
	}
	_, err = c.UpdateUserPhoneConfig(ctx(), &connect.UpdateUserPhoneConfigInput{InstanceId: &f.iid, UserId: &uid,
		PhoneConfig: &types.UserPhoneConfig{PhoneType: types.PhoneTypeSoftPhone, AfterContactWorkTimeLimit: 3_000_000}})
	wantAPIError(t, err, "InvalidParameterException", 400)

	// Identity info: sent fields change, others stay.
	for _, ii := range []*types.UserIdentityInfo{
		{FirstName: aws.String("Ann"), LastName: aws.String("Lee"), Mobile: aws.String("+15555550123")},
		{Email: aws.String("ann@example.com")},
	} {
		if _, err := c.UpdateUserIdentityInfo(ctx(), &connect.UpdateUserIdentityInfoInput{InstanceId: &f.iid, UserId: &uid, IdentityInfo: ii}); err != nil {
			t.Fatal(err)
		}
	}

	// Security profiles are replaced; an unknown one is 404 and changes nothing.
	if _, err := c.UpdateUserSecurityProfiles(ctx(), &connect.UpdateUserSecurityProfilesInput{InstanceId: &f.iid, UserId: &uid,
		SecurityProfileIds: []string{f.managerSP}}); err != nil {
		t.Fatal(err)
	}
	_, err = c.UpdateUserSecurityProfiles(ctx(), &connect.UpdateUserSecurityProfilesInput{InstanceId: &f.iid, UserId: &uid,
		SecurityProfileIds: []string{f.agentSP, "nope"}})
	wantAPIError(t, err, "ResourceNotFoundException", 404)

	u := f.describeUser(t, uid)
	if *u.RoutingProfileId != *rp.RoutingProfileId || u.PhoneConfig.PhoneType != types.PhoneTypeDeskPhone ||
		*u.PhoneConfig.DeskPhoneNumber != "+442079460000" || !u.PhoneConfig.AutoAccept || u.PhoneConfig.AfterContactWorkTimeLimit != 120 ||
		*u.IdentityInfo.FirstName != "Ann" || *u.IdentityInfo.LastName != "Lee" || *u.IdentityInfo.Email != "ann@example.com" ||
		*u.IdentityInfo.Mobile != "+15555550123" || len(u.SecurityProfileIds) != 1 || u.SecurityProfileIds[0] != f.managerSP ||
		!u.LastModifiedTime.Equal(T0.Add(60e9)) {
		t.Fatalf("after updates: %+v (phone %+v, identity %+v)", u, u.PhoneConfig, u.IdentityInfo)
	}

	// Every update answers 404 for an unknown user.
	nope := aws.String("nope")
	_, err = c.UpdateUserIdentityInfo(ctx(), &connect.UpdateUserIdentityInfoInput{InstanceId: &f.iid, UserId: nope, IdentityInfo: &types.UserIdentityInfo{}})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	_, err = c.UpdateUserPhoneConfig(ctx(), &connect.UpdateUserPhoneConfigInput{InstanceId: &f.iid, UserId: nope, PhoneConfig: &types.UserPhoneConfig{PhoneType: types.PhoneTypeSoftPhone}})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	_, err = c.UpdateUserHierarchy(ctx(), &connect.UpdateUserHierarchyInput{InstanceId: &f.iid, UserId: nope})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
}

func TestUsersIsolation(t *testing.T) {
	e := newEnv(t)
	f := newUserFixture(t, e, "user-iso")
	uid := f.mkUser(t, "private")
	uarn := f.scope.ARN("instance/" + f.iid + "/agent/" + uid)
	for _, c := range []*connect.Client{e.clientFor("222222222222", "us-east-1"), e.clientFor("111111111111", "eu-west-2")} {
		for _, id := range []string{uid, uarn} {
			_, err := c.DescribeUser(ctx(), &connect.DescribeUserInput{InstanceId: &f.iid, UserId: &id})
			wantAPIError(t, err, "ResourceNotFoundException", 404)
		}
		_, err := c.ListUsers(ctx(), &connect.ListUsersInput{InstanceId: &f.iid})
		wantAPIError(t, err, "ResourceNotFoundException", 404)
		_, err = c.DeleteUser(ctx(), &connect.DeleteUserInput{InstanceId: &f.iid, UserId: &uid})
		wantAPIError(t, err, "ResourceNotFoundException", 404)
	}
	// Another instance of the same owner does not see it either, by ID or ARN.
	other := newInstance(t, f.c, "user-iso-2")
	for _, id := range []string{uid, uarn} {
		_, err := f.c.DescribeUser(ctx(), &connect.DescribeUserInput{InstanceId: &other, UserId: &id})
		wantAPIError(t, err, "ResourceNotFoundException", 404)
	}
	if u := f.describeUser(t, uid); *u.Username != "private" {
		t.Fatalf("owner lost its user: %+v", u)
	}
}
