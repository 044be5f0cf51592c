package handler

import (
	"context"
	"time"

	"github.com/connect-local/connect-local/internal/api"
	"github.com/connect-local/connect-local/internal/resourcesearch"
	"github.com/connect-local/connect-local/internal/service"
)

// testCaseRoutes: test cases and their executions (docs/testing.md).
func (h *Handler) testCaseRoutes(o *api.Operations) {
	o.CreateTestCase = op(h.CreateTestCase)
	o.DescribeTestCase = op(h.DescribeTestCase)
	o.UpdateTestCase = op(h.UpdateTestCase)
	o.DeleteTestCase = op(h.DeleteTestCase)
	o.ListTestCases = op(h.ListTestCases)
	o.SearchTestCases = op(h.SearchTestCases)
	o.StartTestCaseExecution = op(h.StartTestCaseExecution)
	o.StopTestCaseExecution = op(h.StopTestCaseExecution)
	o.ListTestCaseExecutions = op(h.ListTestCaseExecutions)
	o.GetTestCaseExecutionSummary = op(h.GetTestCaseExecutionSummary)
	o.ListTestCaseExecutionRecords = op(h.ListTestCaseExecutionRecords)
}

func entryPointIn(e *api.TestCaseEntryPoint) *service.TestCaseEntryPoint {
	if e == nil {
		return nil
	}
	out := &service.TestCaseEntryPoint{Type: api.Val(e.Type_)}
	if v := e.VoiceCallEntryPointParameters; v != nil {
		out.FlowID, out.Source, out.Destination = api.Val(v.FlowId), api.Val(v.SourcePhoneNumber), api.Val(v.DestinationPhoneNumber)
		if out.Type == "" {
			out.Type = "VOICE_CALL"
		}
	}
	if c := e.ChatEntryPointParameters; c != nil {
		out.FlowID = api.Val(c.FlowId)
		if out.Type == "" {
			out.Type = "CHAT"
		}
	}
	return out
}

func entryPointOut(e service.TestCaseEntryPoint) *api.TestCaseEntryPoint {
	if e.Type == "" && e.FlowID == "" {
		return nil
	}
	out := &api.TestCaseEntryPoint{Type_: strp(e.Type)}
	if e.Type == "CHAT" {
		out.ChatEntryPointParameters = &api.ChatEntryPointParameters{FlowId: strp(e.FlowID)}
	} else {
		out.VoiceCallEntryPointParameters = &api.VoiceCallEntryPointParameters{FlowId: strp(e.FlowID),
			SourcePhoneNumber: strp(e.Source), DestinationPhoneNumber: strp(e.Destination)}
	}
	return out
}

func testCaseOut(t *service.TestCase) *api.TestCase {
	return &api.TestCase{Id: api.Ptr(t.ID), Arn: api.Ptr(t.ARN), Name: api.Ptr(t.Name), Description: strp(t.Description),
		Content: api.Ptr(t.Content), InitializationData: strp(t.InitializationData), Status: api.Ptr(t.Status),
		EntryPoint: entryPointOut(t.EntryPoint), Tags: t.Tags, TestCaseSha256: api.Ptr(t.Sha256()),
		LastModifiedTime: api.NewTime(t.LastModifiedTime), LastModifiedRegion: api.Ptr(t.LastModifiedRegion)}
}

func (h *Handler) CreateTestCase(_ context.Context, sc service.Scope, in *api.CreateTestCaseRequest) (*api.CreateTestCaseResponse, error) {
	t, err := h.svc.CreateTestCase(sc, *in.InstanceId, service.TestCaseInput{
		ID: api.Val(in.TestCaseId), Name: in.Name, Description: in.Description, Content: in.Content,
		InitializationData: in.InitializationData, Status: in.Status, EntryPoint: entryPointIn(in.EntryPoint), Tags: in.Tags,
	})
	if err != nil {
		return nil, err
	}
	return &api.CreateTestCaseResponse{TestCaseId: &t.ID, TestCaseArn: &t.ARN}, nil
}

func (h *Handler) DescribeTestCase(_ context.Context, sc service.Scope, in *api.DescribeTestCaseRequest) (*api.DescribeTestCaseResponse, error) {
	t, err := h.svc.DescribeTestCase(sc, *in.InstanceId, *in.TestCaseId)
	if err != nil {
		return nil, err
	}
	return &api.DescribeTestCaseResponse{TestCase: testCaseOut(t)}, nil
}

func (h *Handler) UpdateTestCase(_ context.Context, sc service.Scope, in *api.UpdateTestCaseRequest) (*api.UpdateTestCaseResponse, error) {
	err := h.svc.UpdateTestCase(sc, *in.InstanceId, *in.TestCaseId, service.TestCaseInput{
		Name: in.Name, Description: in.Description, Content: in.Content, InitializationData: in.InitializationData,
		Status: in.Status, EntryPoint: entryPointIn(in.EntryPoint),
	})
	if err != nil {
		return nil, err
	}
	return &api.UpdateTestCaseResponse{}, nil
}

func (h *Handler) DeleteTestCase(_ context.Context, sc service.Scope, in *api.DeleteTestCaseRequest) (*api.DeleteTestCaseResponse, error) {
	if err := h.svc.DeleteTestCase(sc, *in.InstanceId, *in.TestCaseId); err != nil {
		return nil, err
	}
	return &api.DeleteTestCaseResponse{}, nil
}

func (h *Handler) ListTestCases(_ context.Context, sc service.Scope, in *api.ListTestCasesRequest) (*api.ListTestCasesResponse, error) {
	page, err := h.svc.ListTestCases(sc, *in.InstanceId, pageReq(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &api.ListTestCasesResponse{TestCaseSummaryList: []*api.TestCaseSummary{}, NextToken: nextToken(page.NextToken)}
	for _, t := range page.Items {
		out.TestCaseSummaryList = append(out.TestCaseSummaryList, &api.TestCaseSummary{Id: api.Ptr(t.ID), Arn: api.Ptr(t.ARN),
			Name: api.Ptr(t.Name), Status: api.Ptr(t.Status), LastModifiedTime: api.NewTime(t.LastModifiedTime), LastModifiedRegion: api.Ptr(t.LastModifiedRegion)})
	}
	return out, nil
}

func (h *Handler) SearchTestCases(_ context.Context, sc service.Scope, in *api.SearchTestCasesRequest) (*api.SearchTestCasesResponse, error) {
	c := criteria(in.SearchCriteria, func(c *api.TestCaseSearchCriteria) node[api.TestCaseSearchCriteria] {
		return node[api.TestCaseSearchCriteria]{and: c.AndConditions, or: c.OrConditions, str: c.StringCondition, eq: equals("status", c.StatusCondition)}
	})
	var f resourcesearch.TagFilter
	if in.SearchFilter != nil {
		f = tagFilter(in.SearchFilter.TagFilter)
	}
	q, req, err := compile(service.SchemaTestCases, c, f, in.SearchCriteria, in.SearchFilter, in.MaxResults, in.NextToken)
	if err != nil {
		return nil, err
	}
	page, err := h.svc.SearchTestCasesIn(sc, *in.InstanceId, q, req)
	if err != nil {
		return nil, err
	}
	out := &api.SearchTestCasesResponse{TestCases: []*api.TestCase{}, ApproximateTotalCount: total(page.Total), NextToken: nextToken(page.NextToken)}
	for i := range page.Items {
		out.TestCases = append(out.TestCases, testCaseOut(&page.Items[i]))
	}
	return out, nil
}

func (h *Handler) StartTestCaseExecution(_ context.Context, sc service.Scope, in *api.StartTestCaseExecutionRequest) (*api.StartTestCaseExecutionResponse, error) {
	e, err := h.svc.StartTestCaseExecution(sc, *in.InstanceId, *in.TestCaseId, api.Val(in.ClientToken))
	if err != nil {
		return nil, err
	}
	return &api.StartTestCaseExecutionResponse{TestCaseExecutionId: &e.ID, TestCaseId: &e.TestCaseID, Status: &e.Status}, nil
}

func (h *Handler) StopTestCaseExecution(_ context.Context, sc service.Scope, in *api.StopTestCaseExecutionRequest) (*api.StopTestCaseExecutionResponse, error) {
	if err := h.svc.StopTestCaseExecution(sc, *in.InstanceId, *in.TestCaseId, *in.TestCaseExecutionId); err != nil {
		return nil, err
	}
	return &api.StopTestCaseExecutionResponse{}, nil
}

func millis(v *int64) time.Time {
	if v == nil {
		return time.Time{}
	}
	return time.UnixMilli(*v).UTC()
}

func (h *Handler) ListTestCaseExecutions(_ context.Context, sc service.Scope, in *api.ListTestCaseExecutionsRequest) (*api.ListTestCaseExecutionsResponse, error) {
	page, err := h.svc.ListTestCaseExecutions(sc, *in.InstanceId, service.TestCaseExecutionFilter{
		TestCaseID: api.Val(in.TestCaseId), TestCaseName: api.Val(in.TestCaseName), Status: api.Val(in.Status),
		Since: millis(in.StartTime), Until: millis(in.EndTime),
	}, pageReq(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &api.ListTestCaseExecutionsResponse{TestCaseExecutions: []*api.TestCaseExecution{}, NextToken: nextToken(page.NextToken)}
	for _, e := range page.Items {
		out.TestCaseExecutions = append(out.TestCaseExecutions, &api.TestCaseExecution{TestCaseExecutionId: api.Ptr(e.ID),
			TestCaseId: api.Ptr(e.TestCaseID), TestCaseExecutionStatus: api.Ptr(e.Status), StartTime: api.NewTime(e.StartTime),
			EndTime: api.NewTime(e.EndTime), Tags: e.Tags})
	}
	return out, nil
}

func (h *Handler) GetTestCaseExecutionSummary(_ context.Context, sc service.Scope, in *api.GetTestCaseExecutionSummaryRequest) (*api.GetTestCaseExecutionSummaryResponse, error) {
	e, err := h.svc.GetTestCaseExecution(sc, *in.InstanceId, *in.TestCaseId, *in.TestCaseExecutionId)
	if err != nil {
		return nil, err
	}
	return &api.GetTestCaseExecutionSummaryResponse{Status: api.Ptr(e.Status), StartTime: api.NewTime(e.StartTime), EndTime: api.NewTime(e.EndTime),
		ObservationSummary: &api.ObservationSummary{TotalObservations: api.Ptr(int64(e.Total)),
			ObservationsPassed: api.Ptr(int64(e.Passed)), ObservationsFailed: api.Ptr(int64(e.Failed))}}, nil
}

func (h *Handler) ListTestCaseExecutionRecords(_ context.Context, sc service.Scope, in *api.ListTestCaseExecutionRecordsRequest) (*api.ListTestCaseExecutionRecordsResponse, error) {
	page, err := h.svc.ListTestCaseExecutionRecords(sc, *in.InstanceId, *in.TestCaseId, *in.TestCaseExecutionId, api.Val(in.Status), pageReq(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &api.ListTestCaseExecutionRecordsResponse{ExecutionRecords: []*api.ExecutionRecord{}, NextToken: nextToken(page.NextToken)}
	for _, r := range page.Items {
		out.ExecutionRecords = append(out.ExecutionRecords, &api.ExecutionRecord{ObservationId: api.Ptr(r.ObservationID),
			Status: api.Ptr(r.Status), Record: api.Ptr(r.Record), Timestamp: api.NewTime(r.Time)})
	}
	return out, nil
}
