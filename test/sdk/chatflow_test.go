package sdk

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
)

// The participant service has no client in this module's dependencies:
// its calls are plain HTTP with the bearer token, as amazon-connect-chatjs
// makes them.

// participantCall posts body to a /participant/ route with token in
// X-Amz-Bearer and decodes the answer into out (if set).
func (c *center) participantCall(path, token string, body, out any) int {
	c.t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest("POST", c.e.http.URL+"/participant/"+path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Amz-Bearer", token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if out != nil && resp.StatusCode == 200 {
		if err := json.Unmarshal(raw, out); err != nil {
			c.t.Fatalf("%s: %v: %s", path, err, raw)
		}
	}
	return resp.StatusCode
}

// chatter is one participant of a chat.
type chatter struct {
	c    *center
	conn string // ConnectionToken
}

func (c *center) join(participantToken string) *chatter {
	c.t.Helper()
	var out struct {
		ConnectionCredentials struct{ ConnectionToken string }
	}
	if code := c.participantCall("connection", participantToken, map[string]any{"Type": []string{"CONNECTION_CREDENTIALS"}}, &out); code != 200 {
		c.t.Fatalf("CreateParticipantConnection: HTTP %d", code)
	}
	return &chatter{c: c, conn: out.ConnectionCredentials.ConnectionToken}
}

func (p *chatter) send(text string) {
	p.c.t.Helper()
	if code := p.c.participantCall("message", p.conn, map[string]any{"ContentType": "text/plain", "Content": text}, nil); code != 200 {
		p.c.t.Fatalf("SendMessage %q: HTTP %d", text, code)
	}
}

// said is the chat's messages as "ROLE: text", oldest first.
func (p *chatter) said() []string {
	p.c.t.Helper()
	var out struct {
		Transcript []struct{ Type, Content, ParticipantRole string }
	}
	if code := p.c.participantCall("transcript", p.conn, map[string]any{"MaxResults": 100, "ScanDirection": "FORWARD", "SortOrder": "ASCENDING",
		"StartPosition": map[string]any{"MostRecent": 99}}, &out); code != 200 {
		p.c.t.Fatalf("GetTranscript: HTTP %d", code)
	}
	var s []string
	for _, it := range out.Transcript {
		if it.Type == "MESSAGE" {
			s = append(s, it.ParticipantRole+": "+it.Content)
		}
	}
	return s
}

func (c *center) chat(flowID, initial string) (string, *chatter) {
	c.t.Helper()
	in := &connect.StartChatContactInput{InstanceId: &c.iid, ContactFlowId: &flowID,
		ParticipantDetails: &types.ParticipantDetails{DisplayName: aws.String("Ann")}}
	if initial != "" {
		in.InitialMessage = &types.ChatMessage{ContentType: aws.String("text/plain"), Content: aws.String(initial)}
	}
	out, err := c.c.StartChatContact(ctx(), in)
	if err != nil {
		c.t.Fatal(err)
	}
	return *out.ContactId, c.join(*out.ParticipantToken)
}

func (c *center) createFlow(name, content string) string {
	c.t.Helper()
	out, err := c.c.CreateContactFlow(ctx(), &connect.CreateContactFlowInput{InstanceId: &c.iid, Name: aws.String(name), Type: "CONTACT_FLOW", Content: aws.String(content)})
	if err != nil {
		c.t.Fatal(err)
	}
	return *out.ContactFlowId
}

// orderFlow asks for an order number over the chat, then waits a minute
// for the customer to come back before queueing.
const orderFlow = `{"Version":"2019-10-30","StartAction":"hi","Actions":[
 {"Identifier":"hi","Type":"MessageParticipant","Parameters":{"Text":"Hi $.Attributes.name"},"Transitions":{"NextAction":"ask"}},
 {"Identifier":"ask","Type":"GetParticipantInput","Parameters":{"Text":"Your order number?","InputTimeLimitSeconds":"30"},
  "Transitions":{"Conditions":[{"NextAction":"thanks","Condition":{"Operator":"Equals","Operands":["42"]}}],
   "Errors":[{"ErrorType":"NoMatchingCondition","NextAction":"unknown"},{"ErrorType":"InputTimeLimitExceeded","NextAction":"bye"},
             {"ErrorType":"NoMatchingError","NextAction":"bye"}]}},
 {"Identifier":"unknown","Type":"MessageParticipant","Parameters":{"Text":"No such order."},"Transitions":{"NextAction":"bye"}},
 {"Identifier":"thanks","Type":"MessageParticipant","Parameters":{"Text":"Order 42 found. Write again if you need us."},"Transitions":{"NextAction":"wait"}},
 {"Identifier":"wait","Type":"Wait","Parameters":{"TimeLimitSeconds":"60"},
  "Transitions":{"Conditions":[{"NextAction":"gone","Condition":{"Operator":"Equals","Operands":["WaitCompleted"]}},
                               {"NextAction":"back","Condition":{"Operator":"Equals","Operands":["CustomerReturned"]}}],
   "Errors":[{"ErrorType":"NoMatchingError","NextAction":"bye"}]}},
 {"Identifier":"back","Type":"MessageParticipant","Parameters":{"Text":"Connecting you to an agent."},"Transitions":{"NextAction":"queue"}},
 {"Identifier":"queue","Type":"TransferContactToQueue","Parameters":{},"Transitions":{"Errors":[{"ErrorType":"NoMatchingError","NextAction":"bye"}]}},
 {"Identifier":"gone","Type":"MessageParticipant","Parameters":{"Text":"Goodbye."},"Transitions":{"NextAction":"bye"}},
 {"Identifier":"bye","Type":"DisconnectParticipant","Parameters":{},"Transitions":{}}]}`

func TestChatCustomerAnswersTheFlow(t *testing.T) {
	c := newCenter(t, "chatflow")
	f := c.createFlow("Order", orderFlow)

	// The customer's messages answer GetParticipantInput; what the flow
	// says afterwards arrives over the chat; a message during the Wait
	// takes CustomerReturned.
	cid, ann := c.chat(f, "hello")
	if got := strings.Join(ann.said(), "|"); got != "SYSTEM: Hi |SYSTEM: Your order number?|CUSTOMER: hello" {
		t.Fatalf("at start the chat said %q", got)
	}
	if l := c.flowLog(cid); l.WaitingFor != "Input" {
		t.Fatalf("the initial message answered the flow: %+v", l)
	}
	ann.send("42")
	if got := ann.said(); got[len(got)-1] != "SYSTEM: Order 42 found. Write again if you need us." {
		t.Fatalf("after the answer the chat said %q", got)
	}
	if l := c.flowLog(cid); l.WaitingFor != "Wait" {
		t.Fatalf("the flow does not wait: %+v", l)
	}
	c.advance(59 * time.Second)
	ann.send("actually, one more thing")
	// Queued, the default customer queue flow speaks at once.
	got := ann.said()
	if got[len(got)-2] != "SYSTEM: Connecting you to an agent." || got[len(got)-1] != "SYSTEM: "+queueMessage {
		t.Fatalf("coming back, the chat said %q", got)
	}
	if q := c.describe(cid).QueueInfo; q == nil || q.Id == nil {
		t.Fatalf("the chat was not queued: %+v", c.flowLog(cid))
	}

	// Silence during the Wait: the virtual minute passes and the flow says
	// goodbye and ends the chat.
	cid, bob := c.chat(f, "")
	bob.send("42")
	c.advance(60 * time.Second)
	if got := bob.said(); got[len(got)-1] != "SYSTEM: Goodbye." {
		t.Fatalf("after the wait the chat said %q", got)
	}
	if d := c.describe(cid); d.DisconnectTimestamp == nil {
		t.Fatal("the chat did not end after the wait")
	}

	// Another answer takes NoMatchingCondition.
	_, cy := c.chat(f, "")
	cy.send("7")
	if got := cy.said(); got[len(got)-1] != "SYSTEM: No such order." {
		t.Fatalf("a wrong order number: %q", got)
	}
}

const (
	greeting     = "Hello, thanks for contacting us. You are now being placed in queue to speak with an agent."
	queueMessage = "Thank you for waiting. Your contact is important to us and will be answered in the order it was received."
)

func count(said []string, line string) int {
	n := 0
	for _, s := range said {
		if s == line {
			n++
		}
	}
	return n
}

// TestDefaultFlowsReachAnAgent: with the flows CreateInstance makes, a
// chat is greeted, queued to BasicQueue and told every virtual minute that
// it waits, until an agent takes it and answers; a task is queued the same
// way.
func TestDefaultFlowsReachAnAgent(t *testing.T) {
	c := newCenter(t, "defaultflows")
	sample := c.flowID("Sample inbound flow (first contact experience)")
	cid, ann := c.chat(sample, "where is my parcel?")
	// The greeting, then the queue flow's message, at once.
	if got := ann.said(); strings.Join(got, "|") != "SYSTEM: "+greeting+"|SYSTEM: "+queueMessage+"|CUSTOMER: where is my parcel?" {
		t.Fatalf("at start the chat said %q", got)
	}
	q := c.describe(cid).QueueInfo
	if q == nil || *q.Id != c.basicQueue {
		t.Fatalf("the chat was not queued to BasicQueue: %+v", q)
	}
	c.advance(59 * time.Second)
	if n := count(ann.said(), "SYSTEM: "+queueMessage); n != 1 {
		t.Fatalf("the queue message came early (%d)", n)
	}
	c.advance(time.Second)
	c.advance(60 * time.Second)
	if n := count(ann.said(), "SYSTEM: "+queueMessage); n != 3 {
		t.Fatalf("after two virtual minutes the queue message came %d times: %q", n, ann.said())
	}

	// Jane takes it: the loop stops, and she answers over the chat.
	jane := c.agent("jane", true, 0)
	c.setAvailable(jane)
	if st := c.agentContacts(jane)[cid]; st != "CONNECTED" {
		t.Fatalf("the chat was not connected to Jane: %q", st)
	}
	var creds struct{ ParticipantToken string }
	if code := c.local("POST", "/_local/instances/"+c.iid+"/agents/"+jane+"/contacts/"+cid+"/participant", "", &creds); code != 200 {
		t.Fatalf("participant: HTTP %d", code)
	}
	c.join(creds.ParticipantToken).send("Hi, I'm Jane. Let me check.")
	c.advance(5 * time.Minute)
	got := ann.said()
	if count(got, "SYSTEM: "+queueMessage) != 3 || got[len(got)-1] != "AGENT: Hi, I'm Jane. Let me check." {
		t.Fatalf("after Jane answered the chat said %q", got)
	}

	// A task takes the same flow into BasicQueue.
	task := c.task("callback", sample)
	if q := c.describe(task).QueueInfo; q == nil || *q.Id != c.basicQueue {
		t.Fatalf("the task was not queued to BasicQueue: %+v", q)
	}
	if l := c.flowLog(task); len(l.Said) < 1 || l.Said[0].Text != greeting {
		t.Fatalf("the task's flow log: %+v", l)
	}
}
