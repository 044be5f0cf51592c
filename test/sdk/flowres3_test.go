package sdk

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
)

func TestFlowAndModuleVersionsAliasesAndAssociations(t *testing.T) {
	c := newCenter(t, "versions")
	flow := c.mkFlow("versioned", promptFlow("x"))
	v1, err := c.c.CreateContactFlowVersion(ctx(), &connect.CreateContactFlowVersionInput{InstanceId: &c.iid, ContactFlowId: &flow, Description: aws.String("first")})
	if err != nil || *v1.Version != 1 || !strings.HasSuffix(*v1.ContactFlowArn, ":1") {
		t.Fatalf("version 1: %+v %v", v1, err)
	}
	if _, err := c.c.CreateContactFlowVersion(ctx(), &connect.CreateContactFlowVersionInput{InstanceId: &c.iid, ContactFlowId: &flow,
		FlowContentSha256: aws.String(strings.Repeat("0", 64))}); err == nil {
		t.Fatal("a stale content SHA-256 was accepted")
	}
	v2, err := c.c.CreateContactFlowVersion(ctx(), &connect.CreateContactFlowVersionInput{InstanceId: &c.iid, ContactFlowId: &flow})
	if err != nil || *v2.Version != 2 {
		t.Fatalf("version 2: %+v %v", v2, err)
	}
	lv, err := c.c.ListContactFlowVersions(ctx(), &connect.ListContactFlowVersionsInput{InstanceId: &c.iid, ContactFlowId: &flow})
	if err != nil || len(lv.ContactFlowVersionSummaryList) != 2 || *lv.ContactFlowVersionSummaryList[0].VersionDescription != "first" {
		t.Fatalf("list versions %+v %v", lv, err)
	}
	if _, err := c.c.DeleteContactFlowVersion(ctx(), &connect.DeleteContactFlowVersionInput{InstanceId: &c.iid, ContactFlowId: &flow, ContactFlowVersion: aws.Int64(1)}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.c.DeleteContactFlowVersion(ctx(), &connect.DeleteContactFlowVersionInput{InstanceId: &c.iid, ContactFlowId: &flow, ContactFlowVersion: aws.Int64(1)}); !isType[*types.ResourceNotFoundException](err) {
		t.Fatalf("delete twice: %v", err)
	}

	m, err := c.c.CreateContactFlowModule(ctx(), &connect.CreateContactFlowModuleInput{InstanceId: &c.iid, Name: aws.String("mod"), Content: aws.String(greetModule)})
	if err != nil {
		t.Fatal(err)
	}
	mv, err := c.c.CreateContactFlowModuleVersion(ctx(), &connect.CreateContactFlowModuleVersionInput{InstanceId: &c.iid, ContactFlowModuleId: m.Id})
	if err != nil || *mv.Version != 1 {
		t.Fatalf("module version %+v %v", mv, err)
	}
	if _, err := c.c.CreateContactFlowModuleAlias(ctx(), &connect.CreateContactFlowModuleAliasInput{InstanceId: &c.iid, ContactFlowModuleId: m.Id,
		AliasName: aws.String("prod"), ContactFlowModuleVersion: aws.Int64(9)}); !isType[*types.ResourceNotFoundException](err) {
		t.Fatalf("alias of a missing version: %v", err)
	}
	a, err := c.c.CreateContactFlowModuleAlias(ctx(), &connect.CreateContactFlowModuleAliasInput{InstanceId: &c.iid, ContactFlowModuleId: m.Id,
		AliasName: aws.String("prod"), ContactFlowModuleVersion: aws.Int64(1)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.c.DeleteContactFlowModuleVersion(ctx(), &connect.DeleteContactFlowModuleVersionInput{InstanceId: &c.iid, ContactFlowModuleId: m.Id,
		ContactFlowModuleVersion: aws.Int64(1)}); err == nil || !strings.Contains(err.Error(), "ResourceInUseException") {
		t.Fatalf("delete an aliased version: %v", err)
	}
	if _, err := c.c.CreateContactFlowModuleVersion(ctx(), &connect.CreateContactFlowModuleVersionInput{InstanceId: &c.iid, ContactFlowModuleId: m.Id}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.c.UpdateContactFlowModuleAlias(ctx(), &connect.UpdateContactFlowModuleAliasInput{InstanceId: &c.iid, ContactFlowModuleId: m.Id,
		AliasId: a.Id, ContactFlowModuleVersion: aws.Int64(2), Description: aws.String("moved")}); err != nil {
		t.Fatal(err)
	}
	d, err := c.c.DescribeContactFlowModuleAlias(ctx(), &connect.DescribeContactFlowModuleAliasInput{InstanceId: &c.iid, ContactFlowModuleId: m.Id, AliasId: a.Id})
	if err != nil || *d.ContactFlowModuleAlias.Version != 2 || *d.ContactFlowModuleAlias.Name != "prod" || *d.ContactFlowModuleAlias.Description != "moved" {
		t.Fatalf("describe alias %+v %v", d, err)
	}
	la, err := c.c.ListContactFlowModuleAliases(ctx(), &connect.ListContactFlowModuleAliasesInput{InstanceId: &c.iid, ContactFlowModuleId: m.Id})
	if err != nil || len(la.ContactFlowModuleAliasSummaryList) != 1 {
		t.Fatalf("list aliases %+v %v", la, err)
	}
	lmv, err := c.c.ListContactFlowModuleVersions(ctx(), &connect.ListContactFlowModuleVersionsInput{InstanceId: &c.iid, ContactFlowModuleId: m.Id})
	if err != nil || len(lmv.ContactFlowModuleVersionSummaryList) != 2 {
		t.Fatalf("list module versions %+v %v", lmv, err)
	}
	if _, err := c.c.DeleteContactFlowModuleVersion(ctx(), &connect.DeleteContactFlowModuleVersionInput{InstanceId: &c.iid, ContactFlowModuleId: m.Id,
		ContactFlowModuleVersion: aws.Int64(1)}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.c.DeleteContactFlowModuleAlias(ctx(), &connect.DeleteContactFlowModuleAliasInput{InstanceId: &c.iid, ContactFlowModuleId: m.Id, AliasId: a.Id}); err != nil {
		t.Fatal(err)
	}

	// Flow associations: one store with the phone numbers' flows.
	conn := "arn:aws:connect:us-east-1:111111111111:instance/" + c.iid + "/analytics-connector/abc"
	if _, err := c.c.AssociateFlow(ctx(), &connect.AssociateFlowInput{InstanceId: &c.iid, ResourceId: &conn, FlowId: aws.String("nope"),
		ResourceType: types.FlowAssociationResourceTypeAnalyticsConnector}); !isType[*types.ResourceNotFoundException](err) {
		t.Fatalf("unknown flow: %v", err)
	}
	if _, err := c.c.AssociateFlow(ctx(), &connect.AssociateFlowInput{InstanceId: &c.iid, ResourceId: aws.String("no-such-number"), FlowId: &flow,
		ResourceType: types.FlowAssociationResourceTypeSmsPhoneNumber}); !isType[*types.ResourceNotFoundException](err) {
		t.Fatalf("unknown SMS number: %v", err)
	}
	if _, err := c.c.AssociateFlow(ctx(), &connect.AssociateFlowInput{InstanceId: &c.iid, ResourceId: &conn, FlowId: &flow,
		ResourceType: types.FlowAssociationResourceTypeAnalyticsConnector}); err != nil {
		t.Fatal(err)
	}
	g, err := c.c.GetFlowAssociation(ctx(), &connect.GetFlowAssociationInput{InstanceId: &c.iid, ResourceId: &conn, ResourceType: types.FlowAssociationResourceTypeAnalyticsConnector})
	if err != nil || !strings.HasSuffix(*g.FlowId, "/contact-flow/"+flow) {
		t.Fatalf("get %+v %v", g, err)
	}
	b, err := c.c.BatchGetFlowAssociation(ctx(), &connect.BatchGetFlowAssociationInput{InstanceId: &c.iid, ResourceIds: []string{conn, "other"},
		ResourceType: types.ListFlowAssociationResourceTypeAnalyticsConnector})
	if err != nil || len(b.FlowAssociationSummaryList) != 1 {
		t.Fatalf("batch %+v %v", b, err)
	}
	lf, err := c.c.ListFlowAssociations(ctx(), &connect.ListFlowAssociationsInput{InstanceId: &c.iid, ResourceType: types.ListFlowAssociationResourceTypeAnalyticsConnector})
	if err != nil || len(lf.FlowAssociationSummaryList) != 1 || *lf.FlowAssociationSummaryList[0].ResourceId != conn {
		t.Fatalf("list associations %+v %v", lf, err)
	}
	other := c.e.clientFor("222222222222", "us-east-1")
	if _, err := other.GetFlowAssociation(ctx(), &connect.GetFlowAssociationInput{InstanceId: &c.iid, ResourceId: &conn, ResourceType: types.FlowAssociationResourceTypeAnalyticsConnector}); !isType[*types.ResourceNotFoundException](err) {
		t.Fatalf("other account: %v", err)
	}
	if _, err := c.c.DisassociateFlow(ctx(), &connect.DisassociateFlowInput{InstanceId: &c.iid, ResourceId: &conn, ResourceType: types.FlowAssociationResourceTypeAnalyticsConnector}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.c.GetFlowAssociation(ctx(), &connect.GetFlowAssociationInput{InstanceId: &c.iid, ResourceId: &conn, ResourceType: types.FlowAssociationResourceTypeAnalyticsConnector}); !isType[*types.ResourceNotFoundException](err) {
		t.Fatalf("after disassociate: %v", err)
	}
}
