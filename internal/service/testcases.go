package service

import "github.com/connect-local/connect-local/internal/testcases"

// Test cases and their executions live in internal/testcases; Service
// embeds it (service.go) and gives it instanceWorld (testcaseworld.go).
// These are its types and constants under their old names.
type (
	ExecutionRecord         = testcases.ExecutionRecord
	TestCase                = testcases.TestCase
	TestCaseEntryPoint      = testcases.TestCaseEntryPoint
	TestCaseExecution       = testcases.TestCaseExecution
	TestCaseExecutionFilter = testcases.TestCaseExecutionFilter
	TestCaseInput           = testcases.TestCaseInput
)

const (
	TestCasePublished = testcases.TestCasePublished
	TestCaseSaved     = testcases.TestCaseSaved
	ExecInitiated     = testcases.ExecInitiated
	ExecInProgress    = testcases.ExecInProgress
	ExecPassed        = testcases.ExecPassed
	ExecFailed        = testcases.ExecFailed
	ExecStopped       = testcases.ExecStopped
)

// SchemaTestCases is what SearchTestCases may name (internal/testcases).
var SchemaTestCases = testcases.SchemaTestCases
