package sdk

import (
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
)

const greetModule = `{"Version":"2019-10-30","StartAction":"hi","Actions":[
 {"Identifier":"hi","Type":"MessageParticipant","Parameters":{"Text":"Hello from the module"},"Transitions":{"NextAction":"set"}},
 {"Identifier":"set","Type":"UpdateContactAttributes","Parameters":{"Attributes":{"greeted":"yes"}},"Transitions":{"NextAction":"ret"}},
 {"Identifier":"ret","Type":"EndFlowModuleExecution","Parameters":{},"Transitions":{}}]}`

func moduleCaller(moduleARN string) string {
	return `{"Version":"2019-10-30","StartAction":"mod","Actions":[
 {"Identifier":"mod","Type":"InvokeFlowModule","Parameters":{"FlowModuleId":"` + moduleARN + `"},
  "Transitions":{"NextAction":"after","Errors":[{"ErrorType":"NoMatchingError","NextAction":"after"}]}},
 {"Identifier":"after","Type":"MessageParticipant","Parameters":{"Text":"Back: $.Attributes.greeted"},"Transitions":{"NextAction":"bye"}},
 {"Identifier":"bye","Type":"DisconnectParticipant","Parameters":{},"Transitions":{}}]}`
}

func TestFlowModulesRunFromInvokeFlowModule(t *testing.T) {
	c := newCenter(t, "modules")
	// Invalid content: InvalidContactFlowModuleException.
	_, err := c.c.CreateContactFlowModule(ctx(), &connect.CreateContactFlowModuleInput{InstanceId: &c.iid, Name: aws.String("bad"), Content: aws.String("{}")})
	var bad *types.InvalidContactFlowModuleException
	if !errors.As(err, &bad) || len(bad.Problems) == 0 {
		t.Fatalf("invalid module: %v", err)
	}
	m, err := c.c.CreateContactFlowModule(ctx(), &connect.CreateContactFlowModuleInput{InstanceId: &c.iid, Name: aws.String("greet"),
		Content: aws.String(greetModule), Tags: map[string]string{"team": "ivr"}})
	if err != nil {
		t.Fatal(err)
	}
	d, err := c.c.DescribeContactFlowModule(ctx(), &connect.DescribeContactFlowModuleInput{InstanceId: &c.iid, ContactFlowModuleId: m.Id})
	if err != nil || *d.ContactFlowModule.Name != "greet" || d.ContactFlowModule.State != types.ContactFlowModuleStateActive ||
		!strings.Contains(*m.Arn, "/flow-module/") || d.ContactFlowModule.Tags["team"] != "ivr" {
		t.Fatalf("describe %+v %v", d, err)
	}
	f, err := c.c.CreateContactFlow(ctx(), &connect.CreateContactFlowInput{InstanceId: &c.iid, Name: aws.String("calls module"),
		Type: types.ContactFlowTypeContactFlow, Content: aws.String(moduleCaller(*m.Arn))})
	if err != nil {
		t.Fatal(err)
	}
	run := func() []string {
		t.Helper()
		o, err := c.c.StartTaskContact(ctx(), &connect.StartTaskContactInput{InstanceId: &c.iid, ContactFlowId: f.ContactFlowId, Name: aws.String("m")})
		if err != nil {
			t.Fatal(err)
		}
		var said []string
		for _, s := range c.flowLog(*o.ContactId).Said {
			said = append(said, s.Text)
		}
		return said
	}
	if got := strings.Join(run(), "|"); got != "Hello from the module|Back: yes" {
		t.Fatalf("said %q", got)
	}

	// List, search, archive: an archived module cannot be invoked (the block's Error branch).
	l, err := c.c.ListContactFlowModules(ctx(), &connect.ListContactFlowModulesInput{InstanceId: &c.iid})
	if err != nil || len(l.ContactFlowModulesSummaryList) != 1 {
		t.Fatalf("list %+v %v", l, err)
	}
	s, err := c.c.SearchContactFlowModules(ctx(), &connect.SearchContactFlowModulesInput{InstanceId: &c.iid, SearchCriteria: &types.ContactFlowModuleSearchCriteria{
		StringCondition: &types.StringCondition{FieldName: aws.String("name"), Value: aws.String("gre"), ComparisonType: types.StringComparisonTypeStartsWith}}})
	if err != nil || len(s.ContactFlowModules) != 1 || *s.ContactFlowModules[0].Id != *m.Id {
		t.Fatalf("search %+v %v", s, err)
	}
	if _, err := c.c.UpdateContactFlowModuleMetadata(ctx(), &connect.UpdateContactFlowModuleMetadataInput{InstanceId: &c.iid, ContactFlowModuleId: m.Id,
		State: types.ContactFlowModuleStateArchived}); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(run(), "|"); got != "Back: " {
		t.Fatalf("archived module: said %q", got)
	}
	if _, err := c.c.UpdateContactFlowModuleMetadata(ctx(), &connect.UpdateContactFlowModuleMetadataInput{InstanceId: &c.iid, ContactFlowModuleId: m.Id,
		State: types.ContactFlowModuleStateActive}); err != nil {
		t.Fatal(err)
	}
	// New content takes effect at the next invocation.
	if _, err := c.c.UpdateContactFlowModuleContent(ctx(), &connect.UpdateContactFlowModuleContentInput{InstanceId: &c.iid, ContactFlowModuleId: m.Id,
		Content: aws.String(strings.Replace(greetModule, "Hello from the module", "Hi again", 1))}); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(run(), "|"); got != "Hi again|Back: yes" {
		t.Fatalf("updated module: said %q", got)
	}
	if _, err := c.c.DeleteContactFlowModule(ctx(), &connect.DeleteContactFlowModuleInput{InstanceId: &c.iid, ContactFlowModuleId: m.Id}); err != nil {
		t.Fatal(err)
	}
	var nf *types.ResourceNotFoundException
	if _, err := c.c.DescribeContactFlowModule(ctx(), &connect.DescribeContactFlowModuleInput{InstanceId: &c.iid, ContactFlowModuleId: m.Id}); !errors.As(err, &nf) {
		t.Fatalf("after delete: %v", err)
	}
}
