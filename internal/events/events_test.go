package events

import (
	"encoding/json"
	"testing"
	"time"
)

func decode(t *testing.T, b json.RawMessage, err error) map[string]any {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestCTR(t *testing.T) {
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 600e6, time.UTC)
	c := &Contact{AccountID: "123456789012", InstanceARN: "arn:i", ID: "c1", Channel: "VOICE", InitiationMethod: "INBOUND",
		CustomerEndpoint: "+15550100", Queue: &Ref{ARN: "arn:q", Name: "Support"}, QueueType: "STANDARD", Priority: 3,
		Agent:    &Agent{ARN: "arn:u", Username: "jane", RoutingProfile: Ref{ARN: "arn:rp", Name: "Tier1"}, Hierarchy: []Ref{{ARN: "arn:g1", Name: "EMEA"}}},
		HoldSecs: 10, Holds: 1, Initiation: t0, Enqueue: t0.Add(time.Second), ConnectedToAgent: t0.Add(31 * time.Second),
		Disconnect: t0.Add(91 * time.Second), ACWStart: t0.Add(91 * time.Second), ACWEnd: t0.Add(101 * time.Second)}
	b, err := CTR(c)
	m := decode(t, b, err)
	q := m["Queue"].(map[string]any)
	a := m["Agent"].(map[string]any)
	for _, tc := range []struct {
		got, want any
		what      string
	}{
		{m["InitiationTimestamp"], "2026-01-02T03:04:05Z", "InitiationTimestamp in whole seconds"},
		{m["NextContactId"], nil, "NextContactId null when not transferred"},
		{m["CustomerEndpoint"].(map[string]any)["Type"], "TELEPHONE_NUMBER", "endpoint type"},
		{q["Duration"], 30.0, "queue duration: enqueue to connected"},
		{q["DequeueTimestamp"], "2026-01-02T03:04:36Z", "dequeued when connected"},
		{a["AgentInteractionDuration"], 50.0, "interaction: connected to disconnected less hold"},
		{a["AfterContactWorkDuration"], 10.0, "ACW duration"},
		{a["LongestHoldDuration"], 10.0, "longest of one hold"},
		{a["HierarchyGroups"].(map[string]any)["Level1"].(map[string]any)["GroupName"], "EMEA", "hierarchy level 1"},
		{m["QueueInfo"].(map[string]any)["QueuePriority"], 3.0, "priority"},
		{m["Recording"], nil, "no recording"},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.what, tc.got, tc.want)
		}
	}
	c.Agent, c.Queue = nil, nil
	b, err = CTR(c)
	m = decode(t, b, err)
	if m["Agent"] != nil || m["Queue"] != nil {
		t.Errorf("a contact that reached no queue and no agent: Agent %v, Queue %v", m["Agent"], m["Queue"])
	}
}

func TestAgentEventAndContactEvent(t *testing.T) {
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 600e6, time.UTC)
	snap := &AgentSnapshot{Status: Status{ARN: "arn:s", Name: "Available", Type: "ROUTABLE", Start: t0},
		Concurrency: []Slots{{Channel: "VOICE", Maximum: 1, Available: 0}},
		Contacts:    []AgentContact{{ContactID: "c1", Channel: "VOICE", State: "CONNECTED", StateStart: t0}}}
	b, err := (&AgentEvent{AgentARN: "arn:u", Type: Login, Time: t0, Current: snap}).JSON()
	m := decode(t, b, err)
	cur := m["CurrentAgentSnapshot"].(map[string]any)
	if m["PreviousAgentSnapshot"] != nil || m["EventTimestamp"] != "2026-01-02T03:04:05.600Z" ||
		cur["AgentStatus"].(map[string]any)["Name"] != "Available" ||
		cur["Contacts"].([]any)[0].(map[string]any)["State"] != "CONNECTED" {
		t.Errorf("agent event %v", m)
	}
	if (&AgentSnapshot{Status: Status{Type: "OFFLINE"}}).LoggedIn() || (*AgentSnapshot)(nil).LoggedIn() || !snap.LoggedIn() {
		t.Error("LoggedIn: offline and unknown agents are logged out")
	}
	b, err = ContactEvent("QUEUED", t0, &Contact{ID: "c1", Channel: "CHAT", Queue: &Ref{ARN: "arn:q"}, QueueType: "STANDARD", Enqueue: t0})
	d := decode(t, b, err)
	if d["eventType"] != "QUEUED" || d["queueInfo"].(map[string]any)["queueArn"] != "arn:q" || d["agentInfo"] != nil {
		t.Errorf("contact event %v", d)
	}
}
