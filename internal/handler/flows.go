package handler

import (
	"context"

	"github.com/connect-local/connect-local/internal/api"
	"github.com/connect-local/connect-local/internal/service"
)

func (h *Handler) flowRoutes(o *api.Operations) {
	o.CreateContactFlow = op(h.CreateContactFlow)
	o.DescribeContactFlow = op(h.DescribeContactFlow)
	o.ListContactFlows = op(h.ListContactFlows)
	o.UpdateContactFlowContent = op(h.UpdateContactFlowContent)
	o.UpdateContactFlowName = op(h.UpdateContactFlowName)
	o.UpdateContactFlowMetadata = op(h.UpdateContactFlowMetadata)
	o.DeleteContactFlow = op(h.DeleteContactFlow)
}

func (h *Handler) CreateContactFlow(_ context.Context, sc service.Scope, in *api.CreateContactFlowRequest) (*api.CreateContactFlowResponse, error) {
	f, err := h.svc.CreateContactFlow(sc, *in.InstanceId, service.ContactFlowInput{
		Name: *in.Name, Type: *in.Type_, Description: api.Val(in.Description), Content: *in.Content,
		Status: api.Val(in.Status), Tags: in.Tags,
	})
	if err != nil {
		return nil, err
	}
	return &api.CreateContactFlowResponse{ContactFlowId: &f.ID, ContactFlowArn: &f.ARN, FlowContentSha256: api.Ptr(f.ContentSHA256())}, nil
}

func (h *Handler) DescribeContactFlow(_ context.Context, sc service.Scope, in *api.DescribeContactFlowRequest) (*api.DescribeContactFlowResponse, error) {
	f, err := h.svc.DescribeContactFlow(sc, *in.InstanceId, *in.ContactFlowId)
	if err != nil {
		return nil, err
	}
	return &api.DescribeContactFlowResponse{ContactFlow: &api.ContactFlow{
		Arn: &f.ARN, Id: &f.ID, Name: &f.Name, Type_: &f.Type, State: &f.State, Status: &f.Status,
		Description: strp(f.Description), Content: &f.Content, FlowContentSha256: api.Ptr(f.ContentSHA256()), Tags: f.Tags,
		LastModifiedTime: api.NewTime(f.LastModifiedTime), LastModifiedRegion: &f.LastModifiedRegion,
	}}, nil
}

func (h *Handler) ListContactFlows(_ context.Context, sc service.Scope, in *api.ListContactFlowsRequest) (*api.ListContactFlowsResponse, error) {
	page, err := h.svc.ListContactFlows(sc, *in.InstanceId, in.ContactFlowTypes, pageReq(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &api.ListContactFlowsResponse{ContactFlowSummaryList: []*api.ContactFlowSummary{}, NextToken: nextToken(page.NextToken)}
	for _, f := range page.Items {
		out.ContactFlowSummaryList = append(out.ContactFlowSummaryList, &api.ContactFlowSummary{
			Id: api.Ptr(f.ID), Arn: api.Ptr(f.ARN), Name: api.Ptr(f.Name), ContactFlowType: api.Ptr(f.Type),
			ContactFlowState: api.Ptr(f.State), ContactFlowStatus: api.Ptr(f.Status),
		})
	}
	return out, nil
}

func (h *Handler) UpdateContactFlowContent(_ context.Context, sc service.Scope, in *api.UpdateContactFlowContentRequest) (*api.UpdateContactFlowContentResponse, error) {
	if err := h.svc.UpdateContactFlowContent(sc, *in.InstanceId, *in.ContactFlowId, *in.Content); err != nil {
		return nil, err
	}
	return &api.UpdateContactFlowContentResponse{}, nil
}

func (h *Handler) UpdateContactFlowName(_ context.Context, sc service.Scope, in *api.UpdateContactFlowNameRequest) (*api.UpdateContactFlowNameResponse, error) {
	if err := h.svc.UpdateContactFlowName(sc, *in.InstanceId, *in.ContactFlowId, in.Name, in.Description); err != nil {
		return nil, err
	}
	return &api.UpdateContactFlowNameResponse{}, nil
}

func (h *Handler) UpdateContactFlowMetadata(_ context.Context, sc service.Scope, in *api.UpdateContactFlowMetadataRequest) (*api.UpdateContactFlowMetadataResponse, error) {
	if err := h.svc.UpdateContactFlowMetadata(sc, *in.InstanceId, *in.ContactFlowId, in.Name, in.Description, in.ContactFlowState); err != nil {
		return nil, err
	}
	return &api.UpdateContactFlowMetadataResponse{}, nil
}

func (h *Handler) DeleteContactFlow(_ context.Context, sc service.Scope, in *api.DeleteContactFlowRequest) (*api.DeleteContactFlowResponse, error) {
	if err := h.svc.DeleteContactFlow(sc, *in.InstanceId, *in.ContactFlowId); err != nil {
		return nil, err
	}
	return &api.DeleteContactFlowResponse{}, nil
}
