package flow

// The action types the Amazon Connect flow language defines, from the
// APIReference's lists of contact actions, flow control actions,
// interactions and participant actions. A flow naming any other Type is
// invalid. The value says whether connect-local interprets the action at
// contact start (true) or skips it along its success branch (false).
var actionTypes = map[string]bool{
	// Contact actions.
	"CompleteOutboundCall":                       false,
	"CreateCase":                                 false,
	"CreateTask":                                 false,
	"CreateWisdomSession":                        false,
	"DequeueContactAndTransferToQueue":           false,
	"EndFlowModuleExecution":                     false,
	"GetCase":                                    false,
	"InvokeFlowModule":                           false,
	"ResumeContact":                              false,
	"StartOutboundChatContact":                   false,
	"TagContact":                                 false,
	"TransferContactToAgent":                     false,
	TypeTransferContactToQueue:                   true,
	"UnTagContact":                               false,
	"UpdateCase":                                 false,
	TypeUpdateContactAttributes:                  true,
	"UpdateContactCallbackNumber":                false,
	"UpdateContactData":                          false,
	"UpdateContactEventHooks":                    false,
	"UpdateContactMediaProcessing":               false,
	"UpdateContactMediaStreamingBehavior":        false,
	"UpdateContactRecordingAndAnalyticsBehavior": false,
	"UpdateContactRecordingBehavior":             false,
	TypeUpdateContactRoutingBehavior:             true,
	TypeUpdateContactTargetQueue:                 true,
	"UpdateContactTextToSpeechVoice":             false,
	"UpdatePreviousContactParticipantState":      false,

	// Flow control actions.
	"CheckHoursOfOperation":     false,
	"CheckMetricData":           false,
	"CheckOutboundCallStatus":   false,
	"CheckVoiceId":              false,
	TypeCompare:                 true,
	"DistributeByPercentage":    false,
	TypeEndFlowExecution:        true,
	"GetMetricData":             false,
	"Loop":                      false,
	"StartVoiceIdStream":        false,
	"TransferToFlow":            false,
	"UpdateFlowAttributes":      false,
	"UpdateFlowLoggingBehavior": false,
	TypeUpdateRoutingCriteria:   true,
	"Wait":                      false,

	// Interactions.
	"AssociateContactToCustomerProfile":         false,
	"CreateCallbackContact":                     false,
	"CreateCustomerProfile":                     false,
	"GetCalculatedAttributesForCustomerProfile": false,
	"GetCustomerProfile":                        false,
	"GetCustomerProfileObject":                  false,
	"InvokeLambdaFunction":                      false,
	"UpdateCustomerProfile":                     false,

	// Participant actions.
	"ConnectParticipantWithLexBot":    false,
	TypeDisconnectParticipant:         true,
	"GetParticipantInput":             false,
	"MessageParticipant":              false,
	"MessageParticipantIteratively":   false,
	"ShowView":                        false,
	"TransferParticipantToThirdParty": false,
}

// The action types Run interprets.
const (
	TypeUpdateContactTargetQueue     = "UpdateContactTargetQueue"
	TypeUpdateRoutingCriteria        = "UpdateRoutingCriteria"
	TypeUpdateContactRoutingBehavior = "UpdateContactRoutingBehavior"
	TypeUpdateContactAttributes      = "UpdateContactAttributes"
	TypeCompare                      = "Compare"
	TypeTransferContactToQueue       = "TransferContactToQueue"
	TypeDisconnectParticipant        = "DisconnectParticipant"
	TypeEndFlowExecution             = "EndFlowExecution"
)

// KnownType reports whether t is an action type of the flow language.
func KnownType(t string) bool {
	_, ok := actionTypes[t]
	return ok
}

// Interpreted reports whether Run interprets actions of type t; the other
// known types are skipped along their success branch.
func Interpreted(t string) bool { return actionTypes[t] }

// The error types of Transitions.Errors that Run takes.
const (
	ErrNoMatchingError     = "NoMatchingError"
	ErrNoMatchingCondition = "NoMatchingCondition"
	ErrQueueAtCapacity     = "QueueAtCapacity"
)

// operators are the Condition operators of the flow language, each taking
// one string operand.
var operators = map[string]bool{
	"Equals":                 true,
	"TextStartsWith":         true,
	"TextEndsWith":           true,
	"TextContains":           true,
	"NumberGreaterThan":      true,
	"NumberGreaterOrEqualTo": true,
	"NumberLessThan":         true,
	"NumberLessOrEqualTo":    true,
}
