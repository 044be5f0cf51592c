package engine

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/routing"
	"pgregory.net/rapid"
)

// TestNewContactPassesEqualFullPasses runs one random day through two
// engines: one whose passes examine stable agents against the new
// contacts only (routing.Snapshot.Stable), one whose every pass examines
// its agents fully (fullPasses, as passes did before). Contacts arrive in
// queues with delays and routing steps (expiring), agents change status,
// accept, reject, miss, hang up and clear ACW (several chat slots, voice
// and chat together), routing data changes, customers hang up while
// waiting, contacts go to agent queues, and the configuration changes (delays, proficiencies) while contacts
// wait. Every event, offers included, must be the same, in the same order.
func TestNewContactPassesEqualFullPasses(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		for range 8 { // the cases that matter are rare in one short day
			d := genDay(t)
			full := d.run(true)
			got := d.run(false)
			if i := firstDiff(got, full); i >= 0 {
				t.Fatalf("event %d: new-contact passes %q, full passes %q\n(full log: %s)", i, at(got, i), at(full, i), strings.Join(full, "; "))
			}
		}
	})
}

func at(log []string, i int) string {
	if i < len(log) {
		return log[i]
	}
	return "(none)"
}

func firstDiff(a, b []string) int {
	for i := range max(len(a), len(b)) {
		if i >= len(a) || i >= len(b) || a[i] != b[i] {
			return i
		}
	}
	return -1
}

var dayAttrs = []routing.Attr{{Name: "L", Value: "fr"}, {Name: "L", Value: "en"}}

// day is a generated configuration and a list of operations.
type day struct {
	profiles []dayProfile
	agents   []dayAgent
	ops      []dayOp
	afterOp  func(e *Engine) // when set, run after each operation
}

type dayProfile struct {
	chat   int // CHAT slots (0: no chat)
	any    bool
	cfgs   []routing.QueueConfig
	prios  []int64
	queues []string
}

type dayAgent struct {
	profile int
	levels  []float64 // by dayAttrs; 0 none
	auto    bool
	acw     time.Duration
}

type dayOp struct {
	kind  int
	a, b  int
	n     int64
	steps []RoutingStep
}

const (
	opStart = iota
	opStatus
	opAct
	opAdvance
	opUpdate
	opConfig
)

// opMix weighs the operations (configuration changes are drawn apart).
var opMix = []int{opStart, opStart, opStart, opStatus, opStatus, opAct, opAct, opAct, opAct, opAct,
	opAdvance, opAdvance, opAdvance, opUpdate}

func genDay(t *rapid.T) *day {
	d := &day{}
	for p := range rapid.IntRange(1, 3).Draw(t, "profiles") {
		dp := dayProfile{chat: rapid.IntRange(0, 3).Draw(t, "chat"), any: rapid.Bool().Draw(t, "any")}
		for q := range 3 {
			for _, ch := range []string{"VOICE", "CHAT"} {
				if rapid.IntRange(0, 2).Draw(t, "cfg") == 2 {
					continue
				}
				delay := time.Duration(rapid.SampledFrom([]int{0, 0, 10, 25}).Draw(t, "delay")) * time.Second
				dp.cfgs = append(dp.cfgs, routing.QueueConfig{QueueID: fmt.Sprintf("q%d", q), Channel: ch, Delay: delay})
				dp.prios = append(dp.prios, int64(rapid.IntRange(1, 2).Draw(t, "prio")))
				if !slices.Contains(dp.queues, fmt.Sprintf("q%d", q)) {
					dp.queues = append(dp.queues, fmt.Sprintf("q%d", q))
				}
			}
		}
		_ = p
		d.profiles = append(d.profiles, dp)
	}
	for range rapid.IntRange(2, 8).Draw(t, "agents") {
		da := dayAgent{profile: rapid.IntRange(0, len(d.profiles)-1).Draw(t, "ap"), auto: rapid.IntRange(0, 3).Draw(t, "auto") == 0,
			acw: time.Duration(rapid.SampledFrom([]int{0, 5, 30}).Draw(t, "acw")) * time.Second}
		for range dayAttrs {
			da.levels = append(da.levels, float64(rapid.IntRange(0, 5).Draw(t, "lvl")))
		}
		d.agents = append(d.agents, da)
	}
	for range rapid.IntRange(20, 120).Draw(t, "ops") {
		kind := rapid.SampledFrom(opMix).Draw(t, "kind")
		if rapid.IntRange(0, 30).Draw(t, "reconfigure") == 0 {
			kind = opConfig // rarely: each change examines every profile fully for a while
		}
		op := dayOp{kind: kind, a: rapid.IntRange(0, 9).Draw(t, "a"), b: rapid.IntRange(0, 9).Draw(t, "b"),
			n: int64(rapid.IntRange(0, 40).Draw(t, "n"))}
		if op.kind == opStart || op.kind == opUpdate {
			for range rapid.IntRange(0, 2).Draw(t, "steps") {
				lvl := float64(rapid.IntRange(1, 5).Draw(t, "steplvl"))
				a := dayAttrs[rapid.IntRange(0, len(dayAttrs)-1).Draw(t, "stepattr")]
				st := RoutingStep{Expression: &routing.Expression{AttributeCondition: &routing.AttributeCondition{Name: a.Name, Value: a.Value,
					ProficiencyLevel: &lvl, ComparisonOperator: routing.OpGreaterOrEqual}}}
				if secs := int64(rapid.SampledFrom([]int{0, 10, 20}).Draw(t, "stepsecs")); secs > 0 {
					st.DurationSeconds = &secs
				}
				op.steps = append(op.steps, st)
			}
		}
		d.ops = append(d.ops, op)
	}
	return d
}

// config builds the fixture configuration of the day, version v (opConfig
// moves it: the delays double, the agents' levels shift).
func (d *day) config(v int) *fakeConfig {
	c := &fakeConfig{gen: uint64(v + 1), agents: map[string]*Agent{}, profiles: map[string]*Profile{},
		statuses: map[string]string{"avail": "ROUTABLE", "off": "OFFLINE", "break": "CUSTOM"},
		queues:   map[string]*Queue{"q0": {ID: "q0"}, "q1": {ID: "q1"}, "q2": {ID: "q2"}}}
	for i, dp := range d.profiles {
		id := fmt.Sprintf("p%d", i)
		p := &Profile{ID: id, Queues: dp.queues}
		cfgs := slices.Clone(dp.cfgs)
		for j := range cfgs {
			cfgs[j].Delay <<= v % 3
			if cfgs[j].Delay > 0 {
				p.Delays = append(p.Delays, QueueDelay{QueueID: cfgs[j].QueueID, Channel: cfgs[j].Channel, Delay: cfgs[j].Delay})
			}
		}
		conc := map[string]int{"VOICE": 1}
		if dp.chat > 0 {
			conc["CHAT"] = dp.chat
		}
		p.Routing = &routing.Profile{ID: id, Concurrency: conc, AnyChannel: map[string]bool{"CHAT": dp.any},
			Tiers: routing.BuildTiers(cfgs, func(j int) int64 { return dp.prios[j] })}
		c.profiles[id] = p
	}
	for i, da := range d.agents {
		id := fmt.Sprintf("a%d", i)
		profs := map[routing.Attr]float64{}
		for k, l := range da.levels {
			if l = float64((int(l) + v) % 6); l > 0 {
				profs[dayAttrs[k]] = l
			}
		}
		c.agents[id] = &Agent{ID: id, ProfileID: fmt.Sprintf("p%d", da.profile), AutoAccept: da.auto, ACWLimit: da.acw,
			Proficiencies: profs, Levels: routing.LevelsOf(profs)}
	}
	return c
}

// run plays the day on a new engine and returns its events.
func (d *day) run(full bool) []string {
	clk := clock.NewVirtual(t0)
	version := 0
	cfg := d.config(version)
	var log []string
	var e *Engine
	e = New(Options{InstanceID: "i1", Clock: clk, Config: cfg,
		Observe: func(ev Event) {
			log = append(log, fmt.Sprintf("%s %s %s %s %s", clk.Now().Sub(t0), ev.Type, ev.ContactID, ev.AgentID, ev.QueueID))
		},
		Flows: func(c *Contact, flowID string) { testFlow(e, c, flowID) }})
	e.fullPasses = full
	agent := func(i int) string { return fmt.Sprintf("a%d", i%len(d.agents)) }
	for i := range d.agents {
		e.SetStatus(agent(i), "avail")
	}
	seq := 0
	for _, op := range d.ops {
		switch op.kind {
		case opStart:
			seq++
			flow := fmt.Sprintf("to:q%d", op.a%3)
			if op.a == 9 {
				flow = "agent:" + agent(op.b)
			}
			ch := "VOICE"
			if op.b%2 == 1 {
				ch = "CHAT"
			}
			c := &Contact{ID: fmt.Sprintf("c%02d", seq), Channel: ch, InitiationMethod: "API", FlowID: flow, InitiationTimestamp: StampOf(clk.Now())}
			if op.n%4 == 0 {
				prio := op.n % 7
				c.QueuePriority = &prio
			}
			if len(op.steps) > 0 {
				c.Criteria = &RoutingCriteria{Steps: slices.Clone(op.steps)}
			}
			e.Start(c, false)
		case opStatus:
			e.SetStatus(agent(op.a+op.b), []string{"avail", "avail", "avail", "break", "off"}[op.b%5])
		case opAct:
			// An action on the agent's first connection that allows it.
			a := e.AgentState(agent(op.a + op.b))
			if a == nil {
				continue
			}
			ids := make([]string, 0, len(a.Connections))
			for id := range a.Connections {
				ids = append(ids, id)
			}
			slices.Sort(ids)
			for _, id := range ids {
				var act string
				switch a.Connections[id].State {
				case ConnConnecting:
					act = []string{ActAccept, ActAccept, ActReject, ActMiss}[op.b%4]
				case ConnConnected, ConnOnHold:
					act = ActHangUp
				case ConnEnded:
					act = ActClearACW
				}
				if act != "" {
					if err := e.AgentAction(a.UserID, e.Contact(id), act); err != nil {
						panic(err)
					}
					break
				}
			}
		case opAdvance:
			clk.Advance(time.Duration(5+op.n) * time.Second)
		case opUpdate:
			// New routing data for a waiting contact.
			id := fmt.Sprintf("c%02d", 1+op.a*seq/10)
			c := e.Contact(id)
			if c == nil || c.State != StateQueued {
				continue
			}
			if op.b == 9 { // the customer hangs up while waiting
				if err := e.Disconnect(c, "CUSTOMER_DISCONNECT"); err != nil {
					panic(err)
				}
				continue
			}
			in := RoutingData{}
			if op.b%2 == 0 {
				prio := op.n % 7
				in.QueuePriority = &prio
			} else {
				adj := op.n
				in.QueueAdjust = &adj
			}
			if op.b%3 == 0 {
				in.Criteria = slices.Clone(op.steps)
				if in.Criteria == nil {
					in.Criteria = []RoutingStep{}
				}
			}
			e.UpdateRoutingData(c, in)
		case opConfig:
			version++
			*cfg = *d.config(version)
			if e.Waiting() {
				e.Pass()
			}
		}
		if d.afterOp != nil {
			d.afterOp(e)
		}
	}
	clk.Advance(10 * time.Minute)
	return log
}
