package simulation

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/scenario"
	"github.com/connect-local/connect-local/internal/seed"
	"github.com/connect-local/connect-local/internal/service"
)

// DefaultMaxContacts is the most contacts a run starts unless
// Options.MaxContacts says otherwise.
const DefaultMaxContacts = 1_000_000

// Options tunes a run.
type Options struct {
	// MaxContacts bounds the contacts a run starts (default
	// DefaultMaxContacts): a workload expected to start more is refused
	// before anything runs (scenario.CheckContacts), and a run whose random
	// arrivals reach it starts no more and ends with an error, so memory
	// stays bounded whatever the draw.
	MaxContacts int
	// Seed overrides the workload's seed when not 0.
	Seed uint64
	// KeepContacts keeps every contact's record in Report.Contacts (the
	// queueing-theory checks use them).
	KeepContacts bool
	// Transcripts, when set, also receives the transcript chosen for each
	// answered contact once it completes (the run stores it on the contact
	// in any case).
	Transcripts TranscriptSink
	// Started, when set, is called once the setup is seeded and the clock
	// stands at the run's first time of day (start is the instant times of
	// day count from), before any agent or arrival is scheduled.
	// It may schedule timers on the target's clock (the queueing-theory
	// checks ask GetMetricData from them as the run goes).
	Started func(ids *seed.Result, start time.Time)
}

// TranscriptSink receives transcripts. It is called from a clock timer,
// outside the service lock, so it may call the service.
type TranscriptSink interface {
	Transcript(instanceID, contactID string, turns []scenario.Turn)
}

// ContactRecord is one simulated contact, as the engine's events told it.
type ContactRecord struct {
	Type    int // index into the workload's contact types
	QueueID string
	Queued  time.Time
	// Disconnected is when the customer's side ended (hang-up or
	// abandonment): the time GetMetricData attributes the contact to.
	Disconnected time.Time
	Wait         time.Duration // to the agent, or to abandonment
	Answered     bool
	Abandoned    bool
}

// contact is a simulated contact in flight.
type contact struct {
	eng      *service.Contact // the engine's contact: d.active's key; its ID is the contact's
	queueID  string
	queued   time.Time
	answered time.Time
	ended    time.Time // disconnected
	handle   time.Duration
	acw      time.Duration
	patience time.Duration // 0: never abandons
	timer    clock.Timer   // the patience timer while waiting
	// offered is the agent last offered the contact, found by its ID
	// once (OFFERED), so CONNECTED_TO_AGENT need not look it up again;
	// track is the connected agent's occupancy, which also names it
	// (agent).
	offered   *agentPlan
	track     *agentTrack
	typ       int32 // next to the flags: the struct fits a smaller size class
	connected bool
	abandoned bool
	closed    bool  // close forgot it
	timers    uint8 // timers pending whose function holds the contact
	// fns are its timers' functions, made with the contact and kept as
	// it is reused, so that scheduling them allocates nothing.
	fns *contactFns
}

// contactFns are a contact's timer functions.
type contactFns struct {
	patience, hangUp, clearACW func()
}

// id is the contact's ID (the engine's contact never changes it).
func (c *contact) id() string { return c.eng.ID }

// agent is the agent the contact last connected to ("" if none): its
// occupancy track is set with it and keeps its ID.
func (c *contact) agent() string {
	if c.track == nil {
		return ""
	}
	return c.track.id
}

// driver carries out one run. The observer (under the service lock) only
// records and schedules; every action on the service runs from a clock
// timer, outside the lock.
type driver struct {
	t     Target
	sc    *scenario.Scenario
	w     *scenario.Workload
	opts  Options
	ids   *seed.Result
	start time.Time
	end   time.Time // arrivals stop

	mu       sync.Mutex
	done     bool
	col      *collector
	active   map[*service.Contact]*contact // by the events' Contact
	agents   map[string]*agentPlan         // by user ID
	types    []*typeState
	starting bool
	// pending are the events of contacts being started (pendingCs),
	// kept until StartContact answers; both are reused across arrivals.
	pending   []service.Event
	pendingCs []*service.Contact
	// free are contacts closed with no timer left to hold them (release),
	// which arrive reuses.
	free    []*contact
	records records
	errs    []error
	arrived int  // arrivals let in, at most opts.MaxContacts
	capped  bool // the limit was reached: no more arrivals
	started int
	ended   int // ended by their flow without queueing
}

type typeState struct {
	ct      *scenario.ContactType
	flowID  string
	queueID string
	arr     *arrivals
	rnd     *rand.Rand // handle, ACW, patience, transcript
	queue   int32      // records.queue of the contacts' last queue (-1: none yet)
	next    func()     // its next arrival (scheduleArrival)
}

type agentPlan struct {
	id         string
	autoAccept bool
	intended   string      // the status the driver last set
	track      *agentTrack // its occupancy in the collector, once it has one
}

// Run seeds the scenario's setup into the target and runs its workload.
func Run(sc *scenario.Scenario, t Target, opts Options) (*Report, error) {
	if sc.Workload == nil {
		return nil, fmt.Errorf("%s has no workload to simulate", sc.Name)
	}
	w := sc.Workload
	seedValue := w.Seed
	if opts.Seed != 0 {
		seedValue = opts.Seed
	}
	if opts.MaxContacts <= 0 {
		opts.MaxContacts = DefaultMaxContacts
	}
	if err := sc.CheckContacts(opts.MaxContacts); err != nil {
		return nil, err
	}
	watch := clock.StartStopwatch()
	ids, err := seed.Apply(t.Service, t.Scope, sc)
	if err != nil {
		return nil, err
	}
	if w.RingTimeout > 0 {
		if err := t.Service.SetRingTimeout(t.Scope, ids.InstanceID, w.RingTimeout.D()); err != nil {
			return nil, err
		}
	}
	first, last := sc.ActiveSpan()
	start := dayStart(w, t.Clock.Now(), first)
	t.Clock.AdvanceTo(start.Add(first))
	d := &driver{t: t, sc: sc, w: w, opts: opts, ids: ids, start: start, end: start.Add(last),
		col: newCollector(start, w.Interval.D(), w.ServiceLevel.D()), active: map[*service.Contact]*contact{},
		agents: map[string]*agentPlan{}}
	for i := range w.ContactTypes {
		ct := &w.ContactTypes[i]
		ts := &typeState{ct: ct, queueID: ids.QueueID(ct.Queue), queue: -1,
			arr: newArrivals(ct, rand.New(rand.NewPCG(seedValue, uint64(i)*2+1))),
			rnd: rand.New(rand.NewPCG(seedValue, uint64(i)*2+2))}
		switch name, _, generated := ct.GeneratedFlow(); {
		case generated:
			ts.flowID = ids.FlowID(name)
		case ct.Flow != "":
			ts.flowID = ids.FlowID(ct.Flow)
		default:
			ts.flowID = ids.FlowID(scenario.BasicRoutingFlow)
		}
		d.types = append(d.types, ts)
	}
	if opts.Started != nil {
		opts.Started(ids, start)
	}
	defer t.Service.Observe(d.observe)()
	d.planAgents()
	for i := range d.types {
		d.scheduleArrival(i)
	}
	t.Clock.AdvanceTo(d.end)
	// Drain: let the contacts still in the system finish.
	limit := d.end.Add(w.Drain.D())
	for d.inFlight() > 0 && t.Clock.Now().Before(limit) {
		t.Clock.Advance(min(time.Minute, limit.Sub(t.Clock.Now())))
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.done = true
	finish := t.Clock.Now()
	d.col.finish(finish)
	rep := d.report(seedValue, finish)
	rep.Wall = watch.Elapsed()
	return rep, errors.Join(d.errs...)
}

// dayStart is the instant the run's times of day count from: the
// workload's start when given and not past (first is the run's first time
// of day), otherwise midnight (UTC) of the clock's day, or of the next day
// if the first time of day has already passed today. A run inside a server
// thus keeps the scenario's hours: a 07:30 shift starts at 07:30.
func dayStart(w *scenario.Workload, now time.Time, first time.Duration) time.Time {
	if w.StartGiven() && !w.Start.Add(first).Before(now) {
		return w.Start
	}
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	if day.Add(first).Before(now) {
		day = day.AddDate(0, 0, 1)
	}
	return day
}

func (d *driver) inFlight() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.active)
}

// at runs fn at offset off from the start of the run (at once if past).
func (d *driver) at(off time.Duration, fn func()) {
	d.t.Clock.Schedule(max(0, d.start.Add(off).Sub(d.t.Clock.Now())), fn)
}

func (d *driver) fail(err error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if len(d.errs) < 10 {
		d.errs = append(d.errs, err)
	}
}

// planAgents schedules every agent's shift and breaks.
func (d *driver) planAgents() {
	available, offline := d.ids.StatusID(scenario.StatusAvailable), d.ids.StatusID(scenario.StatusOffline)
	for _, g := range d.sc.Setup.Users {
		for n := 1; n <= g.Count; n++ {
			p := &agentPlan{id: d.ids.UserID(g.Name(n)), autoAccept: *g.AutoAccept}
			d.agents[p.id] = p
			on, off := time.Duration(0), time.Duration(-1)
			if g.Shift != nil {
				on, off = g.Shift.Start.D(), g.Shift.End.D()
			}
			d.at(on, func() { d.setStatus(p, available) })
			for _, b := range g.Breaks {
				at := b.At.D() + b.Spread.D()*time.Duration(n-1)/time.Duration(g.Count)
				if at < on || (off >= 0 && at >= off) {
					continue
				}
				status := d.ids.StatusID(b.Status)
				d.at(at, func() { d.setStatus(p, status) })
				if back := at + b.Length.D(); off < 0 || back < off {
					d.at(back, func() { d.setStatus(p, available) })
				}
			}
			if off >= 0 {
				d.at(off, func() { d.setStatus(p, offline) })
			}
		}
	}
}

func (d *driver) setStatus(p *agentPlan, status string) {
	d.mu.Lock()
	same := p.intended == status
	p.intended = status
	d.mu.Unlock()
	if same {
		return
	}
	if err := d.t.Service.PutUserStatus(d.t.Scope, d.ids.InstanceID, p.id, status); err != nil {
		d.fail(fmt.Errorf("set status of %s: %w", p.id, err))
	}
}

func (d *driver) scheduleArrival(i int) {
	ts := d.types[i]
	off, ok := ts.arr.next(d.w.Duration.D())
	if !ok {
		return
	}
	if ts.next == nil { // made once: a type has an arrival after another
		ts.next = func() {
			if !d.admit() {
				return
			}
			d.arrive(i)
			d.scheduleArrival(i)
		}
	}
	d.at(off, ts.next)
}

// admit counts one arrival against opts.MaxContacts; at the limit it
// records the error once and stops every contact type's arrivals.
func (d *driver) admit() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.capped {
		return false
	}
	if d.arrived >= d.opts.MaxContacts {
		d.capped = true
		d.errs = append(d.errs, fmt.Errorf("the run reached %d arrivals, the most contacts a simulation may start, and stopped its arrivals at %s "+
			"(its random arrivals passed the %.0f the workload expects); raise the limit with %s",
			d.arrived, d.t.Clock.Now().Format(time.RFC3339), d.sc.ExpectedContacts(), scenario.MaxContactsSetting))
		return false
	}
	d.arrived++
	return true
}

// arrive starts one contact of type i.
func (d *driver) arrive(i int) {
	ts := d.types[i]
	ct := ts.ct
	d.mu.Lock()
	c := d.newContact()
	d.mu.Unlock()
	c.typ, c.handle = int32(i), sample(&ct.HandleTime, ts.rnd)
	if ct.ACW != nil {
		c.acw = sample(ct.ACW, ts.rnd)
	}
	if ct.Patience != nil {
		c.patience = max(sample(ct.Patience, ts.rnd), time.Nanosecond)
	}
	method := "API"
	if ct.Channel == "VOICE" {
		method = "INBOUND"
	}
	d.mu.Lock()
	d.starting = true
	d.mu.Unlock()
	id, err := d.t.Service.StartContactID(d.t.Scope, d.ids.InstanceID, service.StartContactInput{Channel: ct.Channel, InitiationMethod: method,
		FlowID: ts.flowID, QueueID: ts.queueID, Name: ct.Name, Attributes: ct.Attributes})
	d.mu.Lock()
	defer d.mu.Unlock()
	d.starting = false
	evs, pcs := d.pending, d.pendingCs
	d.pending, d.pendingCs = d.pending[:0], d.pendingCs[:0]
	if err != nil {
		d.errs = append(d.errs, fmt.Errorf("start a %s contact: %w", ct.Name, err))
		return
	}
	d.started++
	// The contact's INITIATED made it pending while it started.
	if i := slices.IndexFunc(pcs, func(p *service.Contact) bool { return p.ID == id }); i >= 0 {
		c.eng = pcs[i]
		d.active[c.eng] = c
	}
	for _, ev := range evs {
		if ev.ContactID == id {
			d.handle(&ev, d.active[ev.Contact])
		}
	}
}

// observe receives every event, under the service lock.
func (d *driver) observe(ev service.Event) {
	if ev.InstanceID != d.ids.InstanceID {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.done {
		return
	}
	var c *contact
	switch {
	case ev.ContactID == "":
	case !handled(ev.Type):
		// handle does nothing with it, whether its contact is active or
		// pending (pending events go through handle too): no need to find
		// the contact. An INITIATED makes its contact pending while one
		// starts (a contact already active has no new INITIATED).
		if ev.Type == service.EvInitiated && d.starting && ev.Contact != nil && !slices.Contains(d.pendingCs, ev.Contact) {
			d.pendingCs = append(d.pendingCs, ev.Contact)
		}
		return
	default:
		if c = d.active[ev.Contact]; c == nil {
			if d.starting && ev.Contact != nil && slices.Contains(d.pendingCs, ev.Contact) {
				d.pending = append(d.pending, ev)
			}
			return
		}
	}
	d.handle(&ev, c)
}

// handled reports whether handle acts on events of type typ.
func handled(typ string) bool {
	switch typ {
	case service.EvAgentStatus, service.EvQueued, service.EvOffered, service.EvConnected, service.EvMissed,
		service.EvRejected, service.EvAbandoned, service.EvDisconnected, service.EvACWEnded:
		return true
	}
	return false
}

// handle acts on one event of a simulated contact or agent; c is the
// contact of ev.ContactID (nil if none is active). d.mu is held.
func (d *driver) handle(ev *service.Event, c *contact) {
	if ev.Type == service.EvAgentStatus {
		if p := d.agents[ev.AgentID]; p != nil {
			routable := ev.StatusType == service.AgentStatusRoutable
			d.col.agent(ev.Time, d.track(p, ev.AgentID), &routable, 0)
		}
		return
	}
	if c == nil {
		return
	}
	switch ev.Type {
	case service.EvQueued:
		c.queueID, c.queued = ev.QueueID, ev.Time
		d.col.queued(ev.Time, ev.QueueID)
		if c.patience > 0 {
			c.timers++
			c.timer = d.t.Clock.AfterFunc(c.patience, c.fns.patience)
		}
	case service.EvOffered:
		p := d.agents[ev.AgentID]
		c.offered = p
		if p != nil && !p.autoAccept {
			// Not ev: a closure over it would move every event to the heap;
			// not c, which a closed contact's reuse may change (release).
			agent, id := ev.AgentID, c.id()
			d.t.Clock.Schedule(0, func() { d.act(agent, id, service.ActAccept) })
		}
	case service.EvConnected:
		c.connected, c.answered = true, ev.Time
		if c.timer != nil && c.timer.Stop() {
			c.timers--
		}
		d.col.answered(ev.Time, c.queued, c.queueID)
		p := c.offered
		if p == nil || p.id != ev.AgentID {
			p = d.agents[ev.AgentID]
		}
		c.track = d.track(p, ev.AgentID)
		d.col.agent(ev.Time, c.track, nil, +1)
		c.timers++
		d.t.Clock.Schedule(c.handle, c.fns.hangUp)
	case service.EvMissed, service.EvRejected:
		// The agent is blocked until its status is set again (docs/routing.md#offer-accept-miss-reject-and-acw).
		if p := d.agents[ev.AgentID]; p != nil {
			d.t.Clock.Schedule(0, func() { d.reset(p) })
		}
	case service.EvAbandoned:
		c.abandoned = true
		d.col.abandoned(ev.Time, c.queued, c.queueID)
	case service.EvDisconnected:
		if c.ended.IsZero() {
			c.ended = ev.Time
		}
		if ev.AgentID != "" && c.connected {
			c.timers++
			d.t.Clock.Schedule(c.acw, c.fns.clearACW)
			return
		}
		if c.queued.IsZero() {
			d.ended++
		}
		d.close(c, ev.Time)
	case service.EvACWEnded:
		if c.track == nil { // not connected: an agent "" as the collector had it
			c.track = d.col.track("")
		}
		d.col.agent(ev.Time, c.track, nil, -1)
		d.close(c, ev.Time)
		if ts := d.types[c.typ]; len(ts.ct.Transcripts) > 0 {
			turns := fill(ts.ct.Transcripts[ts.rnd.IntN(len(ts.ct.Transcripts))], ts.ct.Attributes)
			iid, id, talk := d.ids.InstanceID, c.id(), c.handle
			d.t.Clock.Schedule(0, func() { d.transcript(iid, id, talk, turns) })
		}
	}
}

// track is agent id's occupancy in the collector, kept on its plan p
// when it has one.
func (d *driver) track(p *agentPlan, id string) *agentTrack {
	if p == nil {
		return d.col.track(id)
	}
	if p.track == nil {
		p.track = d.col.track(id)
	}
	return p.track
}

// close forgets a finished contact, keeping its record when asked.
func (d *driver) close(c *contact, t time.Time) {
	delete(d.active, c.eng)
	defer d.release(c)
	if !d.opts.KeepContacts || c.queued.IsZero() {
		return
	}
	r := ContactRecord{Type: int(c.typ), QueueID: c.queueID, Queued: c.queued, Disconnected: c.ended, Answered: c.connected, Abandoned: c.abandoned}
	if c.connected {
		r.Wait = c.answered.Sub(c.queued)
	} else {
		r.Wait = t.Sub(c.queued)
	}
	d.records.add(r, &d.types[c.typ].queue)
}

// transcript stores a completed contact's transcript through the service,
// as POST /_local/instances/{IID}/contacts/{CID}/transcript does, so the
// contact search finds it; the turns share the talk time evenly. It runs
// from a clock timer, outside the service lock.
func (d *driver) transcript(instanceID, contactID string, talk time.Duration, turns []scenario.Turn) {
	segs := make([]service.TranscriptSegment, len(turns))
	each := talk.Milliseconds() / int64(max(len(turns), 1))
	for i, t := range turns {
		segs[i] = service.TranscriptSegment{ParticipantRole: t.Role, Content: t.Text,
			BeginOffsetMillis: int64(i) * each, EndOffsetMillis: int64(i+1) * each}
	}
	if _, err := d.t.Service.AddTranscript(d.t.Scope, instanceID, contactID, segs, true); err != nil {
		d.fail(fmt.Errorf("transcript of %s: %w", contactID, err))
	}
	if sink := d.opts.Transcripts; sink != nil {
		sink.Transcript(instanceID, contactID, turns)
	}
}

// reuseContacts lets closed contacts be reused (a variable for the
// test that runs without).
var reuseContacts = true

// newContact is a zero contact (but for its fns), a released one if
// any; d.mu held.
func (d *driver) newContact() *contact {
	if n := len(d.free); n > 0 {
		c := d.free[n-1]
		d.free[n-1] = nil
		d.free = d.free[:n-1]
		return c
	}
	c := &contact{}
	c.fns = &contactFns{
		patience: func() { d.patienceOut(c) },
		hangUp:   func() { d.act(c.agent(), c.id(), service.ActHangUp); d.fired(c) },
		clearACW: func() { d.act(c.agent(), c.id(), service.ActClearACW); d.fired(c) },
	}
	return c
}

// release marks c closed and, once no pending timer holds it (its
// functions read it when they run), zeroes it for newContact; d.mu held.
func (d *driver) release(c *contact) {
	c.closed = true
	if c.timers > 0 || !reuseContacts {
		return
	}
	*c = contact{fns: c.fns}
	d.free = append(d.free, c)
}

// fired is the end of a timer function that held c.
func (d *driver) fired(c *contact) {
	d.mu.Lock()
	defer d.mu.Unlock()
	c.timers--
	if c.closed {
		d.release(c)
	}
}

// patienceOut is the customer giving up, if it still waits.
func (d *driver) patienceOut(c *contact) {
	defer d.fired(c)
	d.mu.Lock()
	waiting := d.active[c.eng] == c && !c.connected
	d.mu.Unlock()
	if !waiting {
		return
	}
	if err := d.t.Service.EndCustomer(d.t.Scope, d.ids.InstanceID, c.id()); err != nil {
		d.fail(fmt.Errorf("abandon %s: %w", c.id(), err))
	}
}

// act is an agent's action; a conflict (the engine already moved on, e.g.
// its own ACW limit ended the work) is not an error.
func (d *driver) act(agent, contactID, action string) {
	err := d.t.Service.AgentAction(d.t.Scope, d.ids.InstanceID, agent, contactID, action)
	if err != nil && service.KindOf(err) != service.KindConflict {
		d.fail(fmt.Errorf("%s %s by %s: %w", action, contactID, agent, err))
	}
}

// reset sets a blocked agent's status again, which clears the block.
func (d *driver) reset(p *agentPlan) {
	d.mu.Lock()
	status := p.intended
	d.mu.Unlock()
	if err := d.t.Service.PutUserStatus(d.t.Scope, d.ids.InstanceID, p.id, status); err != nil {
		d.fail(fmt.Errorf("reset status of %s: %w", p.id, err))
	}
}

// fill replaces {attribute} in a transcript with the contact's values.
func fill(t scenario.Transcript, attrs map[string]string) []scenario.Turn {
	out := make([]scenario.Turn, len(t))
	keys := make([]string, 0, len(attrs))
	for k := range attrs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for i, turn := range t {
		for _, k := range keys {
			turn.Text = strings.ReplaceAll(turn.Text, "{"+k+"}", attrs[k])
		}
		out[i] = turn
	}
	return out
}
