package service

import (
	"errors"
	"testing"

	"github.com/connect-local/connect-local/internal/flow"
)

// newFlowTestService is newTestService with the scope, for the flow tests.
func newFlowTestService(t *testing.T) (*Service, Scope, *instanceState) {
	s, st := newTestService(t, nil)
	return s, testScope, st
}

func flowNamed(st *instanceState, name string) *ContactFlow {
	for _, f := range st.Flows {
		if f.Name == name {
			return f
		}
	}
	return nil
}

func TestDefaultFlowsAreValid(t *testing.T) {
	_, _, st := newFlowTestService(t)
	if len(st.Flows) != len(DefaultFlows) {
		t.Fatalf("%d flows, want %d", len(st.Flows), len(DefaultFlows))
	}
	for _, f := range st.Flows {
		if err := flow.Validate(f.Content); err != nil {
			t.Errorf("default flow %s: %v", f.Name, err)
		}
		if !f.Default || f.Status != FlowPublished || f.State != FlowActive {
			t.Errorf("default flow %s: %+v", f.Name, f)
		}
	}
}

func TestRunContactFlow(t *testing.T) {
	s, sc, st := newFlowTestService(t)
	basic := flowNamed(st, "Basic routing flow")
	var basicQueue string
	for _, q := range st.Queues {
		basicQueue = q.ID
	}

	// The basic routing flow enqueues into BasicQueue when nothing set a queue.
	res, err := s.interpretFlow(sc, st, basic.ARN, flow.RunInput{Channel: "CHAT"}, nil)
	if err != nil || res.Outcome != flow.OutcomeEnqueue || res.QueueID != basicQueue {
		t.Fatalf("basic routing: %+v, %v", res, err)
	}
	// At capacity it disconnects.
	res, _ = s.interpretFlow(sc, st, basic.ID, flow.RunInput{}, func(string, bool) bool { return true })
	if res.Outcome != flow.OutcomeDisconnect {
		t.Fatalf("at capacity: %+v", res)
	}

	// A flow naming a queue by ARN, an unknown queue, and a user's agent queue.
	u := &User{ID: "u1", Username: "agent1"}
	st.Users[u.ID] = u
	for _, tc := range []struct {
		params  string
		outcome flow.Outcome
		queue   string
		agent   bool
	}{
		{`{"QueueId":"` + st.Queues[basicQueue].ARN + `"}`, flow.OutcomeEnqueue, basicQueue, false},
		{`{"QueueId":"nope"}`, flow.OutcomeDisconnect, basicQueue, false},
		{`{"AgentId":"` + sc.ARN("instance/"+st.ID+"/agent/u1") + `"}`, flow.OutcomeEnqueue, "u1", true},
		{`{"AgentId":"u2"}`, flow.OutcomeDisconnect, basicQueue, false},
	} {
		content := `{"Version":"2019-10-30","StartAction":"s","Actions":[
			{"Identifier":"s","Type":"UpdateContactTargetQueue","Parameters":` + tc.params + `,"Transitions":{"NextAction":"t","Errors":[{"ErrorType":"NoMatchingError","NextAction":"d"}]}},
			{"Identifier":"t","Type":"TransferContactToQueue","Transitions":{"Errors":[{"ErrorType":"NoMatchingError","NextAction":"d"}]}},
			{"Identifier":"d","Type":"DisconnectParticipant"}]}`
		f, err := s.CreateContactFlow(sc, st.ID, ContactFlowInput{Name: "f" + tc.params, Type: "CONTACT_FLOW", Content: content})
		if err != nil {
			t.Fatal(err)
		}
		res, err := s.interpretFlow(sc, st, f.ID, flow.RunInput{}, nil)
		if err != nil || res.Outcome != tc.outcome || res.QueueID != tc.queue || res.AgentQueue != tc.agent {
			t.Errorf("%s: %+v, %v", tc.params, res, err)
		}
	}

	// SAVED flows do not run; unknown flows are not found.
	saved, err := s.CreateContactFlow(sc, st.ID, ContactFlowInput{Name: "draft", Type: "CONTACT_FLOW", Content: "not json", Status: FlowSaved})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.interpretFlow(sc, st, saved.ID, flow.RunInput{}, nil); KindOf(err) != KindInvalidRequest {
		t.Fatalf("saved flow: %v", err)
	}
	if _, err := s.interpretFlow(sc, st, "missing", flow.RunInput{}, nil); KindOf(err) != KindNotFound {
		t.Fatalf("missing flow: %v", err)
	}
}

func TestFlowContentValidation(t *testing.T) {
	s, sc, st := newFlowTestService(t)
	_, err := s.CreateContactFlow(sc, st.ID, ContactFlowInput{Name: "bad", Type: "CONTACT_FLOW", Content: `{"Version":"2019-10-30"}`})
	var se *Error
	if KindOf(err) != KindInvalidContactFlow || !errors.As(err, &se) || len(se.Problems) == 0 {
		t.Fatalf("want invalid flow with problems, got %v", err)
	}
	// A SAVED flow keeps invalid content; updating it stays unchecked.
	f, err := s.CreateContactFlow(sc, st.ID, ContactFlowInput{Name: "draft", Type: "CONTACT_FLOW", Content: "{", Status: FlowSaved})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.UpdateContactFlowContent(sc, st.ID, f.ID, "{{"); err != nil {
		t.Fatal(err)
	}
	// A published flow's content is checked on update.
	basic := flowNamed(st, "Basic routing flow")
	if err := s.UpdateContactFlowContent(sc, st.ID, basic.ID, "{{"); KindOf(err) != KindInvalidContactFlow {
		t.Fatalf("update published: %v", err)
	}
}
