package sdk

import (
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
)

func listPermissions(t *testing.T, c *connect.Client, iid, spID string) []string {
	t.Helper()
	var out []string
	p := connect.NewListSecurityProfilePermissionsPaginator(c, &connect.ListSecurityProfilePermissionsInput{
		InstanceId: &iid, SecurityProfileId: &spID, MaxResults: aws.Int32(2)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx())
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, page.Permissions...)
	}
	return out
}

func TestSecurityProfileLifecycle(t *testing.T) {
	e := newEnv(t)
	f := newUserFixture(t, e, "sp-crud")
	c := f.c
	if _, err := c.UpdateUserHierarchyStructure(ctx(), &connect.UpdateUserHierarchyStructureInput{InstanceId: &f.iid,
		HierarchyStructure: &types.HierarchyStructureUpdate{LevelOne: &types.HierarchyLevelUpdate{Name: aws.String("Site")}}}); err != nil {
		t.Fatal(err)
	}
	g, err := c.CreateUserHierarchyGroup(ctx(), &connect.CreateUserHierarchyGroupInput{InstanceId: &f.iid, Name: aws.String("Team")})
	if err != nil {
		t.Fatal(err)
	}
	out, err := c.CreateSecurityProfile(ctx(), &connect.CreateSecurityProfileInput{InstanceId: &f.iid,
		SecurityProfileName: aws.String("Supervisors"), Description: aws.String("floor"),
		Permissions:              []string{"Queues.View", "BasicAgentAccess", "ManagerListenIn", "BasicAgentAccess"},
		AllowedAccessControlTags: map[string]string{"Dept": "Sales"}, TagRestrictedResources: []string{"User"},
		AllowedAccessControlHierarchyGroupId: g.HierarchyGroupId,
		Applications:                         []types.Application{{Namespace: aws.String("https://crm.example.com"), ApplicationPermissions: []string{"ACCESS"}}},
		Tags:                                 map[string]string{"env": "test"}})
	if err != nil {
		t.Fatal(err)
	}
	want := "arn:aws:connect:us-east-1:111111111111:instance/" + f.iid + "/security-profile/" + *out.SecurityProfileId
	if *out.SecurityProfileArn != want {
		t.Fatalf("arn = %s, want %s", *out.SecurityProfileArn, want)
	}
	d, err := c.DescribeSecurityProfile(ctx(), &connect.DescribeSecurityProfileInput{InstanceId: &f.iid, SecurityProfileId: out.SecurityProfileId})
	if err != nil {
		t.Fatal(err)
	}
	p := d.SecurityProfile
	if *p.SecurityProfileName != "Supervisors" || *p.Description != "floor" || p.Tags["env"] != "test" ||
		p.AllowedAccessControlTags["Dept"] != "Sales" || !slices.Equal(p.TagRestrictedResources, []string{"User"}) ||
		*p.AllowedAccessControlHierarchyGroupId != *g.HierarchyGroupId {
		t.Fatalf("described = %+v", p)
	}
	// Permissions come back sorted, without repeats, across pages of 2.
	if got := listPermissions(t, c, f.iid, *out.SecurityProfileId); !slices.Equal(got, []string{"BasicAgentAccess", "ManagerListenIn", "Queues.View"}) {
		t.Fatalf("permissions = %v", got)
	}
	apps, err := c.ListSecurityProfileApplications(ctx(), &connect.ListSecurityProfileApplicationsInput{InstanceId: &f.iid, SecurityProfileId: out.SecurityProfileId})
	if err != nil {
		t.Fatal(err)
	}
	if len(apps.Applications) != 1 || *apps.Applications[0].Namespace != "https://crm.example.com" || apps.Applications[0].ApplicationPermissions[0] != "ACCESS" {
		t.Fatalf("applications = %+v", apps.Applications)
	}

	// A name outside the catalog is refused, and nothing changes.
	_, err = c.UpdateSecurityProfile(ctx(), &connect.UpdateSecurityProfileInput{InstanceId: &f.iid, SecurityProfileId: out.SecurityProfileId,
		Permissions: []string{"Queues.View", "Queues.Fly"}})
	wantAPIError(t, err, "InvalidParameterException", 400)
	// Update replaces the permissions and keeps what it does not name.
	e.clock.Advance(60e9)
	_, err = c.UpdateSecurityProfile(ctx(), &connect.UpdateSecurityProfileInput{InstanceId: &f.iid, SecurityProfileId: out.SecurityProfileId,
		Permissions: []string{"Users.View"}, Description: aws.String("floor 2")})
	if err != nil {
		t.Fatal(err)
	}
	if got := listPermissions(t, c, f.iid, *out.SecurityProfileId); !slices.Equal(got, []string{"Users.View"}) {
		t.Fatalf("permissions after update = %v", got)
	}
	d, _ = c.DescribeSecurityProfile(ctx(), &connect.DescribeSecurityProfileInput{InstanceId: &f.iid, SecurityProfileId: out.SecurityProfileId})
	if *d.SecurityProfile.Description != "floor 2" || d.SecurityProfile.AllowedAccessControlTags["Dept"] != "Sales" || !d.SecurityProfile.LastModifiedTime.After(T0) {
		t.Fatalf("after update = %+v", d.SecurityProfile)
	}

	// Duplicate names, other instances and unknown groups.
	_, err = c.CreateSecurityProfile(ctx(), &connect.CreateSecurityProfileInput{InstanceId: &f.iid, SecurityProfileName: aws.String("supervisors")})
	wantAPIError(t, err, "DuplicateResourceException", 409)
	_, err = c.CreateSecurityProfile(ctx(), &connect.CreateSecurityProfileInput{InstanceId: &f.iid, SecurityProfileName: aws.String("X"),
		AllowedAccessControlHierarchyGroupId: aws.String("no-such-group")})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	other := newInstance(t, c, "sp-other")
	_, err = c.DescribeSecurityProfile(ctx(), &connect.DescribeSecurityProfileInput{InstanceId: &other, SecurityProfileId: out.SecurityProfileId})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	_, err = e.clientFor("222222222222", "us-east-1").ListSecurityProfilePermissions(ctx(), &connect.ListSecurityProfilePermissionsInput{InstanceId: &f.iid, SecurityProfileId: out.SecurityProfileId})
	wantAPIError(t, err, "ResourceNotFoundException", 404)

	// In use by a user: ResourceInUseException until the user lets go.
	u, err := c.CreateUser(ctx(), &connect.CreateUserInput{InstanceId: &f.iid, Username: aws.String("sup"), RoutingProfileId: &f.basicProfile,
		SecurityProfileIds: []string{*out.SecurityProfileId}, PhoneConfig: &types.UserPhoneConfig{PhoneType: types.PhoneTypeSoftPhone},
		Password: aws.String("Passw0rd!x")})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.DeleteSecurityProfile(ctx(), &connect.DeleteSecurityProfileInput{InstanceId: &f.iid, SecurityProfileId: out.SecurityProfileId})
	wantAPIError(t, err, "ResourceInUseException", 409)
	if _, err := c.UpdateUserSecurityProfiles(ctx(), &connect.UpdateUserSecurityProfilesInput{InstanceId: &f.iid, UserId: u.UserId,
		SecurityProfileIds: []string{f.agentSP}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.DeleteSecurityProfile(ctx(), &connect.DeleteSecurityProfileInput{InstanceId: &f.iid, SecurityProfileId: out.SecurityProfileId}); err != nil {
		t.Fatal(err)
	}
	_, err = c.DescribeSecurityProfile(ctx(), &connect.DescribeSecurityProfileInput{InstanceId: &f.iid, SecurityProfileId: out.SecurityProfileId})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	if _, ok := securityProfilesByName(t, c, f.iid)["Supervisors"]; ok {
		t.Fatal("deleted profile still listed")
	}
}

func TestSecurityProfileDefaultPermissions(t *testing.T) {
	e := newEnv(t)
	f := newUserFixture(t, e, "sp-defaults")
	if got := listPermissions(t, f.c, f.iid, f.agentSP); !slices.Equal(got, []string{"BasicAgentAccess", "OutboundCallAccess"}) {
		t.Fatalf("Agent permissions = %v", got)
	}
	admin := *securityProfilesByName(t, f.c, f.iid)["Admin"].Id
	got := listPermissions(t, f.c, f.iid, admin)
	if len(got) < 200 || !slices.Contains(got, "SecurityProfiles.Create") || !slices.IsSorted(got) {
		t.Fatalf("Admin permissions = %d %v", len(got), got[:5])
	}
}
