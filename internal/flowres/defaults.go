package flowres

// The flows CreateInstance makes, as real Connect does, and their content
// (docs/flows.md).

// DefaultFlows are the flows every new instance has: name → type. The
// routing engine's default inbound flow transfers to the working queue.
var DefaultFlows = []struct{ Name, Type string }{
	{"Default customer queue", "CUSTOMER_QUEUE"},
	{"Default customer hold", "CUSTOMER_HOLD"},
	{"Default customer whisper", "CUSTOMER_WHISPER"},
	{"Default agent hold", "AGENT_HOLD"},
	{"Default agent whisper", "AGENT_WHISPER"},
	{"Default outbound", "OUTBOUND_WHISPER"},
	{"Default agent transfer", "AGENT_TRANSFER"},
	{"Default queue transfer", "QUEUE_TRANSFER"},
	{"Sample inbound flow (first contact experience)", "CONTACT_FLOW"},
	{"Basic routing flow", "CONTACT_FLOW"},
}

// defaultFlowContent is a minimal valid flow in the Amazon Connect flow
// language: end the flow. "Basic routing flow" instead transfers the
// contact to its working queue (BasicQueue unless a flow sets another) and
// disconnects it when the transfer fails; so does "Default queue transfer",
// whose working queue is the queue a transfer names. Both pass flow.Parse (a test
// checks it), and both may be replaced with UpdateContactFlowContent.
const defaultFlowContent = `{"Version":"2019-10-30","StartAction":"end","Actions":[{"Identifier":"end","Type":"EndFlowExecution","Parameters":{},"Transitions":{}}]}`

const basicRoutingFlowContent = `{"Version":"2019-10-30","StartAction":"transfer","Actions":[{"Identifier":"transfer","Type":"TransferContactToQueue","Parameters":{},"Transitions":{"NextAction":"disconnect","Errors":[{"NextAction":"disconnect","ErrorType":"NoMatchingError"},{"NextAction":"disconnect","ErrorType":"QueueAtCapacity"}]}},{"Identifier":"disconnect","Type":"DisconnectParticipant","Parameters":{},"Transitions":{}}]}`

// customerQueueFlowContent is "Default customer queue": while the contact
// waits, say a message every 60 seconds of the service clock (over the
// chat for a chat contact) until an agent takes it. Connect's own loops
// music and a message; connect-local has no audio, so the message stands
// for both.
const customerQueueFlowContent = `{"Version":"2019-10-30","StartAction":"loop","Actions":[` +
	`{"Identifier":"loop","Type":"MessageParticipantIteratively","Parameters":{"Messages":[{"Text":"` + QueueMessage + `"}],"InterruptFrequencySeconds":"60"},` +
	`"Transitions":{"NextAction":"loop","Conditions":[{"NextAction":"loop","Condition":{"Operator":"Equals","Operands":["MessagesInterrupted"]}}]}}]}`

// QueueMessage is what the default customer queue flow says every minute.
const QueueMessage = "Thank you for waiting. Your contact is important to us and will be answered in the order it was received."

// Greeting is what the sample inbound flow says before it queues the contact.
const Greeting = "Hello, thanks for contacting us. You are now being placed in queue to speak with an agent."

// sampleInboundFlowContent is "Sample inbound flow (first contact
// experience)": greet, set the working queue to BasicQueue (its ARN), and
// transfer to it, for voice and chat alike; a transfer that fails says so
// and disconnects.
func sampleInboundFlowContent(basicQueueARN string) string {
	return `{"Version":"2019-10-30","StartAction":"greet","Actions":[` +
		`{"Identifier":"greet","Type":"MessageParticipant","Parameters":{"Text":"` + Greeting + `"},"Transitions":{"NextAction":"queue"}},` +
		`{"Identifier":"queue","Type":"UpdateContactTargetQueue","Parameters":{"QueueId":"` + basicQueueARN + `"},` +
		`"Transitions":{"NextAction":"transfer","Errors":[{"NextAction":"sorry","ErrorType":"NoMatchingError"}]}},` +
		`{"Identifier":"transfer","Type":"TransferContactToQueue","Parameters":{},` +
		`"Transitions":{"NextAction":"sorry","Errors":[{"NextAction":"sorry","ErrorType":"NoMatchingError"},{"NextAction":"sorry","ErrorType":"QueueAtCapacity"}]}},` +
		`{"Identifier":"sorry","Type":"MessageParticipant","Parameters":{"Text":"We are sorry, we cannot take your contact now. Goodbye."},"Transitions":{"NextAction":"disconnect"}},` +
		`{"Identifier":"disconnect","Type":"DisconnectParticipant","Parameters":{},"Transitions":{}}]}`
}

// DefaultFlowContent is the content of the default flow called name;
// basicQueueARN is the instance's BasicQueue (the sample inbound flow's
// working queue).
func DefaultFlowContent(name, basicQueueARN string) string {
	switch name {
	case "Basic routing flow", "Default queue transfer":
		return basicRoutingFlowContent
	case "Default customer queue":
		return customerQueueFlowContent
	case "Sample inbound flow (first contact experience)":
		return sampleInboundFlowContent(basicQueueARN)
	}
	return defaultFlowContent
}
