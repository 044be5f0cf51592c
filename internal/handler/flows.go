package handler

import (
	"context"

	"github.com/connect-local/connect-local/internal/api"
	"github.com/connect-local/connect-local/internal/service"
	"github.com/connect-local/connect-local/internal/wire"
)

func (h *Handler) flowRoutes(r map[string]wire.Handler) {
	r["CreateContactFlow"] = op(h.CreateContactFlow)
	r["DescribeContactFlow"] = op(h.DescribeContactFlow)
	r["ListContactFlows"] = op(h.ListContactFlows)
	r["UpdateContactFlowContent"] = op0(h.UpdateContactFlowContent)
	r["UpdateContactFlowName"] = op0(h.UpdateContactFlowName)
	r["UpdateContactFlowMetadata"] = op0(h.UpdateContactFlowMetadata)
	r["DeleteContactFlow"] = op0(h.DeleteContactFlow)
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

func (h *Handler) UpdateContactFlowContent(_ context.Context, sc service.Scope, in *api.UpdateContactFlowContentRequest) error {
	return h.svc.UpdateContactFlowContent(sc, *in.InstanceId, *in.ContactFlowId, *in.Content)
}

func (h *Handler) UpdateContactFlowName(_ context.Context, sc service.Scope, in *api.UpdateContactFlowNameRequest) error {
	return h.svc.UpdateContactFlowName(sc, *in.InstanceId, *in.ContactFlowId, in.Name, in.Description)
}

func (h *Handler) UpdateContactFlowMetadata(_ context.Context, sc service.Scope, in *api.UpdateContactFlowMetadataRequest) error {
	return h.svc.UpdateContactFlowMetadata(sc, *in.InstanceId, *in.ContactFlowId, in.Name, in.Description, in.ContactFlowState)
}

func (h *Handler) DeleteContactFlow(_ context.Context, sc service.Scope, in *api.DeleteContactFlowRequest) error {
	return h.svc.DeleteContactFlow(sc, *in.InstanceId, *in.ContactFlowId)
}
