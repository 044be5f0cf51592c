package sdk

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
)

// said is what a task contact's flow said: texts and prompt names.
func (c *center) runSaid(flowID string) (texts, prompts []string) {
	c.t.Helper()
	o, err := c.c.StartTaskContact(ctx(), &connect.StartTaskContactInput{InstanceId: &c.iid, ContactFlowId: &flowID, Name: aws.String("t")})
	if err != nil {
		c.t.Fatal(err)
	}
	var l struct {
		Said []struct{ Text, PromptName string }
	}
	if code := c.local("GET", "/_local/instances/"+c.iid+"/contacts/"+*o.ContactId+"/flow-log", "", &l); code != 200 {
		c.t.Fatalf("flow-log: HTTP %d", code)
	}
	for _, s := range l.Said {
		texts, prompts = append(texts, s.Text), append(prompts, s.PromptName)
	}
	return texts, prompts
}

func (c *center) mkFlow(name, content string) string {
	c.t.Helper()
	f, err := c.c.CreateContactFlow(ctx(), &connect.CreateContactFlowInput{InstanceId: &c.iid, Name: aws.String(name),
		Type: types.ContactFlowTypeContactFlow, Content: aws.String(content)})
	if err != nil {
		c.t.Fatal(err)
	}
	return *f.ContactFlowId
}

func promptFlow(promptID string) string {
	return `{"Version":"2019-10-30","StartAction":"p","Actions":[
 {"Identifier":"p","Type":"MessageParticipant","Parameters":{"PromptId":"` + promptID + `"},
  "Transitions":{"NextAction":"bye","Errors":[{"ErrorType":"NoMatchingError","NextAction":"err"}]}},
 {"Identifier":"err","Type":"MessageParticipant","Parameters":{"Text":"no prompt"},"Transitions":{"NextAction":"bye"}},
 {"Identifier":"bye","Type":"DisconnectParticipant","Parameters":{},"Transitions":{}}]}`
}

func TestPromptsStoredSearchedAndPlayed(t *testing.T) {
	c := newCenter(t, "prompts")
	_, err := c.c.CreatePrompt(ctx(), &connect.CreatePromptInput{InstanceId: &c.iid, Name: aws.String("bad"), S3Uri: aws.String("ftp://x")})
	if err == nil {
		t.Fatal("a non-S3 URI was accepted")
	}
	p, err := c.c.CreatePrompt(ctx(), &connect.CreatePromptInput{InstanceId: &c.iid, Name: aws.String("welcome"),
		S3Uri: aws.String("s3://audio/welcome.wav"), Description: aws.String("hi"), Tags: map[string]string{"team": "ivr"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.c.CreatePrompt(ctx(), &connect.CreatePromptInput{InstanceId: &c.iid, Name: aws.String("Welcome"), S3Uri: aws.String("s3://a/b")}); !isType[*types.DuplicateResourceException](err) {
		t.Fatalf("duplicate name: %v", err)
	}
	d, err := c.c.DescribePrompt(ctx(), &connect.DescribePromptInput{InstanceId: &c.iid, PromptId: p.PromptARN})
	if err != nil || *d.Prompt.Name != "welcome" || d.Prompt.Tags["team"] != "ivr" || !strings.Contains(*p.PromptARN, "/prompt/") {
		t.Fatalf("describe %+v %v", d, err)
	}
	// Another account does not see it.
	other := c.e.clientFor("222222222222", "us-east-1")
	if _, err := other.DescribePrompt(ctx(), &connect.DescribePromptInput{InstanceId: &c.iid, PromptId: p.PromptId}); !isType[*types.ResourceNotFoundException](err) {
		t.Fatalf("other account: %v", err)
	}
	if _, err := c.c.UpdatePrompt(ctx(), &connect.UpdatePromptInput{InstanceId: &c.iid, PromptId: p.PromptId, Name: aws.String("greeting"),
		S3Uri: aws.String("s3://audio/greeting.wav")}); err != nil {
		t.Fatal(err)
	}
	l, err := c.c.ListPrompts(ctx(), &connect.ListPromptsInput{InstanceId: &c.iid})
	names := map[string]bool{}
	for _, p := range l.PromptSummaryList {
		names[*p.Name] = true
	}
	// The instance's default prompts and ours.
	if err != nil || len(l.PromptSummaryList) != 8 || !names["greeting"] || !names["Beep.wav"] {
		t.Fatalf("list %+v %v", l, err)
	}
	s, err := c.c.SearchPrompts(ctx(), &connect.SearchPromptsInput{InstanceId: &c.iid, SearchCriteria: &types.PromptSearchCriteria{
		StringCondition: &types.StringCondition{FieldName: aws.String("name"), Value: aws.String("greet"), ComparisonType: types.StringComparisonTypeStartsWith}},
		SearchFilter: &types.PromptSearchFilter{TagFilter: &types.ControlPlaneTagFilter{TagCondition: &types.TagCondition{TagKey: aws.String("team"), TagValue: aws.String("ivr")}}}})
	if err != nil || len(s.Prompts) != 1 || *s.Prompts[0].PromptId != *p.PromptId {
		t.Fatalf("search %+v %v", s, err)
	}

	// GetPromptFile: a URL on this server, unsigned, for 15 minutes.
	f, err := c.c.GetPromptFile(ctx(), &connect.GetPromptFileInput{InstanceId: &c.iid, PromptId: p.PromptId})
	if err != nil || !strings.HasPrefix(*f.PromptPresignedUrl, c.e.http.URL) {
		t.Fatalf("file %+v %v", f, err)
	}
	get := func() (int, string) {
		r, err := http.Get(*f.PromptPresignedUrl)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Body.Close()
		b, _ := io.ReadAll(r.Body)
		return r.StatusCode, string(b)
	}
	if code, body := get(); code != 200 || body != "s3://audio/greeting.wav" {
		t.Fatalf("prompt file: %d %q", code, body)
	}
	c.advance(16 * time.Minute)
	if code, _ := get(); code != 404 {
		t.Fatalf("expired prompt file: %d", code)
	}

	// A flow plays it by ARN; an unknown prompt takes the Error branch.
	texts, prompts := c.runSaid(c.mkFlow("plays", promptFlow(*p.PromptARN)))
	if len(prompts) != 1 || prompts[0] != "greeting" {
		t.Fatalf("said %q %q", texts, prompts)
	}
	if _, err := c.c.DeletePrompt(ctx(), &connect.DeletePromptInput{InstanceId: &c.iid, PromptId: p.PromptId}); err != nil {
		t.Fatal(err)
	}
	if texts, _ := c.runSaid(c.mkFlow("plays gone", promptFlow(*p.PromptARN))); strings.Join(texts, "|") != "no prompt" {
		t.Fatalf("deleted prompt: said %q", texts)
	}
}

func isType[E error](err error) bool {
	var e E
	return errors.As(err, &e)
}
