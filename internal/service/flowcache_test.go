package service

import (
	"fmt"
	"testing"

	"github.com/connect-local/connect-local/internal/flow"
)

// Parsed flows are cached by content: a flow whose content changes runs
// the new content at once, and the same content parses once.
func TestFlowCacheFollowsContent(t *testing.T) {
	s, sc, st, q2, basicQ, f := routerFlow(t)
	run := func() string {
		res, err := s.interpretFlow(sc, st, f.ID, flow.RunInput{}, nil)
		if err != nil {
			t.Fatal(err)
		}
		return res.QueueID
	}
	if got := run(); got != basicQ {
		t.Fatalf("first run went to %s", got)
	}
	first := st.parsedFlows.byContent[toQueue(basicQ)]
	run()
	if st.parsedFlows.byContent[toQueue(basicQ)] != first || first == nil {
		t.Error("the same content was parsed again")
	}
	if err := s.UpdateContactFlowContent(sc, st.ID, f.ID, toQueue(q2.ID)); err != nil {
		t.Fatal(err)
	}
	if got := run(); got != q2.ID {
		t.Errorf("after the update the flow went to %s, want %s", got, q2.ID)
	}
}

// toQueue is a flow that sets the queue and transfers to it.
func toQueue(id string) string {
	return fmt.Sprintf(`{"Version":"2019-10-30","StartAction":"q","Actions":[
		 {"Identifier":"q","Type":"UpdateContactTargetQueue","Parameters":{"QueueId":%q},"Transitions":{"NextAction":"t","Errors":[{"NextAction":"t","ErrorType":"NoMatchingError"}]}},
		 {"Identifier":"t","Type":"TransferContactToQueue","Parameters":{},"Transitions":{}}]}`, id)
}

// routerFlow is a flow test service with a second queue and a contact
// flow "router" that sends contacts to BasicQueue.
func routerFlow(t *testing.T) (*Service, Scope, *instanceState, *Queue, string, *ContactFlow) {
	t.Helper()
	s, sc, st := newFlowTestService(t)
	q2, err := s.CreateQueue(sc, st.ID, QueueInput{Name: "Second", HoursOfOperationID: anyHours(st)})
	if err != nil {
		t.Fatal(err)
	}
	basicQ := ""
	for id, q := range st.Queues {
		if q.Name == "BasicQueue" {
			basicQ = id
		}
	}
	f, err := s.CreateContactFlow(sc, st.ID, ContactFlowInput{Name: "router", Type: "CONTACT_FLOW", Content: toQueue(basicQ)})
	if err != nil {
		t.Fatal(err)
	}
	return s, sc, st, q2, basicQ, f
}

func anyHours(st *instanceState) string {
	for id := range st.Hours {
		return id
	}
	return ""
}

// A started flow is answered from the address cache while the
// configuration generation holds: the same ID string runs the new content
// at once after UpdateContactFlowContent, and a module of the same name is
// never answered from it.
func TestStartedFlowFollowsConfiguration(t *testing.T) {
	s, sc, st, q2, basicQ, f := routerFlow(t)
	id := f.ID
	queueOf := func() string {
		c, err := s.StartContact(sc, st.ID, StartContactInput{Channel: "TASK", InitiationMethod: "API", FlowID: id, Name: "a"})
		if err != nil {
			t.Fatal(err)
		}
		st.Mu.RLock()
		defer st.Mu.RUnlock()
		return st.Eng.Contact(c.ID).QueueID
	}
	for i := range 2 {
		if got := queueOf(); got != basicQ {
			t.Fatalf("run %d went to %s, want %s", i, got, basicQ)
		}
	}
	st.Mu.RLock()
	at := st.cfg.flowAt.At(id)
	hit := at.Is(id) && at.V.gen == st.ConfigGen && at.V.id == f.ID
	if hit {
		if _, _, err := st.flowEnv(s).Flow(id, true); err == nil {
			t.Error("a contact flow's ID answered as a module")
		}
	}
	st.Mu.RUnlock()
	if !hit {
		t.Fatal("the flow started twice is not in the cache")
	}
	if err := s.UpdateContactFlowContent(sc, st.ID, id, toQueue(q2.ID)); err != nil {
		t.Fatal(err)
	}
	if got := queueOf(); got != q2.ID {
		t.Errorf("after the update the flow went to %s, want %s", got, q2.ID)
	}
}
