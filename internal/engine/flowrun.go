package engine

import (
	"github.com/connect-local/connect-local/internal/flow"
	"github.com/connect-local/connect-local/internal/routing"
)

// FlowRunner runs contacts' flows for the engine (the service: the flow
// runtime, docs/flows.md). The engine asks it to run a flow when a contact
// starts, a scheduled task is due or a contact is transferred to a queue;
// the runner answers with FlowDone, at once or later (a flow can wait for
// the customer, a timer or a Lambda function), under the same
// serialisation as every engine call. Until then the contact is in
// neither a queue nor ended.
type FlowRunner func(c *Contact, flowID string)

// FlowOutcome is how a contact's flow left it.
type FlowOutcome struct {
	// QueueID is where the flow put the contact; "" ends it
	// (CONTACT_FLOW_DISCONNECT).
	QueueID    string
	AgentQueue bool // QueueID is a user's agent queue
	Priority   *int64
	Adjust     *int64
	Criteria   []RoutingStep // nil: none set
}

// FlowDone carries out how a contact's flow left it: its routing data,
// then the queue (and a routing pass), or the end of the contact.
func (e *Engine) FlowDone(c *Contact, out FlowOutcome) {
	if out.Priority != nil {
		c.QueuePriority = out.Priority
	}
	if out.Adjust != nil {
		c.QueueAdjust = out.Adjust
	}
	if out.Criteria != nil {
		e.replaceCriteria(c, out.Criteria)
	}
	if out.QueueID == "" {
		e.endWithoutAgent(c, "CONTACT_FLOW_DISCONNECT")
	} else {
		e.enqueue(c, out.QueueID, out.AgentQueue)
		e.pass()
	}
	e.touch(c)
}

// StartQueued adds a new contact, built by the caller, straight into a
// standard queue (a callback a flow created) and routes.
func (e *Engine) StartQueued(c *Contact, queueID string) {
	e.contacts[c.ID] = c
	e.touch(c)
	e.emit(Event{Type: EvInitiated, ContactID: c.ID, Channel: c.Channel, Contact: c})
	c.ConnectedToSystem = StampOf(e.clock.Now())
	e.enqueue(c, queueID, false)
	e.pass()
}

// Cancel stops the timer key (one set with After).
func (e *Engine) Cancel(key string) { e.cancel(key) }

// QueueFull reports whether a transfer into the queue leaves by the flow's
// at-capacity branch (for the flow runner).
func (e *Engine) QueueFull(queueID string, agent bool) bool { return e.queueFull(queueID, agent) }

// CriteriaFromFlow converts the routing criteria a flow set, their
// expressions and durations shared through the engine's intern table: an
// expression interned already is converted into reused storage to be
// looked up (exprScratch), and nothing of it is copied.
func (e *Engine) CriteriaFromFlow(in []flow.RoutingStep) []RoutingStep {
	if len(in) == 0 {
		return nil
	}
	out := make([]RoutingStep, len(in))
	for i := range in {
		st := &in[i]
		e.canonBuf = e.exprScratch.convert(&st.Expression).AppendCanonical(e.canonBuf[:0])
		if p, ok := e.steps[string(e.canonBuf)]; ok {
			out[i].Expression, out[i].key = p.x, p.key
		} else {
			x := routingExpression(st.Expression)
			out[i].Expression, out[i].key = e.internStep(string(e.canonBuf), &x)
		}
		out[i].Status = StepInactive
		if st.Expiry != nil {
			d := st.Expiry.DurationInSeconds
			out[i].DurationSeconds = e.internDuration(&d)
		}
	}
	return out
}

// exprScratch converts a flow's expression as routingExpression does, into
// storage reused from one conversion to the next: what convert returns is
// valid until the next call, for a look-up only.
type exprScratch struct {
	exprs  []routing.Expression
	conds  []routing.AttributeCondition
	ranges []routing.LevelRange
}

func (s *exprScratch) convert(x *flow.Expression) *routing.Expression {
	ne, nc, nr := countExpr(x)
	// Room for all of it first: no append below moves what was pointed to.
	if cap(s.exprs) < ne {
		s.exprs = make([]routing.Expression, 0, ne)
	}
	if cap(s.conds) < nc {
		s.conds = make([]routing.AttributeCondition, 0, nc)
	}
	if cap(s.ranges) < nr {
		s.ranges = make([]routing.LevelRange, 0, nr)
	}
	s.exprs, s.conds, s.ranges = s.exprs[:1], s.conds[:0], s.ranges[:0]
	s.fill(&s.exprs[0], x)
	return &s.exprs[0]
}

func (s *exprScratch) fill(dst *routing.Expression, x *flow.Expression) {
	*dst = routing.Expression{AttributeCondition: s.cond(x.AttributeCondition), NotAttributeCondition: s.cond(x.NotAttributeCondition),
		AndExpression: s.list(x.AndExpression), OrExpression: s.list(x.OrExpression)}
}

func (s *exprScratch) list(xs []flow.Expression) []routing.Expression {
	if len(xs) == 0 {
		return nil
	}
	at, n := len(s.exprs), len(xs)
	s.exprs = s.exprs[:at+n]
	out := s.exprs[at : at+n : at+n]
	for i := range xs {
		s.fill(&out[i], &xs[i])
	}
	return out
}

func (s *exprScratch) cond(c *flow.AttributeCondition) *routing.AttributeCondition {
	if c == nil {
		return nil
	}
	s.conds = append(s.conds, routing.AttributeCondition{Name: c.Name, Value: c.Value, ProficiencyLevel: c.ProficiencyLevel, ComparisonOperator: c.ComparisonOperator})
	out := &s.conds[len(s.conds)-1]
	if c.Range != nil {
		s.ranges = append(s.ranges, routing.LevelRange{Min: c.Range.MinProficiencyLevel, Max: c.Range.MaxProficiencyLevel})
		out.Range = &s.ranges[len(s.ranges)-1]
	}
	if c.MatchCriteria != nil {
		out.HasMatchCriteria = true
		out.AgentIDs = c.MatchCriteria.AgentsCriteria.AgentIds
	}
	return out
}

// countExpr counts what converting x takes: expressions (x included),
// conditions and ranges.
func countExpr(x *flow.Expression) (exprs, conds, ranges int) {
	exprs = 1
	for _, c := range []*flow.AttributeCondition{x.AttributeCondition, x.NotAttributeCondition} {
		if c != nil {
			conds++
			if c.Range != nil {
				ranges++
			}
		}
	}
	for _, list := range [][]flow.Expression{x.AndExpression, x.OrExpression} {
		for i := range list {
			e, c, r := countExpr(&list[i])
			exprs, conds, ranges = exprs+e, conds+c, ranges+r
		}
	}
	return exprs, conds, ranges
}

// queueFull reports whether a transfer into the queue leaves by the flow's
// at-capacity branch: MaxContacts reached, the queue disabled (docs/routing.md#queues),
// or an agent queue holding its maximum.
func (e *Engine) queueFull(queueID string, agent bool) bool {
	if agent {
		return e.queued[queueID] >= AgentQueueCapacity
	}
	q, ok := e.cfg.Queue(queueID)
	if !ok || q.Disabled {
		return true
	}
	return q.MaxContacts != nil && int64(e.queued[queueID]) >= *q.MaxContacts
}

// routingExpression converts the flow language's expression.
func routingExpression(e flow.Expression) routing.Expression {
	out := routing.Expression{AttributeCondition: routingCondition(e.AttributeCondition), NotAttributeCondition: routingCondition(e.NotAttributeCondition)}
	if len(e.AndExpression) > 0 {
		out.AndExpression = make([]routing.Expression, 0, len(e.AndExpression))
		for _, x := range e.AndExpression {
			out.AndExpression = append(out.AndExpression, routingExpression(x))
		}
	}
	if len(e.OrExpression) > 0 {
		out.OrExpression = make([]routing.Expression, 0, len(e.OrExpression))
		for _, x := range e.OrExpression {
			out.OrExpression = append(out.OrExpression, routingExpression(x))
		}
	}
	return out
}

func routingCondition(c *flow.AttributeCondition) *routing.AttributeCondition {
	if c == nil {
		return nil
	}
	out := &routing.AttributeCondition{Name: c.Name, Value: c.Value, ProficiencyLevel: c.ProficiencyLevel, ComparisonOperator: c.ComparisonOperator}
	if c.Range != nil {
		out.Range = &routing.LevelRange{Min: c.Range.MinProficiencyLevel, Max: c.Range.MaxProficiencyLevel}
	}
	if c.MatchCriteria != nil {
		out.HasMatchCriteria = true
		out.AgentIDs = c.MatchCriteria.AgentsCriteria.AgentIds
	}
	return out
}
