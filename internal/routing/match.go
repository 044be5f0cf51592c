package routing

import (
	"slices"
	"sort"
	"sync"
	"time"
)

// Agent is an agent as routing sees it.
type Agent struct {
	ID        string
	ProfileID string
	// Routable: the status is ROUTABLE and no next status is pending (docs/routing.md#routable-status-condition-1).
	Routable bool
	// Blocked: a connection is MISSED, REJECTED or ERROR (docs/routing.md#no-missed-or-rejected-offer-condition-2).
	Blocked bool
	// IdleSince is the start of the agent's idle clock (docs/routing.md#agent-selection); the agent idle
	// longest (earliest IdleSince) is served first.
	IdleSince time.Time
	// Load is the number of slots held per channel (docs/routing.md#channel-capacity-condition-4).
	Load map[string]int
	// Proficiencies by (attribute, value).
	Proficiencies map[Attr]float64
	// Levels, when not nil, holds the same proficiencies as Proficiencies
	// (LevelsOf): Level reads them there instead.
	Levels Levels
	// Steps, when not nil, remembers across passes which routing steps
	// the agent meets. The caller keeps one per agent and gives a new one
	// when the agent's proficiencies change; copies of the Agent share it.
	Steps *StepMemo
}

// StepMemo is the routing steps an agent was found to meet or not, by
// expression (steps are compared by pointer: routing caches evaluations
// of the same *Expression, see Contact.StepKey). It is a short inline list:
// a center's flows use a handful of distinct steps, and a pass reads it for
// every step group of every agent it draws.
type StepMemo struct {
	steps [memoSteps]*Expression
	met   [memoSteps]bool
	n     int
}

// memoSteps is the most steps a StepMemo keeps; past it steps are
// evaluated each time.
const memoSteps = 16

// meets reports whether a meets step x, from m when it knows.
func (m *StepMemo) meets(x *Expression, a *Agent) bool {
	for i, s := range m.steps[:m.n] {
		if s == x {
			return m.met[i]
		}
	}
	ok := x.Matches(a)
	if m.n < memoSteps {
		m.steps[m.n], m.met[m.n] = x, ok
		m.n++
	}
	return ok
}

// Level is the agent's proficiency level in k.
func (a *Agent) Level(k Attr) (float64, bool) {
	if a.Levels != nil {
		return a.Levels.level(k)
	}
	l, ok := a.Proficiencies[k]
	return l, ok
}
func (a *Agent) AgentID() string { return a.ID }

// Levels is an agent's proficiencies as a list: a step's condition is
// looked up by comparing a few strings where a map lookup hashes two
// (step matching runs for many agents on every pass).
type Levels []AttrLevel

// AttrLevel is one proficiency.
type AttrLevel struct {
	Attr
	Level float64
}

// maxLevels is the most proficiencies LevelsOf lists: past it a scan is
// slower than the map.
const maxLevels = 8

// LevelsOf lists m for Agent.Levels; nil (Level reads the map) when m has
// more than a few entries.
func LevelsOf(m map[Attr]float64) Levels {
	if len(m) > maxLevels {
		return nil
	}
	l := make(Levels, 0, len(m))
	for k, v := range m {
		l = append(l, AttrLevel{k, v})
	}
	return l
}

func (l Levels) level(k Attr) (float64, bool) {
	for i := range l {
		if l[i].Attr == k {
			return l[i].Level, true
		}
	}
	return 0, false
}

// Profile is a routing profile as routing sees it.
type Profile struct {
	ID string
	// Concurrency per enabled channel (docs/routing.md#routing-profiles); a missing channel is disabled.
	Concurrency map[string]int
	// AnyChannel[ch] is true when CrossChannelBehavior(ch) is ROUTE_ANY_CHANNEL.
	AnyChannel map[string]bool
	// Tiers are the queue configs grouped by priority, best (lowest) first.
	Tiers []Tier
}

// Tier is the queue configs of one routing-profile priority.
type Tier struct {
	Priority int64
	Configs  []QueueConfig
}

// QueueConfig is one (queue, channel) of a profile.
type QueueConfig struct {
	QueueID string
	Channel string
	Delay   time.Duration
}

// BuildTiers groups configs by priority, lowest first.
func BuildTiers(configs []QueueConfig, priority func(i int) int64) []Tier {
	by := map[int64][]QueueConfig{}
	for i, c := range configs {
		p := priority(i)
		by[p] = append(by[p], c)
	}
	tiers := make([]Tier, 0, len(by))
	for p, cs := range by {
		tiers = append(tiers, Tier{Priority: p, Configs: cs})
	}
	sort.Slice(tiers, func(i, j int) bool { return tiers[i].Priority < tiers[j].Priority })
	return tiers
}

// Snapshot is everything one matching pass reads. Match never modifies it.
type Snapshot struct {
	Now      time.Time
	Agents   []*Agent
	Profiles map[string]*Profile
	// Queues are the standard queues by ID; AgentQueues are agents' own
	// queues by agent (user) ID.
	Queues      map[string]*Queue
	AgentQueues map[string]*Queue
	// Views, when not nil, keeps the profiles resolved against Queues
	// from one pass to the next while Gen stays the same: the caller
	// changes Gen whenever a profile's contents or the set of Queues
	// change (adding contacts to a queue needs no new Gen). Nil resolves
	// the profiles afresh in each pass.
	Views *Views
	Gen   uint64
	// Stable are runs of agents examined only against New (newonly.go),
	// each run in idle order (IdleBefore) and of one profile: the caller
	// promises that none of their agents that is not in Agents too is
	// eligible for any waiting contact that is not in New. New are
	// contacts of standard queues (re-)added since those agents were last
	// examined. An agent also in Agents is examined as one of Agents.
	Stable [][]*Agent
	New    []*Contact
}

// Views is the profile views a caller keeps between passes (Snapshot.Views).
// Passes change it: it serves one caller's passes, one at a time.
type Views struct {
	gen    uint64
	byProf map[*Profile]*profView
	passes uint64 // passes run with it, numbering each
}

// NewViews returns an empty cache of profile views.
func NewViews() *Views { return &Views{byProf: map[*Profile]*profView{}} }

// forGen empties the cache when gen is not the one its views were built for.
func (vs *Views) forGen(gen uint64) {
	if vs.gen != gen {
		vs.gen = gen
		vs.byProf = emptied(vs.byProf)
	}
}

// Offer is one decision of a pass: offer Contact to Agent.
type Offer struct {
	ContactID string
	AgentID   string
	QueueID   string
	Channel   string
}

// pass holds what a pass has decided so far, over the read-only snapshot.
// Its buffers are reused by later passes (passes): a center runs millions
// of passes, each looking at few agents.
type pass struct {
	s      *Snapshot
	taken  map[string]bool
	cursor map[*group]int
	// views are the profiles resolved against the snapshot's queues: the
	// snapshot's cache, or own (emptied at each pass) when it has none;
	// seq numbers this pass among the cache's.
	views *Views
	own   Views
	seq   uint64
	// queues numbers the queues the pass's agents can draw from (qidx
	// indexes them once there are many); left counts each one's contacts
	// not yet taken, total all of them.
	queues  []*Queue
	qidx    map[*Queue]int
	indexed bool // qidx holds queues
	left    []int
	total   int

	agents    agentHeap
	stepCache map[*Expression]bool
	ld        agentLoad
	probe     agentLoad // a stable agent's load before it is drawn (couldTake)

	// news are the snapshot's New contacts, full counts the agents drawn
	// from Agents not drawn yet, newLeft the news not taken yet (newonly.go).
	news          []newContact
	full          int
	newLeft       int
	runs          []run
	pushed        int             // agents pushed in the heap after its start
	fullSet       map[*Agent]bool // s.Agents, when indexed (inAgents)
	indexedAgents bool
}

// passes are the buffers of passes not running.
var passes = sync.Pool{New: func() any {
	return &pass{taken: map[string]bool{}, cursor: map[*group]int{}, own: Views{byProf: map[*Profile]*profView{}}, stepCache: map[*Expression]bool{},
		qidx: map[*Queue]int{}, fullSet: map[*Agent]bool{}}
}}

// manyQueues is how many queues a pass numbers by scanning before it
// indexes them in a map.
const manyQueues = 16

// release empties p and returns it to passes. Its maps are kept unless a
// large pass grew them: emptying or ranging over a map costs its largest
// size.
func (p *pass) release() {
	p.taken = emptied(p.taken)
	p.cursor = emptied(p.cursor)
	p.own.byProf = emptied(p.own.byProf)
	p.views = nil
	p.stepCache = emptied(p.stepCache)
	clear(p.queues)
	p.qidx, p.indexed = emptied(p.qidx), false
	p.queues, p.left, p.total = p.queues[:0], p.left[:0], 0
	// Match's pops and pushes change a copy of the slice: clear as far as
	// it reached.
	clear(p.agents[:min(cap(p.agents), len(p.agents)+p.pushed)])
	p.agents, p.s, p.pushed = p.agents[:0], nil, 0
	clear(p.news)
	clear(p.runs)
	p.news, p.runs, p.full, p.newLeft = p.news[:0], p.runs[:0], 0, 0
	p.fullSet, p.indexedAgents = emptied(p.fullSet), false
	passes.Put(p)
}

func emptied[K comparable, V any](m map[K]V) map[K]V {
	if len(m) > 256 {
		return map[K]V{}
	}
	clear(m)
	return m
}

// profView is a profile as passes use it: its channels and, tier by
// tier, the (queue, channel) configs that name a queue of the snapshot and
// an enabled channel. It stays valid while the snapshot's Gen does and
// the queues of its configs without groups (unresolved) gain no channel;
// qi numbers its queues in the pass seq.
type profView struct {
	prof       *Profile
	chans      []chanView
	cfgs       []cfgView
	tiers      []int    // where each tier's configs end in cfgs
	queues     []*Queue // the configs' queues, each once
	unresolved []int    // the configs whose queue had no entry for the channel
	seq        uint64
	qi         []int // queues[j]'s number in pass seq
	// newSeq is the pass whose news newCands resolved against the view;
	// newAny whether any of them is in one of its configs.
	newSeq   uint64
	newCands []newCand
	newAny   bool
}

// stale reports whether the queue of a config without groups gained a
// channel since v was built (channel entries are only ever added).
func (v *profView) stale() bool {
	for _, i := range v.unresolved {
		cfg := &v.cfgs[i]
		if len(v.queues[cfg.q].byChan) != cfg.slots {
			return true
		}
	}
	return false
}

type chanView struct {
	name string
	conc int
	any  bool // ROUTE_ANY_CHANNEL
}

type cfgView struct {
	q     int // the queue's index in the view's queues
	ch    int // the channel's index in chans
	delay time.Duration
	cg    *chanGroups // the queue's groups of the channel; nil: none yet
	slots int         // when cg is nil, the queue's channel entries then
}

// agentLoad is an agent's slots held during a pass, by the index of the
// channel in its profile's view; blockers counts the channels with a
// contact that do not allow others alongside (docs/routing.md#cross-channel-rule-condition-5),
// channels outside the profile included.
type agentLoad struct {
	n        []int
	blockers int
}

// Match runs one matching pass (docs/routing.md#the-matching-loop): agents in idle order, each
// taking its best eligible contact (docs/routing.md#contact-ordering) until it can take no more. It is
// equivalent to the spec's restart-after-every-offer loop, because an offer
// never makes another contact eligible for an agent that already found none.
//
// The agents are drawn from a heap in idle order and the pass stops as
// soon as no contact its agents could take is left: a new contact in a
// large center with many idle agents costs the agents served before it
// runs out, not every idle agent of its profiles. Stable agents are drawn
// only when eligible for a New contact, and look at those only (newonly.go).
func Match(s *Snapshot) []Offer { return MatchInto(s, nil) }

// MatchInto is Match appending its offers to buf[:0], which a caller
// running many passes reuses.
func MatchInto(s *Snapshot, buf []Offer) []Offer {
	p := passes.Get().(*pass)
	defer p.release()
	p.s = s
	p.views = s.Views
	if p.views == nil {
		p.views = &p.own
	}
	p.views.forGen(s.Gen)
	p.views.passes++
	p.seq = p.views.passes
	var v *profView
	profID := ""
	for _, a := range s.Agents {
		if !a.Routable || a.Blocked {
			continue
		}
		// Agents come grouped by profile: the last lookup is often the one.
		if v == nil || a.ProfileID != profID {
			prof := s.Profiles[a.ProfileID]
			if prof == nil {
				v = nil
				continue
			}
			v, profID = p.view(prof), a.ProfileID
		}
		if aq := p.agentQueue(a); aq != nil {
			p.queue(aq)
		}
		p.agents = append(p.agents, heapAgent{sec: a.IdleSince.Unix(), nsec: int32(a.IdleSince.Nanosecond()), run: -1, a: a, v: v})
	}
	p.full = len(p.agents)
	if len(s.Stable) > 0 && len(s.New) > 0 {
		p.addStable()
	}
	if p.total == 0 {
		return nil // nothing waits where these agents could take it
	}
	h := p.agents
	h.init()
	ld := &p.ld
	offers := buf[:0]
	for p.total > 0 && len(h) > 0 {
		if p.full == 0 && p.newLeft == 0 {
			break // only stable agents are left, and nothing new for them
		}
		next := h.pop()
		a, v := next.a, next.v
		only := next.run >= 0
		if only {
			if p.newLeft == 0 {
				continue // and the run ends
			}
			p.advance(&h, int(next.run))
			if p.inAgents(a) {
				continue
			}
		} else {
			p.full--
		}
		v.load(a, ld)
		if !v.hasFreeSlot(ld) {
			continue
		}
		if a.Steps == nil {
			clear(p.stepCache)
		}
		for c, qi := p.next(a, v, ld, only); c != nil; c, qi = p.next(a, v, ld, only) {
			p.taken[c.ID] = true
			p.left[qi]--
			p.total--
			if p.newLeft > 0 {
				p.takeNew(c)
			}
			ch := v.chanIndex(c.Channel)
			ld.n[ch]++
			if ld.n[ch] == 1 && !v.chans[ch].any {
				ld.blockers++
			}
			offers = append(offers, Offer{ContactID: c.ID, AgentID: a.ID, QueueID: c.QueueID, Channel: c.Channel})
			if p.total == 0 {
				break
			}
		}
	}
	return offers
}

// agentHeap is a pass's agents with their profiles' views, a binary
// min-heap in idle order (earliest IdleSince, then ID). Each entry holds
// its agent's idle time as a key: the compares read no agent.
type agentHeap []heapAgent

type heapAgent struct {
	sec  int64 // IdleSince as Unix seconds and nanoseconds
	nsec int32
	run  int32 // a Stable agent's run (examined against the new contacts only); -1: one of Agents
	a    *Agent
	v    *profView
}

func (h agentHeap) less(i, j int) bool {
	x, y := &h[i], &h[j]
	if x.sec != y.sec {
		return x.sec < y.sec
	}
	if x.nsec != y.nsec {
		return x.nsec < y.nsec
	}
	return x.a.ID < y.a.ID
}

func (h agentHeap) init() {
	for i := len(h)/2 - 1; i >= 0; i-- {
		h.down(i)
	}
}

// pop removes the first agent in idle order and returns it.
func (h *agentHeap) pop() heapAgent {
	old := *h
	n := len(old) - 1
	first := old[0]
	old[0] = old[n]
	*h = old[:n]
	h.down(0)
	return first
}

func (h agentHeap) down(i int) {
	n := len(h)
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		j := l
		if r := l + 1; r < n && h.less(r, l) {
			j = r
		}
		if !h.less(j, i) {
			return
		}
		h[i], h[j] = h[j], h[i]
		i = j
	}
}

// queue numbers q in the pass (once) and returns its number.
func (p *pass) queue(q *Queue) int {
	if p.indexed {
		if i, ok := p.qidx[q]; ok {
			return i
		}
	} else {
		for i, o := range p.queues {
			if o == q {
				return i
			}
		}
	}
	i := len(p.queues)
	p.queues = append(p.queues, q)
	p.left = append(p.left, q.Len())
	p.total += q.Len()
	if p.indexed {
		p.qidx[q] = i
	} else if len(p.queues) > manyQueues {
		p.indexed = true
		for j, o := range p.queues {
			p.qidx[o] = j
		}
	}
	return i
}

// view is prof resolved against the snapshot, its queues numbered in the
// pass: built when the cache has no valid view of it, numbered once per
// pass.
func (p *pass) view(prof *Profile) *profView {
	v := p.views.byProf[prof]
	if v == nil || v.stale() {
		v = p.build(prof)
		p.views.byProf[prof] = v
	}
	if v.seq != p.seq {
		v.seq = p.seq
		for j, q := range v.queues {
			v.qi[j] = p.queue(q)
		}
	}
	return v
}

// build resolves prof against the snapshot's queues.
func (p *pass) build(prof *Profile) *profView {
	v := &profView{prof: prof}
	for ch, conc := range prof.Concurrency {
		v.chans = append(v.chans, chanView{name: ch, conc: conc, any: prof.AnyChannel[ch]})
	}
	for _, tier := range prof.Tiers {
		for _, cfg := range tier.Configs {
			ch := v.chanIndex(cfg.Channel)
			if ch < 0 || v.chans[ch].conc <= 0 {
				continue // a channel the agent cannot take
			}
			q := p.s.Queues[cfg.QueueID]
			if q == nil {
				continue
			}
			j := slices.Index(v.queues, q)
			if j < 0 {
				j = len(v.queues)
				v.queues = append(v.queues, q)
			}
			cv := cfgView{q: j, ch: ch, delay: cfg.Delay, cg: q.chanEntry(cfg.Channel)}
			if cv.cg == nil {
				cv.slots = len(q.byChan)
				v.unresolved = append(v.unresolved, len(v.cfgs))
			}
			v.cfgs = append(v.cfgs, cv)
		}
		v.tiers = append(v.tiers, len(v.cfgs))
	}
	v.qi = make([]int, len(v.queues))
	return v
}

// chanIndex is the channel's index in v.chans, -1 when the profile does
// not list it.
func (v *profView) chanIndex(ch string) int {
	for i := range v.chans {
		if v.chans[i].name == ch {
			return i
		}
	}
	return -1
}

// load sets ld to the agent's load as of the snapshot. The profile's
// channels are looked up in the agent's load; only a load on a channel
// outside the profile needs a walk over it.
func (v *profView) load(a *Agent, ld *agentLoad) {
	ld.n = slices.Grow(ld.n[:0], len(v.chans))[:len(v.chans)]
	clear(ld.n)
	ld.blockers = 0
	if len(a.Load) == 0 {
		return
	}
	seen := 0
	for i := range v.chans {
		n, ok := a.Load[v.chans[i].name]
		if !ok {
			continue
		}
		seen++
		ld.n[i] = n
		if n > 0 && !v.chans[i].any {
			ld.blockers++
		}
	}
	if seen == len(a.Load) {
		return
	}
	for ch, n := range a.Load {
		if n > 0 && v.chanIndex(ch) < 0 && !v.prof.AnyChannel[ch] {
			ld.blockers++
		}
	}
}

// canTake checks capacity (docs/routing.md#channel-capacity-condition-4) and the cross-channel rule
// (docs/routing.md#cross-channel-rule-condition-5) for the channel of index i.
func (v *profView) canTake(ld *agentLoad, i int) bool {
	c := &v.chans[i]
	if c.conc <= 0 || ld.n[i] >= c.conc {
		return false
	}
	others := ld.blockers
	if ld.n[i] > 0 && !c.any {
		others-- // the channel itself does not count
	}
	return others == 0
}

func (v *profView) hasFreeSlot(ld *agentLoad) bool {
	for i := range v.chans {
		if v.canTake(ld, i) {
			return true
		}
	}
	return false
}

// HasFreeSlot reports whether an agent with this profile and load could take
// a contact on some channel (docs/routing.md#channel-capacity-condition-4–docs/routing.md#cross-channel-rule-condition-5).
//
// A channel with a contact that allows no other alongside (a blocker) can
// only take more of its own channel, so with one blocker only it is
// checked, with two none, and with none any channel with a free slot does.
func HasFreeSlot(prof *Profile, load map[string]int) bool {
	if prof == nil {
		return false
	}
	blocker, blockers := "", 0
	for ch, n := range load {
		if n > 0 && !prof.AnyChannel[ch] {
			blocker = ch
			if blockers++; blockers > 1 {
				return false
			}
		}
	}
	if blockers == 1 {
		conc, ok := prof.Concurrency[blocker]
		return ok && conc > 0 && load[blocker] < conc
	}
	for ch, conc := range prof.Concurrency {
		if conc > 0 && load[ch] < conc {
			return true
		}
	}
	return false
}

func copyLoad(m map[string]int) map[string]int {
	out := make(map[string]int, len(m)+1)
	for k, v := range m {
		out[k] = v
	}
	return out
}

// agentQueue is the agent's own queue in the snapshot, nil when it has
// none (most snapshots have no agent queue at all: no lookup then).
func (p *pass) agentQueue(a *Agent) *Queue {
	if len(p.s.AgentQueues) == 0 {
		return nil
	}
	return p.s.AgentQueues[a.ID]
}

// best returns the agent's best eligible contact and the number of its
// queue, or nil.
func (p *pass) best(a *Agent, v *profView, ld *agentLoad) (*Contact, int) {
	// Agent-queue contacts outrank every standard-queue contact (docs/routing.md#agent-queue-first-key-1);
	// routing criteria do not apply there (docs/routing.md#routing-criteria-condition-7).
	if aq := p.agentQueue(a); aq != nil {
		if qi := p.queue(aq); p.left[qi] > 0 {
			var best *Contact
			for _, g := range aq.order {
				if i := v.chanIndex(g.key.channel); i < 0 || !v.canTake(ld, i) {
					continue
				}
				if c := p.first(g, 0); c != nil && (best == nil || before(c, best)) {
					best = c
				}
			}
			if best != nil {
				return best, qi
			}
		}
	}
	start := 0
	for _, end := range v.tiers {
		var best *Contact
		bestQ := -1
		for i := start; i < end; i++ {
			cfg := &v.cfgs[i]
			qi := v.qi[cfg.q]
			if cfg.cg == nil || p.left[qi] == 0 || !v.canTake(ld, cfg.ch) {
				continue
			}
			for _, g := range cfg.cg.groups {
				if g.step != nil && !p.meets(a, g.step) {
					continue
				}
				if c := p.first(g, cfg.delay); c != nil && (best == nil || before(c, best)) {
					best, bestQ = c, qi
				}
			}
		}
		if best != nil {
			return best, bestQ
		}
		start = end
	}
	return nil, -1
}

// meets reports whether a meets step x, evaluated once per pass (or
// remembered across passes in a.Steps).
func (p *pass) meets(a *Agent, x *Expression) bool {
	if a.Steps != nil {
		return a.Steps.meets(x, a)
	}
	ok, seen := p.stepCache[x]
	if !seen {
		ok = x.Matches(a)
		p.stepCache[x] = ok
	}
	return ok
}

// first returns g's first contact not yet taken in this pass that has
// waited at least delay (docs/routing.md#queue-delay-condition-6).
func (p *pass) first(g *group, delay time.Duration) *Contact {
	i := p.cursor[g]
	for i < len(g.contacts) && p.taken[g.contacts[i].ID] {
		i++
	}
	p.cursor[g] = i
	for ; i < len(g.contacts); i++ {
		c := g.contacts[i]
		if p.taken[c.ID] {
			continue
		}
		if p.s.Now.Sub(c.EnqueuedAt) >= delay {
			return c
		}
	}
	return nil
}
