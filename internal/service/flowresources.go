package service

// The resources flows use besides flows themselves, each in its own file:
// test cases and their executions (testcases.go), prompts (prompts.go),
// flow modules (modules.go), hours-of-operation overrides
// (hoursoverrides.go) and Lex bot associations (bots.go). Their records
// live in the schema (schema.go) like every other; in memory they hang off
// the instance in one flowResources.

// flowResources is an instance's test cases, prompts, modules, overrides
// and bots.
type flowResources struct {
	testCases  map[string]*TestCase
	executions map[string]*TestCaseExecution
	// tokens maps a StartTestCaseExecution ClientToken to its execution
	// (not stored: a retry after a restart starts a new execution).
	tokens  map[string]string
	modules map[string]*FlowModule
	// prompts, overrides (by override ID), bots (by bot key), versions
	// (flow and module versions by their ARN), aliases (module aliases by
	// ID) and flow associations (by resource type and ID).
	prompts   map[string]*Prompt
	overrides map[string]*HoursOverride
	bots      map[string]*BotAssociation
	versions  map[string]*FlowVersion
	aliases   map[string]*ModuleAlias
	assocs    map[string]*flowAssociationRecord
}

func newFlowResources() *flowResources {
	return &flowResources{testCases: map[string]*TestCase{}, executions: map[string]*TestCaseExecution{},
		tokens: map[string]string{}, modules: map[string]*FlowModule{},
		prompts: map[string]*Prompt{}, overrides: map[string]*HoursOverride{}, bots: map[string]*BotAssociation{},
		versions: map[string]*FlowVersion{}, aliases: map[string]*ModuleAlias{}, assocs: map[string]*flowAssociationRecord{}}
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
