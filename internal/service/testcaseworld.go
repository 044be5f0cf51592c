package service

import (
	"context"
	"errors"
	"github.com/connect-local/connect-local/internal/flowres"
	"time"

	"github.com/connect-local/connect-local/internal/flow"
	"github.com/connect-local/connect-local/internal/invoke"
	"github.com/connect-local/connect-local/internal/testcase"
)

// instanceWorld is the world of a test-case execution: the instance as it
// is when each question is asked. Every answer takes the instance's read
// lock for its moment; Lambda and Lex are called with no lock held.
type instanceWorld struct {
	s  *Service
	st *instanceState
}

var errInstanceGone = errors.New("the instance was deleted")

func (w *instanceWorld) Queue(ref flow.QueueRef) flow.QueueInfo {
	var out flow.QueueInfo
	w.s.withInstance(w.st, false, func() { out = instanceEnv{s: w.s, st: w.st}.Queue(ref) })
	return out
}

// Flow returns a PUBLISHED flow, or with module set a flow module
// (internal/flowres modules.go), parsed outside the lock.
func (w *instanceWorld) Flow(idOrARN string, module bool) (*flow.Flow, string, error) {
	var content, id string
	err := errInstanceGone
	w.s.withInstance(w.st, false, func() { content, id, err = w.s.runnableContent(w.st, idOrARN, module) })
	if err != nil {
		return nil, "", err
	}
	f, err := flow.Parse(content)
	return f, id, err
}

// runnableContent is the content of the flow (or module) a flow names:
// a version's content for a version or module alias reference
// (internal/flowres runnable.go), else the current content.
// The caller holds the instance's lock.
func (s *Service) runnableContent(st *instanceState, idOrARN string, module bool) (content, id string, err error) {
	if module {
		return flowres.ModuleContent(s.FlowRes, st.State, idOrARN)
	}
	f, content, version, err := flowres.RunnableFlow(st.Scope, st.State, idOrARN)
	if err != nil {
		return "", "", err
	}
	if version == 0 && f.Status != FlowPublished {
		return "", "", invalidRequest("Flow %s is not published.", f.Name)
	}
	return content, f.ID, nil
}

func (w *instanceWorld) InHours(hours, queueID string, now time.Time) (open bool, err error) {
	err = errInstanceGone
	w.s.withInstance(w.st, false, func() { open, err = instanceEnv{s: w.s, st: w.st}.InHours(hours, queueID, now) })
	return open, err
}

func (w *instanceWorld) Metric(queueID, metric string) (v float64, err error) {
	err = errInstanceGone
	w.s.withInstance(w.st, false, func() { v, err = instanceEnv{s: w.s, st: w.st}.Metric(queueID, metric) })
	return v, err
}

// InvokeLambda calls an associated function, as a contact's flow does.
func (w *instanceWorld) InvokeLambda(arn string, payload []byte, timeout time.Duration) ([]byte, error) {
	ok := false
	w.s.withInstance(w.st, false, func() { ok = flowres.LambdaAssociated(w.st.State, arn) })
	if !ok {
		return nil, errors.New("the function is not associated with the instance")
	}
	if !w.s.lambda.Configured() {
		return nil, invoke.ErrNoEndpoint
	}
	return w.s.lambda.Invoke(context.Background(), arn, payload, timeout)
}

// Recognize sends text to a bot through the Lex client.
func (w *instanceWorld) Recognize(alias, locale, session, text string, attrs map[string]string) (*flow.LexResult, error) {
	if locale == "" {
		locale = "en_US"
	}
	return testcase.LexThrough(w.s.lex, alias, locale, session, text, attrs)
}
