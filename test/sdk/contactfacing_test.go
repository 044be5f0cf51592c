package sdk

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
)

// TagContact and UntagContact change what DescribeContact returns and what
// SearchContacts' ContactTags criterion matches; aws: keys are reserved.
func TestContactTags(t *testing.T) {
	c := newCenter(t, "ctags")
	cid := c.task("tagged", c.basicFlow)
	other := c.task("plain", c.basicFlow)
	if _, err := c.c.TagContact(ctx(), &connect.TagContactInput{InstanceId: &c.iid, ContactId: &cid, Tags: map[string]string{"tier": "gold", "x": "1"}}); err != nil {
		t.Fatal(err)
	}
	if got := c.describe(cid).Tags; got["tier"] != "gold" || got["x"] != "1" || got["aws:connect:instanceId"] != c.iid {
		t.Fatalf("tags %v", got)
	}
	if got := c.describe(other).Tags; got["tier"] != "" {
		t.Fatalf("the other contact's tags changed: %v", got)
	}
	search := func() []string {
		t.Helper()
		out, err := c.c.SearchContacts(ctx(), &connect.SearchContactsInput{InstanceId: &c.iid, TimeRange: window(),
			SearchCriteria: &types.SearchCriteria{ContactTags: &types.ControlPlaneTagFilter{
				AndConditions: []types.TagCondition{{TagKey: aws.String("tier"), TagValue: aws.String("gold")}}}}})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, x := range out.Contacts {
			ids = append(ids, *x.Id)
		}
		return ids
	}
	if ids := search(); len(ids) != 1 || ids[0] != cid {
		t.Fatalf("search by tag: %v", ids)
	}
	if _, err := c.c.UntagContact(ctx(), &connect.UntagContactInput{InstanceId: &c.iid, ContactId: &cid, TagKeys: []string{"tier", "absent"}}); err != nil {
		t.Fatal(err)
	}
	if got := c.describe(cid).Tags; got["tier"] != "" || got["x"] != "1" {
		t.Fatalf("after untag %v", got)
	}
	if ids := search(); len(ids) != 0 {
		t.Fatalf("search after untag: %v", ids)
	}
	_, err := c.c.UntagContact(ctx(), &connect.UntagContactInput{InstanceId: &c.iid, ContactId: &cid, TagKeys: []string{"aws:connect:instanceId"}})
	wantAPIError(t, err, "InvalidParameterException", 400)
	_, err = c.c.TagContact(ctx(), &connect.TagContactInput{InstanceId: &c.iid, ContactId: aws.String("nope"), Tags: map[string]string{"a": "b"}})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	// Another account cannot tag it.
	_, err = c.e.clientFor("222222222222", "us-east-1").TagContact(ctx(), &connect.TagContactInput{InstanceId: &c.iid, ContactId: &cid, Tags: map[string]string{"a": "b"}})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
}

// PauseContact and ResumeContact record the pause on a task.
func TestPauseAndResumeTask(t *testing.T) {
	c := newCenter(t, "pause")
	cid := c.task("stalled", c.basicFlow)
	pause := func(cid string) error {
		_, err := c.c.PauseContact(ctx(), &connect.PauseContactInput{InstanceId: &c.iid, ContactId: &cid})
		return err
	}
	resume := func(cid string) error {
		_, err := c.c.ResumeContact(ctx(), &connect.ResumeContactInput{InstanceId: &c.iid, ContactId: &cid})
		return err
	}
	wantAPIError(t, resume(cid), "ConflictException", 409)
	if err := pause(cid); err != nil {
		t.Fatal(err)
	}
	d := c.describe(cid)
	if d.LastPausedTimestamp == nil || !d.LastPausedTimestamp.Equal(T0) || aws.ToInt32(d.TotalPauseCount) != 1 {
		t.Fatalf("paused: %v %v", d.LastPausedTimestamp, d.TotalPauseCount)
	}
	wantAPIError(t, pause(cid), "ConflictException", 409)
	c.advance(90 * time.Second)
	if err := resume(cid); err != nil {
		t.Fatal(err)
	}
	c.advance(time.Minute)
	if err := pause(cid); err != nil {
		t.Fatal(err)
	}
	c.advance(30 * time.Second)
	if err := resume(cid); err != nil {
		t.Fatal(err)
	}
	d = c.describe(cid)
	if aws.ToInt32(d.TotalPauseCount) != 2 || aws.ToInt32(d.TotalPauseDurationInSeconds) != 120 ||
		!d.LastResumedTimestamp.Equal(T0.Add(3*time.Minute)) || !d.LastPausedTimestamp.Equal(T0.Add(150*time.Second)) {
		t.Fatalf("resumed: count %v total %v paused %v resumed %v", d.TotalPauseCount, d.TotalPauseDurationInSeconds, d.LastPausedTimestamp, d.LastResumedTimestamp)
	}
	// A flow named must exist; only tasks pause; an ended task does not.
	_, err := c.c.PauseContact(ctx(), &connect.PauseContactInput{InstanceId: &c.iid, ContactId: &cid, ContactFlowId: aws.String("no-such-flow")})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	chat, _ := c.chat(c.basicFlow, "hi")
	wantAPIError(t, pause(chat), "InvalidRequestException", 400)
	if _, err := c.c.StopContact(ctx(), &connect.StopContactInput{InstanceId: &c.iid, ContactId: &cid}); err != nil {
		t.Fatal(err)
	}
	wantAPIError(t, pause(cid), "InvalidRequestException", 400)
}

// An entity's security profiles: the user's list, added to and taken
// from, checked against the instance's profiles.
func TestEntitySecurityProfiles(t *testing.T) {
	f := newUserFixture(t, newEnv(t), "entsp")
	uid := f.mkUser(t, "ann")
	uarn := f.scope.ARN("instance/" + f.iid + "/agent/" + uid)
	list := func() []string {
		t.Helper()
		out, err := f.c.ListEntitySecurityProfiles(ctx(), &connect.ListEntitySecurityProfilesInput{InstanceId: &f.iid, EntityType: types.EntityTypeUser, EntityArn: &uarn})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, p := range out.SecurityProfiles {
			ids = append(ids, *p.Id)
		}
		return ids
	}
	if got := list(); len(got) != 1 || got[0] != f.agentSP {
		t.Fatalf("initial %v", got)
	}
	if _, err := f.c.AssociateSecurityProfiles(ctx(), &connect.AssociateSecurityProfilesInput{InstanceId: &f.iid, EntityType: types.EntityTypeUser, EntityArn: &uarn,
		SecurityProfiles: []types.SecurityProfileItem{{Id: &f.managerSP}}}); err != nil {
		t.Fatal(err)
	}
	if got := f.describeUser(t, uid).SecurityProfileIds; len(got) != 2 {
		t.Fatalf("DescribeUser after associate: %v", got)
	}
	_, err := f.c.AssociateSecurityProfiles(ctx(), &connect.AssociateSecurityProfilesInput{InstanceId: &f.iid, EntityType: types.EntityTypeUser, EntityArn: &uarn,
		SecurityProfiles: []types.SecurityProfileItem{{Id: aws.String("00000000-0000-0000-0000-000000000000")}}})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	if _, err := f.c.DisassociateSecurityProfiles(ctx(), &connect.DisassociateSecurityProfilesInput{InstanceId: &f.iid, EntityType: types.EntityTypeUser, EntityArn: &uarn,
		SecurityProfiles: []types.SecurityProfileItem{{Id: &f.agentSP}}}); err != nil {
		t.Fatal(err)
	}
	if got := list(); len(got) != 1 || got[0] != f.managerSP {
		t.Fatalf("after disassociate %v", got)
	}
	_, err = f.c.DisassociateSecurityProfiles(ctx(), &connect.DisassociateSecurityProfilesInput{InstanceId: &f.iid, EntityType: types.EntityTypeUser, EntityArn: &uarn,
		SecurityProfiles: []types.SecurityProfileItem{{Id: &f.managerSP}}})
	wantAPIError(t, err, "InvalidRequestException", 400)
	_, err = f.c.ListEntitySecurityProfiles(ctx(), &connect.ListEntitySecurityProfilesInput{InstanceId: &f.iid, EntityType: types.EntityTypeAiAgent, EntityArn: &uarn})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
}
