package routing

import (
	"testing"
	"time"
)

var t0 = time.Date(2023, 12, 21, 9, 0, 0, 0, time.UTC)

func lvl(f float64) *float64 { return &f }

// fixture builds snapshots in few lines.
type fixture struct {
	s *Snapshot
}

func newFixture(now time.Time) *fixture {
	return &fixture{s: &Snapshot{Now: now, Profiles: map[string]*Profile{}, Queues: map[string]*Queue{}, AgentQueues: map[string]*Queue{}}}
}

// profile adds a profile: conc is channel→concurrency; any lists channels
// with ROUTE_ANY_CHANNEL; cfgs are (queue, channel, priority, delay seconds).
func (f *fixture) profile(id string, conc map[string]int, any []string, cfgs ...struct {
	q, ch     string
	prio, del int64
}) {
	p := &Profile{ID: id, Concurrency: conc, AnyChannel: map[string]bool{}}
	for _, c := range any {
		p.AnyChannel[c] = true
	}
	var qc []QueueConfig
	for _, c := range cfgs {
		qc = append(qc, QueueConfig{QueueID: c.q, Channel: c.ch, Delay: time.Duration(c.del) * time.Second})
	}
	p.Tiers = BuildTiers(qc, func(i int) int64 { return cfgs[i].prio })
	f.s.Profiles[id] = p
}

func cfg(q, ch string, prio, del int64) struct {
	q, ch     string
	prio, del int64
} {
	return struct {
		q, ch     string
		prio, del int64
	}{q, ch, prio, del}
}

func (f *fixture) agent(id, profile string, idleFor time.Duration, load map[string]int, prof map[Attr]float64) *Agent {
	a := &Agent{ID: id, ProfileID: profile, Routable: true, IdleSince: f.s.Now.Add(-idleFor), Load: load, Proficiencies: prof}
	f.s.Agents = append(f.s.Agents, a)
	return a
}

func (f *fixture) contact(id, queue, ch string, waited time.Duration, prio int64, step *Expression) *Contact {
	c := &Contact{ID: id, QueueID: queue, Channel: ch, EnqueuedAt: f.s.Now.Add(-waited), QueuePriority: prio, Step: step}
	if step != nil {
		c.StepKey = step.Canonical()
	}
	q := f.s.Queues[queue]
	if q == nil {
		q = NewQueue(queue)
		f.s.Queues[queue] = q
	}
	q.Add(c)
	return c
}

func offersOf(s *Snapshot) map[string]string {
	out := map[string]string{}
	for _, o := range Match(s) {
		out[o.ContactID] = o.AgentID
	}
	return out
}

func TestPriorityBeatsAge(t *testing.T) {
	// docs/routing.md#routing-profile-priority-key-2 / AG-PRIO example 3: a priority-3 queue's old contact waits
	// while a priority-1 queue has an eligible contact.
	f := newFixture(t0)
	f.profile("p", map[string]int{"VOICE": 1}, nil, cfg("q1", "VOICE", 1, 0), cfg("q3", "VOICE", 3, 0))
	f.agent("a", "p", time.Minute, nil, nil)
	f.contact("old", "q3", "VOICE", 80*time.Second, 5, nil)
	f.contact("new", "q1", "VOICE", time.Second, 5, nil)
	if got := offersOf(f.s); got["new"] != "a" || len(got) != 1 {
		t.Fatalf("offers %v, want new→a", got)
	}
}

func TestQueueDelay(t *testing.T) {
	// docs/routing.md#queue-delay-condition-6: until the delay passes the contact is not eligible; a lower tier
	// is served meanwhile (AG-PRIO example 2).
	f := newFixture(t0)
	f.profile("p", map[string]int{"VOICE": 1}, nil, cfg("q1", "VOICE", 1, 30), cfg("q2", "VOICE", 2, 0))
	f.agent("a", "p", time.Minute, nil, nil)
	f.contact("c1", "q1", "VOICE", 10*time.Second, 5, nil)
	f.contact("c2", "q2", "VOICE", 5*time.Second, 5, nil)
	if got := offersOf(f.s); got["c2"] != "a" {
		t.Fatalf("offers %v, want c2→a while c1's delay runs", got)
	}
	f.s.Now = t0.Add(20 * time.Second)
	if got := offersOf(f.s); got["c1"] != "a" {
		t.Fatalf("offers %v, want c1→a after its delay", got)
	}
}

func TestContactPriorityThenAgeWithAdjustment(t *testing.T) {
	f := newFixture(t0)
	f.profile("p", map[string]int{"CHAT": 3}, nil, cfg("q", "CHAT", 1, 0))
	f.agent("a", "p", time.Minute, nil, nil)
	f.contact("old", "q", "CHAT", 100*time.Second, 5, nil)
	young := f.contact("young", "q", "CHAT", 10*time.Second, 5, nil)
	f.contact("urgent", "q", "CHAT", time.Second, 1, nil)
	// young, pushed 200 s older, overtakes old.
	f.s.Queues["q"].Remove("young")
	young.AdjustSeconds = 200
	f.s.Queues["q"].Add(young)
	offers := Match(f.s)
	var order []string
	for _, o := range offers {
		order = append(order, o.ContactID)
	}
	if len(order) != 3 || order[0] != "urgent" || order[1] != "young" || order[2] != "old" {
		t.Fatalf("order %v, want urgent, young, old", order)
	}
}

func TestLongestIdleAgentWins(t *testing.T) {
	f := newFixture(t0)
	f.profile("p", map[string]int{"VOICE": 1}, nil, cfg("q", "VOICE", 1, 0))
	f.agent("recent", "p", 10*time.Second, nil, nil)
	f.agent("longest", "p", 5*time.Minute, nil, nil)
	f.agent("tie-b", "p", time.Minute, nil, nil)
	f.agent("tie-a", "p", time.Minute, nil, nil)
	f.contact("c1", "q", "VOICE", time.Second, 5, nil)
	f.contact("c2", "q", "VOICE", time.Second, 5, nil)
	f.contact("c3", "q", "VOICE", time.Second, 5, nil)
	got := Match(f.s)
	want := []string{"longest", "tie-a", "tie-b"}
	for i, o := range got {
		if o.AgentID != want[i] {
			t.Fatalf("offer %d to %s, want %s (%v)", i, o.AgentID, want[i], got)
		}
	}
}

func TestCrossChannelExample(t *testing.T) {
	// docs/routing.md#cross-channel-rule-condition-5 worked example: task may be mixed with others; chat and voice not.
	conc := map[string]int{"VOICE": 1, "CHAT": 2, "TASK": 2}
	any := []string{"TASK"}
	cfgs := []struct {
		q, ch     string
		prio, del int64
	}{cfg("q", "VOICE", 1, 0), cfg("q", "CHAT", 1, 0), cfg("q", "TASK", 1, 0)}
	cases := []struct {
		name string
		load map[string]int
		ch   string
		want bool
	}{
		{"task then chat", map[string]int{"TASK": 1}, "CHAT", true},
		{"task then voice", map[string]int{"TASK": 1}, "VOICE", true},
		{"chat then task", map[string]int{"CHAT": 1}, "TASK", false},
		{"chat then voice", map[string]int{"CHAT": 1}, "VOICE", false},
		{"voice+task then task", map[string]int{"VOICE": 1, "TASK": 1}, "TASK", false},
		{"chat then chat", map[string]int{"CHAT": 1}, "CHAT", true},
	}
	for _, tc := range cases {
		f := newFixture(t0)
		f.profile("p", conc, any, cfgs...)
		f.agent("a", "p", time.Minute, tc.load, nil)
		f.contact("c", "q", tc.ch, time.Second, 5, nil)
		if got := len(Match(f.s)) == 1; got != tc.want {
			t.Errorf("%s: offered=%v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestAgentQueueFirstAndIgnoresCriteria(t *testing.T) {
	f := newFixture(t0)
	f.profile("p", map[string]int{"VOICE": 1, "TASK": 1}, nil, cfg("q", "VOICE", 1, 0))
	f.agent("a", "p", time.Minute, nil, nil)
	f.contact("std", "q", "VOICE", time.Hour, 1, nil)
	aq := NewQueue("a")
	step := &Expression{AttributeCondition: &AttributeCondition{Name: "Lang", Value: "fr", ProficiencyLevel: lvl(5), ComparisonOperator: OpGreaterOrEqual}}
	aq.Add(&Contact{ID: "mine", QueueID: "a", AgentQueue: true, Channel: "TASK", EnqueuedAt: t0, QueuePriority: 5, Step: step, StepKey: step.Canonical()})
	f.s.AgentQueues["a"] = aq
	got := Match(f.s)
	if len(got) != 1 || got[0].ContactID != "mine" {
		t.Fatalf("offers %v, want the agent-queue contact first (and only: voice+task cross-channel)", got)
	}
}

func TestStepsFilterAgents(t *testing.T) {
	f := newFixture(t0)
	f.profile("p", map[string]int{"VOICE": 1}, nil, cfg("q", "VOICE", 1, 0))
	fr := Attr{"connect:Language", "connect:French"}
	f.agent("novice", "p", time.Hour, nil, map[Attr]float64{fr: 2})
	f.agent("expert", "p", time.Minute, nil, map[Attr]float64{fr: 4})
	f.agent("none", "p", 2*time.Hour, nil, nil)
	step := &Expression{AttributeCondition: &AttributeCondition{Name: fr.Name, Value: fr.Value, ProficiencyLevel: lvl(4), ComparisonOperator: OpGreaterOrEqual}}
	c := f.contact("c", "q", "VOICE", time.Second, 5, step)
	if got := offersOf(f.s); got["c"] != "expert" {
		t.Fatalf("offers %v, want c→expert", got)
	}
	reasons := map[string]string{}
	for _, v := range Explain(f.s, c) {
		reasons[v.AgentID] = v.Reason
	}
	if reasons["novice"] != StepNotMatched || reasons["none"] != StepNotMatched || reasons["expert"] != Eligible {
		t.Fatalf("Explain = %v", reasons)
	}
}

func TestExpressionForms(t *testing.T) {
	fr, en := Attr{"L", "fr"}, Attr{"L", "en"}
	a := &Agent{ID: "a1", Proficiencies: map[Attr]float64{fr: 3, en: 5}}
	cond := func(at Attr, l float64) *AttributeCondition {
		return &AttributeCondition{Name: at.Name, Value: at.Value, ProficiencyLevel: lvl(l), ComparisonOperator: OpGreaterOrEqual}
	}
	cases := []struct {
		name string
		e    Expression
		want bool
	}{
		{"ge met", Expression{AttributeCondition: cond(fr, 3)}, true},
		{"ge not met", Expression{AttributeCondition: cond(fr, 4)}, false},
		{"range in", Expression{AttributeCondition: &AttributeCondition{Name: "L", Value: "fr", Range: &LevelRange{1, 3}}}, true},
		{"range out", Expression{AttributeCondition: &AttributeCondition{Name: "L", Value: "en", Range: &LevelRange{1, 3}}}, false},
		{"and", Expression{AndExpression: []Expression{{AttributeCondition: cond(fr, 3)}, {AttributeCondition: cond(en, 5)}}}, true},
		{"and fails", Expression{AndExpression: []Expression{{AttributeCondition: cond(fr, 4)}, {AttributeCondition: cond(en, 5)}}}, false},
		{"or", Expression{OrExpression: []Expression{{AttributeCondition: cond(fr, 5)}, {AttributeCondition: cond(en, 5)}}}, true},
		{"not held passes", Expression{NotAttributeCondition: &AttributeCondition{Name: "L", Value: "de", Range: &LevelRange{1, 5}}}, true},
		{"not excludes", Expression{NotAttributeCondition: &AttributeCondition{Name: "L", Value: "fr", Range: &LevelRange{1, 5}}}, false},
		{"preferred agent", Expression{AttributeCondition: &AttributeCondition{HasMatchCriteria: true, ComparisonOperator: OpMatch, AgentIDs: []string{"a0", "a1"}}}, true},
		{"not preferred", Expression{AttributeCondition: &AttributeCondition{HasMatchCriteria: true, ComparisonOperator: OpMatch, AgentIDs: []string{"a0"}}}, false},
	}
	for _, tc := range cases {
		if got := tc.e.Matches(a); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
	bad := []Expression{
		{},
		{AttributeCondition: &AttributeCondition{Name: "L", Value: "fr", ProficiencyLevel: lvl(3), ComparisonOperator: "NumberLessThan"}},
		{AttributeCondition: &AttributeCondition{Name: "L", Value: "fr", ProficiencyLevel: lvl(6), ComparisonOperator: OpGreaterOrEqual}},
		{AndExpression: []Expression{{AttributeCondition: cond(fr, 1)}, {AttributeCondition: &AttributeCondition{Name: "L", Value: "fr", Range: &LevelRange{5, 5}}}}},
	}
	for i, e := range bad {
		if e.Validate() == nil {
			t.Errorf("bad expression %d validated", i)
		}
	}
}

func TestCanonicalMatchesSpecExample(t *testing.T) {
	// docs/routing.md#the-routing-step-expression-dimension's example, byte for byte.
	e := Expression{AndExpression: []Expression{
		{AttributeCondition: &AttributeCondition{Name: "connect:Language", Value: "connect:French", ProficiencyLevel: lvl(4), ComparisonOperator: OpGreaterOrEqual}},
		{AttributeCondition: &AttributeCondition{Name: "Technology", Value: "AWS DynamoDB", ProficiencyLevel: lvl(5), ComparisonOperator: OpGreaterOrEqual}},
	}}
	want := `{"AndExpression":[{"AttributeCondition":{"ComparisonOperator":"NumberGreaterOrEqualTo","Name":"connect:Language","ProficiencyLevel":4.0,"Value":"connect:French"}},{"AttributeCondition":{"ComparisonOperator":"NumberGreaterOrEqualTo","Name":"Technology","ProficiencyLevel":5.0,"Value":"AWS DynamoDB"}}]}`
	if got := e.Canonical(); got != want {
		t.Fatalf("canonical:\n got %s\nwant %s", got, want)
	}
	r := Expression{AttributeCondition: &AttributeCondition{Name: "L", Value: "en", Range: &LevelRange{1, 3.5}}}
	if got := r.Canonical(); got != `{"AttributeCondition":{"Name":"L","Range":{"MaxProficiencyLevel":3.5,"MinProficiencyLevel":1.0},"Value":"en"}}` {
		t.Fatalf("range canonical: %s", got)
	}
}

func TestNotRoutableAndBlockedGetNothing(t *testing.T) {
	f := newFixture(t0)
	f.profile("p", map[string]int{"VOICE": 1}, nil, cfg("q", "VOICE", 1, 0))
	off := f.agent("off", "p", time.Hour, nil, nil)
	off.Routable = false
	missed := f.agent("missed", "p", time.Hour, nil, nil)
	missed.Blocked = true
	f.agent("busy", "p", time.Hour, map[string]int{"VOICE": 1}, nil)
	c := f.contact("c", "q", "VOICE", time.Second, 5, nil)
	if got := Match(f.s); len(got) != 0 {
		t.Fatalf("offers %v, want none", got)
	}
	want := map[string]string{"off": NotRoutable, "missed": BlockedByMiss, "busy": NoCapacity}
	for _, v := range Explain(f.s, c) {
		if want[v.AgentID] != v.Reason {
			t.Errorf("%s: %s, want %s", v.AgentID, v.Reason, want[v.AgentID])
		}
	}
}
