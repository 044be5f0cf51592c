package handler

import (
	"context"

	"github.com/connect-local/connect-local/internal/api"
	"github.com/connect-local/connect-local/internal/service"
)

func (h *Handler) agentStatusRoutes(o *api.Operations) {
	o.CreateAgentStatus = op(h.CreateAgentStatus)
	o.DescribeAgentStatus = op(h.DescribeAgentStatus)
	o.ListAgentStatuses = op(h.ListAgentStatuses)
	o.UpdateAgentStatus = op0(h.UpdateAgentStatus)
}

func (h *Handler) CreateAgentStatus(_ context.Context, sc service.Scope, in *api.CreateAgentStatusRequest) (*api.CreateAgentStatusResponse, error) {
	a, err := h.svc.CreateAgentStatus(sc, *in.InstanceId, service.AgentStatusInput{
		Name: in.Name, Description: in.Description, State: in.State, DisplayOrder: in.DisplayOrder, Tags: in.Tags,
	})
	if err != nil {
		return nil, err
	}
	return &api.CreateAgentStatusResponse{AgentStatusId: &a.ID, AgentStatusARN: &a.ARN}, nil
}

func (h *Handler) DescribeAgentStatus(_ context.Context, sc service.Scope, in *api.DescribeAgentStatusRequest) (*api.DescribeAgentStatusResponse, error) {
	a, err := h.svc.DescribeAgentStatus(sc, *in.InstanceId, *in.AgentStatusId)
	if err != nil {
		return nil, err
	}
	return &api.DescribeAgentStatusResponse{AgentStatus: &api.AgentStatus{
		AgentStatusId: &a.ID, AgentStatusARN: &a.ARN, Name: &a.Name, Description: strp(a.Description),
		Type_: &a.Type, State: &a.State, DisplayOrder: a.DisplayOrder, Tags: a.Tags,
		LastModifiedTime: api.NewTime(a.LastModifiedTime), LastModifiedRegion: &a.LastModifiedRegion,
	}}, nil
}

func (h *Handler) ListAgentStatuses(_ context.Context, sc service.Scope, in *api.ListAgentStatusRequest) (*api.ListAgentStatusResponse, error) {
	page, err := h.svc.ListAgentStatuses(sc, *in.InstanceId, in.AgentStatusTypes, pageReq(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &api.ListAgentStatusResponse{AgentStatusSummaryList: []*api.AgentStatusSummary{}, NextToken: nextToken(page.NextToken)}
	for _, a := range page.Items {
		out.AgentStatusSummaryList = append(out.AgentStatusSummaryList, &api.AgentStatusSummary{
			Id: api.Ptr(a.ID), Arn: api.Ptr(a.ARN), Name: api.Ptr(a.Name), Type_: api.Ptr(a.Type),
			LastModifiedTime: api.NewTime(a.LastModifiedTime), LastModifiedRegion: api.Ptr(a.LastModifiedRegion),
		})
	}
	return out, nil
}

func (h *Handler) UpdateAgentStatus(_ context.Context, sc service.Scope, in *api.UpdateAgentStatusRequest) error {
	return h.svc.UpdateAgentStatus(sc, *in.InstanceId, *in.AgentStatusId, service.AgentStatusInput{
		Name: in.Name, Description: in.Description, State: in.State, DisplayOrder: in.DisplayOrder,
		ResetOrderNumber: api.Val(in.ResetOrderNumber),
	})
}
