package testcase

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/connect-local/connect-local/internal/flow"
)

// World is the system a test case runs against: the flows and the
// configuration (flow.Env) plus the Lambda and Lex calls.
type World interface {
	flow.Env
	InvokeLambda(functionARN string, payload []byte, timeout time.Duration) ([]byte, error)
	Recognize(aliasARN, locale, sessionID, text string, attrs map[string]string) (*flow.LexResult, error)
}

// Options start a test-case execution.
type Options struct {
	World     World
	FlowID    string // the entry point's flow
	ContactID string
	Channel   string // VOICE (default) or CHAT
	// Start is the virtual timeline's start.
	Start time.Time
	// InitializationData is CreateTestCase's InitializationData (JSON;
	// docs/testing.md#initialization-data).
	InitializationData string
	SourcePhone        string
	DestinationPhone   string
	InstanceARN        string
	// MaxTime bounds the virtual time a test may take (default 1 hour).
	MaxTime time.Duration
	// Stop, when set, is asked before every step; once it answers true
	// the run ends STOPPED (StopTestCaseExecution).
	Stop func() bool
}

// Observation results.
const (
	StatusPassed      = "PASSED"
	StatusFailed      = "FAILED"
	StatusNotObserved = "NOT_OBSERVED"
	StatusStopped     = "STOPPED"
)

// Result is what an execution found.
type Result struct {
	Status             string // PASSED, FAILED or STOPPED
	StartTime, EndTime time.Time
	Observations       []ObservationResult
	// Said lists what the system said, with the time.
	Said []Utterance
	// Log is the flow log.
	Log []flow.LogEntry
	// Outcome is how the flow left the contact.
	Outcome flow.Outcome
}

// ObservationResult is one observation's result.
type ObservationResult struct {
	Identifier string
	Status     string
	Time       time.Time
	Event      string   // what matched
	Failures   []string // assertions that failed
	Logged     map[string]string
}

// Utterance is one thing the system said.
type Utterance struct {
	Time     time.Time
	Text     string
	PromptID string
}

// Passed counts passed observations.
func (r *Result) Passed() int {
	n := 0
	for _, o := range r.Observations {
		if o.Status == StatusPassed {
			n++
		}
	}
	return n
}

type override struct {
	actionType string
	resource   string
	strategy   string
	substitute string
	response   any
}

type runner struct {
	tc        *TestCase
	opts      Options
	now       time.Time
	active    map[string]bool
	results   map[string]*ObservationResult
	inputs    []string
	overrides []*override
	ended     bool
	exec      *flow.Execution
	res       *Result
	capacity  bool // the next transfer finds its queue full (override)
	stopped   bool
}

// Run executes tc against the world's flows on a virtual timeline and
// reports every observation. It never fails: a flow that cannot start is
// a FAILED result naming why.
func Run(tc *TestCase, opts Options) *Result {
	if opts.Channel == "" {
		opts.Channel = "VOICE"
	}
	if opts.MaxTime <= 0 {
		opts.MaxTime = time.Hour
	}
	r := &runner{tc: tc, opts: opts, now: opts.Start, active: map[string]bool{}, results: map[string]*ObservationResult{},
		res: &Result{StartTime: opts.Start}}
	for _, o := range tc.Observations {
		r.active[o.Identifier] = o.startActive
		r.results[o.Identifier] = &ObservationResult{Identifier: o.Identifier, Status: StatusNotObserved}
	}
	r.fire(EvTestInitiated, nil)
	attrs, endpoint := initData(opts.InitializationData)
	if endpoint == "" {
		endpoint = opts.SourcePhone
	}
	f, id, err := opts.World.Flow(opts.FlowID, false)
	var failure string
	if err != nil {
		failure = fmt.Sprintf("the entry point's flow %q cannot run: %v", opts.FlowID, err)
	} else if !r.ended {
		e := flow.New(f, flow.StartInput{
			Contact: flow.ContactData{ContactID: opts.ContactID, Channel: opts.Channel, InitiationMethod: "INBOUND",
				InstanceARN: opts.InstanceARN, CustomerEndpoint: endpoint, SystemEndpoint: opts.DestinationPhone},
			FlowID: id, Attributes: attrs, Env: r, OnBlock: r.onBlock,
		})
		r.exec = e
		r.drive(e.Resume(flow.Response{}, r.now))
		r.res.Log = e.Log
	}
	if !r.stopped {
		r.fire(EvTestCompleted, nil)
	}
	r.res.EndTime = r.now
	r.res.Status = StatusPassed
	for _, o := range tc.Observations {
		or := r.results[o.Identifier]
		if r.stopped && or.Status == StatusNotObserved {
			or.Status = StatusStopped
		}
		if or.Status != StatusPassed && r.res.Status != StatusStopped {
			r.res.Status = StatusFailed
		}
		if r.stopped {
			r.res.Status = StatusStopped
		}
		if failure != "" {
			or.Failures = append(or.Failures, failure)
		}
		r.res.Observations = append(r.res.Observations, *or)
	}
	return r.res
}

// drive answers the execution's requests until it ends, the test ends or
// the time bound passes.
func (r *runner) drive(req flow.Request) {
	deadline := r.opts.Start.Add(r.opts.MaxTime)
	for req.Kind != flow.ReqDone && !r.ended && !r.now.After(deadline) {
		if r.opts.Stop != nil && r.opts.Stop() {
			r.stopped = true
			return
		}
		var res flow.Response
		switch req.Kind {
		case flow.ReqMessage:
			r.say(req.Text+req.SSML, req.PromptID)
		case flow.ReqMessageLoop:
			for _, m := range req.Messages {
				r.say(m, "")
			}
			if req.Timeout == 0 {
				return // the messages loop until the contact leaves
			}
			r.now = r.now.Add(req.Timeout)
		case flow.ReqInput:
			if req.Text+req.SSML+req.PromptID != "" {
				r.say(req.Text+req.SSML, req.PromptID)
			}
			if in, ok := r.input(); ok {
				res.Input = in
			} else {
				r.now = r.now.Add(req.Timeout)
				res.Err = flow.ErrInputTimeLimitExceeded
			}
		case flow.ReqLex:
			if req.Text+req.SSML+req.PromptID != "" {
				r.say(req.Text+req.SSML, req.PromptID)
			}
			res = r.lex(req)
		case flow.ReqLambda:
			res = r.lambda(req)
		case flow.ReqWait:
			r.now = r.now.Add(req.Timeout)
		case flow.ReqEffect:
			// The contact-side effects succeed; the flow log records them.
		}
		req = r.exec.Resume(res, r.now)
	}
	if req.Kind == flow.ReqDone {
		r.res.Outcome = req.Outcome
	}
}

func (r *runner) say(text, prompt string) {
	r.res.Said = append(r.res.Said, Utterance{Time: r.now, Text: text, PromptID: prompt})
	r.fire(EvMessageReceived, map[string]string{"Text": text, "PromptId": prompt})
}

func (r *runner) input() (string, bool) {
	if len(r.inputs) == 0 {
		return "", false
	}
	in := r.inputs[0]
	r.inputs = r.inputs[1:]
	return in, true
}

func (r *runner) onBlock(l flow.LogEntry) {
	props := map[string]string{"ActionType": l.Type}
	for k, v := range l.Parameters {
		props["ActionParameters."+k] = v
	}
	r.fire(EvFlowActionStarted, props)
	if l.Type == flow.TypeTransferContactToQueue {
		if o := r.takeOverride(l.Type, r.exec.QueueID); o != nil && o.strategy == "MockResponse" {
			r.capacity = responseString(o.response, "Result") == "QueueAtCapacity"
		}
	}
}

// fire delivers an event to every active observation it matches.
func (r *runner) fire(typ string, props map[string]string) {
	for _, o := range r.tc.Observations {
		if r.ended {
			return
		}
		if !r.active[o.Identifier] || o.Event.Type != typ || !matches(o.Event, props) {
			continue
		}
		or := r.results[o.Identifier]
		if or.Status == StatusNotObserved {
			or.Status, or.Time = StatusPassed, r.now
			or.Event = describe(typ, props)
		}
		if o.Usage == "EXACTLY" {
			r.active[o.Identifier] = false
		}
		r.act(o, or)
		for _, n := range o.NextObs {
			r.active[n] = true
		}
	}
}

// act runs an observation's actions: from the first action along
// NextAction, or all in order when none names a next one.
func (r *runner) act(o *Observation, or *ObservationResult) {
	chained := false
	targeted := map[string]bool{}
	for _, a := range o.Actions {
		if a.Next != "" {
			chained = true
			targeted[a.Next] = true
		}
	}
	run := o.Actions
	if chained {
		run = nil
		byID := map[string]Action{}
		for _, a := range o.Actions {
			byID[a.Identifier] = a
		}
		for _, a := range o.Actions {
			if targeted[a.Identifier] {
				continue
			}
			for seen := map[string]bool{}; !seen[a.Identifier]; {
				seen[a.Identifier] = true
				run = append(run, a)
				next, ok := byID[a.Next]
				if a.Next == "" || !ok {
					break
				}
				a = next
			}
		}
	}
	for _, a := range run {
		r.do(a, or)
	}
}

func (r *runner) do(a Action, or *ObservationResult) {
	p := a.Parameters
	switch a.Type {
	case ActSendInstruction:
		in, _ := p["Instruction"].(map[string]any)
		props, _ := in["Properties"].(map[string]any)
		v := props["Value"]
		if in["Type"] == "TextUtterance" {
			v = props["Text"]
			if v == nil {
				v = props["SSML"]
			}
		}
		s, _ := str(v)
		r.inputs = append(r.inputs, s)
	case ActAssert:
		ns, _ := p["Namespace"].(string)
		op, _ := p["Operator"].(string)
		operand, _ := str(p["Operand"])
		v, ok := "", false
		if r.exec != nil {
			v, ok = r.exec.Lookup(ns)
		}
		pass := ok
		if op != "Exists" {
			pass = ok && flow.Condition{Operator: op, Operands: []string{operand}}.Holds(v)
		}
		if !pass {
			got := "nothing"
			if ok {
				got = strconv.Quote(v)
			}
			or.Failures = append(or.Failures, fmt.Sprintf("assertion %s: %s %s %q, but it is %s", a.Identifier, ns, op, operand, got))
			or.Status = StatusFailed
		}
	case ActTestControl:
		cmd, _ := p["Command"].(map[string]any)
		switch cmd["Type"] {
		case "EndTest":
			r.ended = true
		case "LogData":
			props, _ := cmd["Properties"].(map[string]any)
			exprs, _ := props["Expressions"].(map[string]any)
			if or.Logged == nil {
				or.Logged = map[string]string{}
			}
			for k, x := range exprs {
				path, _ := x.(string)
				if r.exec != nil {
					or.Logged[k], _ = r.exec.Lookup(path)
				} else {
					or.Logged[k] = ""
				}
			}
		}
	case ActOverride:
		b, _ := p["Behavior"].(map[string]any)
		props, _ := b["Properties"].(map[string]any)
		o := &override{}
		o.actionType, _ = props["ActionType"].(string)
		if ap, ok := props["ActionParameters"].(map[string]any); ok {
			for _, k := range sortedKeys(ap) {
				if s, ok := resourceOf(ap[k]); ok {
					o.resource = s
					break
				}
			}
		}
		s, _ := props["Strategy"].(map[string]any)
		o.strategy, _ = s["Type"].(string)
		o.substitute, _ = s["SubstituteArn"].(string)
		o.response = s["Response"]
		r.overrides = append(r.overrides, o)
	}
}

// takeOverride consumes the oldest override for a block type and resource
// (docs/testing.md#the-language-as-implemented: overrides are single use, first in first out).
func (r *runner) takeOverride(actionType, resource string) *override {
	for i, o := range r.overrides {
		if o.actionType == actionType && (o.resource == "" || resource == "" || sameResource(o.resource, resource)) {
			r.overrides = append(r.overrides[:i], r.overrides[i+1:]...)
			return o
		}
	}
	return nil
}

// Env, with the test's overrides in front of the world.

func (r *runner) Queue(q flow.QueueRef) flow.QueueInfo {
	info := r.opts.World.Queue(q)
	if r.capacity && info.Exists {
		info.AtCapacity = true
		r.capacity = false
	}
	return info
}

func (r *runner) Flow(id string, module bool) (*flow.Flow, string, error) {
	return r.opts.World.Flow(id, module)
}

func (r *runner) InHours(hours, queueID string, now time.Time) (bool, error) {
	if o := r.takeOverride("CheckHoursOfOperation", hours); o != nil {
		switch o.strategy {
		case "MockResponse":
			return strings.EqualFold(responseString(o.response, "Result"), "true"), nil
		case "SubstituteResource":
			hours = o.substitute
		}
	}
	return r.opts.World.InHours(hours, queueID, now)
}

func (r *runner) Metric(queueID, metric string) (float64, error) {
	return r.opts.World.Metric(queueID, metric)
}

func (r *runner) lambda(req flow.Request) flow.Response {
	arn := req.FunctionARN
	if o := r.takeOverride("InvokeLambdaFunction", arn); o != nil {
		switch o.strategy {
		case "MockResponse":
			if s, ok := o.response.(string); ok {
				return flow.Response{Payload: []byte(s)}
			}
			b, _ := json.Marshal(o.response)
			return flow.Response{Payload: b}
		case "SubstituteResource":
			arn = o.substitute
		}
	}
	out, err := r.opts.World.InvokeLambda(arn, req.Payload, req.Timeout)
	if err != nil {
		return flow.Response{Err: flow.ErrNoMatchingError}
	}
	return flow.Response{Payload: out}
}

func (r *runner) lex(req flow.Request) flow.Response {
	text, ok := r.input()
	if !ok {
		r.now = r.now.Add(req.Timeout)
		return flow.Response{Err: flow.ErrInputTimeLimitExceeded}
	}
	alias := req.BotAliasARN
	if o := r.takeOverride("ConnectParticipantWithLexBot", alias); o != nil {
		switch o.strategy {
		case "MockResponse":
			lr := &flow.LexResult{IntentName: responseString(o.response, "IntentName"), Slots: map[string]string{}}
			if m, ok := o.response.(map[string]any); ok {
				if slots, ok := m["Slots"].(map[string]any); ok {
					for k, v := range slots {
						lr.Slots[k], _ = str(v)
					}
				}
			}
			return flow.Response{Lex: lr}
		case "SubstituteResource":
			alias = o.substitute
		}
	}
	lr, err := r.opts.World.Recognize(alias, "", r.opts.ContactID, text, req.Params)
	if err != nil {
		return flow.Response{Err: flow.ErrNoMatchingError}
	}
	return flow.Response{Lex: lr}
}

// matches tests an observation's expected event against what happened.
func matches(ev Event, got map[string]string) bool {
	switch ev.Type {
	case EvMessageReceived:
		return messageMatches(ev.Properties, got)
	case EvFlowActionStarted:
		want, _ := ev.Properties["ActionType"].(string)
		if strings.TrimSpace(want) != got["ActionType"] {
			return false
		}
		ap, _ := ev.Properties["ActionParameters"].(map[string]any)
		for k, v := range flatten("", ap) {
			g, ok := got["ActionParameters."+k]
			if !ok || !sameResource(v, g) {
				return false
			}
		}
	}
	return true
}

func messageMatches(props map[string]any, got map[string]string) bool {
	if p, ok := str(props["PromptId"]); ok && p != "" {
		return got["PromptId"] != "" && sameResource(p, got["PromptId"])
	}
	want, _ := str(props["Text"])
	if want == "" {
		want, _ = str(props["SSML"])
	}
	if want == "" {
		return true
	}
	crit, _ := props["MatchingCriteria"].(string)
	if m, ok := props["MatchingCriteria"].(map[string]any); ok {
		crit, _ = m["Type"].(string)
	}
	have := got["Text"]
	if crit == "Similarity" {
		w, h := normalize(want), normalize(have)
		return w != "" && (strings.Contains(h, w) || strings.Contains(w, h) && h != "")
	}
	return strings.Contains(strings.ToLower(have), strings.ToLower(want))
}

// normalize keeps letters and digits, lower-cased, single-spaced.
func normalize(s string) string {
	var b strings.Builder
	space := false
	for _, c := range strings.ToLower(s) {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c > 127 {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(c)
			space = false
		} else {
			space = true
		}
	}
	return b.String()
}

// sameResource compares IDs and ARNs: equal, or the same last segment.
func sameResource(a, b string) bool {
	if a == b {
		return true
	}
	last := func(s string) string {
		if i := strings.LastIndexAny(s, "/:"); i >= 0 {
			return s[i+1:]
		}
		return s
	}
	return strings.Contains(a+b, "arn:") && last(a) == last(b) && last(a) != ""
}

func resourceOf(v any) (string, bool) {
	if m, ok := v.(map[string]any); ok {
		for _, k := range sortedKeys(m) {
			if s, ok := resourceOf(m[k]); ok {
				return s, true
			}
		}
		return "", false
	}
	s, ok := str(v)
	return s, ok && s != ""
}

func flatten(prefix string, m map[string]any) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		key := k
		if prefix != "" {
			key = prefix + "." + k
		}
		if sub, ok := v.(map[string]any); ok {
			for k2, v2 := range flatten(key, sub) {
				out[k2] = v2
			}
			continue
		}
		out[key], _ = str(v)
	}
	return out
}

func responseString(v any, key string) string {
	if m, ok := v.(map[string]any); ok {
		s, _ := str(m[key])
		return s
	}
	s, _ := str(v)
	return s
}

func str(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case json.Number:
		return x.String(), true
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), true
	case bool:
		return strconv.FormatBool(x), true
	}
	return "", false
}

func sortStrings(s []string) { sort.Strings(s) }

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func describe(typ string, props map[string]string) string {
	switch typ {
	case EvMessageReceived:
		if props["PromptId"] != "" {
			return "prompt " + props["PromptId"]
		}
		return "message " + strconv.Quote(props["Text"])
	case EvFlowActionStarted:
		return "block " + props["ActionType"]
	}
	return typ
}

// initData reads InitializationData: {"ContactAttributes": {...},
// "CustomerEndpoint": "+1..."} (docs/testing.md#initialization-data).
func initData(s string) (map[string]string, string) {
	if strings.TrimSpace(s) == "" {
		return nil, ""
	}
	var d struct {
		ContactAttributes map[string]string
		Attributes        map[string]string
		CustomerEndpoint  string
	}
	if json.Unmarshal([]byte(s), &d) != nil {
		return nil, ""
	}
	if d.ContactAttributes == nil {
		d.ContactAttributes = d.Attributes
	}
	return d.ContactAttributes, d.CustomerEndpoint
}
