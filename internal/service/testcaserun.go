package service

import (
	"context"
	"encoding/json"
	"errors"
	"github.com/connect-local/connect-local/internal/flowres"
	"time"

	"github.com/connect-local/connect-local/internal/flow"
	"github.com/connect-local/connect-local/internal/invoke"
	"github.com/connect-local/connect-local/internal/storage"
	"github.com/connect-local/connect-local/internal/testcase"
)

// StartTestCaseExecution starts running a PUBLISHED test case and returns
// the execution, INITIATED. The run happens outside the request and
// outside the instance lock (its Lambda and Lex calls may take seconds):
// the execution is IN_PROGRESS until it ends PASSED, FAILED or STOPPED.
// A ClientToken already used for this test case returns its execution.
func (s *Service) StartTestCaseExecution(sc Scope, instanceID, testCaseID, clientToken string) (*TestCaseExecution, error) {
	st, unlock, err := s.writeInstance(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer unlock()
	t, err := s.testCaseOf(sc, st, testCaseID)
	if err != nil {
		return nil, err
	}
	res := st.flowRes()
	if clientToken != "" {
		if e := res.executions[res.tokens[t.ID+"|"+clientToken]]; e != nil {
			out := *e
			return &out, nil
		}
	}
	if t.Status != TestCasePublished {
		return nil, invalidRequest("Test case %s is not published.", t.Name)
	}
	if t.EntryPoint.FlowID == "" {
		return nil, invalidRequest("Test case %s has no entry point flow.", t.Name)
	}
	tc, err := testcase.Parse(t.Content)
	if err != nil {
		return nil, invalidRequest("Test case %s cannot run: %v", t.Name, err)
	}
	e := &TestCaseExecution{ID: s.newID(), TestCaseID: t.ID, TestCaseName: t.Name, Status: ExecInProgress,
		StartTime: s.clock.Now(), Total: len(tc.Observations)}
	err = s.commitData(st, func(tx storage.Tx) error { return putJSON(tx, bucketExecutions, childKey(st.ID, e.ID), e) },
		func() {
			res.executions[e.ID] = e
			if clientToken != "" {
				res.tokens[t.ID+"|"+clientToken] = e.ID
			}
		})
	if err != nil {
		return nil, err
	}
	channel := "VOICE"
	if t.EntryPoint.Type == "CHAT" {
		channel = "CHAT"
	}
	opts := testcase.Options{
		World: &instanceWorld{s: s, st: st}, FlowID: t.EntryPoint.FlowID, ContactID: e.ID, Channel: channel,
		Start: e.StartTime, InitializationData: t.InitializationData, SourcePhone: t.EntryPoint.Source,
		DestinationPhone: t.EntryPoint.Destination, InstanceARN: st.ARN,
	}
	opts.Stop = func() bool {
		stop := true
		s.withInstance(st, false, func() { stop = e.stop })
		return stop
	}
	out := *e
	out.Status = ExecInitiated
	go s.runTestCase(st, e, tc, opts)
	return &out, nil
}

// runTestCase runs an execution and records what it found.
func (s *Service) runTestCase(st *instanceState, e *TestCaseExecution, tc *testcase.TestCase, opts testcase.Options) {
	r := testcase.Run(tc, opts)
	s.withInstance(st, true, func() {
		if st.flowRes().executions[e.ID] != e {
			return // the test case was deleted meanwhile
		}
		n := *e
		n.Status, n.EndTime = r.Status, r.EndTime
		n.Passed, n.Failed, n.Records = 0, 0, nil
		for i, o := range r.Observations {
			rec := ExecutionRecord{ObservationID: o.Identifier, Time: o.Time}
			switch o.Status {
			case testcase.StatusPassed:
				n.Passed++
				rec.Status = ExecPassed
			case testcase.StatusStopped:
				rec.Status = ExecStopped
			default:
				n.Failed++
				rec.Status = ExecFailed
			}
			if rec.Time.IsZero() {
				rec.Time = r.EndTime
			}
			rec.Record = recordJSON(o, tc.Observations[i])
			n.Records = append(n.Records, rec)
		}
		err := s.commitData(st, func(tx storage.Tx) error { return putJSON(tx, bucketExecutions, childKey(st.ID, n.ID), &n) },
			func() { st.flowRes().executions[n.ID] = &n })
		if err != nil {
			s.log.Error("test case execution could not be recorded", "execution", e.ID, "error", err)
		}
	})
}

// recordJSON is an ExecutionRecord's Record (docs/testing.md#execution-records).
func recordJSON(o testcase.ObservationResult, obs *testcase.Observation) string {
	type action struct{ Identifier, Type string }
	rec := struct {
		ObservationId string
		Result        string
		EventType     string
		Observed      string            `json:",omitempty"`
		Actions       []action          `json:",omitempty"`
		Failures      []string          `json:",omitempty"`
		LoggedData    map[string]string `json:",omitempty"`
	}{ObservationId: o.Identifier, Result: o.Status, EventType: obs.Event.Type, Observed: o.Event, Failures: o.Failures, LoggedData: o.Logged}
	if o.Status == testcase.StatusPassed || o.Status == testcase.StatusFailed && o.Event != "" {
		for _, a := range obs.Actions {
			rec.Actions = append(rec.Actions, action{a.Identifier, a.Type})
		}
	}
	b, _ := json.Marshal(rec)
	return string(b)
}

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

// runnableContent is the content of the flow (or module) a flow names.
// The caller holds the instance's lock.
func (s *Service) runnableContent(st *instanceState, idOrARN string, module bool) (content, id string, err error) {
	if module {
		return flowres.ModuleContent(s.FlowRes, st.State, idOrARN)
	}
	f, err := s.flowOf(st.Scope, st, idOrARN)
	if err != nil {
		return "", "", err
	}
	if f.Status != FlowPublished {
		return "", "", invalidRequest("Flow %s is not published.", f.Name)
	}
	return f.Content, f.ID, nil
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
	w.s.withInstance(w.st, false, func() { ok = w.s.lambdaAssociated(w.st, arn) })
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
