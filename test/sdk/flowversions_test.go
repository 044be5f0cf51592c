package sdk

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
)

// sayThenHangUp says text and hangs up.
func sayThenHangUp(text string) string {
	return `{"Version":"2019-10-30","StartAction":"say","Actions":[
 {"Identifier":"say","Type":"MessageParticipant","Parameters":{"Text":"` + text + `"},"Transitions":{"NextAction":"bye"}},
 {"Identifier":"bye","Type":"DisconnectParticipant","Parameters":{},"Transitions":{}}]}`
}

// jumpFlow continues in the flow ref names, or says so when it cannot.
func jumpFlow(ref string) string {
	return `{"Version":"2019-10-30","StartAction":"jump","Actions":[
 {"Identifier":"jump","Type":"TransferToFlow","Parameters":{"ContactFlowId":"` + ref + `"},
  "Transitions":{"Errors":[{"ErrorType":"NoMatchingError","NextAction":"err"}]}},
 {"Identifier":"err","Type":"MessageParticipant","Parameters":{"Text":"no such flow"},"Transitions":{"NextAction":"bye"}},
 {"Identifier":"bye","Type":"DisconnectParticipant","Parameters":{},"Transitions":{}}]}`
}

// runTask starts a task on flow (an ID or ARN, maybe versioned) and
// answers what its flows said.
func (c *center) runTask(flow string) string {
	c.t.Helper()
	o, err := c.c.StartTaskContact(ctx(), &connect.StartTaskContactInput{InstanceId: &c.iid, ContactFlowId: &flow, Name: aws.String("v")})
	if err != nil {
		c.t.Fatalf("start on %s: %v", flow, err)
	}
	var said []string
	for _, s := range c.flowLog(*o.ContactId).Said {
		said = append(said, s.Text)
	}
	return strings.Join(said, "|")
}

// A version ARN runs the version's content after the flow changed; the
// plain ID runs the current content; a missing version is not found.
func TestFlowVersionsRunTheirContent(t *testing.T) {
	c := newCenter(t, "flowversions")
	target := c.mkFlow("target", sayThenHangUp("old"))
	v1, err := c.c.CreateContactFlowVersion(ctx(), &connect.CreateContactFlowVersionInput{InstanceId: &c.iid, ContactFlowId: &target})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.c.UpdateContactFlowContent(ctx(), &connect.UpdateContactFlowContentInput{InstanceId: &c.iid, ContactFlowId: &target,
		Content: aws.String(sayThenHangUp("new"))}); err != nil {
		t.Fatal(err)
	}
	vARN := *v1.ContactFlowArn
	for ref, want := range map[string]string{vARN: "old", target + ":1": "old", target: "new", target + ":$SAVED": "new"} {
		if got := c.runTask(ref); got != want {
			t.Errorf("started on %s: said %q, want %q", ref, got, want)
		}
	}
	missing := strings.TrimSuffix(vARN, ":1") + ":7"
	if _, err := c.c.StartTaskContact(ctx(), &connect.StartTaskContactInput{InstanceId: &c.iid, ContactFlowId: &missing, Name: aws.String("v")}); !isType[*types.ResourceNotFoundException](err) {
		t.Fatalf("start on a missing version: %v", err)
	}

	// TransferToFlow: the version, the current content, a missing version (Error branch).
	for ref, want := range map[string]string{vARN: "old", target: "new", missing: "no such flow", target + ":0": "no such flow"} {
		caller := c.mkFlow("jump to "+ref, jumpFlow(ref))
		if got := c.runTask(caller); got != want {
			t.Errorf("TransferToFlow %s: said %q, want %q", ref, got, want)
		}
	}
}

// A module alias (and a module version ARN) runs its version's content
// after the module changed; a missing version or alias takes the
// InvokeFlowModule block's Error branch.
func TestModuleAliasesRunTheirVersion(t *testing.T) {
	c := newCenter(t, "modulealiases")
	m, err := c.c.CreateContactFlowModule(ctx(), &connect.CreateContactFlowModuleInput{InstanceId: &c.iid, Name: aws.String("greet"), Content: aws.String(greetModule)})
	if err != nil {
		t.Fatal(err)
	}
	mv, err := c.c.CreateContactFlowModuleVersion(ctx(), &connect.CreateContactFlowModuleVersionInput{InstanceId: &c.iid, ContactFlowModuleId: m.Id})
	if err != nil {
		t.Fatal(err)
	}
	a, err := c.c.CreateContactFlowModuleAlias(ctx(), &connect.CreateContactFlowModuleAliasInput{InstanceId: &c.iid, ContactFlowModuleId: m.Id,
		AliasName: aws.String("prod"), ContactFlowModuleVersion: aws.Int64(1)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.c.UpdateContactFlowModuleContent(ctx(), &connect.UpdateContactFlowModuleContentInput{InstanceId: &c.iid, ContactFlowModuleId: m.Id,
		Content: aws.String(strings.Replace(greetModule, "Hello from the module", "Hello from version two", 1))}); err != nil {
		t.Fatal(err)
	}
	cases := map[string]string{
		*m.Arn + ":prod":         "Hello from the module|Back: yes",
		*m.Arn + ":" + *a.Id:     "Hello from the module|Back: yes",
		*mv.ContactFlowModuleArn: "Hello from the module|Back: yes",
		*m.Arn:                   "Hello from version two|Back: yes",
		*m.Arn + ":5":            "Back: ",
		*m.Arn + ":nope":         "Back: ",
	}
	for ref, want := range cases {
		caller := c.mkFlow("calls "+ref, moduleCaller(ref))
		if got := c.runTask(caller); got != want {
			t.Errorf("InvokeFlowModule %s: said %q, want %q", ref, got, want)
		}
	}
}
