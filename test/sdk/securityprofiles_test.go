package sdk

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
)

// securityProfilesByName lists an instance's security profiles by name.
func securityProfilesByName(t *testing.T, c *connect.Client, instanceID string) map[string]types.SecurityProfileSummary {
	t.Helper()
	out := map[string]types.SecurityProfileSummary{}
	p := connect.NewListSecurityProfilesPaginator(c, &connect.ListSecurityProfilesInput{InstanceId: &instanceID})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx())
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range page.SecurityProfileSummaryList {
			out[*s.Name] = s
		}
	}
	return out
}

func TestSecurityProfileDefaults(t *testing.T) {
	e := newEnv(t)
	c := e.client
	id := newInstance(t, c, "security")
	all := securityProfilesByName(t, c, id)
	if len(all) != 4 {
		t.Fatalf("security profiles = %+v", all)
	}
	for _, name := range []string{"Admin", "Agent", "CallCenterManager", "QualityAnalyst"} {
		s, ok := all[name]
		if !ok {
			t.Fatalf("no default security profile %s", name)
		}
		wantARN := "arn:aws:connect:us-east-1:111111111111:instance/" + id + "/security-profile/" + *s.Id
		if *s.Arn != wantARN || !s.LastModifiedTime.Equal(T0) || *s.LastModifiedRegion != "us-east-1" {
			t.Fatalf("summary %s = %+v", name, s)
		}
		// By ID and by ARN.
		for _, ref := range []string{*s.Id, wantARN} {
			d, err := c.DescribeSecurityProfile(ctx(), &connect.DescribeSecurityProfileInput{InstanceId: &id, SecurityProfileId: aws.String(ref)})
			if err != nil {
				t.Fatal(err)
			}
			p := d.SecurityProfile
			if *p.Id != *s.Id || *p.Arn != wantARN || *p.SecurityProfileName != name || *p.OrganizationResourceId != id ||
				!p.LastModifiedTime.Equal(T0) || *p.LastModifiedRegion != "us-east-1" {
				t.Fatalf("DescribeSecurityProfile(%s) = %+v", ref, p)
			}
		}
	}
	// The instance ARN works as the instance ID; the organization is still the ID.
	instARN := "arn:aws:connect:us-east-1:111111111111:instance/" + id
	d, err := c.DescribeSecurityProfile(ctx(), &connect.DescribeSecurityProfileInput{InstanceId: &instARN, SecurityProfileId: all["Admin"].Id})
	if err != nil {
		t.Fatal(err)
	}
	if *d.SecurityProfile.OrganizationResourceId != id {
		t.Fatalf("OrganizationResourceId = %s, want %s", *d.SecurityProfile.OrganizationResourceId, id)
	}
}

func TestSecurityProfileErrors(t *testing.T) {
	e := newEnv(t)
	c := e.client
	id := newInstance(t, c, "security")
	other := newInstance(t, c, "other")
	admin := *securityProfilesByName(t, c, id)["Admin"].Id
	describe := func(c *connect.Client, instanceID, profileID string) error {
		_, err := c.DescribeSecurityProfile(ctx(), &connect.DescribeSecurityProfileInput{InstanceId: &instanceID, SecurityProfileId: &profileID})
		return err
	}
	wantAPIError(t, describe(c, id, "no-such-profile"), "ResourceNotFoundException", 404)
	wantAPIError(t, describe(c, "no-such-instance", admin), "ResourceNotFoundException", 404)
	wantAPIError(t, describe(c, other, admin), "ResourceNotFoundException", 404)
	wantAPIError(t, describe(c, other, "arn:aws:connect:us-east-1:111111111111:instance/"+id+"/security-profile/"+admin), "ResourceNotFoundException", 404)
	for _, oc := range []*connect.Client{e.clientFor("222222222222", "us-east-1"), e.clientFor("111111111111", "eu-west-2")} {
		wantAPIError(t, describe(oc, id, admin), "ResourceNotFoundException", 404)
		_, err := oc.ListSecurityProfiles(ctx(), &connect.ListSecurityProfilesInput{InstanceId: &id})
		wantAPIError(t, err, "ResourceNotFoundException", 404)
	}
	_, err := c.ListSecurityProfiles(ctx(), &connect.ListSecurityProfilesInput{InstanceId: aws.String("no-such-instance")})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	_, err = c.ListSecurityProfiles(ctx(), &connect.ListSecurityProfilesInput{InstanceId: &id, MaxResults: aws.Int32(1001)})
	wantAPIError(t, err, "InvalidParameterException", 400)
}

func TestListSecurityProfilesPaging(t *testing.T) {
	e := newEnv(t)
	c := e.client
	id := newInstance(t, c, "paging")
	seen := map[string]bool{}
	pages := 0
	var token *string
	p := connect.NewListSecurityProfilesPaginator(c, &connect.ListSecurityProfilesInput{InstanceId: &id, MaxResults: aws.Int32(3)})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx())
		if err != nil {
			t.Fatal(err)
		}
		pages++
		if out.NextToken != nil {
			token = out.NextToken
		}
		for _, s := range out.SecurityProfileSummaryList {
			if seen[*s.Id] {
				t.Fatalf("profile %s on two pages", *s.Id)
			}
			seen[*s.Id] = true
		}
	}
	if pages != 2 || len(seen) != 4 {
		t.Fatalf("%d pages, %d profiles; want 2 pages, 4 profiles", pages, len(seen))
	}
	// A token is bound to its instance.
	other := newInstance(t, c, "other")
	_, err := c.ListSecurityProfiles(ctx(), &connect.ListSecurityProfilesInput{InstanceId: &other, NextToken: token})
	wantAPIError(t, err, "InvalidParameterException", 400)
}
