package sdk

import (
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
)

// hookFlow sets the customer queue flow (the designer's "Set customer queue
// flow" is UpdateContactEventHooks with CustomerQueue) and queues.
func hookFlow(queueFlowARN string) string {
	return `{"Version":"2019-10-30","StartAction":"hook","Actions":[
 {"Identifier":"hook","Type":"UpdateContactEventHooks","Parameters":{"EventHooks":{"CustomerQueue":"` + queueFlowARN + `"}},
  "Transitions":{"NextAction":"q","Errors":[{"ErrorType":"NoMatchingError","NextAction":"q"}]}},
 {"Identifier":"q","Type":"TransferContactToQueue","Parameters":{},"Transitions":{"Errors":[{"ErrorType":"NoMatchingError","NextAction":"bye"}]}},
 {"Identifier":"bye","Type":"DisconnectParticipant","Parameters":{},"Transitions":{}}]}`
}

// overflowFlow says the agents are busy, and after 30 seconds moves the
// contact to the queue overflowARN.
func overflowFlow(overflowARN string) string {
	return `{"Version":"2019-10-30","StartAction":"busy","Actions":[
 {"Identifier":"busy","Type":"MessageParticipantIteratively","Parameters":{"Messages":[{"Text":"All agents are busy."}],"InterruptFrequencySeconds":"30"},
  "Transitions":{"NextAction":"busy","Conditions":[{"NextAction":"set","Condition":{"Operator":"Equals","Operands":["MessagesInterrupted"]}}]}},
 {"Identifier":"set","Type":"UpdateContactTargetQueue","Parameters":{"QueueId":"` + overflowARN + `"},
  "Transitions":{"NextAction":"move","Errors":[{"ErrorType":"NoMatchingError","NextAction":"bye"}]}},
 {"Identifier":"move","Type":"TransferContactToQueue","Parameters":{},"Transitions":{"Errors":[{"ErrorType":"NoMatchingError","NextAction":"bye"},{"ErrorType":"QueueAtCapacity","NextAction":"bye"}]}},
 {"Identifier":"bye","Type":"DisconnectParticipant","Parameters":{},"Transitions":{}}]}`
}

const closingFlow = `{"Version":"2019-10-30","StartAction":"sorry","Actions":[
 {"Identifier":"sorry","Type":"Wait","Parameters":{"TimeLimitSeconds":"20"},
  "Transitions":{"NextAction":"say","Conditions":[{"NextAction":"say","Condition":{"Operator":"Equals","Operands":["WaitCompleted"]}}],
   "Errors":[{"ErrorType":"NoMatchingError","NextAction":"say"}]}},
 {"Identifier":"say","Type":"MessageParticipant","Parameters":{"Text":"We are closing. Goodbye."},"Transitions":{"NextAction":"bye"}},
 {"Identifier":"bye","Type":"DisconnectParticipant","Parameters":{},"Transitions":{}}]}`

func TestCustomerQueueFlowSetByEventHooks(t *testing.T) {
	c := newCenter(t, "queueflow")
	hours, err := c.c.ListHoursOfOperations(ctx(), &connect.ListHoursOfOperationsInput{InstanceId: &c.iid})
	if err != nil {
		t.Fatal(err)
	}
	over, err := c.c.CreateQueue(ctx(), &connect.CreateQueueInput{InstanceId: &c.iid, Name: aws.String("Overflow"), HoursOfOperationId: hours.HoursOfOperationSummaryList[0].Id})
	if err != nil {
		t.Fatal(err)
	}
	queueFlow := func(name, content string) string {
		out, err := c.c.CreateContactFlow(ctx(), &connect.CreateContactFlowInput{InstanceId: &c.iid, Name: aws.String(name), Type: "CUSTOMER_QUEUE", Content: aws.String(content)})
		if err != nil {
			t.Fatal(err)
		}
		return *out.ContactFlowArn
	}

	// The hooked queue flow runs instead of the default one, and moves the
	// chat to Overflow after 30 virtual seconds; there it runs again.
	f := c.createFlow("Hooked", hookFlow(queueFlow("Overflow after 30 s", overflowFlow(*over.QueueArn))))
	cid, ann := c.chat(f, "")
	if got := strings.Join(ann.said(), "|"); got != "SYSTEM: All agents are busy." {
		t.Fatalf("queued, the chat said %q", got)
	}
	c.advance(30 * time.Second)
	if q := c.describe(cid).QueueInfo; q == nil || *q.Id != *over.QueueId {
		t.Fatalf("the queue flow did not move the chat to Overflow: %+v", c.flowLog(cid))
	}
	if got := strings.Join(ann.said(), "|"); got != "SYSTEM: All agents are busy.|SYSTEM: All agents are busy." {
		t.Fatalf("moved, the chat said %q", got)
	}

	// A queue flow that disconnects ends the waiting contact (a Wait on
	// the virtual clock first).
	f = c.createFlow("Hooked closing", hookFlow(queueFlow("Closing", closingFlow)))
	cid, bob := c.chat(f, "")
	c.advance(19 * time.Second)
	if c.describe(cid).DisconnectTimestamp != nil {
		t.Fatal("the contact ended before the queue flow's wait")
	}
	c.advance(time.Second)
	if got := strings.Join(bob.said(), "|"); got != "SYSTEM: We are closing. Goodbye." {
		t.Fatalf("the closing queue flow said %q", got)
	}
	if d := c.describe(cid); d.DisconnectTimestamp == nil || d.DisconnectReason == nil || *d.DisconnectReason != "CONTACT_FLOW_DISCONNECT" {
		t.Fatalf("the queue flow did not end the contact: %+v", d)
	}
}
