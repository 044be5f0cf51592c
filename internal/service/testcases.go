package service

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"github.com/connect-local/connect-local/internal/instance"
	"sort"
	"strings"
	"time"

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
	Modified
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
		return invalidParam("Status %s is not PUBLISHED or SAVED.", t.Status)
	}
	if strings.TrimSpace(t.Name) == "" {
		return invalidParam("Name must not be empty.")
	}
	switch t.EntryPoint.Type {
	case "", "VOICE_CALL", "CHAT":
	default:
		return invalidParam("EntryPoint Type %s is not VOICE_CALL or CHAT.", t.EntryPoint.Type)
	}
	if t.Status == TestCaseSaved {
		return nil
	}
	if _, err := testcase.Parse(t.Content); err != nil {
		var ie *testcase.InvalidError
		if errors.As(err, &ie) {
			return invalidTestCase(ie.Problems)
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

func checkTestCaseName(res *flowResources, selfID, name string) error {
	for _, t := range res.testCases {
		if t.ID != selfID && strings.EqualFold(t.Name, name) {
			return duplicate("A test case named %s already exists.", name)
		}
	}
	return nil
}

// CreateTestCase stores a test case, PUBLISHED unless Status says SAVED.
func (s *Service) CreateTestCase(sc Scope, instanceID string, in TestCaseInput) (*TestCase, error) {
	st, unlock, err := s.writeInstance(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer unlock()
	res := st.flowRes()
	t := &TestCase{ID: in.ID, Status: TestCasePublished, Tags: cloneTags(in.Tags), Modified: s.modified(sc)}
	if t.ID == "" {
		t.ID = s.newID()
	} else if res.testCases[t.ID] != nil {
		return nil, duplicate("A test case with the ID %s already exists.", t.ID)
	}
	applyTestCase(t, in)
	if err := checkTestCase(t); err != nil {
		return nil, err
	}
	if err := checkTestCaseName(res, "", t.Name); err != nil {
		return nil, err
	}
	t.ARN = sc.ARN("instance/" + st.ID + "/test-case/" + t.ID)
	err = s.commitData(st, func(tx storage.Tx) error { return putJSON(tx, bucketTestCases, childKey(st.ID, t.ID), t) },
		func() { res.testCases[t.ID] = t })
	if err != nil {
		return nil, err
	}
	out := *t
	return &out, nil
}

func (s *Service) testCaseOf(sc Scope, st *instanceState, idOrARN string) (*TestCase, error) {
	id, ok := resolveID(sc, st.ID, "test-case", idOrARN)
	if t := st.flowRes().testCases[id]; ok && t != nil {
		return t, nil
	}
	return nil, notFound("Test case not found: %s", idOrARN)
}

// DescribeTestCase returns one test case.
func (s *Service) DescribeTestCase(sc Scope, instanceID, testCaseID string) (*TestCase, error) {
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
	out.Tags = cloneTags(t.Tags)
	return &out, nil
}

// UpdateTestCase changes the members that are set.
func (s *Service) UpdateTestCase(sc Scope, instanceID, testCaseID string, in TestCaseInput) error {
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
	if err := checkTestCaseName(st.flowRes(), n.ID, n.Name); err != nil {
		return err
	}
	n.Modified = s.modified(sc)
	return s.commitData(st, func(tx storage.Tx) error { return putJSON(tx, bucketTestCases, childKey(st.ID, n.ID), &n) },
		func() { st.flowRes().testCases[n.ID] = &n })
}

// DeleteTestCase deletes a test case and its executions (a running one
// finishes unrecorded).
func (s *Service) DeleteTestCase(sc Scope, instanceID, testCaseID string) error {
	st, unlock, err := s.writeInstance(sc, instanceID)
	if err != nil {
		return err
	}
	defer unlock()
	t, err := s.testCaseOf(sc, st, testCaseID)
	if err != nil {
		return err
	}
	res := st.flowRes()
	var execs []string
	for id, e := range res.executions {
		if e.TestCaseID == t.ID {
			execs = append(execs, id)
		}
	}
	return s.commitData(st, func(tx storage.Tx) error {
		for _, id := range execs {
			if err := tx.Delete(bucketExecutions, childKey(st.ID, id)); err != nil {
				return err
			}
		}
		return tx.Delete(bucketTestCases, childKey(st.ID, t.ID))
	}, func() {
		delete(res.testCases, t.ID)
		for _, id := range execs {
			res.executions[id].stop = true
			delete(res.executions, id)
		}
	})
}

// ListTestCases pages through an instance's test cases.
func (s *Service) ListTestCases(sc Scope, instanceID string, req PageRequest) (Page[TestCase], error) {
	st, unlock, err := s.readInstance(sc, instanceID)
	if err != nil {
		return Page[TestCase]{}, err
	}
	defer unlock()
	req.Binding = "ListTestCases|" + st.ID
	return paginate(s, values(st.flowRes().testCases), func(t TestCase) string { return t.ID }, req)
}

// TestCaseExecutionFilter narrows ListTestCaseExecutions.
type TestCaseExecutionFilter struct {
	TestCaseID, TestCaseName, Status string
	// Since and Until bound the start time (zero: unbounded).
	Since, Until time.Time
}

// ListTestCaseExecutions pages through executions, oldest first.
func (s *Service) ListTestCaseExecutions(sc Scope, instanceID string, f TestCaseExecutionFilter, req PageRequest) (Page[TestCaseExecution], error) {
	st, unlock, err := s.readInstance(sc, instanceID)
	if err != nil {
		return Page[TestCaseExecution]{}, err
	}
	defer unlock()
	if f.TestCaseID != "" {
		id, _ := resolveID(sc, st.ID, "test-case", f.TestCaseID)
		f.TestCaseID = id
	}
	var all []TestCaseExecution
	for _, e := range st.flowRes().executions {
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
	return paginate(s, all, func(e TestCaseExecution) string { return e.StartTime.Format(time.RFC3339Nano) + "|" + e.ID }, req)
}

func (s *Service) executionOf(sc Scope, st *instanceState, testCaseID, executionID string) (*TestCaseExecution, error) {
	t, err := s.testCaseOf(sc, st, testCaseID)
	if err != nil {
		return nil, err
	}
	e := st.flowRes().executions[executionID]
	if e == nil || e.TestCaseID != t.ID {
		return nil, notFound("Test case execution not found: %s", executionID)
	}
	return e, nil
}

// GetTestCaseExecution returns an execution with its records.
func (s *Service) GetTestCaseExecution(sc Scope, instanceID, testCaseID, executionID string) (*TestCaseExecution, error) {
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
func (s *Service) ListTestCaseExecutionRecords(sc Scope, instanceID, testCaseID, executionID, status string, req PageRequest) (Page[ExecutionRecord], error) {
	e, err := s.GetTestCaseExecution(sc, instanceID, testCaseID, executionID)
	if err != nil {
		return Page[ExecutionRecord]{}, err
	}
	var recs []indexedRecord
	for i, r := range e.Records {
		if status == "" || r.Status == status {
			recs = append(recs, indexedRecord{i, r})
		}
	}
	req.Binding = "ListTestCaseExecutionRecords|" + e.ID + "|" + status
	p, err := paginate(s, recs, func(r indexedRecord) string { return fmt.Sprintf("%010d", r.n) }, req)
	out := Page[ExecutionRecord]{NextToken: p.NextToken, Total: p.Total}
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
func (s *Service) StopTestCaseExecution(sc Scope, instanceID, testCaseID, executionID string) error {
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
		return invalidRequest("Test case execution %s is already %s.", e.ID, e.Status)
	}
	e.stop = true
	return nil
}

func loadExecution(st *instanceState, e *TestCaseExecution) {
	if e.Status == ExecInitiated || e.Status == ExecInProgress {
		e.Status = ExecStopped
		e.EndTime = e.StartTime
	}
	st.flowRes().executions[e.ID] = e
}

func init() {
	instance.RegisterTagKind("test-case", childKind(bucketTestCases, func(st *instanceState) map[string]*TestCase { return st.flowRes().testCases },
		func(r *TestCase) (*string, *map[string]string) { return &r.ARN, &r.Tags }))
}

// SchemaTestCases is what SearchTestCases may name; StatusCondition reads status.
var SchemaTestCases = resourcesearch.Schema{Resource: "test cases", Fields: []string{"name", "description", "resourceID"}}

// SearchTestCasesIn searches an instance's test cases.
func (s *Service) SearchTestCasesIn(sc Scope, instanceID string, q resourcesearch.Query, req PageRequest) (Page[TestCase], error) {
	return searchRecords(s, sc, instanceID, "SearchTestCases", q, req, func(st *instanceState) []TestCase { return values(st.flowRes().testCases) },
		func(_ *instanceState, r TestCase) searchable {
			return searchable{fields: map[string]string{"name": r.Name, "description": r.Description, "resourceID": r.ID, "status": r.Status}, tags: r.Tags}
		}, func(r TestCase) string { return r.ID })
}
