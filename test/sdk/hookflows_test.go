package sdk

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
)

// eventLog is a contact's flow log with the fields these tests read.
type eventLog struct {
	FlowLog []struct {
		ContactFlowId, Identifier, Type string
	}
	Said       []struct{ Text, Role string }
	WaitingFor string
}

func (c *center) eventLog(cid string) eventLog {
	c.t.Helper()
	var l eventLog
	if code := c.local("GET", "/_local/instances/"+c.iid+"/contacts/"+cid+"/flow-log", "", &l); code != 200 {
		c.t.Fatalf("flow-log: HTTP %d", code)
	}
	return l
}

// saidBy is what the flows of a role said, in order.
func (l eventLog) saidBy(role string) []string {
	var out []string
	for _, s := range l.Said {
		if s.Role == role {
			out = append(out, s.Text)
		}
	}
	return out
}

// saidText is every time a flow said text.
func (l eventLog) saidText(text string) []string {
	var out []string
	for _, s := range l.Said {
		if s.Text == text {
			out = append(out, s.Role)
		}
	}
	return out
}

// ranFlow reports whether a block of the flow ran.
func (l eventLog) ranFlow(flowID string) bool {
	for _, e := range l.FlowLog {
		if e.ContactFlowId == flowID {
			return true
		}
	}
	return false
}

// hooksFlow sets the event hooks given (name → flow ARN) and queues.
func hooksFlow(hooks map[string]string) string {
	var kv []string
	for k, v := range hooks {
		kv = append(kv, `"`+k+`":"`+v+`"`)
	}
	return `{"Version":"2019-10-30","StartAction":"hook","Actions":[
 {"Identifier":"hook","Type":"UpdateContactEventHooks","Parameters":{"EventHooks":{` + strings.Join(kv, ",") + `}},
  "Transitions":{"NextAction":"q","Errors":[{"ErrorType":"NoMatchingError","NextAction":"q"}]}},
 {"Identifier":"q","Type":"TransferContactToQueue","Parameters":{},"Transitions":{"Errors":[{"ErrorType":"NoMatchingError","NextAction":"bye"}]}},
 {"Identifier":"bye","Type":"DisconnectParticipant","Parameters":{},"Transitions":{}}]}`
}

func sayFlow(text string) string {
	return `{"Version":"2019-10-30","StartAction":"say","Actions":[
 {"Identifier":"say","Type":"MessageParticipant","Parameters":{"Text":"` + text + `"},"Transitions":{"NextAction":"end"}},
 {"Identifier":"end","Type":"EndFlowExecution","Parameters":{},"Transitions":{}}]}`
}

// typedFlow creates a flow of a type and answers its ID and ARN.
func (c *center) typedFlow(name, typ, content string) (string, string) {
	c.t.Helper()
	out, err := c.c.CreateContactFlow(ctx(), &connect.CreateContactFlowInput{InstanceId: &c.iid, Name: aws.String(name), Type: types.ContactFlowType(typ), Content: aws.String(content)})
	if err != nil {
		c.t.Fatal(err)
	}
	return *out.ContactFlowId, *out.ContactFlowArn
}

// TestWhisperFlows: when an agent is connected, the agent whisper and the
// customer whisper run — the ones UpdateContactEventHooks set, else the
// instance's defaults; the customer whisper's messages reach the chat,
// the agent's do not.
func TestWhisperFlows(t *testing.T) {
	c := newCenter(t, "whisper")
	_, agentARN := c.typedFlow("To the agent", "AGENT_WHISPER", sayFlow("Chat from BasicQueue."))
	_, custARN := c.typedFlow("To the customer", "CUSTOMER_WHISPER", sayFlow("You are now chatting with an agent."))
	f := c.createFlow("Hooked whisper", hooksFlow(map[string]string{"AgentWhisper": agentARN, "CustomerWhisper": custARN}))
	cid, ann := c.chat(f, "")
	if l := c.eventLog(cid); len(l.saidBy("AGENT_WHISPER"))+len(l.saidBy("CUSTOMER_WHISPER")) != 0 {
		t.Fatalf("whispers ran before an agent: %+v", l)
	}
	jane := c.agent("jane", true, 0)
	c.setAvailable(jane)
	if st := c.agentContacts(jane)[cid]; st != "CONNECTED" {
		t.Fatalf("the chat was not connected to Jane: %q", st)
	}
	l := c.eventLog(cid)
	if got := l.saidBy("AGENT_WHISPER"); !slices.Equal(got, []string{"Chat from BasicQueue."}) {
		t.Fatalf("the agent whisper said %q: %+v", got, l)
	}
	if got := l.saidBy("CUSTOMER_WHISPER"); !slices.Equal(got, []string{"You are now chatting with an agent."}) {
		t.Fatalf("the customer whisper said %q: %+v", got, l)
	}
	said := ann.said()
	if count(said, "SYSTEM: You are now chatting with an agent.") != 1 || count(said, "SYSTEM: Chat from BasicQueue.") != 0 {
		t.Fatalf("the chat said %q", said)
	}

	// Without hooks the defaults run.
	c.act(jane, cid, "hang-up")
	c.act(jane, cid, "clear-acw")
	cid, _ = c.chat(c.flowID("Basic routing flow"), "")
	l = c.eventLog(cid)
	if !l.ranFlow(c.flowID("Default agent whisper")) || !l.ranFlow(c.flowID("Default customer whisper")) {
		t.Fatalf("the default whispers did not run: %+v", l)
	}
}

// TestHoldFlows: the customer hold flow runs from hold until resume, and
// again at the next hold; the agent hold flow runs too.
func TestHoldFlows(t *testing.T) {
	c := newCenter(t, "hold")
	_, holdARN := c.typedFlow("On hold", "CUSTOMER_HOLD", `{"Version":"2019-10-30","StartAction":"loop","Actions":[
 {"Identifier":"loop","Type":"MessageParticipantIteratively","Parameters":{"Messages":[{"Text":"Still on hold."}],"InterruptFrequencySeconds":"30"},
  "Transitions":{"NextAction":"loop","Conditions":[{"NextAction":"loop","Condition":{"Operator":"Equals","Operands":["MessagesInterrupted"]}}]}}]}`)
	_, agentARN := c.typedFlow("Agent hold", "AGENT_HOLD", sayFlow("Your customer is on hold."))
	f := c.createFlow("Hooked hold", hooksFlow(map[string]string{"CustomerHold": holdARN, "AgentHold": agentARN}))
	jane := c.agent("jane", true, 0)
	c.setAvailable(jane)
	cid, ann := c.chat(f, "")
	c.act(jane, cid, "hold")
	l := c.eventLog(cid)
	if got := l.saidBy("CUSTOMER_HOLD"); len(got) != 1 || l.WaitingFor == "" {
		t.Fatalf("on hold the hold flow said %q: %+v", got, l)
	}
	if got := l.saidBy("AGENT_HOLD"); !slices.Equal(got, []string{"Your customer is on hold."}) {
		t.Fatalf("the agent hold flow said %q", got)
	}
	c.advance(30 * time.Second)
	if got := c.eventLog(cid).saidBy("CUSTOMER_HOLD"); len(got) != 2 {
		t.Fatalf("after 30 s on hold: %q", got)
	}
	c.act(jane, cid, "resume")
	c.advance(2 * time.Minute)
	l = c.eventLog(cid)
	if got := l.saidBy("CUSTOMER_HOLD"); len(got) != 2 || l.WaitingFor != "" {
		t.Fatalf("the hold flow went on after resume: %q, waiting for %q", got, l.WaitingFor)
	}
	if n := count(ann.said(), "SYSTEM: Still on hold."); n != 2 {
		t.Fatalf("the chat heard the hold message %d times", n)
	}
	c.act(jane, cid, "hold")
	if got := c.eventLog(cid).saidBy("CUSTOMER_HOLD"); len(got) != 3 {
		t.Fatalf("the second hold: %q", got)
	}

	// Without hooks, the defaults run at hold.
	c.act(jane, cid, "hang-up")
	c.act(jane, cid, "clear-acw")
	cid, _ = c.chat(c.flowID("Basic routing flow"), "")
	c.act(jane, cid, "hold")
	if l := c.eventLog(cid); !l.ranFlow(c.flowID("Default customer hold")) || !l.ranFlow(c.flowID("Default agent hold")) {
		t.Fatalf("the default hold flows did not run: %+v", l)
	}
}

// TestDisconnectFlow: when the agent leaves a chat first, the disconnect
// flow (CustomerRemaining) runs for the customer, over the chat, which
// stays open until the flow ends.
func TestDisconnectFlow(t *testing.T) {
	c := newCenter(t, "disconnect")
	_, byeARN := c.typedFlow("Survey", "CONTACT_FLOW", `{"Version":"2019-10-30","StartAction":"ask","Actions":[
 {"Identifier":"ask","Type":"GetParticipantInput","Parameters":{"Text":"The agent left. Rate us 1-5?","InputTimeLimitSeconds":"60"},
  "Transitions":{"NextAction":"thanks","Conditions":[{"NextAction":"thanks","Condition":{"Operator":"Equals","Operands":["5"]}}],
   "Errors":[{"ErrorType":"NoMatchingCondition","NextAction":"thanks"},{"ErrorType":"InputTimeLimitExceeded","NextAction":"bye"},{"ErrorType":"NoMatchingError","NextAction":"bye"}]}},
 {"Identifier":"thanks","Type":"MessageParticipant","Parameters":{"Text":"Thanks!"},"Transitions":{"NextAction":"bye"}},
 {"Identifier":"bye","Type":"DisconnectParticipant","Parameters":{},"Transitions":{}}]}`)
	f := c.createFlow("Hooked disconnect", hooksFlow(map[string]string{"CustomerRemaining": byeARN}))
	jane := c.agent("jane", true, 0)
	c.setAvailable(jane)
	cid, ann := c.chat(f, "")
	c.act(jane, cid, "hang-up")
	if got := ann.said(); got[len(got)-1] != "SYSTEM: The agent left. Rate us 1-5?" {
		t.Fatalf("after the agent left the chat said %q", got)
	}
	if l := c.eventLog(cid); l.WaitingFor != "Input" {
		t.Fatalf("the disconnect flow does not wait for the customer: %+v", l)
	}
	ann.send("5")
	if l := c.eventLog(cid); !slices.Contains(l.saidBy("DISCONNECT"), "Thanks!") || l.WaitingFor != "" {
		t.Fatalf("the disconnect flow did not finish: %+v", l)
	}
	if code := ann.c.participantCall("message", ann.conn, map[string]any{"ContentType": "text/plain", "Content": "hello?"}, nil); code == 200 {
		t.Fatal("the chat is still open after the disconnect flow ended")
	}

	// Without the hook the chat closes when the agent leaves.
	cid, bob := c.chat(c.flowID("Basic routing flow"), "")
	c.act(jane, cid, "hang-up")
	if code := bob.c.participantCall("message", bob.conn, map[string]any{"ContentType": "text/plain", "Content": "hello?"}, nil); code == 200 {
		t.Fatal("the chat stayed open without a disconnect flow")
	}
}

// TestTransferFlows: TransferContact into a queue runs the queue transfer
// flow given ("Default queue transfer" queues into the named queue), and a
// TransferToFlow block continues in the flow it names.
func TestTransferFlows(t *testing.T) {
	c := newCenter(t, "transferflows")
	other, _ := c.mkQueue(t, "Other")
	cid := c.task("t", c.flowID("Basic routing flow"))
	out, err := c.c.TransferContact(ctx(), &connect.TransferContactInput{InstanceId: &c.iid, ContactId: &cid,
		ContactFlowId: aws.String(c.flowID("Default queue transfer")), QueueId: &other})
	if err != nil {
		t.Fatal(err)
	}
	d := c.describe(*out.ContactId)
	if d.QueueInfo == nil || *d.QueueInfo.Id != other || d.DisconnectTimestamp != nil {
		t.Fatalf("the transferred contact is not waiting in Other: %+v", d)
	}
	if l := c.eventLog(*out.ContactId); !l.ranFlow(c.flowID("Default customer queue")) {
		t.Fatalf("the transferred contact runs no customer queue flow: %+v", l)
	}

	target, _ := c.typedFlow("Target", "CONTACT_FLOW", `{"Version":"2019-10-30","StartAction":"hi","Actions":[
 {"Identifier":"hi","Type":"MessageParticipant","Parameters":{"Text":"In the target flow."},"Transitions":{"NextAction":"q"}},
 {"Identifier":"q","Type":"TransferContactToQueue","Parameters":{},"Transitions":{"Errors":[{"ErrorType":"NoMatchingError","NextAction":"bye"}]}},
 {"Identifier":"bye","Type":"DisconnectParticipant","Parameters":{},"Transitions":{}}]}`)
	start := c.createFlow("Jump", `{"Version":"2019-10-30","StartAction":"jump","Actions":[
 {"Identifier":"jump","Type":"TransferToFlow","Parameters":{"ContactFlowId":"`+target+`"},"Transitions":{"Errors":[{"ErrorType":"NoMatchingError","NextAction":"bye"}]}},
 {"Identifier":"bye","Type":"DisconnectParticipant","Parameters":{},"Transitions":{}}]}`)
	cid = c.task("jump", start)
	l := c.eventLog(cid)
	if !l.ranFlow(start) || !l.ranFlow(target) || c.describe(cid).QueueInfo == nil || l.Said[0].Text != "In the target flow." {
		t.Fatalf("TransferToFlow: %+v", l)
	}
}

// TestQueueFlowForEveryQueuedContact: the customer queue flow runs again
// for a contact back in the queue after a missed offer, and for one the
// API queued (TransferContact to an agent).
func TestQueueFlowForEveryQueuedContact(t *testing.T) {
	c := newCenter(t, "requeue")
	jane := c.agent("jane", false, 0)
	cid := c.task("t", c.flowID("Basic routing flow"))
	if got := c.eventLog(cid).saidText(queueMessage); len(got) != 1 {
		t.Fatalf("queued, the queue flow said %q", got)
	}
	c.setAvailable(jane)
	if st := c.agentContacts(jane)[cid]; st != "CONNECTING" {
		t.Fatalf("not offered to Jane: %q", st)
	}
	c.act(jane, cid, "miss")
	if got := c.eventLog(cid).saidText(queueMessage); len(got) != 2 {
		t.Fatalf("back in the queue after a missed offer, the queue flow said %q", got)
	}

	out, err := c.c.TransferContact(ctx(), &connect.TransferContactInput{InstanceId: &c.iid, ContactId: &cid,
		ContactFlowId: aws.String(c.flowID("Default agent transfer")), UserId: &jane})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.eventLog(*out.ContactId).saidText(queueMessage); len(got) != 1 {
		t.Fatalf("in Jane's queue, the queue flow said %q", got)
	}
}

// TestQuickConnectTransfer: an agent's transfer with a QUEUE quick
// connect runs the quick connect's flow, which queues into its queue.
func TestQuickConnectTransfer(t *testing.T) {
	c := newCenter(t, "qctransfer")
	other, _ := c.mkQueue(t, "Other")
	flowID, _ := c.typedFlow("To Other", "QUEUE_TRANSFER", `{"Version":"2019-10-30","StartAction":"hi","Actions":[
 {"Identifier":"hi","Type":"MessageParticipant","Parameters":{"Text":"Transferring you now."},"Transitions":{"NextAction":"q"}},
 {"Identifier":"q","Type":"TransferContactToQueue","Parameters":{},"Transitions":{"Errors":[{"ErrorType":"NoMatchingError","NextAction":"bye"}]}},
 {"Identifier":"bye","Type":"DisconnectParticipant","Parameters":{},"Transitions":{}}]}`)
	qc, err := c.c.CreateQuickConnect(ctx(), &connect.CreateQuickConnectInput{InstanceId: &c.iid, Name: aws.String("Other"),
		QuickConnectConfig: &types.QuickConnectConfig{QuickConnectType: types.QuickConnectTypeQueue,
			QueueConfig: &types.QueueQuickConnectConfig{QueueId: &other, ContactFlowId: &flowID}}})
	if err != nil {
		t.Fatal(err)
	}
	jane := c.agent("jane", true, 0)
	c.setAvailable(jane)
	cid, _ := c.chat(c.flowID("Basic routing flow"), "")
	if st := c.agentContacts(jane)[cid]; st != "CONNECTED" {
		t.Fatalf("not connected to Jane: %q", st)
	}
	var out struct{ ContactId string }
	path := "/_local/instances/" + c.iid + "/agents/" + jane + "/contacts/" + cid + "/transfer"
	if code := c.local("POST", path, `{"QuickConnectId":"`+*qc.QuickConnectId+`"}`, &out); code != 200 {
		t.Fatalf("transfer: HTTP %d", code)
	}
	d := c.describe(out.ContactId)
	if d.QueueInfo == nil || *d.QueueInfo.Id != other {
		t.Fatalf("the new segment is not in Other: %+v", d.QueueInfo)
	}
	if l := c.eventLog(out.ContactId); !l.ranFlow(flowID) || len(l.Said) == 0 || l.Said[0].Text != "Transferring you now." {
		t.Fatalf("the quick connect's flow did not run: %+v", l)
	}
	if code := c.local("POST", path, `{"QuickConnectId":"`+*qc.QuickConnectId+`"}`, nil); code != 409 && code != 404 && code != 400 {
		t.Fatalf("a second transfer of the ended segment: HTTP %d", code)
	}
}
