package engine

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/routing"
)

// The engine's tests drive it without the service: a fixture configuration
// (fakeConfig), the virtual clock, and a flow runner that sends every
// contact to the queue its flow ID names ("to:QUEUE", "agent:USER", or
// "end"). Each step of a scenario is an operation at a time; the events
// and the engine's state after it are what the test checks.

var t0 = time.Date(2024, 3, 4, 9, 0, 0, 0, time.UTC)

// fakeConfig is a fixture engine.Config.
type fakeConfig struct {
	gen      uint64
	agents   map[string]*Agent
	profiles map[string]*Profile
	statuses map[string]string // status ID → type
	queues   map[string]*Queue
}

func (c *fakeConfig) Generation() uint64         { return c.gen }
func (c *fakeConfig) Agent(id string) *Agent     { return c.agents[id] }
func (c *fakeConfig) Profile(id string) *Profile { return c.profiles[id] }
func (c *fakeConfig) StatusType(id string) string {
	return c.statuses[id]
}
func (c *fakeConfig) HierarchyPath(string) []string { return nil }
func (c *fakeConfig) Queue(id string) (Queue, bool) {
	if q := c.queues[id]; q != nil {
		return *q, true
	}
	return Queue{}, false
}
func (c *fakeConfig) EachAgent(fn func(*Agent) bool) {
	for _, a := range c.agents {
		if !fn(a) {
			return
		}
	}
}
func (c *fakeConfig) EachProfile(fn func(*Profile)) {
	for _, p := range c.profiles {
		fn(p)
	}
}
func (c *fakeConfig) SystemStatus(typ string) string {
	for id, t := range c.statuses {
		if t == typ {
			return id
		}
	}
	return ""
}

// profile builds a routing profile serving queues on VOICE (one slot) at
// priority 1, with an optional delay per queue.
func profile(id string, delays map[string]time.Duration, queues ...string) *Profile {
	var cfgs []routing.QueueConfig
	p := &Profile{ID: id, Queues: queues}
	for _, q := range queues {
		cfgs = append(cfgs, routing.QueueConfig{QueueID: q, Channel: "VOICE", Delay: delays[q]})
		if d := delays[q]; d > 0 {
			p.Delays = append(p.Delays, QueueDelay{QueueID: q, Channel: "VOICE", Delay: d})
		}
	}
	p.Routing = &routing.Profile{ID: id, Concurrency: map[string]int{"VOICE": 1}, AnyChannel: map[string]bool{},
		Tiers: routing.BuildTiers(cfgs, func(int) int64 { return 1 })}
	return p
}

type harness struct {
	t      *testing.T
	clk    *clock.Virtual
	cfg    *fakeConfig
	e      *Engine
	events []Event
	seq    int
}

// newHarness is a center with queue q1, profile p1 serving it, and agents
// a1 and a2 (not auto-accepting, no ACW limit), offline.
func newHarness(t *testing.T) *harness {
	h := &harness{t: t, clk: clock.NewVirtual(t0)}
	h.cfg = &fakeConfig{
		agents: map[string]*Agent{
			"a1": {ID: "a1", ProfileID: "p1", Proficiencies: map[routing.Attr]float64{}},
			"a2": {ID: "a2", ProfileID: "p1", Proficiencies: map[routing.Attr]float64{}},
		},
		profiles: map[string]*Profile{"p1": profile("p1", nil, "q1")},
		statuses: map[string]string{"avail": "ROUTABLE", "off": "OFFLINE", "break": "CUSTOM"},
		queues:   map[string]*Queue{"q1": {ID: "q1"}, "q2": {ID: "q2"}},
	}
	h.e = h.newEngine()
	return h
}

func (h *harness) newEngine() *Engine {
	var e *Engine
	e = New(Options{InstanceID: "i1", Clock: h.clk, Config: h.cfg,
		Observe: func(ev Event) {
			// Every event carries the engine's contact and agent state of its IDs.
			if ev.Contact != e.contacts[ev.ContactID] || ev.Agent != e.agents[ev.AgentID] {
				h.t.Errorf("%s %s %s: the event's contact %p or agent %p is not the engine's", ev.Type, ev.ContactID, ev.AgentID, ev.Contact, ev.Agent)
			}
			h.events = append(h.events, ev)
		},
		Flows: func(c *Contact, flowID string) { testFlow(e, c, flowID) }})
	return e
}

// config changes the fixture and moves its generation.
func (h *harness) config(change func(c *fakeConfig)) {
	change(h.cfg)
	h.cfg.gen++
	if h.e.Waiting() {
		h.e.Pass()
	}
}

// start starts a voice contact through flowID and returns its ID.
func (h *harness) start(flowID string, change ...func(c *Contact)) string {
	h.seq++
	c := &Contact{ID: fmt.Sprintf("c%d", h.seq), Channel: "VOICE", InitiationMethod: "API", FlowID: flowID, InitiationTimestamp: StampOf(h.clk.Now())}
	for _, ch := range change {
		ch(c)
	}
	h.e.Start(c, false)
	return c.ID
}

func (h *harness) contact(id string) *Contact {
	h.t.Helper()
	c := h.e.Contact(id)
	if c == nil {
		h.t.Fatalf("no contact %s", id)
	}
	return c
}

// conn is the state of the agent's connection to the contact ("" none).
func (h *harness) conn(agent, contact string) string {
	if a := h.e.AgentState(agent); a != nil {
		if cn := a.Connections[contact]; cn != nil {
			return cn.State
		}
	}
	return ""
}

func (h *harness) act(agent, contact, action string) {
	h.t.Helper()
	if err := h.e.AgentAction(agent, h.contact(contact), action); err != nil {
		h.t.Fatalf("%s %s %s: %v", agent, action, contact, err)
	}
}

// log is the events since the last call, one "TYPE contact agent" each.
func (h *harness) log() []string {
	var out []string
	for _, ev := range h.events {
		out = append(out, strings.TrimSpace(ev.Type+" "+ev.ContactID+" "+ev.AgentID))
	}
	h.events = nil
	return out
}

func (h *harness) wantLog(want ...string) {
	h.t.Helper()
	got := h.log()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		h.t.Fatalf("events:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

// testFlow ends a test contact's flow by its ID: "to:Q" queues it in Q,
// "agent:U" in user U's agent queue, anything else ends it.
func testFlow(e *Engine, c *Contact, flowID string) {
	switch {
	case strings.HasPrefix(flowID, "to:"):
		e.FlowDone(c, FlowOutcome{QueueID: strings.TrimPrefix(flowID, "to:")})
	case strings.HasPrefix(flowID, "agent:"):
		e.FlowDone(c, FlowOutcome{QueueID: strings.TrimPrefix(flowID, "agent:"), AgentQueue: true})
	default:
		e.FlowDone(c, FlowOutcome{})
	}
}
