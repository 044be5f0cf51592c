package engine

import (
	"log/slog"
	"time"

	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/routing"
)

// DefaultRingTimeout is how long an offer rings before it is missed
// (docs/routing.md#offer-accept-miss-reject-and-acw, Appendix A.9); the local API changes it per instance.
const DefaultRingTimeout = 20 * time.Second

// Options configures an Engine.
type Options struct {
	// InstanceID labels the engine's events.
	InstanceID string
	Clock      clock.Clock
	Config     Config
	// Observe receives every event as it happens, synchronously, with the
	// engine in the state the event describes (metrics read it then). It
	// must not call the engine.
	Observe func(Event)
	// Flows runs contacts' flows (FlowRunner); nil ends every contact
	// that would run one.
	Flows FlowRunner
	// Serialize runs the work of a due timer: it takes whatever lock
	// guards the engine (the service: its instance's lock), calls work
	// (which reports false when the timer was stale and did nothing), and
	// persists the Changes. Nil runs work directly (tests).
	Serialize func(work func() bool)
	Logger    *slog.Logger
}

// Engine is one instance's live contact center: contacts, agents' states,
// the routing queues and the timers that move them (docs/routing.md#routing-rules).
// It reads its configuration through Config, takes time from its clock
// and arms timers on it, and holds no storage and no lock: its caller
// serialises every call (the service holds the instance's lock), and
// after each operation takes the Changes to persist. The matcher
// (internal/routing) decides; the engine carries its offers out.
type Engine struct {
	id      string
	clock   clock.Clock
	cfg     Config
	observe func(Event)
	flows   FlowRunner
	serial  func(work func() bool)
	log     *slog.Logger

	contacts map[string]*Contact
	agents   map[string]*AgentState
	queues   map[string]*routing.Queue // standard queues
	agentQs  map[string]*routing.Queue // agent queues, by user ID
	queued   map[string]int            // contacts in queue (incl. ringing), by queue ID
	routed   int                       // contacts in the routing queues (not ringing)
	steps    map[string]internedStep   // by canonical form
	// durations shares the steps' durations (internDuration).
	durations map[int64]*int64
	timers    [timerKinds]map[string]timerEntry // by kind, then contact ID (timerNamed: key)
	ring      time.Duration
	noAnswer  bool // outbound calls go unanswered (SetOutboundAnswer)

	// avail holds the agents that can take a contact now (avail.go);
	// availDirty the agents to re-check at the next pass; configGen the
	// configuration generation the caches were built at.
	avail      map[string]*availAgent
	availDirty []*AgentState // in the order marked (AgentState.recheck)
	// availByProfile is avail by routing profile ID.
	availByProfile map[string]*agentSet
	configGen      uint64
	configSeen     bool
	// timerGen numbers the engine's timers (after).
	timerGen uint64
	// stats counts the engine's work, for tests and diagnostics.
	stats Stats
	// Incremental passes: an available agent that found nothing last pass
	// is only looked at again when a contact is added to a queue its
	// profile serves (profDirty), to its own agent queue (evalDirty), or its
	// own state changes (availDirty). Removing contacts never makes one
	// eligible, and queue delays re-mark their queue when they pass.
	profDirty     idSet
	evalDirty     evalSet
	queueProfiles map[string][]string // queue ID → routing profiles that serve it
	// A contact (re-)added to a standard queue marks the profiles serving
	// it in profNew instead, and is kept in newContacts (newOverflow: there
	// were too many to keep): their agents that are not dirty themselves
	// are examined against the new contacts only (routing.Snapshot.Stable),
	// unless the profile is in profDirty too or newFull says otherwise.
	profNew     idSet
	newContacts []*routing.Contact
	newOverflow bool
	fullCheck   fullCheck
	delays      pendingDelays
	// fullPasses (tests only) examines every agent of a pass fully, as
	// passes did before routing.Snapshot.Stable.
	fullPasses bool
	maxDelay   time.Duration
	// queueDelays are the distinct (channel, delay) queue delays of the
	// profiles, by queue ID.
	queueDelays map[string][]QueueDelay

	// dirtyContacts and dirtyAgents are the change set, in the order
	// first changed (each marked changed while in it); spareContacts and
	// spareAgents the set taken before the last one, emptied for reuse at
	// the next TakeChanges.
	dirtyContacts, spareContacts []*Contact
	dirtyAgents, spareAgents     []*AgentState
	decisions                    decisionLog
	// unavail caches unavailableAgent's views of users the engine has no
	// state of (the others' are on their AgentState) until the agent
	// changes; unavailGen moves when every view is dropped.
	unavail    map[string]*routing.Agent
	unavailGen uint64
	// profileAgents are the users of each routing profile, in ID order;
	// queueAgents the same lists by queue, in queueProfiles' order; loaded
	// counts LoadAgent's calls (decisions.go).
	profileAgents map[string]*profileAgents
	queueAgents   map[string][]*profileAgents
	loaded        uint64

	// scratch is a snapshot reused between passes (see takeSnapshot);
	// loadScratch the map availability counts a load in; loads the
	// single-channel loads views share (channelLoad).
	scratch     *routing.Snapshot
	offerBuf    []routing.Offer // a pass's offers, reused (pass)
	loadScratch map[string]int
	loads       map[loadKey]map[string]int
	canonBuf    []byte // internSteps' canonical form of a step
	// exprScratch is CriteriaFromFlow's conversion, looked up in steps.
	exprScratch exprScratch
	// views are the routing profiles resolved against the queues, kept
	// between passes while viewGen stays: it changes with the
	// configuration and when a standard queue is created.
	views   *routing.Views
	viewGen uint64
}

// Stats counts an engine's work since start-up: routing passes, change
// sets taken, and rebuilds of its configuration caches.
type Stats struct {
	Passes, Flushes, Rebuilds int
}

type timerEntry struct {
	t   clock.Timer
	gen uint64
	fn  func() // what the timer runs: kept here, its clock function is smaller
}

// New returns an empty engine. Load restored state into it, then Restore.
func New(opts Options) *Engine {
	e := &Engine{id: opts.InstanceID, clock: opts.Clock,
		contacts: map[string]*Contact{}, agents: map[string]*AgentState{},
		queues: map[string]*routing.Queue{}, agentQs: map[string]*routing.Queue{}, queued: map[string]int{},
		steps: map[string]internedStep{}, ring: DefaultRingTimeout,
		avail: map[string]*availAgent{}, availByProfile: map[string]*agentSet{},
		queueProfiles: map[string][]string{}, queueDelays: map[string][]QueueDelay{}, unavail: map[string]*routing.Agent{}, profileAgents: map[string]*profileAgents{},
		queueAgents: map[string][]*profileAgents{},
		views:       routing.NewViews(),
	}
	for k := range e.timers {
		e.timers[k] = map[string]timerEntry{}
	}
	e.Bind(opts)
	return e
}

// Bind replaces the engine's clock (when given), configuration and hooks
// (Config, Observe, Serialize, Logger; InstanceID stays): the service
// builds an engine while loading an instance, before the instance it will
// live in is known, and binds it there.
func (e *Engine) Bind(opts Options) {
	if opts.Clock != nil {
		e.clock = opts.Clock
	}
	e.cfg, e.observe, e.flows, e.serial, e.log = opts.Config, opts.Observe, opts.Flows, opts.Serialize, opts.Logger
	if e.flows == nil {
		e.flows = func(c *Contact, _ string) { e.FlowDone(c, FlowOutcome{}) }
	}
	if e.observe == nil {
		e.observe = func(Event) {}
	}
	if e.serial == nil {
		e.serial = func(work func() bool) { work() }
	}
	if e.log == nil {
		e.log = slog.Default()
	}
}

// Changes is what an operation changed, to persist: the contacts and the
// agent states, each once, in the order first changed (the engine
// deletes neither).
type Changes struct {
	Contacts []*Contact
	Agents   []*AgentState
}

// Empty reports whether nothing changed.
func (c Changes) Empty() bool { return len(c.Contacts) == 0 && len(c.Agents) == 0 }

// TakeChanges returns what changed since the last call and starts a new
// change set: from here writing them is the caller's. The lists are the
// caller's until its next call, which reuses them.
func (e *Engine) TakeChanges() Changes {
	ch := Changes{Contacts: e.dirtyContacts, Agents: e.dirtyAgents}
	if !ch.Empty() {
		e.stats.Flushes++
	}
	for _, c := range ch.Contacts {
		c.changed = false
	}
	for _, a := range ch.Agents {
		a.changed = false
	}
	e.dirtyContacts, e.spareContacts = reuseList(e.spareContacts), e.dirtyContacts
	e.dirtyAgents, e.spareAgents = reuseList(e.spareAgents), e.dirtyAgents
	return ch
}

// reuseList empties a change set taken before for reuse (nil when it
// grew large: a rare large set is not kept).
func reuseList[T any](l []*T) []*T {
	if cap(l) > 1024 {
		return nil
	}
	clear(l)
	return l[:0]
}

// PeekChanges is the current change set, without taking it.
func (e *Engine) PeekChanges() Changes {
	return Changes{Contacts: e.dirtyContacts, Agents: e.dirtyAgents}
}

// Waiting reports whether any contact waits in a queue.
func (e *Engine) Waiting() bool { return e.routed > 0 }

// TimerKind is what a timer of the engine is for: with a contact's ID it
// names the timer (AfterFor), so that no key is built to arm or cancel
// one. Arming a name again replaces its timer.
type TimerKind uint8

const (
	timerNamed     TimerKind = iota // a whole key (After; a queue's delay)
	TimerFlow                       // the customer's side of the contact's flow (the service's)
	TimerAgentFlow                  // its agent's side: whisper, hold (the service's)
	timerSchedule                   // the scheduled task falls due
	timerStep                       // the contact's active routing step expires
	timerRing                       // the contact's offer stops ringing
	timerACW                        // the contact's after-contact work ends
	timerKinds
)

// after runs fn through Serialize once d has passed, unless the timer key
// is re-armed or cancelled first, or the engine is stopped.
func (e *Engine) after(key string, d time.Duration, fn func()) { e.afterFor(timerNamed, key, d, fn) }

func (e *Engine) cancel(key string) { e.cancelFor(timerNamed, key) }

// afterFor is after for the timer of that kind and contact.
func (e *Engine) afterFor(kind TimerKind, id string, d time.Duration, fn func()) {
	e.cancelFor(kind, id)
	e.timerGen++
	gen := e.timerGen
	t := e.clock.AfterFunc(d, func() {
		e.serial(func() bool {
			timers := e.timers[kind]
			te, ok := timers[id]
			if !ok || te.gen != gen {
				return false
			}
			delete(timers, id)
			te.fn()
			return true
		})
	})
	e.timers[kind][id] = timerEntry{t: t, gen: gen, fn: fn}
}

func (e *Engine) cancelFor(kind TimerKind, id string) {
	timers := e.timers[kind]
	if te, ok := timers[id]; ok {
		te.t.Stop()
		delete(timers, id)
	}
}

// Stop cancels every timer: the engine's instance is deleted or replaced.
func (e *Engine) Stop() {
	for kind, timers := range e.timers {
		for id := range timers {
			e.cancelFor(TimerKind(kind), id)
		}
	}
}

// touch marks a contact changed (in the next Changes).
func (e *Engine) touch(c *Contact) {
	c.LastUpdateTimestamp = StampOf(e.clock.Now())
	if !c.changed {
		c.changed = true
		e.dirtyContacts = append(e.dirtyContacts, c)
	}
}

func (e *Engine) touchAgent(a *AgentState) {
	if !a.changed {
		a.changed = true
		e.dirtyAgents = append(e.dirtyAgents, a)
	}
	e.agentChanged(a)
}

// agentChanged marks an agent's routing views stale: the matcher's (at
// the next pass) and the one decisions explain with.
func (e *Engine) agentChanged(a *AgentState) {
	if !a.recheck {
		a.recheck = true
		e.availDirty = append(e.availDirty, a)
	}
	a.unavail = nil
	if a.unavailKept {
		a.unavailKept = false
		delete(e.unavail, a.UserID)
	}
}

// idSet is a set of IDs emptied at every routing pass. Its members are
// also kept in insertion order, so walking it costs its size, not the
// largest size it ever had. An ID is a member while has holds it at the
// set's epoch: emptying moves the epoch and deletes nothing (the IDs are
// users and profiles, which stay few).
type idSet struct {
	has   map[string]uint64
	epoch uint64 // 0 until the first add
	list  []string
}

func (s *idSet) add(id string) {
	if s.has == nil {
		s.has, s.epoch = map[string]uint64{}, 1
	}
	if s.has[id] == s.epoch {
		return
	}
	s.has[id] = s.epoch
	s.list = append(s.list, id)
}

func (s *idSet) contains(id string) bool { return s.epoch != 0 && s.has[id] == s.epoch }

// reset empties the set; a list that grew large starts again small.
func (s *idSet) reset() {
	s.epoch++
	if len(s.list) > 1024 {
		s.list = nil
		return
	}
	clear(s.list)
	s.list = s.list[:0]
}

func (e *Engine) emit(ev Event) {
	ev.InstanceID = e.id
	if ev.Agent == nil && ev.AgentID != "" {
		ev.Agent = e.agents[ev.AgentID]
	}
	if ev.Time.IsZero() {
		ev.Time = e.clock.Now()
	}
	e.observe(ev)
}

// Pass runs the matcher over the instance and carries out its offers
// (after a configuration change that may make waiting contacts routable).
func (e *Engine) Pass() { e.pass() }

// After runs fn once d has passed, through Serialize like the engine's own
// timers (so its changes are persisted), unless re-armed under the same
// key or the engine is stopped first: for the caller's per-instance
// timers (the service's stream heartbeat), which then live and die with
// the engine's.
func (e *Engine) After(key string, d time.Duration, fn func()) { e.after(key, d, fn) }

// AfterFor is After for the timer of that kind (TimerFlow,
// TimerAgentFlow) and contact.
func (e *Engine) AfterFor(kind TimerKind, contactID string, d time.Duration, fn func()) {
	e.afterFor(kind, contactID, d, fn)
}

// CancelFor stops the timer of that kind and contact (one set with AfterFor).
func (e *Engine) CancelFor(kind TimerKind, contactID string) { e.cancelFor(kind, contactID) }
