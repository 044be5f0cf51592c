package testcases

import (
	"encoding/json"

	"github.com/connect-local/connect-local/internal/instance"
	"github.com/connect-local/connect-local/internal/storage"
	"github.com/connect-local/connect-local/internal/testcase"
)

// StartTestCaseExecution starts running a PUBLISHED test case and returns
// the execution, INITIATED. The run happens outside the request and
// outside the instance lock (its Lambda and Lex calls may take seconds):
// the execution is IN_PROGRESS until it ends PASSED, FAILED or STOPPED.
// A ClientToken already used for this test case returns its execution.
func (s *TestCases) StartTestCaseExecution(sc instance.Scope, instanceID, testCaseID, clientToken string) (*TestCaseExecution, error) {
	st, unlock, err := s.writeInstance(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer unlock()
	t, err := s.testCaseOf(sc, st, testCaseID)
	if err != nil {
		return nil, err
	}
	res := of(st)
	if clientToken != "" {
		if e := res.executions[res.tokens[t.ID+"|"+clientToken]]; e != nil {
			out := *e
			return &out, nil
		}
	}
	if t.Status != TestCasePublished {
		return nil, instance.InvalidRequest("Test case %s is not published.", t.Name)
	}
	if t.EntryPoint.FlowID == "" {
		return nil, instance.InvalidRequest("Test case %s has no entry point flow.", t.Name)
	}
	tc, err := testcase.Parse(t.Content)
	if err != nil {
		return nil, instance.InvalidRequest("Test case %s cannot run: %v", t.Name, err)
	}
	e := &TestCaseExecution{ID: s.core.NewID(), TestCaseID: t.ID, TestCaseName: t.Name, Status: ExecInProgress,
		StartTime: s.core.Clock.Now(), Total: len(tc.Observations)}
	err = s.core.CommitData(st, func(tx storage.Tx) error {
		return instance.PutJSON(tx, bucketExecutions, instance.ChildKey(st.ID, e.ID), e)
	},
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
		World: s.world(st), FlowID: t.EntryPoint.FlowID, ContactID: e.ID, Channel: channel,
		Start: e.StartTime, InitializationData: t.InitializationData, SourcePhone: t.EntryPoint.Source,
		DestinationPhone: t.EntryPoint.Destination, InstanceARN: st.ARN,
	}
	opts.Stop = func() bool {
		stop := true
		st.With(false, func() { stop = e.stop })
		return stop
	}
	out := *e
	out.Status = ExecInitiated
	go s.runTestCase(st, e, tc, opts)
	return &out, nil
}

// runTestCase runs an execution and records what it found.
func (s *TestCases) runTestCase(st *instance.State, e *TestCaseExecution, tc *testcase.TestCase, opts testcase.Options) {
	r := testcase.Run(tc, opts)
	st.With(true, func() {
		if of(st).executions[e.ID] != e {
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
		err := s.core.CommitData(st, func(tx storage.Tx) error {
			return instance.PutJSON(tx, bucketExecutions, instance.ChildKey(st.ID, n.ID), &n)
		},
			func() { of(st).executions[n.ID] = &n })
		if err != nil {
			s.core.Log.Error("test case execution could not be recorded", "execution", e.ID, "error", err)
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
