package flow

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"maps"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Error types blocks fail with besides those of Run.
const (
	ErrInputTimeLimitExceeded = "InputTimeLimitExceeded"
)

// Defaults and bounds of blocks (docs/flows.md#blocks).
const (
	DefaultLambdaTimeout = 3 * time.Second
	MaxLambdaTimeout     = 8 * time.Second
	DefaultInputTimeout  = 5 * time.Second
)

// unavailable are the blocks that need a service connect-local lacks; they
// take their error branch (docs/flows.md#blocks-that-need-other-services).
var unavailable = map[string]string{
	"CheckVoiceId":                      "Voice ID",
	"StartVoiceIdStream":                "Voice ID",
	"CreateCase":                        "Cases",
	"GetCase":                           "Cases",
	"UpdateCase":                        "Cases",
	"CreateWisdomSession":               "Amazon Q in Connect (Wisdom)",
	"AssociateContactToCustomerProfile": "Customer Profiles",
	"CreateCustomerProfile":             "Customer Profiles",
	"GetCalculatedAttributesForCustomerProfile": "Customer Profiles",
	"GetCustomerProfile":                        "Customer Profiles",
	"GetCustomerProfileObject":                  "Customer Profiles",
	"UpdateCustomerProfile":                     "Customer Profiles",
}

// effects are the blocks whose work the caller does (ReqEffect).
var effects = map[string]bool{
	"CreateTask": true, "CreateCallbackContact": true, "TagContact": true, "UnTagContact": true,
	"UpdateContactData": true, "UpdateContactRecordingBehavior": true,
	"UpdateContactRecordingAndAnalyticsBehavior": true, "UpdateContactEventHooks": true,
	"TransferParticipantToThirdParty": true, "UpdateContactCallbackNumber": true,
	"StartOutboundChatContact": true, "UpdateContactMediaStreamingBehavior": true,
	"UpdatePreviousContactParticipantState": true, "CompleteOutboundCall": true, "ResumeContact": true,
}

// Unavailable reports the service a block type needs that connect-local
// lacks ("" when it runs).
func Unavailable(typ string) string { return unavailable[typ] }

// block runs one block.
func (e *Execution) block(a *Action, idx int, now time.Time) step {
	p := a.Parameters
	// params are the resolved parameters the caller gets with a request
	// (never nil), made only for the blocks that send them.
	params := func() map[string]string {
		if m := e.Log[idx].Parameters; m != nil {
			return m
		}
		return map[string]string{}
	}
	if svc := unavailable[a.Type]; svc != "" {
		return e.fail(a, idx, ErrNoMatchingError, svc+" is not available in connect-local")
	}
	if effects[a.Type] {
		// The log entry's map may be the block's shared one (logParams):
		// the effect gets, and the log keeps, a copy of its own.
		params := params()
		if e.Log[idx].Parameters != nil {
			params = maps.Clone(params)
			e.Log[idx].Parameters = params
		}
		if a.Type == "CreateCallbackContact" || a.Type == "CreateTask" {
			if params["QueueId"] == "" && e.QueueID != "" && a.Type == "CreateCallbackContact" {
				params["QueueId"] = e.QueueID
			}
		}
		return e.ask(Request{Kind: ReqEffect, Params: params})
	}
	switch a.Type {
	case TypeDisconnectParticipant:
		return step{end: OutcomeDisconnect}

	case TypeEndFlowExecution:
		return step{end: OutcomeEnd}

	case "EndFlowModuleExecution":
		if len(e.modules) == 0 {
			return step{end: OutcomeEnd}
		}
		e.popModule()
		e.Log[idx].Branch = "Return"
		return goTo(e.current)

	case "MessageParticipant":
		r := e.prompt(p)
		r.Kind = ReqMessage
		return e.ask(r)

	case "MessageParticipantIteratively":
		r := Request{Kind: ReqMessageLoop, Params: params()}
		if ms, ok := p["Messages"].([]any); ok {
			for _, m := range ms {
				if mm, ok := m.(map[string]any); ok {
					pr := e.prompt(mm)
					r.Messages = append(r.Messages, firstNonEmpty(pr.Text, pr.SSML, pr.PromptID))
				}
			}
		}
		if n, ok := e.intParam(p["InterruptFrequencySeconds"]); ok && n > 0 {
			r.Timeout = time.Duration(n) * time.Second
		}
		return e.ask(r)

	case "GetParticipantInput":
		r := e.prompt(p)
		r.Kind = ReqInput
		r.Timeout = DefaultInputTimeout
		if n, ok := e.intParam(p["InputTimeLimitSeconds"]); ok && n > 0 {
			r.Timeout = time.Duration(n) * time.Second
		}
		if d, ok := p["DTMFConfiguration"].(map[string]any); ok {
			r.Terminator, _ = e.value(d["InputTerminationSequence"], false)
		}
		if n, ok := e.intParam(p["MaxDigits"]); ok {
			r.MaxDigits = int(n)
		}
		return e.ask(r)

	case "InvokeLambdaFunction":
		arn, ok := e.value(p["LambdaFunctionARN"], false)
		if !ok || arn == "" {
			return e.fail(a, idx, ErrNoMatchingError, "LambdaFunctionARN names nothing")
		}
		timeout := DefaultLambdaTimeout
		if n, ok := e.intParam(p["InvocationTimeLimitSeconds"]); ok && n > 0 {
			timeout = min(time.Duration(n)*time.Second, MaxLambdaTimeout)
		}
		in, ok := e.stringMap(p["LambdaInvocationAttributes"])
		if !ok {
			return e.fail(a, idx, ErrNoMatchingError, "a LambdaInvocationAttributes value names nothing")
		}
		return e.ask(Request{Kind: ReqLambda, FunctionARN: arn, Timeout: timeout, Payload: e.lambdaEvent(in), Params: in})

	case "ConnectParticipantWithLexBot":
		r := e.prompt(p)
		r.Kind = ReqLex
		if b, ok := p["LexV2Bot"].(map[string]any); ok {
			r.BotAliasARN, _ = e.value(b["AliasArn"], false)
		}
		if r.BotAliasARN == "" {
			return e.fail(a, idx, ErrNoMatchingError, "no LexV2Bot.AliasArn (Lex V1 bots are not supported)")
		}
		attrs, ok := e.stringMap(p["LexSessionAttributes"])
		if !ok {
			return e.fail(a, idx, ErrNoMatchingError, "a LexSessionAttributes value names nothing")
		}
		r.Params = attrs
		r.Timeout = DefaultInputTimeout
		return e.ask(r)

	case "Wait":
		if e.Contact.Channel == "VOICE" {
			return e.fail(a, idx, ErrNoMatchingError, "Wait runs for chat and tasks only")
		}
		n, ok := e.intParam(firstPresent(p, "TimeLimitSeconds", "TimeoutSeconds"))
		if !ok || n < 0 {
			return e.fail(a, idx, ErrNoMatchingError, "TimeLimitSeconds is not a number of seconds")
		}
		return e.ask(Request{Kind: ReqWait, Timeout: time.Duration(n) * time.Second, Params: params()})

	case "Loop":
		n, ok := e.intParam(p["LoopCount"])
		if !ok || n < 0 {
			return e.fail(a, idx, ErrNoMatchingError, "LoopCount is not a whole number")
		}
		if c := e.loops[a.Identifier]; int64(c) < n {
			if e.loops == nil {
				e.loops = map[string]int{}
			}
			e.loops[a.Identifier] = c + 1
			e.Log[idx].Result = fmt.Sprintf("iteration %d of %d", c+1, n)
			return e.label(a, idx, "ContinueLooping")
		}
		delete(e.loops, a.Identifier)
		return e.label(a, idx, "DoneLooping")

	case "DistributeByPercentage":
		n := e.draw(a.Identifier)
		e.Log[idx].Result = "drew " + strconv.Itoa(n)
		return e.condition(a, idx, func(c Condition) bool { return c.holds(strconv.Itoa(n)) })

	case "CheckHoursOfOperation":
		hours, _ := e.value(p["HoursOfOperationId"], false)
		if e.env == nil {
			return e.fail(a, idx, ErrNoMatchingError, "no hours to check")
		}
		in, err := e.env.InHours(hours, e.QueueID, now)
		if err != nil {
			return e.fail(a, idx, ErrNoMatchingError, err.Error())
		}
		return e.label(a, idx, strings.Title(strconv.FormatBool(in))) //nolint:staticcheck // ASCII only

	case "CheckMetricData":
		metric, _ := e.value(firstPresent(p, "MetricType", "Metric"), false)
		queue, _ := e.value(p["QueueId"], false)
		if e.env == nil {
			return e.fail(a, idx, ErrNoMatchingError, "no metrics")
		}
		if queue == "" {
			queue = e.QueueID
		}
		v, err := e.env.Metric(queue, metric)
		if err != nil {
			return e.fail(a, idx, ErrNoMatchingError, err.Error())
		}
		s := strconv.FormatFloat(v, 'f', -1, 64)
		e.Log[idx].Result = metric + " = " + s
		return e.condition(a, idx, func(c Condition) bool { return c.holds(s) })

	case "CheckOutboundCallStatus":
		return e.label(a, idx, e.Contact.OutboundCallStatus)

	case TypeCompare:
		v, ok := e.value(p["ComparisonValue"], false)
		if !ok {
			if t, has := a.errorTarget(ErrNoMatchingCondition, false); has {
				e.Log[idx].Branch = ErrNoMatchingCondition
				return goTo(t)
			}
			return e.fail(a, idx, ErrNoMatchingCondition, "the value names nothing")
		}
		e.Log[idx].Result = v
		return e.condition(a, idx, func(c Condition) bool { return c.holds(v) })

	case TypeUpdateContactAttributes:
		set, ok := e.stringMap(p["Attributes"])
		if !ok {
			return e.fail(a, idx, ErrNoMatchingError, "a value names nothing")
		}
		for k, v := range set {
			e.Attributes[k] = v
		}
		return e.success(a, idx)

	case "UpdateFlowAttributes":
		set, ok := e.stringMap(p["FlowAttributes"])
		if !ok {
			return e.fail(a, idx, ErrNoMatchingError, "a value names nothing")
		}
		if e.FlowAttributes == nil && len(set) > 0 {
			e.FlowAttributes = make(map[string]string, len(set))
		}
		for k, v := range set {
			e.FlowAttributes[k] = v
		}
		return e.success(a, idx)

	case "UpdateContactTextToSpeechVoice":
		if v, ok := e.value(firstPresent(p, "TextToSpeechVoice", "Voice"), false); ok {
			e.Voice = v
		}
		return e.success(a, idx)

	case TypeUpdateContactTargetQueue:
		s, _ := a.spec.(targetQueueSpec)
		v, ok := e.value(firstNonNil(s.queue), false)
		if !ok || v == "" || e.env == nil {
			return e.fail(a, idx, ErrNoMatchingError, "the queue names nothing")
		}
		q := e.env.Queue(QueueRef{ID: v, Agent: s.agent})
		if !q.Exists {
			return e.fail(a, idx, ErrNoMatchingError, "no such queue: "+v)
		}
		e.QueueID, e.AgentQueue, e.QueueARN, e.QueueName = q.ID, s.agent, q.ARN, q.Name
		return e.success(a, idx)

	case TypeUpdateRoutingCriteria:
		s, _ := a.spec.(criteriaSpec)
		steps := s.steps
		if s.dynamic != nil {
			text, ok := e.lookup(s.dynamic.path)
			if !ok {
				return e.fail(a, idx, ErrNoMatchingError, "the criteria name nothing")
			}
			var err error
			if steps, err = decodeCriteria(text); err != nil {
				return e.fail(a, idx, ErrNoMatchingError, "the criteria are not valid")
			}
		}
		e.RoutingCriteria = steps
		return e.success(a, idx)

	case TypeUpdateContactRoutingBehavior:
		s, _ := a.spec.(routingBehaviorSpec)
		if s.priority != nil {
			v := *s.priority
			e.QueuePriority = &v
		}
		if s.adjust != nil {
			v := *s.adjust
			e.QueueTimeAdjustmentSeconds = &v
		}
		return e.success(a, idx)

	case TypeTransferContactToQueue, "TransferContactToAgent", "DequeueContactAndTransferToQueue":
		return e.transfer(a, idx)

	case "TransferToFlow", "InvokeFlowModule":
		module := a.Type == "InvokeFlowModule"
		ref, _ := e.value(firstPresent(p, "ContactFlowId", "FlowModuleId"), false)
		if ref == "" || e.env == nil {
			return e.fail(a, idx, ErrNoMatchingError, "no flow named")
		}
		f, id, err := e.env.Flow(ref, module)
		if err != nil {
			return e.fail(a, idx, ErrNoMatchingError, err.Error())
		}
		e.Log[idx].Result = id
		if module {
			e.Log[idx].Branch = "Invoke"
			e.pushModule(f, id, a.Transitions.NextAction)
			return goTo(f.StartAction)
		}
		e.flow, e.FlowID = f, id
		e.FlowAttributes = nil
		e.Log[idx].Branch = "Transfer"
		return goTo(f.StartAction)
	}

	// The rest (ShowView, UpdateFlowLoggingBehavior, GetMetricData,
	// UpdateContactMediaProcessing, …) change nothing connect-local models:
	// their success branch, logged.
	e.Log[idx].Result = "not modelled; took the success branch"
	if a.Transitions.NextAction == "" && len(a.Transitions.Conditions) > 0 {
		return e.branch(a, idx, "Condition 1", a.Transitions.Conditions[0].NextAction)
	}
	return e.success(a, idx)
}

// transfer ends the execution into a queue or to an agent.
func (e *Execution) transfer(a *Action, idx int) step {
	outcome := OutcomeEnqueue
	switch a.Type {
	case "TransferContactToAgent":
		outcome = OutcomeTransferAgent
	case "DequeueContactAndTransferToQueue":
		outcome = OutcomeRequeue
		ref, agent := "", false
		if v, ok := e.value(a.Parameters["QueueId"], false); ok {
			ref = v
		} else if v, ok := e.value(a.Parameters["AgentId"], false); ok {
			ref, agent = v, true
		}
		if ref != "" && e.env != nil {
			q := e.env.Queue(QueueRef{ID: ref, Agent: agent})
			if !q.Exists {
				return e.fail(a, idx, ErrNoMatchingError, "no such queue: "+ref)
			}
			e.QueueID, e.AgentQueue, e.QueueARN, e.QueueName = q.ID, agent, q.ARN, q.Name
		}
	}
	if e.QueueID == "" {
		return e.fail(a, idx, ErrNoMatchingError, "no working queue")
	}
	if e.env != nil {
		q := e.env.Queue(QueueRef{ID: e.QueueID, Agent: e.AgentQueue})
		switch {
		case !q.Exists:
			return e.fail(a, idx, ErrNoMatchingError, "the working queue no longer exists")
		case q.AtCapacity && outcome != OutcomeTransferAgent:
			return e.fail(a, idx, ErrQueueAtCapacity, "the queue is at capacity")
		}
		e.QueueID = q.ID
	}
	return step{end: outcome, endQueue: true}
}

// complete finishes the block that waited for res.
func (e *Execution) complete(p *pending, res Response, now time.Time) (string, *Request) {
	a, idx := p.action, p.entry
	e.Log[idx].Result = ""
	out := func(s step) (string, *Request) { return s.next, s.stop }
	if res.Err != "" {
		return out(e.fail(a, idx, res.Err, ""))
	}
	switch a.Type {
	case "MessageParticipantIteratively":
		return out(e.labelOr(a, idx, "MessagesInterrupted"))

	case "GetParticipantInput":
		in := res.Input
		e.Log[idx].Result = "input " + strconv.Quote(in)
		if b, _ := e.value(a.Parameters["StoreInput"], false); strings.EqualFold(b, "true") {
			e.StoredInput, e.hasStored = in, true
			return out(e.success(a, idx))
		}
		return out(e.condition(a, idx, func(c Condition) bool { return c.holds(in) }))

	case "InvokeLambdaFunction":
		typ := "STRING_MAP"
		if rv, ok := a.Parameters["ResponseValidation"].(map[string]any); ok {
			if t, ok := e.value(rv["ResponseType"], false); ok && t != "" {
				typ = t
			}
		}
		v, err := readLambdaAnswer(res.Payload, typ)
		if err != nil {
			return out(e.fail(a, idx, ErrNoMatchingError, err.Error()))
		}
		e.External = v
		e.Log[idx].Result = "answered " + strconv.Itoa(len(res.Payload)) + " bytes"
		return out(e.success(a, idx))

	case "ConnectParticipantWithLexBot":
		e.Lex = res.Lex
		if res.Lex == nil {
			return out(e.fail(a, idx, ErrNoMatchingError, "the bot answered nothing"))
		}
		e.Log[idx].Result = "intent " + res.Lex.IntentName
		return out(e.label(a, idx, res.Lex.IntentName))

	case "Wait":
		if res.Input == "CustomerReturned" {
			return out(e.labelOr(a, idx, "CustomerReturned"))
		}
		return out(e.labelOr(a, idx, "WaitCompleted"))

	case "TagContact":
		if m, ok := e.stringMap(a.Parameters["Tags"]); ok {
			if e.Tags == nil && len(m) > 0 {
				e.Tags = make(map[string]string, len(m))
			}
			for k, v := range m {
				e.Tags[k] = v
			}
		}
	case "UnTagContact":
		if ks, ok := a.Parameters["TagKeys"].([]any); ok {
			for _, k := range ks {
				if s, ok := e.value(k, false); ok {
					delete(e.Tags, s)
				}
			}
		}
	case "UpdateContactData":
		for key, dst := range map[string]*string{"Name": &e.Name, "Description": &e.Description, "LanguageCode": &e.LanguageCode} {
			if v, ok := e.value(a.Parameters[key], false); ok {
				*dst = v
			}
		}
	case "TransferParticipantToThirdParty":
		if c, _ := e.value(a.Parameters["ContinueFlowExecution"], false); !strings.EqualFold(c, "true") {
			e.Log[idx].Branch = "Success"
			r := e.finish(Request{Outcome: OutcomeThirdParty})
			return "", &r
		}
	}
	return out(e.success(a, idx))
}

// labelOr takes the condition named name, else the success branch.
func (e *Execution) labelOr(a *Action, idx int, name string) step {
	for _, c := range a.Transitions.Conditions {
		if c.Condition.Operator == "Equals" && c.Condition.Operands[0] == name {
			return e.branch(a, idx, name, c.NextAction)
		}
	}
	return e.success(a, idx)
}

// prompt reads Text, SSML, PromptId (interpolated or resolved).
func (e *Execution) prompt(p map[string]any) Request {
	var r Request
	if v, ok := p["Text"]; ok {
		r.Text, _ = e.value(v, true)
	}
	if v, ok := p["SSML"]; ok {
		r.SSML, _ = e.value(v, true)
	}
	if v, ok := p["PromptId"]; ok {
		r.PromptID, _ = e.value(v, false)
	}
	return r
}

// draw is DistributeByPercentage's number, 1–100: a hash of the contact,
// the block and how many blocks the execution has run, so a contact's path
// is the same every time it runs (docs/flows.md#blocks).
func (e *Execution) draw(id string) int {
	h := fnv.New64a()
	fmt.Fprintf(h, "%s/%s/%d", e.Contact.ContactID, id, e.steps)
	return int(h.Sum64()%100) + 1
}

func (e *Execution) intParam(v any) (int64, bool) {
	s, ok := e.value(v, false)
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	return n, err == nil
}

// logParams is a block's parameters resolved for the log: the block's
// shared map when nothing in them refers to the contact.
func (e *Execution) logParams(a *Action) map[string]string {
	if a.logStatic {
		return a.logParams
	}
	return e.flatten(a.Parameters)
}

// dynamic reports whether a parameter value refers to the contact: a
// string that e.value would look up ($.… without blanks).
func dynamic(v any) bool {
	switch x := v.(type) {
	case map[string]any:
		for _, y := range x {
			if dynamic(y) {
				return true
			}
		}
	case []any:
		return false // written as JSON, as it is
	case string:
		return strings.HasPrefix(x, "$.") && !strings.ContainsAny(x, " \t\n")
	}
	return false
}

// flatten resolves every parameter for the log and for effects: nested
// objects as "A.B" keys, lists as JSON.
func (e *Execution) flatten(p map[string]any) map[string]string {
	if len(p) == 0 {
		return nil
	}
	out := map[string]string{}
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		switch x := v.(type) {
		case map[string]any:
			keys := make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				key := k
				if prefix != "" {
					key = prefix + "." + k
				}
				walk(key, x[k])
			}
		case []any:
			b, _ := json.Marshal(x)
			out[prefix] = string(b)
		default:
			s, _ := e.value(x, false)
			out[prefix] = s
		}
	}
	walk("", p)
	return out
}

func firstPresent(p map[string]any, keys ...string) any {
	for _, k := range keys {
		if v, ok := p[k]; ok {
			return v
		}
	}
	return nil
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

// firstNonNil turns a checked reference back into a parameter value.
func firstNonNil(r ref) any {
	if r.path != "" {
		return r.path
	}
	return r.static
}
