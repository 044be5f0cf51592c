package flow

import (
	"fmt"
	"maps"
	"strconv"
	"strings"
)

// Outcome is how a flow run leaves the contact.
type Outcome string

const (
	// OutcomeEnqueue: TransferContactToQueue put the contact in RunResult's
	// working queue.
	OutcomeEnqueue Outcome = "ENQUEUE"
	// OutcomeDisconnect: DisconnectParticipant ended the contact.
	OutcomeDisconnect Outcome = "DISCONNECT"
	// OutcomeEnd: EndFlowExecution, or an action with no next action. A
	// contact whose inbound flow ends before it is queued is ended.
	OutcomeEnd Outcome = "END"
	// OutcomeError: an action failed with no branch for its error, or the
	// run exceeded its step limit; RunResult.Error says which.
	OutcomeError Outcome = "ERROR"
)

// DefaultMaxSteps bounds a run when RunInput.MaxSteps is 0, so that a flow
// that loops forever stops.
const DefaultMaxSteps = 1000

// QueueRef names a queue as a flow or the caller gives it.
type QueueRef struct {
	// ID is a queue ID or ARN, or, when Agent is set, a user ID or ARN
	// naming that agent's queue.
	ID    string
	Agent bool
}

// QueueInfo is what the caller knows about a queue.
type QueueInfo struct {
	ID         string // the queue's (or agent's) ID, resolved from an ARN
	Exists     bool
	AtCapacity bool // a transfer now would leave by the QueueAtCapacity branch
	ARN, Name  string
}

// RunInput is everything a run may read.
type RunInput struct {
	// Attributes are the contact's user-defined attributes at flow start.
	Attributes map[string]string
	// Channel is the contact's channel (VOICE, CHAT, TASK, EMAIL), the
	// value of $.Channel.
	Channel string
	// QueueID is the working queue at flow start ("" for none); AgentQueue
	// says it is the agent queue of the user QueueID.
	QueueID    string
	AgentQueue bool
	// Lookup answers whether a queue exists and is full. Nil treats every
	// queue as existing with room, taking the ID from the end of an ARN.
	Lookup func(QueueRef) QueueInfo
	// MaxSteps bounds the actions run (0: DefaultMaxSteps).
	MaxSteps int
}

// RunResult is the routing decision of a run.
type RunResult struct {
	Outcome Outcome
	// QueueID is the working queue at the end (the queue enqueued into for
	// OutcomeEnqueue); AgentQueue says it names a user's agent queue.
	QueueID    string
	AgentQueue bool
	// RoutingCriteria are the steps the last UpdateRoutingCriteria set (nil
	// when none ran).
	RoutingCriteria []RoutingStep
	// QueuePriority and QueueTimeAdjustmentSeconds are set when an
	// UpdateContactRoutingBehavior set them.
	QueuePriority              *int64
	QueueTimeAdjustmentSeconds *int64
	// Attributes are the contact's attributes at the end (never nil).
	Attributes map[string]string
	// Trace lists the identifiers of the actions run, in order.
	Trace []string
	// Skipped lists the actions run that connect-local does not interpret.
	Skipped []SkippedAction
	// Error explains OutcomeError.
	Error string
}

// SkippedAction is an action passed over along its success branch.
type SkippedAction struct {
	Identifier string
	Type       string
}

// Run interprets f for a contact at flow start. It is a pure function of
// f and in: it never fails, and reports trouble as OutcomeError.
func Run(f *Flow, in RunInput) RunResult {
	res := RunResult{QueueID: in.QueueID, AgentQueue: in.AgentQueue, Attributes: maps.Clone(in.Attributes)}
	if res.Attributes == nil {
		res.Attributes = map[string]string{}
	}
	if f == nil {
		res.Outcome, res.Error = OutcomeError, "no flow to run"
		return res
	}
	r := runner{in: in, res: &res}
	if r.in.Lookup == nil {
		r.in.Lookup = anyQueue
	}
	max := in.MaxSteps
	if max <= 0 {
		max = DefaultMaxSteps
	}
	id := f.StartAction
	for steps := 0; ; steps++ {
		if id == "" {
			res.Outcome = OutcomeEnd
			return res
		}
		if steps == max {
			res.Outcome = OutcomeError
			res.Error = fmt.Sprintf("the flow ran %d actions without finishing; stopped at %q", max, id)
			return res
		}
		a := f.byID[id]
		if a == nil {
			res.Outcome, res.Error = OutcomeError, fmt.Sprintf("no action %q", id)
			return res
		}
		res.Trace = append(res.Trace, a.Identifier)
		next, stop := r.step(a)
		if stop {
			return res
		}
		id = next
	}
}

func anyQueue(q QueueRef) QueueInfo {
	id := q.ID
	if i := strings.LastIndexByte(id, '/'); i >= 0 {
		id = id[i+1:]
	}
	return QueueInfo{ID: id, Exists: id != ""}
}

type runner struct {
	in  RunInput
	res *RunResult
}

// step runs one action and returns the next action's identifier, or stop
// when the run is over.
func (r *runner) step(a *Action) (next string, stop bool) {
	res := r.res
	switch a.Type {
	case TypeDisconnectParticipant:
		res.Outcome = OutcomeDisconnect
		return "", true

	case TypeEndFlowExecution:
		res.Outcome = OutcomeEnd
		return "", true

	case TypeUpdateContactTargetQueue:
		s := a.spec.(targetQueueSpec)
		v, ok := r.resolve(s.queue)
		if !ok || v == "" {
			return r.fail(a, ErrNoMatchingError)
		}
		q := r.in.Lookup(QueueRef{ID: v, Agent: s.agent})
		if !q.Exists {
			return r.fail(a, ErrNoMatchingError)
		}
		res.QueueID, res.AgentQueue = q.ID, s.agent
		return a.Transitions.NextAction, false

	case TypeTransferContactToQueue:
		if res.QueueID == "" {
			return r.fail(a, ErrNoMatchingError)
		}
		q := r.in.Lookup(QueueRef{ID: res.QueueID, Agent: res.AgentQueue})
		switch {
		case !q.Exists:
			return r.fail(a, ErrNoMatchingError)
		case q.AtCapacity:
			return r.fail(a, ErrQueueAtCapacity)
		}
		res.QueueID = q.ID
		res.Outcome = OutcomeEnqueue
		return "", true

	case TypeUpdateRoutingCriteria:
		s := a.spec.(criteriaSpec)
		steps := s.steps
		if s.dynamic != nil {
			text, ok := r.resolve(*s.dynamic)
			if !ok {
				return r.fail(a, ErrNoMatchingError)
			}
			var err error
			if steps, err = decodeCriteria(text); err != nil {
				return r.fail(a, ErrNoMatchingError)
			}
		}
		res.RoutingCriteria = steps
		return a.Transitions.NextAction, false

	case TypeUpdateContactRoutingBehavior:
		s := a.spec.(routingBehaviorSpec)
		if s.priority != nil {
			p := *s.priority
			res.QueuePriority = &p
		}
		if s.adjust != nil {
			v := *s.adjust
			res.QueueTimeAdjustmentSeconds = &v
		}
		return a.Transitions.NextAction, false

	case TypeUpdateContactAttributes:
		s := a.spec.(attributesSpec)
		set := make(map[string]string, len(s.keys))
		for _, k := range s.keys {
			v, ok := r.resolve(s.values[k])
			if !ok {
				return r.fail(a, ErrNoMatchingError) // all or nothing
			}
			set[k] = v
		}
		maps.Copy(res.Attributes, set)
		return a.Transitions.NextAction, false

	case TypeCompare:
		s := a.spec.(compareSpec)
		if v, ok := r.resolve(s.value); ok {
			for _, c := range a.Transitions.Conditions {
				if c.Condition.holds(v) {
					return r.take(a, c.NextAction, "condition "+c.Condition.Operator)
				}
			}
		}
		if t, ok := a.errorTarget(ErrNoMatchingCondition, false); ok {
			return t, false
		}
		if a.Transitions.NextAction != "" {
			return a.Transitions.NextAction, false
		}
		return r.stopErr("action %q: no condition matched and it has no %s branch", a.Identifier, ErrNoMatchingCondition)
	}

	// Not interpreted: follow the success branch, or else the first
	// condition's branch (for actions such as CheckHoursOfOperation whose
	// every outcome is a condition).
	res.Skipped = append(res.Skipped, SkippedAction{Identifier: a.Identifier, Type: a.Type})
	if n := a.Transitions.NextAction; n != "" {
		return n, false
	}
	if len(a.Transitions.Conditions) > 0 {
		return a.Transitions.Conditions[0].NextAction, false
	}
	return "", false
}

// fail takes a's branch for errType, else its NoMatchingError branch, else
// stops the run with OutcomeError.
func (r *runner) fail(a *Action, errType string) (string, bool) {
	if t, ok := a.errorTarget(errType, true); ok {
		return t, false
	}
	return r.stopErr("action %q failed with %s and has no branch for it", a.Identifier, errType)
}

// take follows a branch that must lead somewhere.
func (r *runner) take(a *Action, target, what string) (string, bool) {
	if target == "" {
		return r.stopErr("action %q: %s leads nowhere", a.Identifier, what)
	}
	return target, false
}

func (r *runner) stopErr(format string, args ...any) (string, bool) {
	r.res.Outcome = OutcomeError
	r.res.Error = fmt.Sprintf(format, args...)
	return "", true
}

// errorTarget finds the branch for errType, falling back to NoMatchingError
// when fallback is set.
func (a *Action) errorTarget(errType string, fallback bool) (string, bool) {
	for _, e := range a.Transitions.Errors {
		if e.ErrorType == errType && e.NextAction != "" {
			return e.NextAction, true
		}
	}
	if fallback && errType != ErrNoMatchingError {
		return a.errorTarget(ErrNoMatchingError, false)
	}
	return "", false
}

// resolve reads a parameter value; a reference to missing data answers
// false. Supported paths: $.Channel and $.Attributes.name (also
// $.Attributes['name']); any other path reads as missing.
func (r *runner) resolve(x ref) (string, bool) {
	if x.path == "" {
		return x.static, true
	}
	if x.path == "$.Channel" {
		return r.in.Channel, r.in.Channel != ""
	}
	name, ok := attributeName(x.path)
	if !ok {
		return "", false
	}
	v, ok := r.res.Attributes[name]
	return v, ok
}

func attributeName(path string) (string, bool) {
	rest, ok := strings.CutPrefix(path, "$.Attributes")
	if !ok {
		return "", false
	}
	if n, ok := strings.CutPrefix(rest, "."); ok && n != "" {
		return n, true
	}
	for _, q := range []string{`'`, `"`} {
		if n, ok := strings.CutPrefix(rest, "["+q); ok {
			if n, ok := strings.CutSuffix(n, q+"]"); ok && n != "" {
				return n, true
			}
		}
	}
	return "", false
}

// holds evaluates c against value v, per the flow language's operator
// table. Number operators are false when either side is not a number.
func (c Condition) holds(v string) bool {
	if len(c.Operands) != 1 {
		return false
	}
	o := c.Operands[0]
	switch c.Operator {
	case "Equals":
		return v == o
	case "TextStartsWith":
		return strings.HasPrefix(v, o)
	case "TextEndsWith":
		return strings.HasSuffix(v, o)
	case "TextContains":
		return strings.Contains(v, o)
	}
	a, err1 := strconv.ParseFloat(strings.TrimSpace(v), 64)
	b, err2 := strconv.ParseFloat(strings.TrimSpace(o), 64)
	if err1 != nil || err2 != nil {
		return false
	}
	switch c.Operator {
	case "NumberGreaterThan":
		return a > b
	case "NumberGreaterOrEqualTo":
		return a >= b
	case "NumberLessThan":
		return a < b
	case "NumberLessOrEqualTo":
		return a <= b
	}
	return false
}
