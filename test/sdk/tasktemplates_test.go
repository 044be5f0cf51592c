package sdk

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
)

func fid(name string) *types.TaskTemplateFieldIdentifier {
	return &types.TaskTemplateFieldIdentifier{Name: aws.String(name)}
}

func TestTaskTemplateEnforcedOnTasks(t *testing.T) {
	e := newEnv(t)
	f := newUserFixture(t, e, "task-templates")
	c := f.c
	flow := flowIDByName(t, c, f.iid, "Basic routing flow")
	out, err := c.CreateTaskTemplate(ctx(), &connect.CreateTaskTemplateInput{InstanceId: &f.iid, Name: aws.String("Refund"),
		ContactFlowId: &flow, Description: aws.String("refund request"),
		Fields: []types.TaskTemplateField{
			{Id: fid("Title"), Type: types.TaskTemplateFieldTypeName},
			{Id: fid("Order"), Type: types.TaskTemplateFieldTypeNumber},
			{Id: fid("Team"), Type: types.TaskTemplateFieldTypeText},
			{Id: fid("Priority"), Type: types.TaskTemplateFieldTypeSingleSelect, SingleSelectOptions: []string{"low", "high"}},
		},
		Constraints: &types.TaskTemplateConstraints{
			RequiredFields: []types.RequiredFieldInfo{{Id: fid("Order")}},
			ReadOnlyFields: []types.ReadOnlyFieldInfo{{Id: fid("Team")}}},
		Defaults: &types.TaskTemplateDefaults{DefaultFieldValues: []types.TaskTemplateDefaultFieldValue{
			{Id: fid("Team"), DefaultValue: aws.String("billing")}, {Id: fid("Priority"), DefaultValue: aws.String("low")}}}})
	if err != nil {
		t.Fatal(err)
	}
	// Template validation: constraints must name fields, defaults must fit.
	_, err = c.CreateTaskTemplate(ctx(), &connect.CreateTaskTemplateInput{InstanceId: &f.iid, Name: aws.String("Bad"),
		Fields:      []types.TaskTemplateField{{Id: fid("A"), Type: types.TaskTemplateFieldTypeText}},
		Constraints: &types.TaskTemplateConstraints{RequiredFields: []types.RequiredFieldInfo{{Id: fid("B")}}}})
	wantAPIError(t, err, "InvalidParameterException", 400)

	start := func(refs map[string]types.Reference) (*connect.StartTaskContactOutput, error) {
		return c.StartTaskContact(ctx(), &connect.StartTaskContactInput{InstanceId: &f.iid, Name: aws.String("refund 1"),
			TaskTemplateId: out.Id, References: refs})
	}
	// Required field missing; read-only field set to something else.
	_, err = start(nil)
	wantAPIError(t, err, "InvalidParameterException", 400)
	_, err = start(map[string]types.Reference{"Order": {Type: types.ReferenceTypeNumber, Value: aws.String("42")},
		"Team": {Type: types.ReferenceTypeString, Value: aws.String("sales")}})
	wantAPIError(t, err, "InvalidParameterException", 400)
	// The template's flow is used and the defaults fill the task.
	task, err := start(map[string]types.Reference{"Order": {Type: types.ReferenceTypeNumber, Value: aws.String("42")}})
	if err != nil {
		t.Fatal(err)
	}
	d, err := c.DescribeContact(ctx(), &connect.DescribeContactInput{InstanceId: &f.iid, ContactId: task.ContactId})
	if err != nil {
		t.Fatal(err)
	}
	if d.Contact.TaskTemplateInfo == nil || *d.Contact.TaskTemplateInfo.Name != "Refund" || *d.Contact.TaskTemplateInfo.Arn != *out.Arn {
		t.Fatalf("task template info = %+v", d.Contact.TaskTemplateInfo)
	}
	refs, err := c.ListContactReferences(ctx(), &connect.ListContactReferencesInput{InstanceId: &f.iid, ContactId: task.ContactId,
		ReferenceTypes: []types.ReferenceType{types.ReferenceTypeString, types.ReferenceTypeNumber}})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range refs.ReferenceSummaryList {
		switch v := r.(type) {
		case *types.ReferenceSummaryMemberString:
			got[*v.Value.Name] = "s:" + *v.Value.Value
		case *types.ReferenceSummaryMemberNumber:
			got[*v.Value.Name] = "n:" + *v.Value.Value
		}
	}
	if got["Order"] != "n:42" || got["Team"] != "s:billing" || got["Priority"] != "s:low" || len(got) != 3 {
		t.Fatalf("references = %v", got)
	}
	// UpdateContact keeps the rules: read-only stays, required stays filled.
	_, err = c.UpdateContact(ctx(), &connect.UpdateContactInput{InstanceId: &f.iid, ContactId: task.ContactId,
		References: map[string]types.Reference{"Team": {Type: types.ReferenceTypeString, Value: aws.String("sales")}}})
	wantAPIError(t, err, "InvalidParameterException", 400)
	_, err = c.UpdateContact(ctx(), &connect.UpdateContactInput{InstanceId: &f.iid, ContactId: task.ContactId,
		References: map[string]types.Reference{"Order": {Type: types.ReferenceTypeNumber, Value: aws.String("")}}})
	wantAPIError(t, err, "InvalidParameterException", 400)
	if _, err := c.UpdateContact(ctx(), &connect.UpdateContactInput{InstanceId: &f.iid, ContactId: task.ContactId,
		References: map[string]types.Reference{"Order": {Type: types.ReferenceTypeNumber, Value: aws.String("43")}}}); err != nil {
		t.Fatal(err)
	}

	// Update, list by status, then INACTIVE templates start no tasks.
	if _, err := c.UpdateTaskTemplate(ctx(), &connect.UpdateTaskTemplateInput{InstanceId: &f.iid, TaskTemplateId: out.Id,
		Status: types.TaskTemplateStatusInactive}); err != nil {
		t.Fatal(err)
	}
	g, err := c.GetTaskTemplate(ctx(), &connect.GetTaskTemplateInput{InstanceId: &f.iid, TaskTemplateId: out.Id})
	if err != nil {
		t.Fatal(err)
	}
	if g.Status != types.TaskTemplateStatusInactive || len(g.Fields) != 4 || len(g.Constraints.RequiredFields) != 1 || *g.ContactFlowId != flow {
		t.Fatalf("template = %+v", g)
	}
	l, err := c.ListTaskTemplates(ctx(), &connect.ListTaskTemplatesInput{InstanceId: &f.iid, Status: types.TaskTemplateStatusActive})
	if err != nil || len(l.TaskTemplates) != 0 {
		t.Fatalf("active templates = %+v %v", l, err)
	}
	_, err = start(map[string]types.Reference{"Order": {Type: types.ReferenceTypeNumber, Value: aws.String("1")}})
	wantAPIError(t, err, "InvalidRequestException", 400)
	// Tags, then delete; another account sees nothing.
	if _, err := c.TagResource(ctx(), &connect.TagResourceInput{ResourceArn: out.Arn, Tags: map[string]string{"team": "billing"}}); err != nil {
		t.Fatal(err)
	}
	_, err = e.clientFor("222222222222", "us-east-1").GetTaskTemplate(ctx(), &connect.GetTaskTemplateInput{InstanceId: &f.iid, TaskTemplateId: out.Id})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	if _, err := c.DeleteTaskTemplate(ctx(), &connect.DeleteTaskTemplateInput{InstanceId: &f.iid, TaskTemplateId: out.Id}); err != nil {
		t.Fatal(err)
	}
	_, err = c.GetTaskTemplate(ctx(), &connect.GetTaskTemplateInput{InstanceId: &f.iid, TaskTemplateId: out.Id})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
}
