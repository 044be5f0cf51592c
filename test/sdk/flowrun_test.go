package sdk

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"

	"github.com/connect-local/connect-local/internal/invoke"
	"github.com/connect-local/connect-local/internal/server"
)

// ivrFlow greets, asks a Lambda for the caller's tier, offers a menu: 1 a
// callback, 2 a 30-second wait and the queue; silence hangs up.
const ivrFlow = `{"Version":"2019-10-30","StartAction":"greet","Actions":[
 {"Identifier":"greet","Type":"MessageParticipant","Parameters":{"Text":"Hello $.Attributes.name"},"Transitions":{"NextAction":"lookup"}},
 {"Identifier":"lookup","Type":"InvokeLambdaFunction","Parameters":{"LambdaFunctionARN":"arn:aws:lambda:us-east-1:111111111111:function:lookup",
   "LambdaInvocationAttributes":{"who":"$.Attributes.name"}},
  "Transitions":{"NextAction":"tier","Errors":[{"ErrorType":"NoMatchingError","NextAction":"menu"}]}},
 {"Identifier":"tier","Type":"UpdateContactAttributes","Parameters":{"Attributes":{"tier":"$.External.tier"}},
  "Transitions":{"NextAction":"menu","Errors":[{"ErrorType":"NoMatchingError","NextAction":"menu"}]}},
 {"Identifier":"menu","Type":"GetParticipantInput","Parameters":{"Text":"Press 1 for a callback or 2 to wait.","InputTimeLimitSeconds":"10"},
  "Transitions":{"Conditions":[
    {"NextAction":"callback","Condition":{"Operator":"Equals","Operands":["1"]}},
    {"NextAction":"wait","Condition":{"Operator":"Equals","Operands":["2"]}}],
   "Errors":[{"ErrorType":"InputTimeLimitExceeded","NextAction":"bye"},{"ErrorType":"NoMatchingCondition","NextAction":"bye"},
             {"ErrorType":"NoMatchingError","NextAction":"bye"}]}},
 {"Identifier":"callback","Type":"CreateCallbackContact","Parameters":{"InitialCallDelaySeconds":"1"},
  "Transitions":{"NextAction":"bye","Errors":[{"ErrorType":"NoMatchingError","NextAction":"bye"}]}},
 {"Identifier":"wait","Type":"Wait","Parameters":{"TimeLimitSeconds":"30"},
  "Transitions":{"Conditions":[{"NextAction":"queue","Condition":{"Operator":"Equals","Operands":["WaitCompleted"]}}],
   "Errors":[{"ErrorType":"NoMatchingError","NextAction":"bye"}]}},
 {"Identifier":"queue","Type":"TransferContactToQueue","Parameters":{},"Transitions":{"Errors":[{"ErrorType":"NoMatchingError","NextAction":"bye"}]}},
 {"Identifier":"bye","Type":"DisconnectParticipant","Parameters":{},"Transitions":{}}]}`

type flowLog struct {
	FlowLog []struct {
		Identifier, Type, Branch, Error string
		Parameters                      map[string]string
	}
	Said []struct {
		Text      string
		Timestamp time.Time
	}
	WaitingFor string
}

func (c *center) flowLog(cid string) flowLog {
	c.t.Helper()
	var l flowLog
	if code := c.local("GET", "/_local/instances/"+c.iid+"/contacts/"+cid+"/flow-log", "", &l); code != 200 {
		c.t.Fatalf("flow-log: HTTP %d", code)
	}
	return l
}

// waitFor polls the flow log until the flow waits for want (a Lambda
// answers on its own goroutine).
func (c *center) waitFor(cid, want string) flowLog {
	c.t.Helper()
	for i := 0; i < 500; i++ {
		if l := c.flowLog(cid); l.WaitingFor == want {
			return l
		}
		time.Sleep(10 * time.Millisecond)
	}
	c.t.Fatalf("contact %s never waited for %s: %+v", cid, want, c.flowLog(cid))
	return flowLog{}
}

func (c *center) say(cid, body string) int {
	return c.local("POST", "/_local/instances/"+c.iid+"/contacts/"+cid+"/customer-input", body, nil)
}

func TestFlowRunsWithLambdaInputWaitAndCallback(t *testing.T) {
	var mu sync.Mutex
	var events []map[string]any
	lambda := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var ev map[string]any
		_ = json.NewDecoder(r.Body).Decode(&ev)
		mu.Lock()
		events = append(events, ev)
		mu.Unlock()
		if !strings.Contains(r.URL.Path, "function:lookup") {
			w.WriteHeader(404)
			return
		}
		_, _ = w.Write([]byte(`{"tier":"gold"}`))
	}))
	defer lambda.Close()
	e := newEnvWith(t, server.Options{Memory: true, Lambda: invoke.New(invoke.Options{Endpoint: lambda.URL})})
	c := newCenterOn(t, e, "flowrun")
	out, err := c.c.CreateContactFlow(ctx(), &connect.CreateContactFlowInput{InstanceId: &c.iid, Name: aws.String("IVR"), Type: "CONTACT_FLOW", Content: aws.String(ivrFlow)})
	if err != nil {
		t.Fatal(err)
	}
	ivr := *out.ContactFlowId
	start := func(name string) string {
		t.Helper()
		o, err := c.c.StartTaskContact(ctx(), &connect.StartTaskContactInput{InstanceId: &c.iid, ContactFlowId: &ivr, Name: aws.String(name),
			Attributes: map[string]string{"name": name}})
		if err != nil {
			t.Fatal(err)
		}
		return *o.ContactId
	}

	// Not associated: the Lambda block takes its Error branch and the menu asks.
	cid := start("Ann")
	l := c.waitFor(cid, "Input")
	if l.Said[0].Text != "Hello Ann" || l.Said[1].Text != "Press 1 for a callback or 2 to wait." || l.FlowLog[1].Branch != "NoMatchingError" {
		t.Fatalf("unassociated: %+v", l)
	}
	// Silence: after the 10-second limit the flow hangs up.
	c.advance(10 * time.Second)
	if st := c.describe(cid); st.DisconnectTimestamp == nil {
		t.Fatalf("silence did not end the contact: %+v", c.flowLog(cid))
	}
	if l := c.flowLog(cid); l.FlowLog[2].Branch != "InputTimeLimitExceeded" {
		t.Errorf("menu branch %+v", l.FlowLog[2])
	}

	if _, err := c.c.AssociateLambdaFunction(ctx(), &connect.AssociateLambdaFunctionInput{InstanceId: &c.iid,
		FunctionArn: aws.String("arn:aws:lambda:us-east-1:111111111111:function:lookup")}); err != nil {
		t.Fatal(err)
	}
	if fs, err := c.c.ListLambdaFunctions(ctx(), &connect.ListLambdaFunctionsInput{InstanceId: &c.iid}); err != nil || len(fs.LambdaFunctions) != 1 {
		t.Fatalf("ListLambdaFunctions %v %v", fs, err)
	}

	// Associated: the function's answer is in $.External; 2 waits 30 virtual seconds, then queues.
	cid = start("Bob")
	c.waitFor(cid, "Input")
	if got := c.describe(cid).Attributes; got["tier"] != "gold" {
		t.Fatalf("attributes %v", got)
	}
	mu.Lock()
	ev := events[len(events)-1]
	mu.Unlock()
	details := ev["Details"].(map[string]any)
	if ev["Name"] != "ContactFlowEvent" || details["ContactData"].(map[string]any)["ContactId"] != cid || details["Parameters"].(map[string]any)["who"] != "Bob" {
		t.Errorf("event %v", ev)
	}
	if code := c.say(cid, `{"Text": "2"}`); code != 200 {
		t.Fatalf("customer-input: HTTP %d", code)
	}
	c.waitFor(cid, "Wait")
	c.advance(29 * time.Second)
	if c.describe(cid).QueueInfo != nil {
		t.Fatal("queued before the wait ended")
	}
	c.advance(time.Second)
	if q := c.describe(cid).QueueInfo; q == nil || *q.Id == "" {
		t.Fatalf("not queued after the wait: %+v", c.flowLog(cid))
	}
	if code := c.say(cid, `{"Dtmf": "1"}`); code != 400 {
		t.Errorf("input to a contact that is not waiting: HTTP %d", code)
	}
	if _, err := c.c.StopContact(ctx(), &connect.StopContactInput{InstanceId: &c.iid, ContactId: &cid}); err != nil {
		t.Fatal(err)
	}

	// 1: a callback contact waits in the queue and is dialled when an agent takes it.
	cid = start("Cy")
	c.waitFor(cid, "Input")
	c.say(cid, `{"Dtmf": "1"}`)
	if c.describe(cid).DisconnectTimestamp == nil {
		t.Fatal("the caller was not hung up after the callback was set")
	}
	uid := c.agent("callbacks", true, 0)
	c.setAvailable(uid)
	found := false
	for id := range c.agentContacts(uid) {
		ct := c.describe(id)
		if ct.InitiationMethod == "CALLBACK" && aws.ToString(ct.PreviousContactId) == cid {
			found = true
		}
	}
	if !found {
		t.Errorf("no callback reached the agent: %v", c.agentContacts(uid))
	}
}
