package engine

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/connect-local/connect-local/internal/routing"
)

func (h *harness) available(agents ...string) {
	for _, a := range agents {
		h.e.SetStatus(a, "avail")
	}
	h.log()
}

// An offer rings for the ring timeout; missed, the contact goes back to
// its queue with its enqueue time and the agent is blocked until its
// status is set again, so the next agent gets it.
func TestOfferMissedGoesToTheNextAgent(t *testing.T) {
	h := newHarness(t)
	h.available("a1")
	c := h.start("to:q1")
	h.wantLog("INITIATED c1", "QUEUED c1", "OFFERED c1 a1")
	enq := h.contact(c).EnqueueTimestamp
	h.clk.Advance(DefaultRingTimeout - time.Second)
	if h.conn("a1", c) != ConnConnecting {
		t.Fatalf("a1's connection %q before the ring timeout", h.conn("a1", c))
	}
	h.e.SetStatus("a2", "avail")
	h.log()
	h.clk.Advance(time.Second)
	h.wantLog("MISSED c1 a1", "OFFERED c1 a2")
	if got := h.contact(c); got.Missed != 1 || got.OfferTo != "a2" || !got.EnqueueTimestamp.Equal(enq) {
		t.Fatalf("after the miss: missed %d, offered to %q, enqueued %v (want 1, a2, %v)", got.Missed, got.OfferTo, got.EnqueueTimestamp, enq)
	}
	if h.conn("a1", c) != ConnMissed {
		t.Fatalf("a1's connection %q, want MISSED", h.conn("a1", c))
	}
	// a1 is blocked: a new contact waits although a1 is ROUTABLE.
	c2 := h.start("to:q1")
	if h.contact(c2).OfferTo != "" {
		t.Fatalf("blocked agent was offered %s", c2)
	}
	h.available("a1") // setting a status clears the missed connection
	if h.contact(c2).OfferTo != "a1" {
		t.Fatalf("%s offered to %q after a1 was made available again", c2, h.contact(c2).OfferTo)
	}
}

// Accept, hold, resume, hang up (after-contact work), clear ACW: the
// connection's states, the contact's, and the hold time.
func TestAcceptHoldHangUpACW(t *testing.T) {
	h := newHarness(t)
	h.available("a1")
	c := h.start("to:q1")
	h.act("a1", c, ActAccept)
	if got := h.contact(c); got.State != StateConnected || got.AgentID != "a1" || h.conn("a1", c) != ConnConnected {
		t.Fatalf("after accept: %s by %q, connection %s", got.State, got.AgentID, h.conn("a1", c))
	}
	h.act("a1", c, ActHold)
	h.clk.Advance(7 * time.Second)
	h.act("a1", c, ActResume)
	h.act("a1", c, ActHangUp)
	if got := h.contact(c); got.State != StateACW || got.DisconnectReason != "AGENT_DISCONNECT" || got.HoldSecs != 7 || h.conn("a1", c) != ConnEnded {
		t.Fatalf("after hang-up: %s (%s), hold %ds, connection %s", got.State, got.DisconnectReason, got.HoldSecs, h.conn("a1", c))
	}
	// In ACW the agent's slot is taken.
	c2 := h.start("to:q1")
	if h.contact(c2).OfferTo != "" {
		t.Fatal("an agent in after-contact work was offered a contact")
	}
	h.act("a1", c, ActClearACW)
	if got := h.contact(c); got.State != StateCompleted || h.conn("a1", c) != "" {
		t.Fatalf("after clear-acw: %s, connection %q", got.State, h.conn("a1", c))
	}
	if h.contact(c2).OfferTo != "a1" {
		t.Fatal("the freed agent was not offered the waiting contact")
	}
	if err := h.e.AgentAction("a1", h.contact(c), ActHold); err == nil {
		t.Fatal("hold of a completed contact succeeded")
	}
}

// A rejected offer blocks the agent like a missed one; an ACW time limit
// ends after-contact work by itself; a status set while busy waits until
// the last contact completes.
func TestRejectACWLimitAndNextStatus(t *testing.T) {
	h := newHarness(t)
	h.cfg.agents["a1"].ACWLimit = 30 * time.Second
	h.available("a1")
	c := h.start("to:q1")
	h.act("a1", c, ActReject)
	if h.conn("a1", c) != ConnRejected || h.contact(c).OfferTo != "" {
		t.Fatalf("after reject: connection %s, offered to %q", h.conn("a1", c), h.contact(c).OfferTo)
	}
	h.available("a1")
	h.act("a1", c, ActAccept)
	h.e.SetStatus("a1", "break") // busy: waits as the next status
	if a := h.e.AgentState("a1"); a.StatusID != "avail" || a.NextStatusID != "break" {
		t.Fatalf("status %s next %s while busy", a.StatusID, a.NextStatusID)
	}
	if err := h.e.Disconnect(h.contact(c), "CUSTOMER_DISCONNECT"); err != nil {
		t.Fatal(err)
	}
	h.log()
	h.clk.Advance(30 * time.Second)
	h.wantLog("AGENT_STATUS  a1", "COMPLETED c1 a1")
	if a := h.e.AgentState("a1"); a.StatusID != "break" || a.NextStatusID != "" || h.contact(c).State != StateCompleted {
		t.Fatalf("after the ACW limit: status %s next %q, contact %s", a.StatusID, a.NextStatusID, h.contact(c).State)
	}
}

// Routing order: a higher queue priority (lower number) goes first, then
// the older contact; UpdateRoutingData re-sorts at once.
func TestPriorityAndRoutingAge(t *testing.T) {
	h := newHarness(t)
	first := h.start("to:q1")
	h.clk.Advance(time.Second)
	second := h.start("to:q1")
	h.clk.Advance(time.Second)
	third := h.start("to:q1")
	one := int64(1)
	h.e.UpdateRoutingData(h.contact(third), RoutingData{QueuePriority: &one})
	h.available("a1")
	if h.contact(third).OfferTo != "a1" {
		t.Fatalf("priority 1 contact not offered first (offers: %q %q %q)", h.contact(first).OfferTo, h.contact(second).OfferTo, h.contact(third).OfferTo)
	}
	h.available("a2")
	if h.contact(first).OfferTo != "a2" || h.contact(second).OfferTo != "" {
		t.Fatal("the oldest of equal priority was not next")
	}
}

// A queue delay keeps a profile's agents from a queue's contacts until the
// contact has waited that long (docs/routing.md#queue-delay-condition-6).
func TestQueueDelay(t *testing.T) {
	h := newHarness(t)
	h.config(func(c *fakeConfig) {
		c.profiles["p1"] = profile("p1", map[string]time.Duration{"q1": 30 * time.Second}, "q1")
	})
	h.available("a1")
	c := h.start("to:q1")
	h.clk.Advance(29 * time.Second)
	if h.contact(c).OfferTo != "" {
		t.Fatal("offered before the queue delay passed")
	}
	h.clk.Advance(time.Second)
	if h.contact(c).OfferTo != "a1" {
		t.Fatal("not offered when the queue delay passed")
	}
}

// A routing step that no agent meets expires after its duration; the
// next step (here: none, anyone) applies and the contact is offered.
func TestRoutingStepExpires(t *testing.T) {
	h := newHarness(t)
	h.available("a1")
	four, secs := 4.0, int64(20)
	step := RoutingStep{Expression: &routing.Expression{AttributeCondition: &routing.AttributeCondition{
		Name: "connect:Language", Value: "French", ProficiencyLevel: &four, ComparisonOperator: routing.OpGreaterOrEqual}}, DurationSeconds: &secs}
	c := h.start("to:q1", func(c *Contact) { c.Criteria = &RoutingCriteria{Steps: []RoutingStep{step}} })
	if got := h.contact(c); got.OfferTo != "" || got.Criteria.ActiveStep() != 0 {
		t.Fatalf("offered %q, active step %d: an agent without French was matched", got.OfferTo, got.Criteria.ActiveStep())
	}
	h.log()
	h.clk.Advance(20 * time.Second)
	h.wantLog("STEP_EXPIRED c1", "OFFERED c1 a1")
	if got := h.contact(c).Criteria.Steps[0].Status; got != StepExpired {
		t.Fatalf("step status %s, want EXPIRED", got)
	}
	// An agent with the proficiency matches at once.
	h.config(func(c *fakeConfig) {
		c.agents["a2"].Proficiencies = map[routing.Attr]float64{{Name: "connect:Language", Value: "French"}: 5}
	})
	c2 := h.start("to:q1", func(c *Contact) { c.Criteria = &RoutingCriteria{Steps: []RoutingStep{step}} })
	h.available("a2")
	if h.contact(c2).OfferTo != "a2" {
		t.Fatalf("the French speaker was not offered %s", c2)
	}
}

// A transfer ends the old segment (TRANSFERRED) and starts a new one in
// the target agent's queue, offered to that agent.
func TestTransferToAgentQueue(t *testing.T) {
	h := newHarness(t)
	h.available("a1", "a2")
	c := h.start("to:q1")
	h.act(h.contact(c).OfferTo, c, ActAccept)
	from := h.contact(c).AgentID
	to := "a2"
	if from == "a2" {
		to = "a1"
	}
	next := &Contact{ID: "t1", Channel: "VOICE", InitiationMethod: "TRANSFER", PreviousContactID: c, InitiationTimestamp: StampOf(h.clk.Now())}
	h.log()
	if err := h.e.Transfer(h.contact(c), next, to, true); err != nil {
		t.Fatal(err)
	}
	h.wantLog("DISCONNECTED c1 "+from, "TRANSFERRED c1", "INITIATED t1", "QUEUED t1", "OFFERED t1 "+to)
	if old := h.contact(c); old.State != StateACW || old.DisconnectReason != "TRANSFERRED" {
		t.Fatalf("old segment %s (%s)", old.State, old.DisconnectReason)
	}
	if n := h.contact("t1"); !n.AgentQueue || n.QueueID != to {
		t.Fatalf("new segment in queue %s (agent queue %v)", n.QueueID, n.AgentQueue)
	}
}

// A flow that ends the contact, and a queue at capacity, as the flow
// runner reports them.
func TestFlowEndAndQueueFull(t *testing.T) {
	h := newHarness(t)
	c := h.start("end")
	if got := h.contact(c); got.State != StateEnded || got.DisconnectReason != "CONTACT_FLOW_DISCONNECT" {
		t.Fatalf("%s (%s)", got.State, got.DisconnectReason)
	}
	one := int64(1)
	h.config(func(c *fakeConfig) { c.queues["q1"].MaxContacts = &one })
	if h.e.QueueFull("q1", false) {
		t.Fatal("empty queue full")
	}
	h.start("to:q1")
	if !h.e.QueueFull("q1", false) || h.e.QueueFull("q2", false) {
		t.Fatal("queue capacity not counted")
	}
}

// Restart: an engine rebuilt from the stored contacts and agent states
// re-arms the ringing offer for the time it has left, and the contacts
// waiting are routed again.
func TestRestoreAfterRestart(t *testing.T) {
	h := newHarness(t)
	h.available("a1")
	ringing := h.start("to:q1")
	waiting := h.start("to:q1")
	h.clk.Advance(5 * time.Second)
	if ch := h.e.TakeChanges(); !slices.Contains(ch.Contacts, h.contact(ringing)) || !slices.Contains(ch.Contacts, h.contact(waiting)) ||
		!slices.Contains(ch.Agents, h.e.AgentState("a1")) {
		t.Fatalf("changes %v do not name the contacts and the agent", ch)
	}
	// The stored state: copies, as a store would give them back.
	old := h.e
	old.Stop()
	h.e = h.newEngine()
	for _, c := range old.Contacts() {
		cp := *c
		h.e.Load(&cp)
	}
	for _, a := range old.AgentStates() {
		cp := *a
		cp.Connections = map[string]*Connection{}
		for k, cn := range a.Connections {
			x := *cn
			cp.Connections[k] = &x
		}
		h.e.LoadAgent(&cp)
	}
	h.e.Restore()
	if h.e.AgentContact("a1", ringing) != h.contact(ringing) || h.e.AgentContact("a1", waiting) != h.contact(waiting) {
		t.Fatal("AgentContact does not find the restored engine's contacts")
	}
	h.log()
	h.clk.Advance(DefaultRingTimeout - 5*time.Second - time.Second)
	if h.conn("a1", ringing) != ConnConnecting {
		t.Fatal("the restored offer stopped ringing early")
	}
	h.available("a2")
	if h.contact(waiting).OfferTo != "a2" {
		t.Fatal("the restored waiting contact was not routed")
	}
	h.clk.Advance(time.Second)
	h.wantLog("MISSED c1 a1")
	if h.e.QueuedCounts()["q1"] != 2 {
		t.Fatalf("restored queue counts %v", h.e.QueuedCounts())
	}
}

// The customer leaving: while the contact waits it is abandoned and leaves
// the queue's count; while it rings the agent's connection is missed too.
func TestCustomerAbandons(t *testing.T) {
	h := newHarness(t)
	ringing := h.start("to:q1")
	h.available("a1") // c1 rings for a1
	waiting := h.start("to:q1")
	if h.contact(ringing).OfferTo != "a1" || h.contact(waiting).OfferTo != "" {
		t.Fatal("setup: c1 should ring, c2 wait")
	}
	h.log()
	if err := h.e.Disconnect(h.contact(waiting), "CUSTOMER_DISCONNECT"); err != nil {
		t.Fatal(err)
	}
	if err := h.e.Disconnect(h.contact(ringing), "CUSTOMER_DISCONNECT"); err != nil {
		t.Fatal(err)
	}
	h.wantLog("ABANDONED c2", "DISCONNECTED c2", "MISSED c1 a1", "ABANDONED c1", "DISCONNECTED c1")
	if n := h.e.QueuedCounts()["q1"]; n != 0 || h.e.Waiting() {
		t.Fatalf("%d contacts counted in q1 after both left", n)
	}
	if err := h.e.Disconnect(h.contact(waiting), "API"); err == nil {
		t.Fatal("an ended contact was disconnected again")
	}
}

// A timer is named by its kind and contact, or by the caller's whole key:
// the names are apart, arming one again replaces it, and Stop ends all.
func TestTimersByKindAndKey(t *testing.T) {
	h := newHarness(t)
	var fired []string
	at := func(name string) func() {
		return func() { fired = append(fired, fmt.Sprintf("%s@%v", name, h.clk.Now().Sub(t0))) }
	}
	e := h.e
	e.After("c1", 10*time.Second, at("key c1"))
	e.AfterFor(TimerFlow, "c1", 20*time.Second, at("flow c1 (replaced)"))
	e.AfterFor(TimerFlow, "c1", 30*time.Second, at("flow c1"))
	e.AfterFor(TimerAgentFlow, "c1", 40*time.Second, at("agent flow c1"))
	e.AfterFor(TimerAgentFlow, "c2", 50*time.Second, at("agent flow c2 (cancelled)"))
	e.AfterFor(TimerFlow, "c2", 60*time.Second, at("flow c2"))
	e.CancelFor(TimerAgentFlow, "c2")
	e.Cancel("c2") // no such key: cancels nothing
	h.clk.Advance(time.Minute)
	want := []string{"key c1@10s", "flow c1@30s", "agent flow c1@40s", "flow c2@1m0s"}
	if fmt.Sprint(fired) != fmt.Sprint(want) {
		t.Fatalf("fired %v, want %v", fired, want)
	}
	fired = nil
	e.After("c1", time.Second, at("key c1"))
	e.AfterFor(TimerFlow, "c1", time.Second, at("flow c1"))
	e.Stop()
	h.clk.Advance(time.Minute)
	if len(fired) != 0 {
		t.Fatalf("fired %v after Stop", fired)
	}
}

// A change set names each changed contact and agent once, in the order
// first changed, and a change after TakeChanges starts the next set.
func TestChangesListEachOnce(t *testing.T) {
	h := newHarness(t)
	h.e.TakeChanges()
	h.available("a1")
	first := h.start("to:q1") // offered to a1: changed again by the offer
	second := h.start("to:q1")
	h.e.Touch(h.contact(first), false)
	ch := h.e.TakeChanges()
	if len(ch.Contacts) != 2 || ch.Contacts[0] != h.contact(first) || ch.Contacts[1] != h.contact(second) {
		t.Fatalf("contacts %v, want %s then %s once each", ch.Contacts, first, second)
	}
	if len(ch.Agents) != 1 || ch.Agents[0] != h.e.AgentState("a1") {
		t.Fatalf("agents %v, want a1 once", ch.Agents)
	}
	if ch := h.e.TakeChanges(); !ch.Empty() {
		t.Fatalf("nothing changed, yet %v", ch)
	}
	h.e.Touch(h.contact(second), false)
	h.e.Touch(h.contact(second), false)
	if ch := h.e.TakeChanges(); len(ch.Contacts) != 1 || ch.Contacts[0] != h.contact(second) || len(ch.Agents) != 0 {
		t.Fatalf("changes %v, want %s alone", ch, second)
	}
}
