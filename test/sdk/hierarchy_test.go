package sdk

import (
	"errors"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"

	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/server"
)

// setLevels defines the first len(names) hierarchy levels.
func (f *userFixture) setLevels(t *testing.T, names ...string) error {
	t.Helper()
	var hs types.HierarchyStructureUpdate
	slots := []**types.HierarchyLevelUpdate{&hs.LevelOne, &hs.LevelTwo, &hs.LevelThree, &hs.LevelFour, &hs.LevelFive}
	for i, n := range names {
		if n != "" {
			*slots[i] = &types.HierarchyLevelUpdate{Name: aws.String(n)}
		}
	}
	_, err := f.c.UpdateUserHierarchyStructure(ctx(), &connect.UpdateUserHierarchyStructureInput{InstanceId: &f.iid, HierarchyStructure: &hs})
	return err
}

func (f *userFixture) structure(t *testing.T) []*types.HierarchyLevel {
	t.Helper()
	d, err := f.c.DescribeUserHierarchyStructure(ctx(), &connect.DescribeUserHierarchyStructureInput{InstanceId: &f.iid})
	if err != nil {
		t.Fatal(err)
	}
	hs := d.HierarchyStructure
	return []*types.HierarchyLevel{hs.LevelOne, hs.LevelTwo, hs.LevelThree, hs.LevelFour, hs.LevelFive}
}

func (f *userFixture) mkGroup(t *testing.T, name, parent string) (id, arn string, err error) {
	t.Helper()
	in := &connect.CreateUserHierarchyGroupInput{InstanceId: &f.iid, Name: aws.String(name)}
	if parent != "" {
		in.ParentGroupId = aws.String(parent)
	}
	out, err := f.c.CreateUserHierarchyGroup(ctx(), in)
	if err != nil {
		return "", "", err
	}
	return *out.HierarchyGroupId, *out.HierarchyGroupArn, nil
}

func (f *userFixture) mustGroup(t *testing.T, name, parent string) string {
	t.Helper()
	id, _, err := f.mkGroup(t, name, parent)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// wantInUse asserts a ResourceInUseException naming the resource.
func wantInUse(t *testing.T, err error, resourceType types.ResourceType, resourceID string) {
	t.Helper()
	wantAPIError(t, err, "ResourceInUseException", 409)
	var e *types.ResourceInUseException
	if !errors.As(err, &e) || e.ResourceType != resourceType || aws.ToString(e.ResourceId) != resourceID {
		t.Fatalf("ResourceInUseException members = %+v, want %s %s", e, resourceType, resourceID)
	}
}

func TestHierarchyStructure(t *testing.T) {
	e := newEnv(t)
	f := newUserFixture(t, e, "hier-structure")
	for i, lv := range f.structure(t) {
		if lv != nil {
			t.Fatalf("new instance has level %d: %+v", i+1, lv)
		}
	}
	if err := f.setLevels(t, "Region", "Site", "Team"); err != nil {
		t.Fatal(err)
	}
	before := f.structure(t)
	for i, name := range []string{"Region", "Site", "Team"} {
		lv := before[i]
		if lv == nil || *lv.Name != name || *lv.Id == "" || !lv.LastModifiedTime.Equal(T0) || *lv.LastModifiedRegion != "us-east-1" ||
			*lv.Arn != fmt.Sprintf("%s/agent-group-level/%d", f.iidARN, i+1) {
			t.Fatalf("level %d = %+v", i+1, lv)
		}
	}
	if before[3] != nil || before[4] != nil {
		t.Fatal("levels four and five should be undefined")
	}

	// Renaming keeps the level's ID; only the renamed level is stamped.
	e.clock.Advance(time.Minute)
	if err := f.setLevels(t, "Region", "Office", "Team"); err != nil {
		t.Fatal(err)
	}
	after := f.structure(t)
	if *after[1].Id != *before[1].Id || *after[1].Name != "Office" || !after[1].LastModifiedTime.Equal(T0.Add(time.Minute)) ||
		!after[0].LastModifiedTime.Equal(T0) {
		t.Fatalf("after rename: %+v / %+v", after[0], after[1])
	}

	// Levels are defined from the top, without gaps, with names.
	wantAPIError(t, f.setLevels(t, "Region", "", "Team"), "InvalidParameterException", 400)
	wantAPIError(t, f.setLevels(t, "Region", " "), "InvalidParameterException", 400)

	// A level that groups sit on cannot be removed; an empty one can.
	top := f.mustGroup(t, "EMEA", "")
	f.mustGroup(t, "London", top)
	if err := f.setLevels(t, "Region", "Office"); err != nil {
		t.Fatalf("removing the empty level three: %v", err)
	}
	wantInUse(t, f.setLevels(t, "Region"), types.ResourceTypeHierarchyLevel, *before[1].Arn)
	wantInUse(t, f.setLevels(t), types.ResourceTypeHierarchyLevel, *before[0].Arn)
	if got := f.structure(t); got[1] == nil || got[2] != nil {
		t.Fatalf("a refused update changed the structure: %+v", got)
	}
}

func TestHierarchyGroups(t *testing.T) {
	e := newEnv(t)
	f := newUserFixture(t, e, "hier-groups")
	c := f.c

	// Without a structure there is no level for a group.
	_, _, err := f.mkGroup(t, "Orphan", "")
	wantAPIError(t, err, "InvalidRequestException", 400)

	if err := f.setLevels(t, "Region", "Site", "Team"); err != nil {
		t.Fatal(err)
	}
	eu, euARN, err := f.mkGroup(t, "Europe", "")
	if err != nil {
		t.Fatal(err)
	}
	if euARN != f.iidARN+"/agent-group/"+eu {
		t.Fatalf("group ARN = %s", euARN)
	}
	paris := f.mustGroup(t, "Paris", euARN)
	out, err := c.CreateUserHierarchyGroup(ctx(), &connect.CreateUserHierarchyGroupInput{InstanceId: &f.iid, Name: aws.String("Team A"),
		ParentGroupId: &paris, Tags: map[string]string{"cost": "42"}})
	if err != nil {
		t.Fatal(err)
	}
	teamA := *out.HierarchyGroupId
	d, err := c.DescribeUserHierarchyGroup(ctx(), &connect.DescribeUserHierarchyGroupInput{InstanceId: &f.iid, HierarchyGroupId: out.HierarchyGroupArn})
	if err != nil {
		t.Fatal(err)
	}
	g, p := d.HierarchyGroup, d.HierarchyGroup.HierarchyPath
	if *g.Id != teamA || *g.Name != "Team A" || *g.LevelId != "3" || g.Tags["cost"] != "42" || !g.LastModifiedTime.Equal(T0) ||
		*p.LevelOne.Id != eu || *p.LevelOne.Arn != euARN || *p.LevelOne.Name != "Europe" || *p.LevelTwo.Id != paris ||
		*p.LevelTwo.Name != "Paris" || *p.LevelThree.Id != teamA || p.LevelFour != nil || p.LevelFive != nil {
		t.Fatalf("DescribeUserHierarchyGroup = %+v, path %+v", g, p)
	}
	if d, err := c.DescribeUserHierarchyGroup(ctx(), &connect.DescribeUserHierarchyGroupInput{InstanceId: &f.iid, HierarchyGroupId: &eu}); err != nil ||
		*d.HierarchyGroup.LevelId != "1" || d.HierarchyGroup.HierarchyPath.LevelTwo != nil {
		t.Fatalf("top-level group: %+v, %v", d, err)
	}

	// Level four is not defined, so Team A can have no children yet.
	_, _, err = f.mkGroup(t, "Pod", teamA)
	wantAPIError(t, err, "InvalidRequestException", 400)
	if err := f.setLevels(t, "Region", "Site", "Team", "Pod", "Seat"); err != nil {
		t.Fatal(err)
	}
	pod := f.mustGroup(t, "Pod", teamA)
	seat := f.mustGroup(t, "Seat", pod)
	_, _, err = f.mkGroup(t, "Below five", seat)
	wantAPIError(t, err, "InvalidRequestException", 400)
	_, _, err = f.mkGroup(t, "Lost", "nope")
	wantAPIError(t, err, "ResourceNotFoundException", 404)

	// Names are unique among siblings, ignoring case; cousins may share one.
	_, _, err = f.mkGroup(t, "paris", eu)
	wantAPIError(t, err, "DuplicateResourceException", 409)
	us := f.mustGroup(t, "Americas", "")
	f.mustGroup(t, "Team A", f.mustGroup(t, "Paris", us))
	rename := func(id, name string) error {
		_, err := c.UpdateUserHierarchyGroupName(ctx(), &connect.UpdateUserHierarchyGroupNameInput{InstanceId: &f.iid, HierarchyGroupId: &id, Name: &name})
		return err
	}
	wantAPIError(t, rename(us, "EUROPE"), "DuplicateResourceException", 409)
	if err := rename(us, "North America"); err != nil {
		t.Fatal(err)
	}
	if d, _ := c.DescribeUserHierarchyGroup(ctx(), &connect.DescribeUserHierarchyGroupInput{InstanceId: &f.iid, HierarchyGroupId: &us}); *d.HierarchyGroup.Name != "North America" {
		t.Fatalf("rename lost: %+v", d.HierarchyGroup)
	}

	// Deleting: not while the group has children or users.
	del := func(id string) error {
		_, err := c.DeleteUserHierarchyGroup(ctx(), &connect.DeleteUserHierarchyGroupInput{InstanceId: &f.iid, HierarchyGroupId: &id})
		return err
	}
	wantInUse(t, del(paris), types.ResourceTypeHierarchyGroup, f.iidARN+"/agent-group/"+paris)
	uid := f.mkUser(t, "seated")
	if _, err := c.UpdateUserHierarchy(ctx(), &connect.UpdateUserHierarchyInput{InstanceId: &f.iid, UserId: &uid, HierarchyGroupId: &seat}); err != nil {
		t.Fatal(err)
	}
	wantInUse(t, del(seat), types.ResourceTypeHierarchyGroup, f.iidARN+"/agent-group/"+seat)
	if _, err := c.UpdateUserHierarchy(ctx(), &connect.UpdateUserHierarchyInput{InstanceId: &f.iid, UserId: &uid}); err != nil {
		t.Fatal(err)
	}
	if u := f.describeUser(t, uid); u.HierarchyGroupId != nil {
		t.Fatalf("user still in group %s", *u.HierarchyGroupId)
	}
	for _, id := range []string{seat, pod} {
		if err := del(id); err != nil {
			t.Fatal(err)
		}
	}
	_, err = c.DescribeUserHierarchyGroup(ctx(), &connect.DescribeUserHierarchyGroupInput{InstanceId: &f.iid, HierarchyGroupId: &seat})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	wantAPIError(t, del(seat), "ResourceNotFoundException", 404)
}

func TestUsersInHierarchy(t *testing.T) {
	e := newEnv(t)
	f := newUserFixture(t, e, "hier-users")
	c := f.c
	if err := f.setLevels(t, "Site"); err != nil {
		t.Fatal(err)
	}
	lyon, lyonARN, err := f.mkGroup(t, "Lyon", "")
	if err != nil {
		t.Fatal(err)
	}
	nice := f.mustGroup(t, "Nice", "")
	out, err := c.CreateUser(ctx(), &connect.CreateUserInput{InstanceId: &f.iid, Username: aws.String("placed"), RoutingProfileId: &f.basicProfile,
		SecurityProfileIds: []string{f.agentSP}, HierarchyGroupId: &lyonARN})
	if err != nil {
		t.Fatal(err)
	}
	uid := *out.UserId
	if u := f.describeUser(t, uid); aws.ToString(u.HierarchyGroupId) != lyon {
		t.Fatalf("HierarchyGroupId = %v, want %s", u.HierarchyGroupId, lyon)
	}
	if _, err := c.UpdateUserHierarchy(ctx(), &connect.UpdateUserHierarchyInput{InstanceId: &f.iid, UserId: &uid, HierarchyGroupId: &nice}); err != nil {
		t.Fatal(err)
	}
	_, err = c.UpdateUserHierarchy(ctx(), &connect.UpdateUserHierarchyInput{InstanceId: &f.iid, UserId: &uid, HierarchyGroupId: aws.String("nope")})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	if u := f.describeUser(t, uid); aws.ToString(u.HierarchyGroupId) != nice {
		t.Fatalf("HierarchyGroupId = %v, want %s", u.HierarchyGroupId, nice)
	}
	// The group Lyon is free now; Nice is not.
	if _, err := c.DeleteUserHierarchyGroup(ctx(), &connect.DeleteUserHierarchyGroupInput{InstanceId: &f.iid, HierarchyGroupId: &lyon}); err != nil {
		t.Fatal(err)
	}
	_, err = c.DeleteUserHierarchyGroup(ctx(), &connect.DeleteUserHierarchyGroupInput{InstanceId: &f.iid, HierarchyGroupId: &nice})
	wantAPIError(t, err, "ResourceInUseException", 409)
	// Deleting the user frees its group.
	if _, err := c.DeleteUser(ctx(), &connect.DeleteUserInput{InstanceId: &f.iid, UserId: &uid}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.DeleteUserHierarchyGroup(ctx(), &connect.DeleteUserHierarchyGroupInput{InstanceId: &f.iid, HierarchyGroupId: &nice}); err != nil {
		t.Fatal(err)
	}
}

func TestListUserHierarchyGroupsPaging(t *testing.T) {
	e := newEnv(t)
	f := newUserFixture(t, e, "hier-paging")
	if err := f.setLevels(t, "Site", "Team"); err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	site := f.mustGroup(t, "Site", "")
	want[site] = true
	for i := range 6 {
		want[f.mustGroup(t, fmt.Sprintf("Team %d", i), site)] = true
	}
	p := connect.NewListUserHierarchyGroupsPaginator(f.c, &connect.ListUserHierarchyGroupsInput{InstanceId: &f.iid, MaxResults: aws.Int32(3)})
	seen, pages := map[string]bool{}, 0
	for p.HasMorePages() {
		out, err := p.NextPage(ctx())
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, g := range out.UserHierarchyGroupSummaryList {
			if seen[*g.Id] || !want[*g.Id] || !strings.Contains(*g.Arn, "/agent-group/") || *g.Name == "" ||
				!g.LastModifiedTime.Equal(T0) || *g.LastModifiedRegion != "us-east-1" {
				t.Fatalf("summary %+v repeated, unknown or incomplete", g)
			}
			seen[*g.Id] = true
		}
	}
	if pages != 3 || len(seen) != 7 {
		t.Fatalf("%d pages, %d groups; want 3 pages, 7 groups", pages, len(seen))
	}
	_, err := f.c.ListUserHierarchyGroups(ctx(), &connect.ListUserHierarchyGroupsInput{InstanceId: &f.iid, NextToken: aws.String("forged")})
	wantAPIError(t, err, "InvalidParameterException", 400)
}

func TestHierarchyGroupsQuota(t *testing.T) {
	e := newEnv(t)
	f := newUserFixture(t, e, "hier-quota")
	if err := f.setLevels(t, "Only"); err != nil {
		t.Fatal(err)
	}
	for i := range 500 {
		f.mustGroup(t, fmt.Sprintf("G%03d", i), "")
	}
	_, _, err := f.mkGroup(t, "One too many", "")
	wantAPIError(t, err, "LimitExceededException", 429)
}

func TestHierarchyIsolation(t *testing.T) {
	e := newEnv(t)
	f := newUserFixture(t, e, "hier-iso")
	if err := f.setLevels(t, "Site"); err != nil {
		t.Fatal(err)
	}
	id, arn, err := f.mkGroup(t, "Secret", "")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []*connect.Client{e.clientFor("222222222222", "us-east-1"), e.clientFor("111111111111", "eu-west-2")} {
		for _, ref := range []string{id, arn} {
			_, err := c.DescribeUserHierarchyGroup(ctx(), &connect.DescribeUserHierarchyGroupInput{InstanceId: &f.iid, HierarchyGroupId: &ref})
			wantAPIError(t, err, "ResourceNotFoundException", 404)
		}
		_, err := c.DescribeUserHierarchyStructure(ctx(), &connect.DescribeUserHierarchyStructureInput{InstanceId: &f.iid})
		wantAPIError(t, err, "ResourceNotFoundException", 404)
		_, err = c.ListUserHierarchyGroups(ctx(), &connect.ListUserHierarchyGroupsInput{InstanceId: &f.iid})
		wantAPIError(t, err, "ResourceNotFoundException", 404)
	}
	// A second instance has its own, empty, hierarchy.
	g := &userFixture{e: e, c: f.c, iid: newInstance(t, f.c, "hier-iso-2")}
	for _, lv := range g.structure(t) {
		if lv != nil {
			t.Fatalf("second instance sees level %+v", lv)
		}
	}
	for _, ref := range []string{id, arn} {
		_, err := f.c.DescribeUserHierarchyGroup(ctx(), &connect.DescribeUserHierarchyGroupInput{InstanceId: &g.iid, HierarchyGroupId: &ref})
		wantAPIError(t, err, "ResourceNotFoundException", 404)
	}
	l, err := f.c.ListUserHierarchyGroups(ctx(), &connect.ListUserHierarchyGroupsInput{InstanceId: &g.iid})
	if err != nil || len(l.UserHierarchyGroupSummaryList) != 0 {
		t.Fatalf("second instance lists %+v, %v", l, err)
	}
}

// TestUsersProfilesHierarchySurviveRestart reopens a disk-backed server and
// finds every record this branch writes.
func TestUsersProfilesHierarchySurviveRestart(t *testing.T) {
	dir := t.TempDir()
	open := func() *env {
		vc := clock.NewVirtual(T0)
		srv, err := server.New(server.Options{DataDir: dir, Clock: vc})
		if err != nil {
			t.Fatal(err)
		}
		e := &env{t: t, srv: srv, http: httptest.NewServer(srv.Handler()), clock: vc}
		e.client = e.clientFor("111111111111", "us-east-1")
		return e
	}
	e := open()
	f := newUserFixture(t, e, "durable")
	if err := f.setLevels(t, "Site", "Team"); err != nil {
		t.Fatal(err)
	}
	team := f.mustGroup(t, "Team", f.mustGroup(t, "Site", ""))
	q, _ := f.mkQueue(t, "Kept")
	rp := f.mkProfile(t, "Kept", qcfg(q, types.ChannelVoice, 3, 7))
	uid := f.mkUser(t, "kept")
	if _, err := f.c.UpdateUserHierarchy(ctx(), &connect.UpdateUserHierarchyInput{InstanceId: &f.iid, UserId: &uid, HierarchyGroupId: &team}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.c.UpdateUserRoutingProfile(ctx(), &connect.UpdateUserRoutingProfileInput{InstanceId: &f.iid, UserId: &uid, RoutingProfileId: &rp}); err != nil {
		t.Fatal(err)
	}
	e.http.Close()
	if err := e.srv.Close(); err != nil {
		t.Fatal(err)
	}

	e2 := open()
	t.Cleanup(func() { e2.http.Close(); e2.srv.Close() })
	f.e, f.c = e2, e2.client
	u := f.describeUser(t, uid)
	if *u.Username != "kept" || *u.HierarchyGroupId != team || *u.RoutingProfileId != rp {
		t.Fatalf("user after restart: %+v", u)
	}
	if lv := f.structure(t); lv[0] == nil || *lv[1].Name != "Team" || lv[2] != nil {
		t.Fatalf("structure after restart: %+v", lv)
	}
	d, err := f.c.DescribeUserHierarchyGroup(ctx(), &connect.DescribeUserHierarchyGroupInput{InstanceId: &f.iid, HierarchyGroupId: &team})
	if err != nil || *d.HierarchyGroup.HierarchyPath.LevelOne.Name != "Site" {
		t.Fatalf("group after restart: %+v, %v", d, err)
	}
	if s := f.profileQueues(t, rp)[q+"/VOICE"]; *s.Priority != 3 || s.Delay != 7 || *f.describeProfile(t, rp).NumberOfAssociatedUsers != 1 {
		t.Fatalf("profile after restart: %+v", s)
	}
}
