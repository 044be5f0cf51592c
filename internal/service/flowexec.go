package service

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"github.com/connect-local/connect-local/internal/engine"
	"github.com/connect-local/connect-local/internal/flowres"
	"strings"
	"time"

	"github.com/connect-local/connect-local/internal/flow"
)

// A contact's flows run on the flow runtime (package flow, docs/flows.md#the-flow-runtime): the
// service starts an execution, carries out each request it returns —
// says messages (recorded with the time), waits for the customer's input
// (POST /_local/…/customer-input) or a timer on the service clock, calls
// Lambda and Lex outside the service lock — and resumes it, until the
// execution enqueues, transfers or ends the contact.

// contactFlow is a contact's flow execution and what the system said. It
// is kept as long as its contact: once the flow is over (over), only its
// log, what it said and the hooks it set stay.
type contactFlow struct {
	// run is the running execution (in the same allocation); zero once it is over.
	run flowRun
	// log holds the entries of the contact's earlier flows on this side
	// and, once the execution is over, its own.
	log flow.Log
	// more is what the flows said and the hooks they set (nil: nothing).
	more *flowMore
	// role is what the execution runs: roleContact the contact's flow,
	// else an event flow (queueflows.go: roleQueue, roleAgentWhisper, …).
	role flowRole
	// stopped: the event flow no longer applies (a hold flow after
	// resume, a disconnect flow that ended); it resumes no more.
	stopped bool
}

// flowRun is a running execution.
type flowRun struct {
	exec *flow.Execution
	// pending is the request the execution waits for (nil: none).
	pending *flow.Request
	seq     uint64 // moves at every resume; a late answer for an older request is dropped
}

// flowMore is what a contact's flows said and the hooks they set.
type flowMore struct {
	said  []Said
	hooks map[string]string // UpdateContactEventHooks
	first [1]Said           // said's first room: one object for both
}

// Said is one thing the system said to the customer.
type Said struct {
	Time     time.Time
	Text     string
	PromptID string
	Action   string
	// Role is the event flow that said it ("" the contact's flow);
	// AGENT_WHISPER and AGENT_HOLD are heard by the agent.
	Role string
	// PromptName is the name of the prompt PromptID named (internal/flowres prompts.go).
	PromptName string
}

// FlowLog is a contact's flow log and what the system said.
type FlowLog struct {
	Entries []flow.LogEntry
	Said    []Said
	// Waiting names what the flow waits for ("" when it is not running).
	Waiting string
}

// instanceEnv answers a flow execution's questions from the instance.
type instanceEnv struct {
	s  *Service
	st *instanceState
}

// flowEnv is the instance's flow.Env, made once: a flow started makes none.
func (st *instanceState) flowEnv(s *Service) *instanceEnv {
	if st.env == nil {
		st.env = &instanceEnv{s: s, st: st}
	}
	return st.env
}

func (e instanceEnv) Queue(ref flow.QueueRef) flow.QueueInfo {
	st := e.st
	if ref.Agent {
		id, ok := resolveID(st.Scope, st.ID, "agent", ref.ID)
		u := st.Users[id]
		if !ok || u == nil {
			return flow.QueueInfo{}
		}
		return flow.QueueInfo{ID: id, Exists: true, AtCapacity: st.Eng.QueueFull(id, true), ARN: u.ARN, Name: u.Username}
	}
	id, ok := resolveID(st.Scope, st.ID, "queue", ref.ID)
	q := st.Queues[id]
	if !ok || q == nil {
		return flow.QueueInfo{}
	}
	return flow.QueueInfo{ID: id, Exists: true, AtCapacity: st.Eng.QueueFull(id, false), ARN: q.ARN, Name: q.Name}
}

// Flow answers a flow (not a module) from the address cache for the configuration
// generation: a flow, version or alias changes only in a configuration commit.
func (e instanceEnv) Flow(idOrARN string, module bool) (*flow.Flow, string, error) {
	at := e.st.cfg.flowAt.At(idOrARN)
	if !module && at.Is(idOrARN) && at.V.gen == e.st.ConfigGen {
		return at.V.f, at.V.id, nil
	}
	content, id, err := e.s.runnableContent(e.st, idOrARN, module)
	if err != nil {
		return nil, "", err
	}
	p, err := e.st.parsedFlows.parse(content)
	if err == nil && !module {
		at.Set(idOrARN, runnable{e.st.ConfigGen, p, id})
	}
	return p, id, err
}

func (e instanceEnv) InHours(hours, queueID string, now time.Time) (bool, error) {
	st, s := e.st, e.s
	if hours == "" {
		q := st.Queues[queueID]
		if q == nil {
			return false, errors.New("no working queue to take hours from")
		}
		hours = q.HoursOfOperationID
	}
	id, _ := resolveID(st.Scope, st.ID, "operating-hours", hours)
	h := st.Hours[id]
	if h == nil {
		return false, errors.New("no such hours of operation: " + hours)
	}
	return flowres.HoursOpenAt(s.FlowRes, st.State, h, now), nil
}

func (e instanceEnv) Metric(queueID, metric string) (float64, error) {
	st := e.st
	id, _ := resolveID(st.Scope, st.ID, "queue", queueID)
	now := e.s.clock.Now()
	switch metric {
	case "NumberOfContactsInQueue", "CONTACTS_IN_QUEUE":
		return float64(st.Eng.Queued(id)), nil
	case "OldestContactInQueueAgeSeconds", "OLDEST_CONTACT_AGE":
		oldest := 0.0
		for _, c := range st.Eng.Contacts() {
			if c.State == StateQueued && c.QueueID == id {
				oldest = max(oldest, now.Sub(c.EnqueueTimestamp.Time()).Seconds())
			}
		}
		return oldest, nil
	case "NumberOfAgentsAvailable", "AGENTS_AVAILABLE", "NumberOfAgentsOnline", "AGENTS_ONLINE", "NumberOfAgentsStaffed", "AGENTS_STAFFED":
		serves := map[string]bool{}
		for _, p := range st.Eng.QueueProfiles(id) {
			serves[p] = true
		}
		n := 0
		for _, a := range st.Eng.AgentStates() {
			u := st.Users[a.UserID]
			if u == nil || !serves[u.RoutingProfileID] {
				continue
			}
			if strings.Contains(metric, "Available") || strings.Contains(metric, "AVAILABLE") {
				if !st.Eng.Available(a.UserID) {
					continue
				}
			}
			n++
		}
		return float64(n), nil
	}
	return 0, errors.New("CheckMetricData: unknown metric " + metric)
}

// startFlow runs flowID for c on the runtime: the engine's FlowRunner
// (engine.go bind). The caller holds st.Mu.
func (s *Service) startFlow(st *instanceState, c *Contact, flowID string) {
	s.startFlowAs(st, c, flowID, roleContact)
}

// startFlowAs runs flowID for c in a role (queueflows.go).
func (s *Service) startFlowAs(st *instanceState, c *Contact, flowID string, role flowRole) {
	env := st.flowEnv(s)
	f, id, err := env.Flow(flowID, false)
	if err != nil {
		s.log.Warn("contact flow could not run", "contact", c.ID, "flow", flowID, "error", err)
		if role == roleContact {
			st.Eng.FlowDone(c, engine.FlowOutcome{})
		}
		return
	}
	old := st.flowOn(c, role)
	cf := st.slots.of(c).flows.newFlow(role, old)
	if old != nil {
		// The new flow's log goes on from the old one's.
		cf.more = old.more
		old.over()
		cf.log = old.log
		st.Eng.CancelFor(flowTimer(old), c.ID)
	}
	st.setFlow(c, cf)
	if req, ok := f.EndsAtOnce(id); ok && role != roleContact { // a flow that only ends: no execution
		now := s.clock.Now()
		s.finishFlow(st, c, cf, req)
		cf.run = flowRun{}
		cf.log.AppendEnded(f, id, now)
		return
	}
	queueID := c.QueueID
	if queueID == "" {
		for _, q := range st.Queues {
			if q.Name == "BasicQueue" {
				queueID = q.ID
			}
		}
	}
	cf.run.exec = flow.New(f, flow.StartInput{
		Contact: flow.ContactData{ContactID: c.ID, InitialContactID: c.InitialContactID, PreviousContactID: c.PreviousContactID,
			Channel: c.Channel, InitiationMethod: c.InitiationMethod, InstanceARN: st.ARN,
			CustomerEndpoint: c.CustomerEndpoint, SystemEndpoint: c.SystemEndpoint, OutboundCallStatus: "CallAnswered"},
		FlowID: id, Attributes: c.Attributes, QueueID: queueID, AgentQueue: c.AgentQueue && queueID == c.QueueID, Env: env,
	})
	s.drive(st, c, cf, s.resumeFlow(cf, flow.Response{}))
}

func (s *Service) resumeFlow(cf *contactFlow, res flow.Response) flow.Request {
	r := &cf.run
	if r.exec == nil {
		return flow.Request{} // over: drive does nothing
	}
	r.seq++
	r.pending = nil
	return r.exec.Resume(res, s.clock.Now())
}

// exec is the running execution (nil once over).
func (cf *contactFlow) exec() *flow.Execution { return cf.run.exec }

// seq is the running execution's resume count (0 once over: a late
// answer finds it moved, as every resume moves it).
func (cf *contactFlow) seq() uint64 { return cf.run.seq }

// wait records the request the execution now waits for.
func (cf *contactFlow) wait(req flow.Request) { cf.run.pending = cf.run.exec.Keep(req) }

// pending is the request the execution waits for (nil: none).
func (cf *contactFlow) pending() *flow.Request { return cf.run.pending }

// waiting is the kind of request the execution waits for ("" none).
func (cf *contactFlow) waiting() flow.RequestKind {
	if p := cf.pending(); p != nil {
		return p.Kind
	}
	return ""
}

// said is what the contact's flows on this side said.
func (cf *contactFlow) said() []Said {
	if cf.more == nil {
		return nil
	}
	return cf.more.said
}

// hooks are the event hooks the flows set (nil: none).
func (cf *contactFlow) hooks() map[string]string {
	if cf.more == nil {
		return nil
	}
	return cf.more.hooks
}

// over keeps only what is read of an execution that runs no more: its log
// joins the contact's.
func (cf *contactFlow) over() {
	if cf.run.exec == nil {
		return
	}
	cf.log.Append(cf.run.exec.Log)
	cf.run.exec.Release()
	cf.run = flowRun{}
}

// entries appends the flow log of this side of the contact to dst.
func (cf *contactFlow) entries(dst []flow.LogEntry) []flow.LogEntry {
	dst = cf.log.AppendTo(dst)
	if e := cf.exec(); e != nil {
		dst = append(dst, e.Log...)
	}
	return dst
}

// drive carries out the execution's requests until it waits or ends. The
// caller holds st.Mu.
func (s *Service) drive(st *instanceState, c *Contact, cf *contactFlow, req flow.Request) {
	for {
		if cf.run.exec == nil {
			return // over (its contact's next flow took its place)
		}
		s.syncContact(c, cf)
		switch req.Kind {
		case flow.ReqMessage:
			if !s.sayPrompt(st, c, cf, req) {
				req = s.resumeFlow(cf, flow.Response{Err: flow.ErrNoMatchingError})
				continue
			}
			req = s.resumeFlow(cf, flow.Response{})
			continue
		case flow.ReqMessageLoop:
			for _, m := range req.Messages {
				s.say(cf, req, m, "")
			}
			cf.wait(req)
			if req.Timeout > 0 {
				s.afterFlow(st, c, cf, req.Timeout, flow.Response{})
			}
		case flow.ReqInput, flow.ReqLex:
			if (req.Kind == flow.ReqLex && !flowres.BotAssociated(s.FlowRes, st.State, c, req.BotAliasARN)) || !s.sayPrompt(st, c, cf, req) {
				req = s.resumeFlow(cf, flow.Response{Err: flow.ErrNoMatchingError})
				continue
			}
			cf.wait(req)
			s.afterFlow(st, c, cf, req.Timeout, flow.Response{Err: flow.ErrInputTimeLimitExceeded})
		case flow.ReqWait:
			cf.wait(req)
			s.afterFlow(st, c, cf, req.Timeout, flow.Response{})
		case flow.ReqLambda:
			cf.wait(req)
			switch {
			case !flowres.LambdaAssociated(st.State, req.FunctionARN):
				s.log.Warn("InvokeLambdaFunction: the function is not associated with the instance (AssociateLambdaFunction); Error branch",
					"contact", c.ID, "function", req.FunctionARN)
				req = s.resumeFlow(cf, flow.Response{Err: flow.ErrNoMatchingError})
				continue
			case !s.lambda.Configured():
				s.log.Warn("InvokeLambdaFunction: no --lambda-endpoint; Error branch", "contact", c.ID, "function", req.FunctionARN)
				req = s.resumeFlow(cf, flow.Response{Err: flow.ErrNoMatchingError})
				continue
			}
			arn, payload, timeout := req.FunctionARN, req.Payload, req.Timeout
			s.answerLater(st, c, cf, func() flow.Response {
				out, err := s.lambda.Invoke(context.Background(), arn, payload, timeout)
				if err != nil {
					s.log.Warn("InvokeLambdaFunction failed; Error branch", "contact", c.ID, "function", arn, "error", err)
					return flow.Response{Err: flow.ErrNoMatchingError}
				}
				return flow.Response{Payload: out}
			})
		case flow.ReqEffect:
			var res flow.Response
			if err := s.applyEffect(st, c, cf, req); err != nil {
				s.log.Warn("flow block failed", "contact", c.ID, "block", req.Action, "type", req.Type, "error", err)
				res.Err = flow.ErrNoMatchingError
			}
			req = s.resumeFlow(cf, res)
			continue
		case flow.ReqDone:
			s.finishFlow(st, c, cf, req)
			cf.over()
		}
		return
	}
}

// afterFlow resumes the execution with res once d has passed on the
// service clock, unless it was resumed otherwise first.
func (s *Service) afterFlow(st *instanceState, c *Contact, cf *contactFlow, d time.Duration, res flow.Response) {
	seq, id := cf.seq(), c.ID
	st.Eng.AfterFor(flowTimer(cf), id, d, func() {
		c := st.Eng.Contact(id)
		if c == nil || !st.current(c, cf) || cf.seq() != seq || !roleLive(c, cf) {
			return
		}
		s.drive(st, c, cf, s.resumeFlow(cf, res))
	})
}

// answerLater runs call outside the instance's lock (Lambda, Lex) and resumes
// the execution with its answer.
func (s *Service) answerLater(st *instanceState, c *Contact, cf *contactFlow, call func() flow.Response) {
	seq, id := cf.seq(), c.ID
	go func() {
		res := call()
		st.Mu.Lock()
		defer st.Mu.Unlock()
		c := st.Eng.Contact(id)
		if st.Deleted || c == nil || !st.current(c, cf) || cf.seq() != seq || cf.stopped {
			return
		}
		s.drive(st, c, cf, s.resumeFlow(cf, res))
		if err := s.flush(st); err != nil {
			s.log.Error("flush after a flow answer", "error", err)
		}
	}()
}

func (s *Service) say(cf *contactFlow, req flow.Request, text, prompt string) {
	if cf.more == nil {
		cf.more = &flowMore{}
	}
	if cf.more.said == nil {
		cf.more.said = cf.more.first[:0:1]
	}
	cf.more.said = append(cf.more.said, Said{Time: s.clock.Now(), Text: text, PromptID: prompt, Action: req.Action, Role: cf.role.String()})
	if !agentRole(cf.role) {
		s.tellSaid(cf, text, prompt)
	}
}

// syncContact copies what the flow changed onto the contact.
func (s *Service) syncContact(c *Contact, cf *contactFlow) {
	e := cf.exec()
	if len(e.Attributes) > 0 {
		if c.Attributes == nil {
			c.Attributes = map[string]string{}
		}
		for k, v := range e.Attributes {
			c.Attributes[k] = v
		}
	}
	for k, v := range e.Tags {
		c.Tags[k] = v
	}
	if e.Name != "" {
		c.Name = e.Name
	}
	if e.Description != "" {
		c.EditExtra().Description = e.Description
	}
}

// finishFlow carries out how the execution left the contact.
func (s *Service) finishFlow(st *instanceState, c *Contact, cf *contactFlow, req flow.Request) {
	if cf.role != roleContact {
		s.finishRoleFlow(st, c, cf, req)
		return
	}
	e := cf.exec()
	out := engine.FlowOutcome{Priority: e.QueuePriority, Adjust: e.QueueTimeAdjustmentSeconds}
	if e.RoutingCriteria != nil {
		out.Criteria = st.Eng.CriteriaFromFlow(e.RoutingCriteria)
	}
	switch req.Outcome {
	case flow.OutcomeEnqueue, flow.OutcomeRequeue, flow.OutcomeTransferAgent:
		out.QueueID, out.AgentQueue = req.QueueID, req.AgentQueue
	default:
		if req.Outcome == flow.OutcomeError {
			s.log.Warn("flow run stopped", "contact", c.ID, "flow", e.FlowID, "error", req.Error)
		}
	}
	st.Eng.FlowDone(c, out)
}

// applyEffect does a block's work on the contact or the center.
func (s *Service) applyEffect(st *instanceState, c *Contact, cf *contactFlow, req flow.Request) error {
	p := req.Params
	switch req.Type {
	case "UpdateContactEventHooks":
		if cf.more == nil {
			cf.more = &flowMore{}
		}
		if cf.more.hooks == nil && len(p) > 0 {
			cf.more.hooks = make(map[string]string, len(p))
		}
		for k, v := range p {
			cf.more.hooks[strings.TrimPrefix(k, "EventHooks.")] = v
		}
	case "CreateCallbackContact":
		q := instanceEnv{s: s, st: st}.Queue(flow.QueueRef{ID: p["QueueId"]})
		if !q.Exists {
			return errors.New("no queue for the callback")
		}
		cb := &Contact{ID: s.newID(), Channel: "VOICE", InitiationMethod: "CALLBACK", PreviousContactID: c.ID,
			InitialContactID: cmp.Or(c.InitialContactID, c.ID), Attributes: copyAttrs(c.Attributes),
			CustomerEndpoint: c.CustomerEndpoint, SystemEndpoint: c.SystemEndpoint, FlowID: c.FlowID,
			InitiationTimestamp: engine.StampOf(s.clock.Now()), Tags: map[string]string{"aws:connect:instanceId": st.ID}}
		cb.SetARNBase(st.contactARNBase())
		st.Eng.StartQueued(cb, q.ID)
	case "CreateTask":
		fid, err := flowres.FlowRef(st.Scope, st.State, p["ContactFlowId"])
		if err != nil {
			return errors.New("CreateTask names no flow")
		}
		task := &Contact{ID: s.newID(), Channel: "TASK", InitiationMethod: "FLOW", Name: p["Name"],
			PreviousContactID: c.ID, InitialContactID: cmp.Or(c.InitialContactID, c.ID), FlowID: fid,
			Attributes: map[string]string{}, InitiationTimestamp: engine.StampOf(s.clock.Now()), Tags: map[string]string{"aws:connect:instanceId": st.ID}}
		for k, v := range p {
			if a, ok := strings.CutPrefix(k, "Attributes."); ok {
				task.Attributes[a] = v
			}
		}
		task.SetARNBase(st.contactARNBase())
		task.SetExtra(engine.ContactExtra{Description: p["Description"]})
		st.Eng.Start(task, false)
	case "UnTagContact":
		var keys []string
		_ = json.Unmarshal([]byte(p["TagKeys"]), &keys)
		for _, k := range keys {
			delete(c.Tags, k)
		}
	}
	return nil
}

// CustomerInput is the customer acting on a contact whose flow waits for
// input: DTMF digits for voice, text for chat (docs/local-api.md).
func (s *Service) CustomerInput(sc Scope, instanceID, contactID, dtmf, text string) error {
	st, err := s.lockInstance(sc, instanceID)
	if err != nil {
		return err
	}
	defer st.Mu.Unlock()
	c, err := s.contactOf(st, contactID)
	if err != nil {
		return err
	}
	cf := st.flowsOf(c).cust
	in := dtmf + text
	if cf == nil || (cf.waiting() != flow.ReqInput && cf.waiting() != flow.ReqLex && cf.waiting() != flow.ReqWait) {
		return invalidRequest("Contact %s is not waiting for customer input.", contactID)
	}
	st.Eng.CancelFor(engine.TimerFlow, c.ID)
	switch cf.waiting() {
	case flow.ReqInput:
		if t := cf.pending().Terminator; t != "" {
			in, _, _ = strings.Cut(in, t)
		}
		s.drive(st, c, cf, s.resumeFlow(cf, flow.Response{Input: in}))
	case flow.ReqWait:
		s.drive(st, c, cf, s.resumeFlow(cf, flow.Response{Input: "CustomerReturned"}))
	case flow.ReqLex:
		req := *cf.pending()
		if !s.lex.Configured() {
			s.log.Warn("ConnectParticipantWithLexBot: no --lex-endpoint; Error branch", "contact", c.ID)
			s.drive(st, c, cf, s.resumeFlow(cf, flow.Response{Err: flow.ErrNoMatchingError}))
			break
		}
		cf.run.seq++ // no timeout fires now
		locale := strings.ReplaceAll(cmp.Or(cf.exec().LanguageCode, "en-US"), "-", "_")
		id := c.ID
		s.answerLater(st, c, cf, func() flow.Response {
			a, err := s.lex.Recognize(context.Background(), req.BotAliasARN, locale, id, in, req.Params, 10*time.Second)
			if err != nil {
				s.log.Warn("Lex RecognizeText failed; Error branch", "contact", id, "error", err)
				return flow.Response{Err: flow.ErrNoMatchingError}
			}
			return flow.Response{Lex: &flow.LexResult{IntentName: a.IntentName, Slots: a.Slots, SessionAttributes: a.SessionAttributes, Sentiment: a.Sentiment}}
		})
	}
	return s.flush(st)
}

// ContactFlowLog is a contact's flow log (GET /_local/…/flow-log).
func (s *Service) ContactFlowLog(sc Scope, instanceID, contactID string) (FlowLog, error) {
	st, err := s.rlockInstance(sc, instanceID)
	if err != nil {
		return FlowLog{}, err
	}
	defer st.Mu.RUnlock()
	c, err := s.contactOf(st, contactID)
	if err != nil {
		return FlowLog{}, err
	}
	f := st.flowsOf(c)
	return flowLogOf(f.cust, f.agent), nil
}
