package service

// Test cases and their executions (testcases.go) hang off the instance
// in one flowResources; the other resources flows use are
// internal/flowres's.

// flowResources is an instance's test cases and their executions.
type flowResources struct {
	testCases  map[string]*TestCase
	executions map[string]*TestCaseExecution
	// tokens maps a StartTestCaseExecution ClientToken to its execution
	// (not stored: a retry after a restart starts a new execution).
	tokens map[string]string
}

func newFlowResources() *flowResources {
	return &flowResources{testCases: map[string]*TestCase{}, executions: map[string]*TestCaseExecution{}, tokens: map[string]string{}}
}

func (st *instanceState) flowRes() *flowResources { return st.res }

// writeInstance locks one instance for a change and returns it with the
// unlock; readInstance is the same for reading.
func (s *Service) writeInstance(sc Scope, instanceID string) (*instanceState, func(), error) {
	st, err := s.lockInstance(sc, instanceID)
	if err != nil {
		return nil, nil, err
	}
	return st, st.Mu.Unlock, nil
}

func (s *Service) readInstance(sc Scope, instanceID string) (*instanceState, func(), error) {
	st, err := s.rlockInstance(sc, instanceID)
	if err != nil {
		return nil, nil, err
	}
	return st, st.Mu.RUnlock, nil
}

// withInstance runs fn under the lock of an instance already found, if it
// still exists (work done outside the lock comes back through it).
func (s *Service) withInstance(st *instanceState, write bool, fn func()) bool {
	return st.With(write, fn)
}
