package testcases

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/connect-local/connect-local/internal/instance"
	"github.com/connect-local/connect-local/internal/resourcesearch"
	"github.com/connect-local/connect-local/internal/storage"
	"github.com/connect-local/connect-local/internal/testcase"
)

// Test cases (CreateTestCase … ListTestCaseExecutionRecords;
// docs/testing.md#test-cases-through-the-api): stored records holding
// Testing-language content, and executions that run it with package
// testcase against the instance's own flows, queues, hours, Lambda and
// bot associations, each on its own virtual timeline that starts at the
// service clock's now and never moves that clock.

const (
	bucketTestCases  = "test-cases"           // {i}/{testCaseId} → TestCase
	bucketExecutions = "test-case-executions" // {i}/{executionId} → TestCaseExecution
)

// Test case statuses and execution statuses.
const (
	TestCasePublished = "PUBLISHED"
	TestCaseSaved     = "SAVED"

	ExecInitiated  = "INITIATED"
	ExecInProgress = "IN_PROGRESS"
	ExecPassed     = "PASSED"
	ExecFailed     = "FAILED"
	ExecStopped    = "STOPPED"
)

// TestCase is a stored test case.
type TestCase struct {
	ID                 string             `json:"id"`
	ARN                string             `json:"arn"`
	Name               string             `json:"name"`
	Description        string             `json:"description,omitempty"`
	Content            string             `json:"content"`
	InitializationData string             `json:"initializationData,omitempty"`
	Status             string             `json:"status"`
	EntryPoint         TestCaseEntryPoint `json:"entryPoint"`
	Tags               map[string]string  `json:"tags,omitempty"`
	instance.Modified
}

// TestCaseEntryPoint is where an execution's simulated contact enters.
type TestCaseEntryPoint struct {
	Type        string `json:"type,omitempty"` // VOICE_CALL | CHAT
	FlowID      string `json:"flowId,omitempty"`
	Source      string `json:"source,omitempty"`
	Destination string `json:"destination,omitempty"`
}

// Sha256 is the hex SHA-256 of the content (TestCaseSha256).
func (t *TestCase) Sha256() string {
	sum := sha256.Sum256([]byte(t.Content))
	return hex.EncodeToString(sum[:])
}

// TestCaseInput is what CreateTestCase and UpdateTestCase take; nil
// members are left as they are on update.
type TestCaseInput struct {
	ID                 string // CreateTestCase's optional x-amz-resource-id
	Name               *string
	Description        *string
	Content            *string
	InitializationData *string
	Status             *string
	EntryPoint         *TestCaseEntryPoint
	Tags               map[string]string
}

// TestCaseExecution is one run of a test case and what it found.
type TestCaseExecution struct {
	ID           string            `json:"id"`
	TestCaseID   string            `json:"testCaseId"`
	TestCaseName string            `json:"testCaseName"`
	Status       string            `json:"status"`
	StartTime    time.Time         `json:"startTime"`
	EndTime      time.Time         `json:"endTime,omitzero"`
	Tags         map[string]string `json:"tags,omitempty"`
	Passed       int               `json:"passed"`
	Failed       int               `json:"failed"`
	Total        int               `json:"total"`
	Records      []ExecutionRecord `json:"records,omitempty"`
	stop         bool
}

// ExecutionRecord is one observation's outcome in an execution.
type ExecutionRecord struct {
	ObservationID string    `json:"observationId"`
	Status        string    `json:"status"`
	Time          time.Time `json:"time"`
	Record        string    `json:"record"` // JSON: docs/testing.md#execution-records
}

// checkTestCase validates what a test case becomes: PUBLISHED content
// must be valid Testing language (InvalidTestCaseException lists the
// problems); SAVED content is stored unchecked, as flows are.
func checkTestCase(t *TestCase) error {
	switch t.Status {
	case TestCasePublished, TestCaseSaved:
	default:
		return instance.InvalidParam("Status %s is not PUBLISHED or SAVED.", t.Status)
	}
	if strings.TrimSpace(t.Name) == "" {
		return instance.InvalidParam("Name must not be empty.")
	}
	switch t.EntryPoint.Type {
	case "", "VOICE_CALL", "CHAT":
	default:
		return instance.InvalidParam("EntryPoint Type %s is not VOICE_CALL or CHAT.", t.EntryPoint.Type)
	}
	if t.Status == TestCaseSaved {
		return nil
	}
	if _, err := testcase.Parse(t.Content); err != nil {
		var ie *testcase.InvalidError
		if errors.As(err, &ie) {
			return instance.InvalidTestCase(ie.Problems)
		}
		return err
	}
	return nil
}

func applyTestCase(t *TestCase, in TestCaseInput) {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&t.Name, in.Name)
	set(&t.Description, in.Description)
	set(&t.Content, in.Content)
	set(&t.InitializationData, in.InitializationData)
	set(&t.Status, in.Status)
	if in.EntryPoint != nil {
		t.EntryPoint = *in.EntryPoint
	}
}

func checkTestCaseName(res *data, selfID, name string) error {
	for _, t := range res.testCases {
		if t.ID != selfID && strings.EqualFold(t.Name, name) {
			return instance.Duplicate("A test case named %s already exists.", name)
		}
	}
	return nil
}

// CreateTestCase stores a test case, PUBLISHED unless Status says SAVED.
func (s *TestCases) CreateTestCase(sc instance.Scope, instanceID string, in TestCaseInput) (*TestCase, error) {
	st, unlock, err := s.writeInstance(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer unlock()
	res := of(st)
	t := &TestCase{ID: in.ID, Status: TestCasePublished, Tags: instance.CloneTags(in.Tags), Modified: s.core.Modified(sc)}
	if t.ID == "" {
		t.ID = s.core.NewID()
	} else if res.testCases[t.ID] != nil {
		return nil, instance.Duplicate("A test case with the ID %s already exists.", t.ID)
	}
	applyTestCase(t, in)
	if err := checkTestCase(t); err != nil {
		return nil, err
	}
	if err := checkTestCaseName(res, "", t.Name); err != nil {
		return nil, err
	}
	t.ARN = sc.ARN("instance/" + st.ID + "/test-case/" + t.ID)
	err = s.core.CommitData(st, func(tx storage.Tx) error {
		return instance.PutJSON(tx, bucketTestCases, instance.ChildKey(st.ID, t.ID), t)
	},
		func() { res.testCases[t.ID] = t })
	if err != nil {
		return nil, err
	}
	out := *t
	return &out, nil
}

func (s *TestCases) testCaseOf(sc instance.Scope, st *instance.State, idOrARN string) (*TestCase, error) {
	id, ok := instance.ResolveID(sc, st.ID, "test-case", idOrARN)
	if t := of(st).testCases[id]; ok && t != nil {
		return t, nil
	}
	return nil, instance.NotFound("Test case not found: %s", idOrARN)
}

// DescribeTestCase returns one test case.
func (s *TestCases) DescribeTestCase(sc instance.Scope, instanceID, testCaseID string) (*TestCase, error) {
	st, unlock, err := s.readInstance(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer unlock()
	t, err := s.testCaseOf(sc, st, testCaseID)
	if err != nil {
		return nil, err
	}
	out := *t
	out.Tags = instance.CloneTags(t.Tags)
	return &out, nil
}

// UpdateTestCase changes the members that are set.
func (s *TestCases) UpdateTestCase(sc instance.Scope, instanceID, testCaseID string, in TestCaseInput) error {
	st, unlock, err := s.writeInstance(sc, instanceID)
	if err != nil {
		return err
	}
	defer unlock()
	t, err := s.testCaseOf(sc, st, testCaseID)
	if err != nil {
		return err
	}
	n := *t
	applyTestCase(&n, in)
	if err := checkTestCase(&n); err != nil {
		return err
	}
	if err := checkTestCaseName(of(st), n.ID, n.Name); err != nil {
		return err
	}
	n.Modified = s.core.Modified(sc)
	return s.core.CommitData(st, func(tx storage.Tx) error {
		return instance.PutJSON(tx, bucketTestCases, instance.ChildKey(st.ID, n.ID), &n)
	},
		func() { of(st).testCases[n.ID] = &n })
}

// DeleteTestCase deletes a test case and its executions (a running one
// finishes unrecorded).
func (s *TestCases) DeleteTestCase(sc instance.Scope, instanceID, testCaseID string) error {
	st, unlock, err := s.writeInstance(sc, instanceID)
	if err != nil {
		return err
	}
	defer unlock()
	t, err := s.testCaseOf(sc, st, testCaseID)
	if err != nil {
		return err
	}
	res := of(st)
	var execs []string
	for id, e := range res.executions {
		if e.TestCaseID == t.ID {
			execs = append(execs, id)
		}
	}
	return s.core.CommitData(st, func(tx storage.Tx) error {
		for _, id := range execs {
			if err := tx.Delete(bucketExecutions, instance.ChildKey(st.ID, id)); err != nil {
				return err
			}
		}
		return tx.Delete(bucketTestCases, instance.ChildKey(st.ID, t.ID))
	}, func() {
		delete(res.testCases, t.ID)
		for _, id := range execs {
			res.executions[id].stop = true
			delete(res.executions, id)
		}
	})
}

// ListTestCases pages through an instance's test cases.
func (s *TestCases) ListTestCases(sc instance.Scope, instanceID string, req instance.PageRequest) (instance.Page[TestCase], error) {
	st, unlock, err := s.readInstance(sc, instanceID)
	if err != nil {
		return instance.Page[TestCase]{}, err
	}
	defer unlock()
	req.Binding = "ListTestCases|" + st.ID
	return instance.Paginate(s.core, instance.Values(of(st).testCases), func(t TestCase) string { return t.ID }, req)
}

// TestCaseExecutionFilter narrows ListTestCaseExecutions.
type TestCaseExecutionFilter struct {
	TestCaseID, TestCaseName, Status string
	// Since and Until bound the start time (zero: unbounded).
	Since, Until time.Time
}

// ListTestCaseExecutions pages through executions, oldest first.
func (s *TestCases) ListTestCaseExecutions(sc instance.Scope, instanceID string, f TestCaseExecutionFilter, req instance.PageRequest) (instance.Page[TestCaseExecution], error) {
	st, unlock, err := s.readInstance(sc, instanceID)
	if err != nil {
		return instance.Page[TestCaseExecution]{}, err
	}
	defer unlock()
	if f.TestCaseID != "" {
		id, _ := instance.ResolveID(sc, st.ID, "test-case", f.TestCaseID)
		f.TestCaseID = id
	}
	var all []TestCaseExecution
	for _, e := range of(st).executions {
		switch {
		case f.TestCaseID != "" && e.TestCaseID != f.TestCaseID,
			f.TestCaseName != "" && e.TestCaseName != f.TestCaseName,
			f.Status != "" && e.Status != f.Status,
			!f.Since.IsZero() && e.StartTime.Before(f.Since),
			!f.Until.IsZero() && e.StartTime.After(f.Until):
			continue
		}
		c := *e
		c.Records = nil
		all = append(all, c)
	}
	sort.Slice(all, func(i, j int) bool {
		if !all[i].StartTime.Equal(all[j].StartTime) {
			return all[i].StartTime.Before(all[j].StartTime)
		}
		return all[i].ID < all[j].ID
	})
	req.Binding = "ListTestCaseExecutions|" + st.ID + "|" + f.TestCaseID + "|" + f.TestCaseName + "|" + f.Status
	return instance.Paginate(s.core, all, func(e TestCaseExecution) string { return e.StartTime.Format(time.RFC3339Nano) + "|" + e.ID }, req)
}

func (s *TestCases) executionOf(sc instance.Scope, st *instance.State, testCaseID, executionID string) (*TestCaseExecution, error) {
	t, err := s.testCaseOf(sc, st, testCaseID)
	if err != nil {
		return nil, err
	}
	e := of(st).executions[executionID]
	if e == nil || e.TestCaseID != t.ID {
		return nil, instance.NotFound("Test case execution not found: %s", executionID)
	}
	return e, nil
}

// GetTestCaseExecution returns an execution with its records.
func (s *TestCases) GetTestCaseExecution(sc instance.Scope, instanceID, testCaseID, executionID string) (*TestCaseExecution, error) {
	st, unlock, err := s.readInstance(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer unlock()
	e, err := s.executionOf(sc, st, testCaseID, executionID)
	if err != nil {
		return nil, err
	}
	out := *e
	out.Records = append([]ExecutionRecord(nil), e.Records...)
	return &out, nil
}

// ListTestCaseExecutionRecords pages through an execution's records, in
// the order of the test's observations, optionally of one status.
func (s *TestCases) ListTestCaseExecutionRecords(sc instance.Scope, instanceID, testCaseID, executionID, status string, req instance.PageRequest) (instance.Page[ExecutionRecord], error) {
	e, err := s.GetTestCaseExecution(sc, instanceID, testCaseID, executionID)
	if err != nil {
		return instance.Page[ExecutionRecord]{}, err
	}
	var recs []indexedRecord
	for i, r := range e.Records {
		if status == "" || r.Status == status {
			recs = append(recs, indexedRecord{i, r})
		}
	}
	req.Binding = "ListTestCaseExecutionRecords|" + e.ID + "|" + status
	p, err := instance.Paginate(s.core, recs, func(r indexedRecord) string { return fmt.Sprintf("%010d", r.n) }, req)
	out := instance.Page[ExecutionRecord]{NextToken: p.NextToken, Total: p.Total}
	for _, r := range p.Items {
		out.Items = append(out.Items, r.ExecutionRecord)
	}
	return out, err
}

type indexedRecord struct {
	n int
	ExecutionRecord
}

// StopTestCaseExecution stops a running execution: it ends STOPPED with
// the observations not yet made STOPPED. A finished one cannot be
// stopped (InvalidRequestException).
func (s *TestCases) StopTestCaseExecution(sc instance.Scope, instanceID, testCaseID, executionID string) error {
	st, unlock, err := s.writeInstance(sc, instanceID)
	if err != nil {
		return err
	}
	defer unlock()
	e, err := s.executionOf(sc, st, testCaseID, executionID)
	if err != nil {
		return err
	}
	if e.Status != ExecInitiated && e.Status != ExecInProgress {
		return instance.InvalidRequest("Test case execution %s is already %s.", e.ID, e.Status)
	}
	e.stop = true
	return nil
}

func loadExecution(st *instance.State, e *TestCaseExecution) {
	if e.Status == ExecInitiated || e.Status == ExecInProgress {
		e.Status = ExecStopped
		e.EndTime = e.StartTime
	}
	of(st).executions[e.ID] = e
}

// SchemaTestCases is what SearchTestCases may name; StatusCondition reads status.
var SchemaTestCases = resourcesearch.Schema{Resource: "test cases", Fields: []string{"name", "description", "resourceID"}}

// SearchTestCasesIn searches an instance's test cases.
func (s *TestCases) SearchTestCasesIn(sc instance.Scope, instanceID string, q resourcesearch.Query, req instance.PageRequest) (instance.Page[TestCase], error) {
	return instance.SearchRecords(s.core, sc, instanceID, "SearchTestCases", q, req, func(st *instance.State) []TestCase { return instance.Values(of(st).testCases) },
		func(_ *instance.State, r TestCase) instance.Searchable {
			return instance.Searchable{FieldMap: map[string]string{"name": r.Name, "description": r.Description, "resourceID": r.ID, "status": r.Status}, TagMap: r.Tags}
		}, func(r TestCase) string { return r.ID })
}
