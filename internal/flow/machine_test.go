package flow

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

// testEnv is an Env over fixed data.
type testEnv struct {
	queues  map[string]bool // id -> at capacity
	flows   map[string]*Flow
	inHours bool
	metrics map[string]float64
}

func (t *testEnv) Queue(q QueueRef) QueueInfo {
	id := q.ID[strings.LastIndexByte(q.ID, '/')+1:]
	full, ok := t.queues[id]
	return QueueInfo{ID: id, Exists: ok, AtCapacity: full, ARN: "arn:q/" + id, Name: "Queue " + id}
}

func (t *testEnv) Flow(id string, module bool) (*Flow, string, error) {
	if f := t.flows[id]; f != nil {
		return f, id, nil
	}
	return nil, "", errors.New("no flow " + id)
}

func (t *testEnv) InHours(hours, queueID string, now time.Time) (bool, error) {
	if hours == "broken" {
		return false, errors.New("no such hours")
	}
	return t.inHours, nil
}

func (t *testEnv) Metric(queueID, metric string) (float64, error) {
	v, ok := t.metrics[metric]
	if !ok {
		return 0, errors.New("unknown metric")
	}
	return v, nil
}

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// drive runs e to the end on a virtual clock: answer fulfils each request,
// waits and timeouts move the clock. It returns the requests seen (kind and
// identifier) and the final request.
func drive(t *testing.T, e *Execution, r Request, answer func(Request) Response) ([]string, Request, time.Time) {
	t.Helper()
	now := t0
	var seen []string
	for i := 0; r.Kind != ReqDone; i++ {
		if i > 100 {
			t.Fatal("too many requests")
		}
		seen = append(seen, string(r.Kind)+":"+r.Action)
		res := answer(r)
		if r.Kind == ReqWait || res.Err == ErrInputTimeLimitExceeded {
			now = now.Add(r.Timeout)
		}
		r = e.Resume(res, now)
	}
	return seen, r, now
}

func ok(Request) Response { return Response{} }

func TestExecutionMenu(t *testing.T) {
	f := mustParse(t, doc("hello",
		act("hello", "MessageParticipant", obj{"Text": "Hello $.Attributes.name, welcome."}, "menu"),
		withConditions(act("menu", "GetParticipantInput", obj{"Text": "Press 1 for sales, 2 for support", "InputTimeLimitSeconds": "7"}, "",
			ErrInputTimeLimitExceeded, "timeout", ErrNoMatchingCondition, "bad", ErrNoMatchingError, "bad"),
			cond("Equals", "1", "sales"), cond("Equals", "2", "support")),
		act("sales", TypeUpdateContactTargetQueue, obj{"QueueId": "arn:aws:connect:::queue/q1"}, "xfer"),
		act("support", TypeUpdateContactTargetQueue, obj{"QueueId": "q2"}, "xfer"),
		act("xfer", TypeTransferContactToQueue, nil, "", ErrNoMatchingError, "bad"),
		act("timeout", TypeUpdateContactAttributes, obj{"Attributes": obj{"why": "timeout"}}, "bad"),
		disconnect("bad"),
	))
	env := &testEnv{queues: map[string]bool{"q1": false, "q2": false}}
	for _, tc := range []struct {
		name    string
		input   Response
		outcome Outcome
		queue   string
		branch  string
	}{
		{"1 goes to sales", Response{Input: "1"}, OutcomeEnqueue, "q1", "Equals 1"},
		{"2 goes to support", Response{Input: "2"}, OutcomeEnqueue, "q2", "Equals 2"},
		{"9 matches nothing", Response{Input: "9"}, OutcomeDisconnect, "", ErrNoMatchingCondition},
		{"silence times out", Response{Err: ErrInputTimeLimitExceeded}, OutcomeDisconnect, "", ErrInputTimeLimitExceeded},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, r := Start(f, StartInput{Contact: ContactData{ContactID: "c1", Channel: "VOICE"}, Attributes: map[string]string{"name": "Ana"}, Env: env}, t0)
			if r.Kind != ReqMessage || r.Text != "Hello Ana, welcome." {
				t.Fatalf("first request %+v", r)
			}
			r = e.Resume(Response{}, t0)
			if r.Kind != ReqInput || r.Timeout != 7*time.Second || !strings.HasPrefix(r.Text, "Press 1") {
				t.Fatalf("input request %+v", r)
			}
			r = e.Resume(tc.input, t0)
			if r.Kind != ReqDone || r.Outcome != tc.outcome || r.QueueID != tc.queue {
				t.Fatalf("done %+v, want %s %q", r, tc.outcome, tc.queue)
			}
			if got := e.Log[1].Branch; got != tc.branch {
				t.Errorf("menu branch %q, want %q (log %+v)", got, tc.branch, e.Log)
			}
			if tc.input.Err != "" && e.Attributes["why"] != "timeout" {
				t.Errorf("timeout branch did not run: %v", e.Attributes)
			}
		})
	}
}

func TestExecutionLambda(t *testing.T) {
	f := mustParse(t, doc("lambda",
		act("lambda", "InvokeLambdaFunction", obj{
			"LambdaFunctionARN": "arn:aws:lambda:us-east-1:111111111111:function:lookup", "InvocationTimeLimitSeconds": "20",
			"LambdaInvocationAttributes": obj{"phone": "$.CustomerEndpoint.Address", "fixed": "x"},
			"ResponseValidation":         obj{"ResponseType": "JSON"}}, "check", ErrNoMatchingError, "err"),
		withConditions(act("check", TypeCompare, obj{"ComparisonValue": "$.External.customer.tier"}, "", ErrNoMatchingCondition, "err"),
			cond("Equals", "gold", "gold")),
		act("gold", TypeUpdateContactAttributes, obj{"Attributes": obj{"tier": "$.External.customer.tier", "n": "$.External.list[1]"}}, "end"),
		act("err", TypeUpdateContactAttributes, obj{"Attributes": obj{"why": "error"}}, "end"),
		act("end", TypeEndFlowExecution, nil, ""),
	))
	start := func() (*Execution, Request) {
		return Start(f, StartInput{Contact: ContactData{ContactID: "c1", Channel: "VOICE", CustomerEndpoint: "+15550100"},
			QueueID: "q1", Env: &testEnv{queues: map[string]bool{"q1": false}}}, t0)
	}
	e, r := start()
	if r.Kind != ReqLambda || r.FunctionARN != "arn:aws:lambda:us-east-1:111111111111:function:lookup" || r.Timeout != MaxLambdaTimeout {
		t.Fatalf("lambda request %+v", r)
	}
	var ev struct {
		Name    string
		Details struct {
			ContactData struct {
				ContactId        string
				CustomerEndpoint struct{ Address string }
				Queue            struct{ Name string }
			}
			Parameters map[string]string
		}
	}
	if err := json.Unmarshal(r.Payload, &ev); err != nil {
		t.Fatal(err)
	}
	if ev.Name != "ContactFlowEvent" || ev.Details.ContactData.ContactId != "c1" || ev.Details.ContactData.CustomerEndpoint.Address != "+15550100" ||
		ev.Details.ContactData.Queue.Name != "Queue q1" || !reflect.DeepEqual(ev.Details.Parameters, map[string]string{"phone": "+15550100", "fixed": "x"}) {
		t.Errorf("event %s", r.Payload)
	}
	r = e.Resume(Response{Payload: []byte(`{"customer":{"tier":"gold"},"list":[1,2]}`)}, t0)
	if r.Outcome != OutcomeEnd || e.Attributes["tier"] != "gold" || e.Attributes["n"] != "2" {
		t.Fatalf("after JSON answer: %+v %v", r, e.Attributes)
	}

	// An error from the function, and an answer STRING_MAP refuses, take the error branch.
	for _, res := range []Response{{Err: ErrNoMatchingError}, {Payload: []byte(`[1]`)}} {
		e, _ = start()
		if r = e.Resume(res, t0); r.Outcome != OutcomeEnd || e.Attributes["why"] != "error" {
			t.Errorf("%+v: %+v %v", res, r, e.Attributes)
		}
	}
	if _, err := readLambdaAnswer([]byte(`{"a":{"b":1}}`), "STRING_MAP"); err == nil {
		t.Error("STRING_MAP accepted a nested answer")
	}
	if v, err := readLambdaAnswer([]byte(`{"a":"x","n":3}`), "STRING_MAP"); err != nil || v.(map[string]any)["n"] != "3" {
		t.Errorf("STRING_MAP: %v %v", v, err)
	}
}

func TestExecutionBranchingBlocks(t *testing.T) {
	f := mustParse(t, doc("loop",
		withConditions(act("loop", "Loop", obj{"LoopCount": "3"}, ""),
			cond("Equals", "ContinueLooping", "count"), cond("Equals", "DoneLooping", "hours")),
		act("count", TypeUpdateContactAttributes, obj{"Attributes": obj{"n": "x"}}, "loop"),
		withConditions(act("hours", "CheckHoursOfOperation", obj{"HoursOfOperationId": "$.Attributes.hours"}, "", ErrNoMatchingError, "closed"),
			cond("Equals", "True", "metric"), cond("Equals", "False", "closed")),
		withConditions(act("metric", "CheckMetricData", obj{"MetricType": "NumberOfAgentsAvailable"}, "", ErrNoMatchingCondition, "none"),
			cond("NumberGreaterThan", "0", "split")),
		withConditions(act("split", "DistributeByPercentage", nil, "", ErrNoMatchingCondition, "b"),
			cond("NumberLessThan", "51", "a")),
		act("a", TypeUpdateFlowAttributesForTest, obj{"FlowAttributes": obj{"side": obj{"Value": "a"}}}, "mod"),
		act("b", TypeUpdateFlowAttributesForTest, obj{"FlowAttributes": obj{"side": obj{"Value": "b"}}}, "mod"),
		act("mod", "InvokeFlowModule", obj{"FlowModuleId": "m1"}, "after"),
		act("after", TypeUpdateContactAttributes, obj{"Attributes": obj{"side": "$.FlowAttributes.side"}}, "tf"),
		act("tf", "TransferToFlow", obj{"ContactFlowId": "second"}, ""),
		act("closed", TypeUpdateContactAttributes, obj{"Attributes": obj{"why": "closed"}}, "end"),
		act("none", TypeUpdateContactAttributes, obj{"Attributes": obj{"why": "nobody"}}, "end"),
		act("end", TypeEndFlowExecution, nil, ""),
	))
	module := mustParse(t, doc("m", act("m", TypeUpdateContactAttributes, obj{"Attributes": obj{"module": "ran"}}, "ret"),
		act("ret", "EndFlowModuleExecution", nil, "")))
	second := mustParse(t, doc("s", act("s", TypeUpdateContactAttributes, obj{"Attributes": obj{"second": "$.Attributes.side"}}, "q"),
		act("q", TypeTransferContactToQueue, nil, "")))
	env := func(in bool, agents float64) *testEnv {
		return &testEnv{queues: map[string]bool{"q1": false}, flows: map[string]*Flow{"m1": module, "second": second},
			inHours: in, metrics: map[string]float64{"NumberOfAgentsAvailable": agents}}
	}
	run := func(id string, env *testEnv, attrs map[string]string) (*Execution, Request) {
		e, r := Start(f, StartInput{Contact: ContactData{ContactID: id, Channel: "CHAT"}, QueueID: "q1", Attributes: attrs, Env: env}, t0)
		if r.Kind != ReqDone {
			t.Fatalf("unexpected request %+v", r)
		}
		return e, r
	}
	e, r := run("c1", env(true, 2), nil)
	if r.Outcome != OutcomeEnqueue || r.QueueID != "q1" || e.Attributes["module"] != "ran" || e.Attributes["second"] != e.Attributes["side"] || len(e.FlowAttributes) != 0 {
		t.Errorf("open: %+v %v", r, e.Attributes)
	}
	if n := strings.Count(trace(e), "count"); n != 3 {
		t.Errorf("loop body ran %d times, want 3: %s", n, trace(e))
	}
	if e.Attributes["side"] != "a" && e.Attributes["side"] != "b" {
		t.Errorf("side %q", e.Attributes["side"])
	}
	if e.FlowID != "second" {
		t.Errorf("flow %q", e.FlowID)
	}
	// Both sides of the split are reachable, and a contact always takes the same one.
	sides := map[string]bool{}
	for _, id := range []string{"a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8"} {
		e1, _ := run(id, env(true, 2), nil)
		e2, _ := run(id, env(true, 2), nil)
		if e1.Attributes["side"] != e2.Attributes["side"] {
			t.Errorf("contact %s split differently", id)
		}
		sides[e1.Attributes["side"]] = true
	}
	if !sides["a"] || !sides["b"] {
		t.Errorf("split took only %v", sides)
	}
	if e, _ := run("c2", env(false, 2), nil); e.Attributes["why"] != "closed" {
		t.Errorf("closed hours: %v", e.Attributes)
	}
	if e, _ := run("c3", env(true, 2), map[string]string{"hours": "broken"}); e.Attributes["why"] != "closed" || e.Log[len(e.Log)-3].Error != ErrNoMatchingError {
		t.Errorf("hours error: %v", e.Attributes)
	}
	if e, _ := run("c4", env(true, 0), nil); e.Attributes["why"] != "nobody" {
		t.Errorf("no agents: %v", e.Attributes)
	}
}

// TypeUpdateFlowAttributesForTest names the block type as flows write it.
const TypeUpdateFlowAttributesForTest = "UpdateFlowAttributes"

func trace(e *Execution) string {
	var ids []string
	for _, l := range e.Log {
		ids = append(ids, l.Identifier)
	}
	return strings.Join(ids, " ")
}

func TestExecutionWaitOnVirtualClock(t *testing.T) {
	// Ten blocks with a 30-second wait: the caller's clock moves by the
	// wait, no real time passes.
	f := mustParse(t, doc("b1",
		act("b1", "MessageParticipant", obj{"Text": "one"}, "b2"),
		act("b2", TypeUpdateContactAttributes, obj{"Attributes": obj{"a": "1"}}, "b3"),
		withConditions(act("b3", "Wait", obj{"TimeLimitSeconds": "30"}, "", ErrNoMatchingError, "b10"),
			cond("Equals", "WaitCompleted", "b4"), cond("Equals", "CustomerReturned", "b10")),
		act("b4", "TagContact", obj{"Tags": obj{"team": "blue"}}, "b5"),
		act("b5", "UpdateContactData", obj{"Name": "$.Attributes.a"}, "b6"),
		act("b6", "MessageParticipant", obj{"Text": "two"}, "b7"),
		act("b7", "UpdateContactEventHooks", obj{"EventHooks": obj{"CustomerQueue": "arn:flow/queue"}}, "b8"),
		act("b8", "CreateTask", obj{"Name": "follow up", "ContactFlowId": "arn:flow/task"}, "b9"),
		act("b9", "UpdateContactRecordingBehavior", obj{"RecordingBehavior": obj{"RecordedParticipants": []any{"Agent"}}}, "b10"),
		act("b10", TypeDisconnectParticipant, nil, ""),
	))
	e, r := Start(f, StartInput{Contact: ContactData{ContactID: "c1", Channel: "CHAT"}, Env: &testEnv{}}, t0)
	seen, done, end := drive(t, e, r, ok)
	want := "Message:b1 Wait:b3 Effect:b4 Effect:b5 Message:b6 Effect:b7 Effect:b8 Effect:b9"
	if strings.Join(seen, " ") != want || done.Outcome != OutcomeDisconnect {
		t.Fatalf("requests %v, done %+v", seen, done)
	}
	if end.Sub(t0) != 30*time.Second || e.Log[len(e.Log)-1].Time != end {
		t.Errorf("virtual clock at %v, log %v", end.Sub(t0), e.Log[len(e.Log)-1].Time)
	}
	if e.Tags["team"] != "blue" || e.Name != "1" || len(e.Log) != 10 {
		t.Errorf("tags %v name %q log %d", e.Tags, e.Name, len(e.Log))
	}
	if p := e.Log[6].Parameters["EventHooks.CustomerQueue"]; p != "arn:flow/queue" {
		t.Errorf("resolved parameters %v", e.Log[6].Parameters)
	}
	// On voice the Wait block errors.
	e, r = Start(f, StartInput{Contact: ContactData{ContactID: "c1", Channel: "VOICE"}, Env: &testEnv{}}, t0)
	seen, _, _ = drive(t, e, r, ok)
	if strings.Join(seen, " ") != "Message:b1" {
		t.Errorf("voice: %v", seen)
	}
	// A customer who returns takes the CustomerReturned branch.
	e, r = Start(f, StartInput{Contact: ContactData{ContactID: "c1", Channel: "CHAT"}, Env: &testEnv{}}, t0)
	seen, _, _ = drive(t, e, r, func(r Request) Response {
		if r.Kind == ReqWait {
			return Response{Input: "CustomerReturned"}
		}
		return Response{}
	})
	if strings.Join(seen, " ") != "Message:b1 Wait:b3" {
		t.Errorf("returned: %v", seen)
	}
}

func TestExecutionLexAndUnavailable(t *testing.T) {
	f := mustParse(t, doc("bot",
		withConditions(act("bot", "ConnectParticipantWithLexBot", obj{"Text": "How can I help?",
			"LexV2Bot": obj{"AliasArn": "arn:aws:lex:us-east-1:111111111111:bot-alias/B1/A1"}, "LexSessionAttributes": obj{"who": "$.ContactId"}},
			"", ErrNoMatchingCondition, "other", ErrNoMatchingError, "other"),
			cond("Equals", "CheckBalance", "balance")),
		act("balance", TypeUpdateContactAttributes, obj{"Attributes": obj{"acct": "$.Lex.Slots.account", "s": "$.Lex.SessionAttributes.k"}}, "profile"),
		act("profile", "GetCustomerProfile", nil, "end", ErrNoMatchingError, "noprofile"),
		act("noprofile", TypeUpdateContactAttributes, obj{"Attributes": obj{"profile": "none"}}, "end"),
		act("other", TypeUpdateContactAttributes, obj{"Attributes": obj{"intent": "other"}}, "end"),
		act("end", TypeEndFlowExecution, nil, ""),
	))
	e, r := Start(f, StartInput{Contact: ContactData{ContactID: "c9", Channel: "CHAT"}, Env: &testEnv{}}, t0)
	if r.Kind != ReqLex || r.BotAliasARN == "" || r.Params["who"] != "c9" || r.Text != "How can I help?" {
		t.Fatalf("lex request %+v", r)
	}
	r = e.Resume(Response{Lex: &LexResult{IntentName: "CheckBalance", Slots: map[string]string{"account": "123"}, SessionAttributes: map[string]string{"k": "v"}}}, t0)
	if r.Kind != ReqDone || e.Attributes["acct"] != "123" || e.Attributes["s"] != "v" || e.Attributes["profile"] != "none" {
		t.Fatalf("%+v %v", r, e.Attributes)
	}
	e, _ = Start(f, StartInput{Contact: ContactData{ContactID: "c9", Channel: "CHAT"}, Env: &testEnv{}}, t0)
	e.Resume(Response{Lex: &LexResult{IntentName: "FallbackIntent"}}, t0)
	if e.Attributes["intent"] != "other" {
		t.Errorf("fallback intent: %v", e.Attributes)
	}
}

func TestExecutionCallbackAndTransfers(t *testing.T) {
	f := mustParse(t, doc("cb",
		act("cb", "CreateCallbackContact", obj{"InitialCallDelaySeconds": "5", "MaximumConnectionAttempts": "2", "RetryDelaySeconds": "60"}, "bye", ErrNoMatchingError, "err"),
		act("err", TypeUpdateContactAttributes, obj{"Attributes": obj{"why": "error"}}, "bye"),
		act("bye", TypeDisconnectParticipant, nil, ""),
	))
	e, r := Start(f, StartInput{Contact: ContactData{ContactID: "c1", Channel: "VOICE"}, QueueID: "q1", Env: &testEnv{queues: map[string]bool{"q1": false}}}, t0)
	if r.Kind != ReqEffect || r.Type != "CreateCallbackContact" || r.Params["QueueId"] != "q1" || r.Params["InitialCallDelaySeconds"] != "5" {
		t.Fatalf("callback request %+v", r)
	}
	if r = e.Resume(Response{Err: ErrNoMatchingError}, t0); r.Outcome != OutcomeDisconnect || e.Attributes["why"] != "error" {
		t.Errorf("%+v %v", r, e.Attributes)
	}
	// A queue flow's dequeue names the new queue.
	g := mustParse(t, doc("d", act("d", "DequeueContactAndTransferToQueue", obj{"QueueId": "q2"}, "")))
	_, r = Start(g, StartInput{Contact: ContactData{ContactID: "c1"}, QueueID: "q1", Env: &testEnv{queues: map[string]bool{"q1": false, "q2": false}}}, t0)
	if r.Outcome != OutcomeRequeue || r.QueueID != "q2" {
		t.Errorf("dequeue %+v", r)
	}
}

func TestExecutionStepLimit(t *testing.T) {
	f := mustParse(t, doc("a", act("a", TypeUpdateContactAttributes, obj{"Attributes": obj{"x": "1"}}, "b"),
		act("b", TypeUpdateContactAttributes, obj{"Attributes": obj{"x": "2"}}, "a")))
	_, r := Start(f, StartInput{Env: &testEnv{}}, t0)
	if r.Outcome != OutcomeError || !strings.Contains(r.Error, "without waiting") {
		t.Errorf("%+v", r)
	}
}

func TestInterpolateAndPaths(t *testing.T) {
	e := &Execution{Attributes: map[string]string{"first name": "Zoe", "n": "3"}, FlowAttributes: map[string]string{"f": "F"},
		External: map[string]any{"a": map[string]any{"b": "B"}}, StoredInput: "42", hasStored: true,
		Contact: ContactData{ContactID: "c", Channel: "VOICE", CustomerEndpoint: "+1"}}
	for in, want := range map[string]string{
		"Hi $.Attributes['first name'], you have $.Attributes.n.": "Hi Zoe, you have 3.",
		"$.External.a.b $.FlowAttributes.f $.StoredCustomerInput": "B F 42",
		"call $.CustomerEndpoint.Address from $.Channel":          "call +1 from VOICE",
		"missing: [$.Attributes.nope]":                            "missing: []",
	} {
		if got := e.Interpolate(in); got != want {
			t.Errorf("Interpolate(%q) = %q, want %q", in, got, want)
		}
	}
}
