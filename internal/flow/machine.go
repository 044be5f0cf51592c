package flow

import (
	"fmt"
	"maps"
	"math"
	"sync"
	"time"
)

// An Execution is one run of a flow for a contact, as a value: the current
// block, loop counters, flow attributes, the module stack, the stored
// customer input, $.External and $.Lex. It advances until it needs something
// from outside and then returns a Request; the caller fulfils it and calls
// Resume with the Response. The engine, the test-case runner and unit tests
// all drive executions this way (docs/flows.md#the-flow-runtime).
//
// An Execution never reads the clock or does I/O: the caller passes the
// time in, and everything else arrives through Env (synchronous lookups of
// the caller's configuration) or a Response.
type Execution struct {
	Contact ContactData
	// FlowID is the flow (or module) running now.
	FlowID string
	// Attributes are the contact's user-defined attributes ($.Attributes).
	Attributes map[string]string
	// FlowAttributes are $.FlowAttributes, cleared by TransferToFlow.
	// FlowAttributes and Tags are made by the first block that sets one.
	FlowAttributes map[string]string
	// External is the last Lambda answer ($.External).
	External any
	// Lex is the last bot interaction ($.Lex).
	Lex *LexResult
	// StoredInput is $.StoredCustomerInput.
	StoredInput string
	// Working queue.
	QueueID, QueueARN, QueueName string
	AgentQueue                   bool
	hasStored                    bool // StoredInput was set
	// Contact data the flow may change.
	Name, Description, LanguageCode, Voice string
	Tags                                   map[string]string
	// Routing the flow set.
	RoutingCriteria            []RoutingStep
	QueuePriority              *int64
	QueueTimeAdjustmentSeconds *int64
	// Log lists every block run (the flow log).
	Log []LogEntry

	env     Env
	onBlock func(LogEntry)
	flow    *Flow
	current string
	loops   map[string]int
	modules []frame
	// steps and max count blocks.
	steps   int32
	max     int32
	pending *pending // nil, or &waits
	waits   pending
	done    ended
	// asked is the room of the request a block asks for (ask): the
	// caller gets a copy, so a block asking allocates no request.
	asked Request
}

// ended is how an execution ended (set once it has): the fields of its
// ReqDone request that ending sets, and the whole request in the rare case
// it carries more. It is part of the execution, so that ending allocates
// nothing.
type ended struct {
	action, typ, flowID, queueID, err string
	outcome                           Outcome
	set, agentQueue                   bool
	full                              *Request
}

func newEnded(r Request) ended {
	if r.Kind != ReqDone || r.Text != "" || r.SSML != "" || r.PromptID != "" || r.Messages != nil || r.Timeout != 0 || r.MaxDigits != 0 ||
		r.Terminator != "" || r.FunctionARN != "" || r.Payload != nil || r.BotAliasARN != "" || r.Params != nil {
		full := r // r itself does not escape: most ends are small
		return ended{set: true, full: &full}
	}
	return ended{set: true, action: r.Action, typ: r.Type, flowID: r.FlowID, queueID: r.QueueID, err: r.Error, outcome: r.Outcome, agentQueue: r.AgentQueue}
}

func (d *ended) request() Request {
	if d.full != nil {
		return *d.full
	}
	return Request{Kind: ReqDone, Action: d.action, Type: d.typ, FlowID: d.flowID, QueueID: d.queueID, Error: d.err,
		Outcome: d.outcome, AgentQueue: d.agentQueue}
}

// ContactData is what a flow can read about its contact and never change.
type ContactData struct {
	ContactID, InitialContactID, PreviousContactID string
	Channel, InitiationMethod, InstanceARN         string
	CustomerEndpoint, SystemEndpoint               string
	// OutboundCallStatus is CheckOutboundCallStatus's answer: CallAnswered,
	// VoicemailBeep, VoicemailNoBeep or NotDetected.
	OutboundCallStatus string
}

// LexResult is $.Lex after ConnectParticipantWithLexBot.
type LexResult struct {
	IntentName        string
	Slots             map[string]string
	SessionAttributes map[string]string
	Sentiment         string
}

type frame struct {
	flow   *Flow
	flowID string
	next   string
}

// pending remembers the block waiting for a Response.
type pending struct {
	action *Action
	kind   RequestKind
	params map[string]string
	entry  int // index of its log entry
}

// Env answers the caller's configuration synchronously. Implementations
// must not block and must not call back into the Execution.
type Env interface {
	// Queue resolves a queue (or, for Agent, a user's agent queue).
	Queue(ref QueueRef) QueueInfo
	// Flow resolves a published flow or module by ID or ARN.
	Flow(idOrARN string, module bool) (*Flow, string, error)
	// InHours reports whether hours (an ID or ARN; "" for the working
	// queue's hours) are open at now.
	InHours(hours, queueID string, now time.Time) (bool, error)
	// Metric reads a real-time metric of a queue ("" for the working queue).
	Metric(queueID, metric string) (float64, error)
}

// StartInput starts an execution.
type StartInput struct {
	Contact    ContactData
	FlowID     string
	Attributes map[string]string
	QueueID    string
	AgentQueue bool
	Env        Env
	// MaxSteps bounds the blocks run between two requests (0:
	// DefaultMaxSteps).
	MaxSteps int
	// OnBlock, when set, is called as each block starts, with its resolved
	// parameters (the test-case runner's FlowActionStarted events). It must
	// not call back into the Execution.
	OnBlock func(LogEntry)
}

// RequestKind says what an execution needs.
type RequestKind string

const (
	// ReqMessage: say Text/SSML/PromptID (MessageParticipant). Resume with
	// an empty Response once said.
	ReqMessage RequestKind = "Message"
	// ReqMessageLoop: say Messages in a loop (MessageParticipantIteratively)
	// until Interrupt passes (0: until the contact leaves). Resume when it
	// passes.
	ReqMessageLoop RequestKind = "MessageLoop"
	// ReqInput: say the prompt and wait up to Timeout for the customer's
	// DTMF (voice) or text (chat). Resume with Input, or Err
	// ErrInputTimeLimitExceeded.
	ReqInput RequestKind = "Input"
	// ReqLambda: invoke FunctionARN with Payload, within Timeout. Resume
	// with the function's answer in Payload, or Err ErrNoMatchingError.
	ReqLambda RequestKind = "Lambda"
	// ReqLex: say the prompt, take the customer's utterance and send it to
	// the bot BotAliasARN. Resume with Lex, or an Err.
	ReqLex RequestKind = "Lex"
	// ReqWait: wait Timeout (chat and tasks). Resume with Input
	// "CustomerReturned" when the customer came back, else empty.
	ReqWait RequestKind = "Wait"
	// ReqEffect: apply a change to the contact or the center (Type names
	// the block: TagContact, CreateTask, CreateCallbackContact,
	// UpdateContactEventHooks, …) with the resolved Params. Resume with an
	// empty Response, or Err for the error branch.
	ReqEffect RequestKind = "Effect"
	// ReqDone: the execution is over; Outcome says how.
	ReqDone RequestKind = "Done"
)

// Request is what an execution needs before it can go on.
type Request struct {
	Kind     RequestKind
	Action   string // the block's Identifier
	Type     string // the block's Type
	FlowID   string
	Text     string
	SSML     string
	PromptID string
	Messages []string
	// Timeout for ReqInput, ReqLambda, ReqWait; Interrupt for ReqMessageLoop.
	Timeout time.Duration
	// MaxDigits and Terminator bound DTMF input.
	MaxDigits  int
	Terminator string
	// FunctionARN and Payload for ReqLambda (Payload is Connect's
	// ContactFlowEvent); BotAliasARN and SessionAttributes for ReqLex.
	FunctionARN string
	Payload     []byte
	BotAliasARN string
	Params      map[string]string
	// Outcome and Error for ReqDone; QueueID/AgentQueue with OutcomeEnqueue.
	Outcome    Outcome
	QueueID    string
	AgentQueue bool
	Error      string
}

// Response fulfils a Request.
type Response struct {
	// Err, when set, is the error type the block fails with.
	Err     string
	Input   string
	Payload []byte
	Lex     *LexResult
}

// Outcomes of an execution besides those of Run.
const (
	// OutcomeTransferAgent: TransferContactToAgent (agent transfer flows).
	OutcomeTransferAgent Outcome = "TRANSFER_AGENT"
	// OutcomeThirdParty: TransferParticipantToThirdParty left the flow.
	OutcomeThirdParty Outcome = "THIRD_PARTY"
	// OutcomeRequeue: DequeueContactAndTransferToQueue (queue flows).
	OutcomeRequeue Outcome = "REQUEUE"
)

// LogEntry is one block run, for the flow log.
type LogEntry struct {
	Time       time.Time         `json:"Timestamp"`
	FlowID     string            `json:"ContactFlowId"`
	Identifier string            `json:"Identifier"`
	Type       string            `json:"Type"`
	Parameters map[string]string `json:"Parameters,omitempty"`
	Result     string            `json:"Result,omitempty"`
	Branch     string            `json:"Branch,omitempty"`
	Error      string            `json:"Error,omitempty"`

	act *Action // the block, for Log's shared records
}

// Start begins executing f at its StartAction and runs to the first
// request.
func Start(f *Flow, in StartInput, now time.Time) (*Execution, Request) {
	e := New(f, in)
	return e, e.Resume(Response{}, now)
}

// New makes an execution of f that has not run yet: the first Resume runs
// it to its first request. (A caller that must hold the *Execution before
// any block runs, such as an OnBlock hook reading its data, uses New.)
func New(f *Flow, in StartInput) *Execution {
	e, _ := released.Get().(*Execution)
	if e == nil {
		e = new(Execution)
	}
	attrs := e.Attributes // a released execution's, empty
	if attrs == nil {
		attrs = make(map[string]string, len(in.Attributes))
	}
	maps.Copy(attrs, in.Attributes)
	*e = Execution{
		Contact: in.Contact, FlowID: in.FlowID, Attributes: attrs,
		QueueID: in.QueueID, AgentQueue: in.AgentQueue, Log: e.Log,
		env: in.Env, onBlock: in.OnBlock, flow: f, max: int32(min(in.MaxSteps, math.MaxInt32)),
	}
	if e.max <= 0 {
		e.max = DefaultMaxSteps
	}
	if f == nil {
		e.finish(Request{Outcome: OutcomeError, Error: "no flow to run"})
		return e
	}
	e.current = f.StartAction
	e.refreshQueue()
	return e
}

// released are executions given back by Release, with the room of their
// Log and their Attributes map, for New to reuse.
var released sync.Pool

// maxReleasedLog and maxReleasedAttributes bound the room a released
// execution keeps.
const (
	maxReleasedLog        = 32
	maxReleasedAttributes = 32
)

// Release gives an execution its caller is done with back for New to
// reuse (a caller that keeps a compact Log of it, and runs many): after
// it, neither the execution nor its Log or Attributes may be used.
// Requests and log entries read from it before stay valid.
func (e *Execution) Release() {
	log := e.Log
	clear(log)
	if cap(log) > maxReleasedLog {
		log = nil
	}
	attrs := e.Attributes
	if len(attrs) > maxReleasedAttributes {
		attrs = nil
	}
	clear(attrs)
	*e = Execution{Log: log[:0], Attributes: attrs}
	released.Put(e)
}

// Resume gives the pending request's result and runs to the next request.
// Resuming a finished execution answers its ReqDone again.
func (e *Execution) Resume(res Response, now time.Time) Request {
	if e.done.set {
		return e.done.request()
	}
	p := e.pending
	if p == nil {
		return e.advance(now)
	}
	e.pending = nil
	w := *p // a copy: the next block that waits reuses e.waits
	next, stop := e.complete(&w, res, now)
	if stop != nil {
		return *stop
	}
	e.current = next
	return e.advance(now)
}

// Done reports whether the execution is over, and how.
func (e *Execution) Done() (Request, bool) {
	if !e.done.set {
		return Request{}, false
	}
	return e.done.request(), true
}

// Current names the block that runs next (or waits).
func (e *Execution) Current() string { return e.current }

// SetEnv replaces the execution's Env (an execution restored by a new
// engine).
func (e *Execution) SetEnv(env Env) { e.env = env }

// advance runs blocks until one needs the caller.
func (e *Execution) advance(now time.Time) Request {
	for steps := 0; ; steps++ {
		if e.current == "" {
			if len(e.modules) > 0 {
				// A module ran off its end: return as EndFlowModuleExecution would.
				e.popModule()
				continue
			}
			return e.finish(Request{Outcome: OutcomeEnd})
		}
		if steps == int(e.max) {
			return e.finish(Request{Outcome: OutcomeError,
				Error: fmt.Sprintf("the flow ran %d blocks without waiting for anything; stopped at %q", e.max, e.current)})
		}
		a := e.flow.byID[e.current]
		if a == nil {
			return e.finish(Request{Outcome: OutcomeError, Error: fmt.Sprintf("no block %q", e.current)})
		}
		e.steps++
		idx := len(e.Log)
		e.Log = append(e.Log, LogEntry{Time: now, FlowID: e.FlowID, Identifier: a.Identifier, Type: a.Type, Parameters: e.logParams(a), act: a})
		if e.onBlock != nil {
			e.onBlock(e.Log[idx])
		}
		out := e.block(a, idx, now)
		switch {
		case out.end != "":
			r := Request{Kind: ReqDone, Action: a.Identifier, Type: a.Type, FlowID: e.FlowID, Outcome: out.end}
			if out.endQueue {
				r.QueueID, r.AgentQueue = e.QueueID, e.AgentQueue
			}
			e.Log[idx].Result = string(r.Outcome)
			return e.finish(r)
		case out.req != nil:
			r := out.req
			r.Action, r.Type, r.FlowID = a.Identifier, a.Type, e.FlowID
			if r.Kind == ReqDone {
				e.Log[idx].Result = string(r.Outcome)
				return e.finish(*r)
			}
			e.waits = pending{action: a, kind: r.Kind, params: r.Params, entry: idx}
			e.pending = &e.waits
			e.Log[idx].Result = waitingResult(r.Kind)
			return *r
		case out.stop != nil:
			return *out.stop
		}
		e.current = out.next
	}
}

// Keep is a request the execution returned, req, kept for as long as it
// waits for it: while it waits (Resume returned req and was not called
// again), its own room, which holds req (nothing is allocated), else a
// copy of req. The caller must not change it, nor read it once it resumes
// or releases the execution.
func (e *Execution) Keep(req Request) *Request {
	if e.pending != nil {
		return &e.asked
	}
	c := req
	return &c
}

// waitingResult is the Result of the log entry of a block that waits for
// a request of kind k: a constant for the kinds there are.
func waitingResult(k RequestKind) string {
	switch k {
	case ReqMessage:
		return "waiting: " + string(ReqMessage)
	case ReqMessageLoop:
		return "waiting: " + string(ReqMessageLoop)
	case ReqInput:
		return "waiting: " + string(ReqInput)
	case ReqLambda:
		return "waiting: " + string(ReqLambda)
	case ReqLex:
		return "waiting: " + string(ReqLex)
	case ReqWait:
		return "waiting: " + string(ReqWait)
	case ReqEffect:
		return "waiting: " + string(ReqEffect)
	}
	return "waiting: " + string(k)
}

func (e *Execution) finish(r Request) Request {
	if r.Kind == "" {
		r.Kind = ReqDone
	}
	if r.Outcome == OutcomeEnqueue && r.QueueID == "" {
		r.QueueID, r.AgentQueue = e.QueueID, e.AgentQueue
	}
	e.done = newEnded(r)
	e.current = ""
	e.loops, e.modules, e.pending, e.waits = nil, nil, nil, pending{}
	return r
}

// step is what one block decided: go to next, wait for req, or stop.
type step struct {
	next string
	req  *Request
	stop *Request
	// end, when set, ends the execution that way (a ReqDone, made without
	// an allocation); endQueue ends it into the working queue.
	end      Outcome
	endQueue bool
}

func goTo(n string) step { return step{next: n} }

// ask is the step of a block that asks the caller for r.
func (e *Execution) ask(r Request) step {
	e.asked = r
	return step{req: &e.asked}
}

// branch records the branch taken and goes there.
func (e *Execution) branch(a *Action, idx int, label, target string) step {
	e.Log[idx].Branch = label
	if target == "" && label != "Success" {
		// A branch left unconnected ends the flow, as in the designer.
		return goTo("")
	}
	return goTo(target)
}

// success follows NextAction.
func (e *Execution) success(a *Action, idx int) step {
	return e.branch(a, idx, "Success", a.Transitions.NextAction)
}

// fail takes the block's branch for errType (falling back on
// NoMatchingError), or stops the execution with OutcomeError.
func (e *Execution) fail(a *Action, idx int, errType, why string) step {
	e.Log[idx].Error = errType
	if why != "" {
		e.Log[idx].Result = why
	}
	if t, ok := a.errorTarget(errType, true); ok {
		e.Log[idx].Branch = errType
		return goTo(t)
	}
	r := e.finish(Request{Outcome: OutcomeError, Error: fmt.Sprintf("block %q failed with %s and has no branch for it", a.Identifier, errType)})
	return step{stop: &r}
}

// condition takes the first condition whose operand the test accepts.
func (e *Execution) condition(a *Action, idx int, holds func(Condition) bool) step {
	for _, c := range a.Transitions.Conditions {
		if holds(c.Condition) {
			return e.branch(a, idx, c.Condition.Operator+" "+c.Condition.Operands[0], c.NextAction)
		}
	}
	if t, ok := a.errorTarget(ErrNoMatchingCondition, false); ok {
		e.Log[idx].Branch = ErrNoMatchingCondition
		return goTo(t)
	}
	if a.Transitions.NextAction != "" {
		return e.success(a, idx)
	}
	return e.fail(a, idx, ErrNoMatchingCondition, "no condition matched")
}

// label takes the condition whose Equals operand is name.
func (e *Execution) label(a *Action, idx int, name string) step {
	return e.condition(a, idx, func(c Condition) bool { return c.Operator == "Equals" && c.Operands[0] == name })
}

func (e *Execution) pushModule(f *Flow, id, next string) {
	e.modules = append(e.modules, frame{flow: e.flow, flowID: e.FlowID, next: next})
	e.flow, e.FlowID, e.current = f, id, f.StartAction
}

func (e *Execution) popModule() {
	top := e.modules[len(e.modules)-1]
	e.modules = e.modules[:len(e.modules)-1]
	e.flow, e.FlowID, e.current = top.flow, top.flowID, top.next
}

// refreshQueue fills the working queue's ARN and name from Env.
func (e *Execution) refreshQueue() {
	if e.env == nil || e.QueueID == "" {
		return
	}
	q := e.env.Queue(QueueRef{ID: e.QueueID, Agent: e.AgentQueue})
	if q.Exists {
		e.QueueID, e.QueueARN, e.QueueName = q.ID, q.ARN, q.Name
	}
}

// findEnd is f's first block when it is an EndFlowExecution whose log
// parameters refer to nothing: a run of f logs that block and ends, and
// does nothing else (nil for any other flow). Parse keeps it in f.ends.
func (f *Flow) findEnd() *Action {
	if f.StartAction == "" {
		return nil
	}
	if a := f.byID[f.StartAction]; a != nil && a.Type == TypeEndFlowExecution && a.logStatic && unavailable[a.Type] == "" && !effects[a.Type] {
		return a
	}
	return nil
}

// endsAtOnce is f.ends (nil for no flow).
func (f *Flow) endsAtOnce() *Action {
	if f == nil {
		return nil
	}
	return f.ends
}

// EndsAtOnce is the request a run of f as flow flowID ends with, and
// true, when the run only logs f's first block and ends (EndFlowExecution):
// AppendEnded then stands for New, Resume, Log's Append and Release,
// without an execution. False for any other flow.
func (f *Flow) EndsAtOnce(flowID string) (Request, bool) {
	a := f.endsAtOnce()
	if a == nil {
		return Request{}, false
	}
	return Request{Kind: ReqDone, Action: a.Identifier, Type: a.Type, FlowID: flowID, Outcome: OutcomeEnd}, true
}

// AppendEnded appends to l the log of a run of f (EndsAtOnce) as flow
// flowID at now.
func (l *Log) AppendEnded(f *Flow, flowID string, now time.Time) {
	a := f.endsAtOnce()
	entry := [1]LogEntry{{Time: now, FlowID: flowID, Identifier: a.Identifier, Type: a.Type, Parameters: a.logParams,
		Result: string(OutcomeEnd), act: a}}
	l.Append(entry[:])
}
