package flow

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// queues is a test Lookup: known queue IDs mapped to "full".
func queues(known map[string]bool) func(QueueRef) QueueInfo {
	return func(q QueueRef) QueueInfo {
		id := q.ID
		if i := strings.LastIndexByte(id, '/'); i >= 0 {
			id = id[i+1:]
		}
		if q.Agent {
			id = "agent:" + id
		}
		full, ok := known[id]
		return QueueInfo{ID: strings.TrimPrefix(id, "agent:"), Exists: ok, AtCapacity: full}
	}
}

var testQueues = queues(map[string]bool{"q1": false, "q2": false, "full": true, "agent:u1": false})

func TestRun(t *testing.T) {
	transfer := func(id string) obj {
		return act(id, TypeTransferContactToQueue, nil, "", ErrQueueAtCapacity, "atcap", ErrNoMatchingError, "err")
	}
	tail := []obj{act("atcap", TypeUpdateContactAttributes, obj{"Attributes": obj{"why": "full"}}, "bye"),
		act("err", TypeUpdateContactAttributes, obj{"Attributes": obj{"why": "error"}}, "bye"), disconnect("bye")}
	with := func(actions ...obj) []obj { return append(actions, tail...) }
	target := func(id, queue, next string) obj {
		return act(id, TypeUpdateContactTargetQueue, obj{"QueueId": queue}, next, ErrNoMatchingError, "err")
	}
	cmp := func(path string, conds ...obj) obj {
		return withConditions(act("cmp", TypeCompare, obj{"ComparisonValue": path}, "", ErrNoMatchingCondition, "nomatch"), conds...)
	}
	nomatch := act("nomatch", TypeUpdateContactAttributes, obj{"Attributes": obj{"why": "nomatch"}}, "bye")
	level := func(f float64) *float64 { return &f }
	i64 := func(n int64) *int64 { return &n }

	tests := []struct {
		name    string
		actions []obj
		in      RunInput
		want    RunResult // Outcome, QueueID, AgentQueue, Attributes["why"], criteria, priority/age checked
		trace   string
		skipped int
	}{
		{name: "transfer to working queue", actions: with(transfer("t")), in: RunInput{QueueID: "q1"},
			want: RunResult{Outcome: OutcomeEnqueue, QueueID: "q1"}, trace: "t"},
		{name: "no working queue", actions: with(transfer("t")),
			want: RunResult{Outcome: OutcomeDisconnect, Attributes: map[string]string{"why": "error"}}, trace: "t err bye"},
		{name: "queue at capacity", actions: with(target("s", "full", "t"), transfer("t")), in: RunInput{QueueID: "q1"},
			want: RunResult{Outcome: OutcomeDisconnect, QueueID: "full", Attributes: map[string]string{"why": "full"}}, trace: "s t atcap bye"},
		{name: "at capacity falls back to NoMatchingError", actions: with(target("s", "full", "t"),
			act("t", TypeTransferContactToQueue, nil, "", ErrNoMatchingError, "err")),
			want: RunResult{Outcome: OutcomeDisconnect, QueueID: "full", Attributes: map[string]string{"why": "error"}}, trace: "s t err bye"},
		{name: "error without branch", actions: []obj{act("t", TypeTransferContactToQueue, nil, "")},
			want: RunResult{Outcome: OutcomeError}, trace: "t"},
		{name: "set queue by ARN", actions: with(target("s", "arn:aws:connect:us-east-1:111111111111:instance/i/queue/q2", "t"), transfer("t")),
			in: RunInput{QueueID: "q1"}, want: RunResult{Outcome: OutcomeEnqueue, QueueID: "q2"}, trace: "s t"},
		{name: "set queue from attribute", actions: with(target("s", "$.Attributes.dest", "t"), transfer("t")),
			in:   RunInput{Attributes: map[string]string{"dest": "q2"}},
			want: RunResult{Outcome: OutcomeEnqueue, QueueID: "q2", Attributes: map[string]string{"dest": "q2"}}, trace: "s t"},
		{name: "set queue to unknown", actions: with(target("s", "nope", "t"), transfer("t")), in: RunInput{QueueID: "q1"},
			want: RunResult{Outcome: OutcomeDisconnect, QueueID: "q1", Attributes: map[string]string{"why": "error"}}, trace: "s err bye"},
		{name: "set queue from missing attribute", actions: with(target("s", "$.Attributes.dest", "t"), transfer("t")),
			want: RunResult{Outcome: OutcomeDisconnect, Attributes: map[string]string{"why": "error"}}, trace: "s err bye"},
		{name: "agent queue", actions: with(act("s", TypeUpdateContactTargetQueue, obj{"AgentId": "u1"}, "t"), transfer("t")),
			want: RunResult{Outcome: OutcomeEnqueue, QueueID: "u1", AgentQueue: true}, trace: "s t"},
		{name: "routing criteria", actions: with(act("c", TypeUpdateRoutingCriteria, obj{"RoutingCriteria": obj{"Steps": []any{
			obj{"Expiry": obj{"DurationInSeconds": "30"}, "Expression": obj{"AttributeCondition": obj{"Name": "Tech", "Value": "AWS", "ProficiencyLevel": 4, "ComparisonOperator": "NumberGreaterOrEqualTo"}}},
			obj{"Expression": obj{"AttributeCondition": obj{"Name": "Tech", "Value": "AWS", "Range": obj{"MinProficiencyLevel": 1, "MaxProficiencyLevel": 3}}}},
		}}}, "t"), transfer("t")), in: RunInput{QueueID: "q1"},
			want: RunResult{Outcome: OutcomeEnqueue, QueueID: "q1", RoutingCriteria: []RoutingStep{
				{Expiry: &StepExpiry{30}, Expression: Expression{AttributeCondition: &AttributeCondition{Name: "Tech", Value: "AWS", ProficiencyLevel: level(4), ComparisonOperator: "NumberGreaterOrEqualTo"}}},
				{Expression: Expression{AttributeCondition: &AttributeCondition{Name: "Tech", Value: "AWS", Range: &ProficiencyRange{1, 3}}}},
			}}, trace: "c t"},
		{name: "dynamic routing criteria", actions: with(act("c", TypeUpdateRoutingCriteria, obj{"RoutingCriteria": "$.Attributes.rc"}, "t", ErrNoMatchingError, "err"), transfer("t")),
			in: RunInput{QueueID: "q1", Attributes: map[string]string{"rc": `{"Steps":[{"Expression":{"NotAttributeCondition":{"Name":"L","Value":"fr","ProficiencyLevel":1,"ComparisonOperator":"NumberGreaterOrEqualTo"}}}]}`}},
			want: RunResult{Outcome: OutcomeEnqueue, QueueID: "q1", RoutingCriteria: []RoutingStep{
				{Expression: Expression{NotAttributeCondition: &AttributeCondition{Name: "L", Value: "fr", ProficiencyLevel: level(1), ComparisonOperator: "NumberGreaterOrEqualTo"}}},
			}}, trace: "c t"},
		{name: "dynamic routing criteria invalid", actions: with(act("c", TypeUpdateRoutingCriteria, obj{"RoutingCriteria": "$.Attributes.rc"}, "t", ErrNoMatchingError, "err"), transfer("t")),
			in:   RunInput{QueueID: "q1", Attributes: map[string]string{"rc": `{"Steps":[]}`}},
			want: RunResult{Outcome: OutcomeDisconnect, QueueID: "q1", Attributes: map[string]string{"rc": `{"Steps":[]}`, "why": "error"}}, trace: "c err bye"},
		{name: "priority then age", actions: with(act("p", TypeUpdateContactRoutingBehavior, obj{"QueuePriority": 2}, "a"),
			act("a", TypeUpdateContactRoutingBehavior, obj{"QueueTimeAdjustmentSeconds": -60}, "t"), transfer("t")), in: RunInput{QueueID: "q1"},
			want: RunResult{Outcome: OutcomeEnqueue, QueueID: "q1", QueuePriority: i64(2), QueueTimeAdjustmentSeconds: i64(-60)}, trace: "p a t"},
		{name: "set attributes with references", actions: with(act("u", TypeUpdateContactAttributes, obj{"Attributes": obj{
			"copy": "$.Attributes.src", "quoted": "$.Attributes['my key']", "ch": "$.Channel", "lit": "Hi $.Attributes.src"}}, "t"), transfer("t")),
			in: RunInput{QueueID: "q1", Channel: "CHAT", Attributes: map[string]string{"src": "x", "my key": "y"}},
			want: RunResult{Outcome: OutcomeEnqueue, QueueID: "q1", Attributes: map[string]string{
				"src": "x", "my key": "y", "copy": "x", "quoted": "y", "ch": "CHAT", "lit": "Hi $.Attributes.src"}}, trace: "u t"},
		{name: "set attributes all or nothing", actions: with(act("u", TypeUpdateContactAttributes, obj{"Attributes": obj{"a": "1", "b": "$.Attributes.missing"}}, "t", ErrNoMatchingError, "err"), transfer("t")),
			want: RunResult{Outcome: OutcomeDisconnect, Attributes: map[string]string{"why": "error"}}, trace: "u err bye"},
		{name: "compare equals", actions: with(cmp("$.Attributes.tier", cond("Equals", "gold", "t"), cond("Equals", "silver", "bye")), nomatch, transfer("t")),
			in: RunInput{QueueID: "q1", Attributes: map[string]string{"tier": "gold"}}, want: RunResult{Outcome: OutcomeEnqueue, QueueID: "q1", Attributes: map[string]string{"tier": "gold"}}, trace: "cmp t"},
		{name: "compare first match wins", actions: with(cmp("$.Attributes.n", cond("NumberGreaterThan", "10", "bye"), cond("NumberGreaterThan", "1", "t")), nomatch, transfer("t")),
			in: RunInput{QueueID: "q1", Attributes: map[string]string{"n": "5"}}, want: RunResult{Outcome: OutcomeEnqueue, QueueID: "q1", Attributes: map[string]string{"n": "5"}}, trace: "cmp t"},
		{name: "compare no match", actions: with(cmp("$.Attributes.tier", cond("Equals", "gold", "t")), nomatch, transfer("t")),
			in: RunInput{Attributes: map[string]string{"tier": "tin"}}, want: RunResult{Outcome: OutcomeDisconnect, Attributes: map[string]string{"tier": "tin", "why": "nomatch"}}, trace: "cmp nomatch bye"},
		{name: "compare missing attribute", actions: with(cmp("$.Attributes.tier", cond("Equals", "", "t")), nomatch, transfer("t")),
			want: RunResult{Outcome: OutcomeDisconnect, Attributes: map[string]string{"why": "nomatch"}}, trace: "cmp nomatch bye"},
		{name: "compare unsupported path", actions: with(cmp("$.External.x", cond("Equals", "", "t")), nomatch, transfer("t")),
			want: RunResult{Outcome: OutcomeDisconnect, Attributes: map[string]string{"why": "nomatch"}}, trace: "cmp nomatch bye"},
		{name: "compare no match falls to NextAction", actions: with(withConditions(act("cmp", TypeCompare, obj{"ComparisonValue": "$.Channel"}, "t"), cond("Equals", "VOICE", "bye")), transfer("t")),
			in: RunInput{Channel: "CHAT", QueueID: "q1"}, want: RunResult{Outcome: OutcomeEnqueue, QueueID: "q1"}, trace: "cmp t"},
		{name: "compare no branch", actions: []obj{withConditions(act("cmp", TypeCompare, obj{"ComparisonValue": "$.Channel"}, ""), cond("Equals", "VOICE", "cmp"))},
			in: RunInput{Channel: "CHAT"}, want: RunResult{Outcome: OutcomeError}, trace: "cmp"},
		{name: "skipped actions", actions: with(act("m", "MessageParticipant", obj{"Text": "hello"}, "h"),
			withConditions(act("h", "CheckHoursOfOperation", nil, ""), cond("Equals", "True", "t"), cond("Equals", "False", "bye")), transfer("t")),
			in: RunInput{QueueID: "q1"}, want: RunResult{Outcome: OutcomeEnqueue, QueueID: "q1"}, trace: "m h t", skipped: 2},
		{name: "skipped action without branch ends", actions: []obj{act("m", "MessageParticipant", nil, "")},
			want: RunResult{Outcome: OutcomeEnd}, trace: "m", skipped: 1},
		{name: "end flow", actions: []obj{act("e", TypeEndFlowExecution, nil, "")}, want: RunResult{Outcome: OutcomeEnd}, trace: "e"},
		{name: "success without next ends", actions: []obj{act("p", TypeUpdateContactRoutingBehavior, obj{"QueuePriority": 1}, "")},
			want: RunResult{Outcome: OutcomeEnd, QueuePriority: i64(1)}, trace: "p"},
		{name: "loop guard", actions: []obj{act("a", "Wait", nil, "b"), act("b", "Wait", nil, "a")}, in: RunInput{MaxSteps: 5},
			want: RunResult{Outcome: OutcomeError}, trace: "a b a b a", skipped: 5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := mustParse(t, doc(tc.actions[0]["Identifier"].(string), tc.actions...))
			in := tc.in
			in.Lookup = testQueues
			got := Run(f, in)
			if got.Outcome != tc.want.Outcome || got.QueueID != tc.want.QueueID || got.AgentQueue != tc.want.AgentQueue {
				t.Fatalf("outcome %s queue %q agent %v (error %q), want %s %q %v", got.Outcome, got.QueueID, got.AgentQueue, got.Error, tc.want.Outcome, tc.want.QueueID, tc.want.AgentQueue)
			}
			if (got.Outcome == OutcomeError) != (got.Error != "") {
				t.Fatalf("Error %q with outcome %s", got.Error, got.Outcome)
			}
			wantAttrs := tc.want.Attributes
			if wantAttrs == nil {
				wantAttrs = tc.in.Attributes
			}
			if wantAttrs == nil {
				wantAttrs = map[string]string{}
			}
			if !reflect.DeepEqual(got.Attributes, wantAttrs) {
				t.Errorf("Attributes = %v, want %v", got.Attributes, wantAttrs)
			}
			if !reflect.DeepEqual(got.RoutingCriteria, tc.want.RoutingCriteria) {
				g, _ := json.Marshal(got.RoutingCriteria)
				w, _ := json.Marshal(tc.want.RoutingCriteria)
				t.Errorf("RoutingCriteria = %s, want %s", g, w)
			}
			if !reflect.DeepEqual(got.QueuePriority, tc.want.QueuePriority) || !reflect.DeepEqual(got.QueueTimeAdjustmentSeconds, tc.want.QueueTimeAdjustmentSeconds) {
				t.Errorf("priority %v age %v", got.QueuePriority, got.QueueTimeAdjustmentSeconds)
			}
			if tr := strings.Join(got.Trace, " "); tr != tc.trace {
				t.Errorf("Trace = %q, want %q", tr, tc.trace)
			}
			if len(got.Skipped) != tc.skipped {
				t.Errorf("Skipped = %v, want %d", got.Skipped, tc.skipped)
			}
		})
	}
}

func TestRunDoesNotChangeInput(t *testing.T) {
	f := mustParse(t, doc("u", act("u", TypeUpdateContactAttributes, obj{"Attributes": obj{"a": "new"}}, "")))
	in := map[string]string{"a": "old"}
	got := Run(f, RunInput{Attributes: in})
	if in["a"] != "old" || got.Attributes["a"] != "new" {
		t.Fatalf("input %v, result %v", in, got.Attributes)
	}
}

func TestRunWithoutLookup(t *testing.T) {
	f := mustParse(t, doc("s", act("s", TypeUpdateContactTargetQueue, obj{"QueueId": "arn:aws:connect:r:a:instance/i/queue/qq"}, "t"),
		act("t", TypeTransferContactToQueue, nil, "")))
	got := Run(f, RunInput{})
	if got.Outcome != OutcomeEnqueue || got.QueueID != "qq" {
		t.Fatalf("got %+v", got)
	}
	if r := Run(nil, RunInput{}); r.Outcome != OutcomeError {
		t.Fatalf("Run(nil) = %+v", r)
	}
}

func TestConditionOperators(t *testing.T) {
	tests := []struct {
		op, operand, value string
		want               bool
	}{
		{"Equals", "abc", "abc", true},
		{"Equals", "abc", "ABC", false},
		{"TextStartsWith", "ab", "abc", true},
		{"TextStartsWith", "bc", "abc", false},
		{"TextEndsWith", "bc", "abc", true},
		{"TextContains", "b", "abc", true},
		{"TextContains", "x", "abc", false},
		{"NumberGreaterThan", "5", "6", true},
		{"NumberGreaterThan", "5", "5", false},
		{"NumberGreaterOrEqualTo", "5", "5.0", true},
		{"NumberLessThan", "5", "4.5", true},
		{"NumberLessThan", "5", "5", false},
		{"NumberLessOrEqualTo", "5", "5", true},
		{"NumberLessOrEqualTo", "5", "x", false},
		{"NumberGreaterThan", "x", "5", false},
	}
	for _, tc := range tests {
		c := Condition{Operator: tc.op, Operands: []string{tc.operand}}
		if got := c.holds(tc.value); got != tc.want {
			t.Errorf("%s %q on %q = %v, want %v", tc.op, tc.operand, tc.value, got, tc.want)
		}
	}
}
