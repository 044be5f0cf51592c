package flow

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// obj is a JSON object literal for building test flows.
type obj = map[string]any

// doc builds flow content starting at start.
func doc(start string, actions ...obj) string {
	list := make([]any, len(actions))
	for i, a := range actions {
		list[i] = a
	}
	b, err := json.Marshal(obj{"Version": Version, "StartAction": start, "Metadata": obj{"x": 1}, "Actions": list})
	if err != nil {
		panic(err)
	}
	return string(b)
}

// act builds an action; next is its NextAction, errs alternate ErrorType
// and NextAction.
func act(id, typ string, params obj, next string, errs ...string) obj {
	t := obj{}
	if next != "" {
		t["NextAction"] = next
	}
	var el []any
	for i := 0; i+1 < len(errs); i += 2 {
		el = append(el, obj{"ErrorType": errs[i], "NextAction": errs[i+1]})
	}
	if el != nil {
		t["Errors"] = el
	}
	if params == nil {
		params = obj{}
	}
	return obj{"Identifier": id, "Type": typ, "Parameters": params, "Transitions": t}
}

func cond(op, operand, next string) obj {
	return obj{"NextAction": next, "Condition": obj{"Operator": op, "Operands": []any{operand}}}
}

func withConditions(a obj, conds ...obj) obj {
	t := a["Transitions"].(obj)
	list := make([]any, len(conds))
	for i, c := range conds {
		list[i] = c
	}
	t["Conditions"] = list
	return a
}

func disconnect(id string) obj { return act(id, TypeDisconnectParticipant, nil, "") }

func mustParse(t *testing.T, content string) *Flow {
	t.Helper()
	f, err := Parse(content)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return f
}

func TestParseValid(t *testing.T) {
	tests := []struct {
		name    string
		content string
		actions int
	}{
		{"basic routing", doc("t", act("t", TypeTransferContactToQueue, nil, "d", ErrQueueAtCapacity, "d", ErrNoMatchingError, "d"), disconnect("d")), 2},
		{"skipped types are valid", doc("p", act("p", "MessageParticipant", obj{"Text": "hi"}, "l"), act("l", "InvokeLambdaFunction", obj{"LambdaFunctionARN": "arn:x"}, "e"), act("e", TypeEndFlowExecution, nil, "")), 3},
		{"empty NextAction is no transition", doc("h", withConditions(act("h", "CheckHoursOfOperation", nil, ""), cond("Equals", "True", "d"), cond("Equals", "False", "d")), disconnect("d")), 2},
		{"unicode identifier", doc("ステップ 1", act("ステップ 1", TypeEndFlowExecution, nil, "")), 1},
		{"transitions and parameters may be absent", `{"Version":"2019-10-30","StartAction":"a","Actions":[{"Identifier":"a","Type":"DisconnectParticipant"}]}`, 1},
		{"number operand", `{"Version":"2019-10-30","StartAction":"c","Actions":[{"Identifier":"c","Type":"Compare","Parameters":{"ComparisonValue":"$.Attributes.n"},"Transitions":{"Conditions":[{"NextAction":"c","Condition":{"Operator":"NumberLessThan","Operands":[5]}}]}}]}`, 1},
		{"routing behavior as strings", doc("r", act("r", TypeUpdateContactRoutingBehavior, obj{"QueuePriority": "1"}, "s"), act("s", TypeUpdateContactRoutingBehavior, obj{"QueueTimeAdjustmentSeconds": "-300"}, "")), 2},
		{"dynamic routing criteria", doc("c", act("c", TypeUpdateRoutingCriteria, obj{"RoutingCriteria": "$.Attributes.rc"}, "")), 1},
		{"range and match and not", doc("c", act("c", TypeUpdateRoutingCriteria, obj{"RoutingCriteria": obj{"Steps": []any{
			obj{"Expiry": obj{"DurationInSeconds": 30}, "Expression": obj{"OrExpression": []any{
				obj{"AttributeCondition": obj{"Name": "connect:Language", "Value": "connect:English", "Range": obj{"MinProficiencyLevel": 1, "MaxProficiencyLevel": 3}}},
				obj{"AttributeCondition": obj{"ComparisonOperator": "Match", "MatchCriteria": obj{"AgentsCriteria": obj{"AgentIds": []any{"u1"}}}}},
			}}},
			obj{"Expression": obj{"NotAttributeCondition": obj{"Name": "connect:Language", "Value": "connect:French", "ProficiencyLevel": "1", "ComparisonOperator": "NumberGreaterOrEqualTo"}}},
		}}}, "")), 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := mustParse(t, tc.content)
			if len(f.Actions) != tc.actions {
				t.Fatalf("%d actions, want %d", len(f.Actions), tc.actions)
			}
			if _, ok := f.Action(f.StartAction); !ok {
				t.Fatalf("StartAction %q not found", f.StartAction)
			}
		})
	}
}

func TestParseProblems(t *testing.T) {
	end := act("e", TypeEndFlowExecution, nil, "")
	crit := func(steps ...any) obj {
		return act("c", TypeUpdateRoutingCriteria, obj{"RoutingCriteria": obj{"Steps": steps}}, "e")
	}
	attr := func(name, value string, level any) obj {
		return obj{"AttributeCondition": obj{"Name": name, "Value": value, "ProficiencyLevel": level, "ComparisonOperator": "NumberGreaterOrEqualTo"}}
	}
	tests := []struct {
		name    string
		content string
		want    []string // substrings, one per expected problem, in order
	}{
		{"malformed JSON", `{"Version":`, []string{"not valid flow-language JSON"}},
		{"not an object", `[1,2]`, []string{"must be a JSON object"}},
		{"wrong field type", `{"Version":"2019-10-30","StartAction":"a","Actions":[{"Identifier":7}]}`, []string{"Actions.Identifier must not be a JSON number"}},
		{"empty", `{}`, []string{"Version is missing", "StartAction is missing"}},
		{"bad version", strings.Replace(doc("e", end), Version, "2020-01-01", 1), []string{`Version "2020-01-01" is not supported`}},
		{"unknown type", doc("x", act("x", "PlayJazz", nil, "")), []string{`unknown Type "PlayJazz"`}},
		{"missing type", doc("x", obj{"Identifier": "x"}), []string{`"x" has no Type`}},
		{"missing identifier", doc("e", obj{"Type": "EndFlowExecution"}, end), []string{"Action 1 has no Identifier"}},
		{"duplicate identifier", doc("e", end, act("e", TypeDisconnectParticipant, nil, "")), []string{`"e" is used by more than one action`}},
		{"start not found", doc("nope", end), []string{`StartAction "nope" names no action`}},
		{"dangling next", doc("a", act("a", "MessageParticipant", nil, "ghost")), []string{`NextAction names no action ("ghost")`}},
		{"dangling error", doc("t", act("t", TypeTransferContactToQueue, nil, "", ErrQueueAtCapacity, "ghost")), []string{"QueueAtCapacity error transition names no action"}},
		{"dangling condition", doc("c", withConditions(act("c", TypeCompare, obj{"ComparisonValue": "$.Channel"}, ""), cond("Equals", "CHAT", "ghost"))), []string{"condition 1 names no action"}},
		{"bad operator", doc("c", withConditions(act("c", TypeCompare, obj{"ComparisonValue": "$.Channel"}, ""), cond("Matches", "x", "c"))), []string{`unknown Operator "Matches"`}},
		{"identifier chars", doc("a:b", act("a:b", TypeEndFlowExecution, nil, "")), []string{"not allowed"}},
		{"identifier reserved", doc("toString", act("toString", TypeEndFlowExecution, nil, "")), []string{"reserved"}},
		{"identifier long", doc(strings.Repeat("x", 51), act(strings.Repeat("x", 51), TypeEndFlowExecution, nil, "")), []string{"longer than 50"}},
		{"queue and agent", doc("q", act("q", TypeUpdateContactTargetQueue, obj{"QueueId": "a", "AgentId": "b"}, "")), []string{"exactly one of QueueId and AgentId"}},
		{"no queue", doc("q", act("q", TypeUpdateContactTargetQueue, nil, "")), []string{"exactly one of QueueId and AgentId"}},
		{"priority and age", doc("r", act("r", TypeUpdateContactRoutingBehavior, obj{"QueuePriority": 1, "QueueTimeAdjustmentSeconds": 5}, "")), []string{"exactly one of QueuePriority"}},
		{"priority zero", doc("r", act("r", TypeUpdateContactRoutingBehavior, obj{"QueuePriority": 0}, "")), []string{"at least 1"}},
		{"priority dynamic", doc("r", act("r", TypeUpdateContactRoutingBehavior, obj{"QueuePriority": "$.Attributes.p"}, "")), []string{"static whole number"}},
		{"age overflow", doc("r", act("r", TypeUpdateContactRoutingBehavior, obj{"QueueTimeAdjustmentSeconds": 1 << 40}, "")), []string{"32-bit"}},
		{"attributes empty", doc("u", act("u", TypeUpdateContactAttributes, obj{"Attributes": obj{}}, "")), []string{"at least one attribute"}},
		{"attribute not string", doc("u", act("u", TypeUpdateContactAttributes, obj{"Attributes": obj{"n": 5}}, "")), []string{`attribute "n"`}},
		{"compare static", doc("c", act("c", TypeCompare, obj{"ComparisonValue": "VOICE"}, "")), []string{"ComparisonValue must be a JSONPath"}},
		{"criteria missing", doc("c", act("c", TypeUpdateRoutingCriteria, nil, "")), []string{"RoutingCriteria is required"}},
		{"criteria no steps", doc("c", crit(), end), []string{"at least one step"}},
		{"criteria no expression", doc("c", crit(obj{}), end), []string{"step 1 has no Expression"}},
		{"criteria empty expression", doc("c", crit(obj{"Expression": obj{}}), end), []string{"must have AttributeCondition"}},
		{"criteria level", doc("c", crit(obj{"Expression": attr("a", "b", 6)}), end), []string{"ProficiencyLevel must be one of"}},
		{"criteria fractional level", doc("c", crit(obj{"Expression": attr("a", "b", 2.5)}), end), []string{"ProficiencyLevel must be one of"}},
		{"criteria operator", doc("c", crit(obj{"Expression": obj{"AttributeCondition": obj{"Name": "a", "Value": "b", "ProficiencyLevel": 1, "ComparisonOperator": "Equals"}}}), end), []string{`ComparisonOperator "Equals" is not supported`}},
		{"criteria long name", doc("c", crit(obj{"Expression": attr(strings.Repeat("n", 65), "b", 1)}), end), []string{"Name must be 1 to 64"}},
		{"criteria range", doc("c", crit(obj{"Expression": obj{"AttributeCondition": obj{"Name": "a", "Value": "b", "Range": obj{"MinProficiencyLevel": 4, "MaxProficiencyLevel": 2}}}}), end), []string{"Range needs"}},
		{"criteria match", doc("c", crit(obj{"Expression": obj{"AttributeCondition": obj{"ComparisonOperator": "Match", "MatchCriteria": obj{"AgentsCriteria": obj{"AgentIds": []any{}}}}}}), end), []string{"at least one agent"}},
		{"criteria duplicate attribute", doc("c", crit(obj{"Expression": obj{"AndExpression": []any{attr("a", "b", 1), attr("a", "b", 5)}}}), end), []string{"names attribute a:b more than once"}},
		{"criteria expiry", doc("c", crit(obj{"Expiry": obj{"DurationInSeconds": "$.Attributes.t"}, "Expression": attr("a", "b", 1)}), end), []string{"Expiry.DurationInSeconds must be a static"}},
		{"criteria unknown member", doc("c", crit(obj{"Expression": obj{"XorExpression": []any{}}}), end), []string{"XorExpression is not an Expression member", "must have AttributeCondition"}},
		{"several problems", doc("s", act("a", "Nope", nil, "ghost"), act("a", TypeEndFlowExecution, nil, "")), []string{`"a" is used by more than one`, `unknown Type "Nope"`, `StartAction "s" names no action`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(tc.content)
			var fe *InvalidFlowError
			if !errors.As(err, &fe) {
				t.Fatalf("want *InvalidFlowError, got %v", err)
			}
			if len(fe.Problems) != len(tc.want) {
				t.Fatalf("problems = %q, want %d", fe.Problems, len(tc.want))
			}
			for i, w := range tc.want {
				if !strings.Contains(fe.Problems[i], w) {
					t.Errorf("problem %d = %q, want it to contain %q", i, fe.Problems[i], w)
				}
			}
			if Validate(tc.content) == nil {
				t.Fatal("Validate accepted what Parse rejected")
			}
		})
	}
}

func TestParseCapsProblems(t *testing.T) {
	var actions []obj
	for i := 0; i < 60; i++ {
		actions = append(actions, act(strings.Repeat("a", i+1), "Unknown", nil, ""))
	}
	_, err := Parse(doc("a", actions...))
	var fe *InvalidFlowError
	if !errors.As(err, &fe) || len(fe.Problems) != MaxProblems {
		t.Fatalf("want %d problems, got %v", MaxProblems, err)
	}
	if last := fe.Problems[MaxProblems-1]; !strings.Contains(last, "more problems") {
		t.Fatalf("last problem = %q", last)
	}
}

func TestParseTooManyActions(t *testing.T) {
	var actions []obj
	for i := 0; i <= MaxActions; i++ {
		actions = append(actions, act("a"+strings.Repeat("b", i%40)+string(rune('A'+i/40)), TypeEndFlowExecution, nil, ""))
	}
	_, err := Parse(doc(actions[0]["Identifier"].(string), actions...))
	if err == nil || !strings.Contains(err.Error(), "at most 250") {
		t.Fatalf("want too-many-actions problem, got %v", err)
	}
}

func TestKnownTypes(t *testing.T) {
	for _, typ := range []string{TypeUpdateContactTargetQueue, TypeUpdateRoutingCriteria, TypeUpdateContactRoutingBehavior,
		TypeUpdateContactAttributes, TypeCompare, TypeTransferContactToQueue, TypeDisconnectParticipant, TypeEndFlowExecution} {
		if !KnownType(typ) || !Interpreted(typ) {
			t.Errorf("%s should be known and interpreted", typ)
		}
	}
	for _, typ := range []string{"MessageParticipant", "InvokeLambdaFunction", "CheckHoursOfOperation", "Wait", "ShowView"} {
		if !KnownType(typ) || Interpreted(typ) {
			t.Errorf("%s should be known and skipped", typ)
		}
	}
	if KnownType("InvokeExternalResource") || KnownType("") {
		t.Error("unknown types reported known")
	}
}
