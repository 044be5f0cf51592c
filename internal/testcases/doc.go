// Package testcases is test cases and their executions
// (CreateTestCase … ListTestCaseExecutionRecords, SearchTestCases;
// docs/testing.md#test-cases-through-the-api): stored records holding
// Testing-language content, and executions that run it with package
// testcase, each on its own virtual timeline that starts at the clock's
// now and never moves that clock.
//
// It sits between internal/instance and the internal/service façade,
// which embeds a *TestCases so the handlers call its methods by their
// names on the Service. An execution asks the instance its questions
// (flows and modules, queues, hours, metrics, Lambda, Lex) through the
// testcase.World the façade gives New: the flow runtime is the façade's.
// Its records live in its own slot of each instance and its own schema
// entries, and it registers test cases as a taggable type (family.go).
//
// It must never import internal/service or another family package, never
// know HTTP, the wire format or the generated api types, and never read
// the time but from the core's clock.
package testcases
