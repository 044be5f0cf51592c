package testcases

import (
	"github.com/connect-local/connect-local/internal/instance"
	"github.com/connect-local/connect-local/internal/testcase"
)

// TestCases is the test-case operations (testcases.go) and their
// executions (run.go). internal/service embeds it, so the handlers call
// its methods by their names on the Service. An execution runs against
// the instance through the World the façade gives New: the flow runtime
// (flows, queues, hours, metrics, Lambda and Lex) is the façade's.
type TestCases struct {
	core *instance.Core
	// world is the instance st as a test case sees it.
	world func(st *instance.State) testcase.World
}

// New is the test cases over core (the façade's); world answers an
// execution's questions about an instance.
func New(core *instance.Core, world func(st *instance.State) testcase.World) *TestCases {
	return &TestCases{core: core, world: world}
}

// data is an instance's test cases and their executions (its slot).
type data struct {
	testCases  map[string]*TestCase
	executions map[string]*TestCaseExecution
	// tokens maps a StartTestCaseExecution ClientToken to its execution
	// (not stored: a retry after a restart starts a new execution).
	tokens map[string]string
}

var slot = instance.NewSlot(func(*instance.State) *data {
	return &data{testCases: map[string]*TestCase{}, executions: map[string]*TestCaseExecution{}, tokens: map[string]string{}}
})

// of is st's data. The caller holds st.Mu.
func of(st *instance.State) *data { return slot.Of(st) }

// Buckets are the per-instance buckets, which deleting an instance
// empties of its records.
var Buckets = []string{bucketTestCases, bucketExecutions}

func rec(bucket, key string, load func(*instance.State, []byte) error) instance.RecordType {
	return instance.RecordType{Bucket: bucket, Key: key, Legacy: instance.IsJSON, Child: load}
}

func init() {
	instance.Register(
		// An execution stored while it ran was cut short by a restart:
		// it loads STOPPED.
		rec(bucketTestCases, "{i}/{testCaseId}", instance.LoadInto(func(st *instance.State, r *TestCase) { of(st).testCases[r.ID] = r })),
		rec(bucketExecutions, "{i}/{executionId}", instance.LoadInto(loadExecution)),
	)
	instance.RegisterTagKind("test-case", instance.ChildKind(bucketTestCases, func(st *instance.State) map[string]*TestCase { return of(st).testCases },
		func(r *TestCase) (*string, *map[string]string) { return &r.ARN, &r.Tags }))
}

// writeInstance locks one instance for a change and returns it with the
// unlock; readInstance is the same for reading.
func (s *TestCases) writeInstance(sc instance.Scope, instanceID string) (*instance.State, func(), error) {
	st, err := s.core.Lock(sc, instanceID)
	if err != nil {
		return nil, nil, err
	}
	return st, st.Mu.Unlock, nil
}

func (s *TestCases) readInstance(sc instance.Scope, instanceID string) (*instance.State, func(), error) {
	st, err := s.core.RLock(sc, instanceID)
	if err != nil {
		return nil, nil, err
	}
	return st, st.Mu.RUnlock, nil
}
