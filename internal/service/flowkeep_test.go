package service

import (
	"testing"
)

// Once a contact's flow is over, the service keeps only its compact log,
// what it said and its hooks (the execution goes back for reuse); the flow
// log reads the same, and customer input is refused as before. A flow that
// still runs (the customer queue flow) is kept whole, its log going on
// from the contact flow's.
func TestFinishedFlowKeepsOnlyItsLog(t *testing.T) {
	s, st := newTestService(t, nil)
	content := `{"Version":"2019-10-30","StartAction":"hi","Actions":[
		{"Identifier":"hi","Type":"MessageParticipant","Parameters":{"Text":"Hello"},"Transitions":{"NextAction":"bye"}},
		{"Identifier":"bye","Type":"DisconnectParticipant","Parameters":{},"Transitions":{}}]}`
	bye, err := s.CreateContactFlow(testScope, st.ID, ContactFlowInput{Name: "bye", Type: "CONTACT_FLOW", Content: content})
	if err != nil {
		t.Fatal(err)
	}
	sample := flowNamed(st, "Sample inbound flow (first contact experience)")
	ended, err := s.StartContact(testScope, st.ID, StartContactInput{Channel: "CHAT", InitiationMethod: "API", FlowID: bye.ID, Name: "ended"})
	if err != nil {
		t.Fatal(err)
	}
	queued, err := s.StartContact(testScope, st.ID, StartContactInput{Channel: "CHAT", InitiationMethod: "API", FlowID: sample.ID, Name: "queued"})
	if err != nil {
		t.Fatal(err)
	}

	st.Mu.RLock()
	done, waits := st.flowsOf(st.Eng.Contact(ended.ID)).cust, st.flowsOf(st.Eng.Contact(queued.ID)).cust
	var doneRun, waitsRun bool
	if done != nil && waits != nil {
		doneRun, waitsRun = done.run.exec != nil, waits.run.exec != nil
	}
	st.Mu.RUnlock()
	if done == nil || doneRun || done.log.Len() != 2 {
		t.Fatalf("the ended flow's record: %+v", done)
	}
	if waits == nil || !waitsRun || waits.role != roleQueue || waits.log.Len() != 3 {
		t.Fatalf("the queue flow's record: %+v", waits)
	}

	l, err := s.ContactFlowLog(testScope, st.ID, ended.ID)
	if err != nil || len(l.Entries) != 2 || l.Waiting != "" || len(l.Said) != 1 || l.Said[0].Text != "Hello" {
		t.Fatalf("ended flow log: %+v, %v", l, err)
	}
	if e := l.Entries[0]; e.FlowID != bye.ID || e.Identifier != "hi" || e.Type != "MessageParticipant" || e.Parameters["Text"] != "Hello" || e.Branch != "Success" || e.Time.IsZero() {
		t.Errorf("first entry %+v", e)
	}
	if e := l.Entries[1]; e.Identifier != "bye" || e.Result != "DISCONNECT" {
		t.Errorf("last entry %+v", e)
	}
	if err := s.CustomerInput(testScope, st.ID, ended.ID, "1", ""); KindOf(err) != KindInvalidRequest {
		t.Errorf("input to an ended flow: %v", err)
	}

	l, err = s.ContactFlowLog(testScope, st.ID, queued.ID)
	var ids []string
	for _, e := range l.Entries {
		ids = append(ids, e.Identifier)
	}
	if err != nil || len(ids) != 4 || ids[0] != "greet" || ids[2] != "transfer" || ids[3] != "loop" || l.Waiting != "MessageLoop" || l.Entries[2].Result != "ENQUEUE" {
		t.Fatalf("queued flow log: %v %+v, %v", ids, l, err)
	}
}
