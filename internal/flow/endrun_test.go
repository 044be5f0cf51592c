package flow

import (
	"fmt"
	"reflect"
	"testing"
	"time"
)

// A flow that only ends (its first block is EndFlowExecution) logs and
// returns through EndsAtOnce and AppendEnded what an execution of it does;
// any other flow is not taken for one.
func TestEndsAtOnceAsAnExecution(t *testing.T) {
	t0 := time.Date(2024, 3, 4, 9, 0, 0, 0, time.UTC)
	ends := []string{
		doc("e", act("e", TypeEndFlowExecution, nil, "")),
		doc("e", act("e", TypeEndFlowExecution, obj{"Note": "static"}, "")),
	}
	for i, content := range ends {
		f := mustParse(t, content)
		for n := range 3 { // entries after an earlier flow's, and shared records
			var want, got Log
			for k := range n + 1 {
				now := t0.Add(time.Duration(k) * time.Second)
				e := New(f, StartInput{FlowID: "f1", Attributes: map[string]string{"a": "1"}, QueueID: "q1", Env: &testEnv{}})
				r := e.Resume(Response{}, now)
				want.Append(e.Log)
				e.Release()
				req, ok := f.EndsAtOnce("f1")
				if !ok || !reflect.DeepEqual(req, r) {
					t.Fatalf("flow %d: EndsAtOnce = %+v, %v; the execution ended with %+v", i, req, ok, r)
				}
				got.AppendEnded(f, "f1", now)
			}
			if w, g := want.AppendTo(nil), got.AppendTo(nil); fmt.Sprintf("%#v", g) != fmt.Sprintf("%#v", w) {
				t.Fatalf("flow %d: log\n%#v\nwant\n%#v", i, g, w)
			}
		}
	}
	others := []string{
		doc("e", act("e", TypeEndFlowExecution, obj{"Note": "$.Attributes.a"}, "")), // its log names the contact
		doc("m", act("m", TypeUpdateContactAttributes, obj{"Attributes": obj{"x": "1"}}, "e"), act("e", TypeEndFlowExecution, nil, "")),
		doc("d", act("d", TypeDisconnectParticipant, nil, "")),
		doc("", act("e", TypeEndFlowExecution, nil, "")),
	}
	for i, content := range others {
		f, err := Parse(content)
		if err != nil {
			continue // not a flow at all
		}
		if _, ok := f.EndsAtOnce("f1"); ok {
			t.Errorf("other flow %d taken for one that only ends", i)
		}
	}
	if _, ok := (*Flow)(nil).EndsAtOnce("f1"); ok {
		t.Error("no flow taken for one that only ends")
	}
}
