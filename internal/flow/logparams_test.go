package flow

import (
	"reflect"
	"testing"
)

// A block whose parameters refer to nothing of the contact logs one map
// shared by every execution (kept as long as each contact); a block with a
// reference resolves it per execution.
func TestLogParamsSharedWhenStatic(t *testing.T) {
	f := mustParse(t, doc("s",
		act("s", TypeUpdateContactAttributes, obj{"Attributes": obj{"tier": "gold"}}, "d"),
		act("d", TypeUpdateContactAttributes, obj{"Attributes": obj{"copy": "$.Attributes.name"}}, "bye"),
		act("bye", TypeDisconnectParticipant, nil, ""),
	))
	run := func(name string) *Execution {
		e, r := Start(f, StartInput{Attributes: map[string]string{"name": name}, Env: &testEnv{}}, t0)
		if r.Outcome != OutcomeDisconnect || len(e.Log) != 3 {
			t.Fatalf("%+v %+v", r, e.Log)
		}
		return e
	}
	a, b := run("ann"), run("bob")
	if got := a.Log[0].Parameters["Attributes.tier"]; got != "gold" {
		t.Errorf("static parameter logged as %q", got)
	}
	if reflect.ValueOf(a.Log[0].Parameters).UnsafePointer() != reflect.ValueOf(b.Log[0].Parameters).UnsafePointer() {
		t.Error("the static block's log parameters are a copy per execution")
	}
	if a.Log[1].Parameters["Attributes.copy"] != "ann" || b.Log[1].Parameters["Attributes.copy"] != "bob" {
		t.Errorf("references resolved as %v and %v", a.Log[1].Parameters, b.Log[1].Parameters)
	}
}

// An effect block adds the working queue to its parameters: on a copy, so
// the block's shared map and the other executions' logs stay as written.
func TestEffectParamsAreOwnCopy(t *testing.T) {
	f := mustParse(t, doc("cb",
		act("cb", "CreateCallbackContact", obj{"InitialCallDelaySeconds": "5"}, "bye", ErrNoMatchingError, "bye"),
		act("bye", TypeDisconnectParticipant, nil, ""),
	))
	env := &testEnv{queues: map[string]bool{"q1": false, "q2": false}}
	e1, r1 := Start(f, StartInput{QueueID: "q1", Env: env}, t0)
	e2, r2 := Start(f, StartInput{QueueID: "q2", Env: env}, t0)
	if r1.Params["QueueId"] != "q1" || r2.Params["QueueId"] != "q2" {
		t.Fatalf("effect params %v and %v", r1.Params, r2.Params)
	}
	if e1.Log[0].Parameters["QueueId"] != "q1" || e2.Log[0].Parameters["QueueId"] != "q2" {
		t.Errorf("logged %v and %v", e1.Log[0].Parameters, e2.Log[0].Parameters)
	}
	if _, set := f.byID["cb"].logParams["QueueId"]; set {
		t.Errorf("the block's shared parameters changed: %v", f.byID["cb"].logParams)
	}
}

// A finished execution answers its end again, whole, from its compact form.
func TestDoneRequestKept(t *testing.T) {
	f := mustParse(t, doc("q", act("q", "TransferContactToQueue", nil, "")))
	e, r := Start(f, StartInput{QueueID: "q1", Env: &testEnv{queues: map[string]bool{"q1": false}}}, t0)
	if r.Kind != ReqDone || r.Outcome != OutcomeEnqueue || r.QueueID != "q1" {
		t.Fatalf("%+v", r)
	}
	if again := e.Resume(Response{}, t0); !reflect.DeepEqual(again, r) {
		t.Errorf("resumed: %+v, want %+v", again, r)
	}
	if d, done := e.Done(); !done || !reflect.DeepEqual(d, r) {
		t.Errorf("Done: %+v %v, want %+v", d, done, r)
	}
}
